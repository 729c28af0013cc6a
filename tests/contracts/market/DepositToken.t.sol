// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {DepositToken} from "../../../contracts/market/DepositToken.sol";
import {IDepositToken} from "../../../contracts/market/IDepositToken.sol";
import {ConsortiumRegistry} from "../../../contracts/registry/ConsortiumRegistry.sol";
import {IConsortiumRegistry} from "../../../contracts/registry/IConsortiumRegistry.sol";
import {TestBase} from "../utils/TestBase.sol";

contract DepositTokenTest is TestBase {
    uint64 internal constant T0 = 1_700_000_000;

    ConsortiumRegistry internal reg;
    DepositToken internal dep;

    address internal admin = address(0xAD);
    address internal officer = address(0x0F);
    address internal issuer = address(0x15);
    address internal treasury = address(0x7E);
    address internal pauser = address(0x9A);
    address internal alice = address(0xA1);
    address internal bob = address(0xB0);
    address internal spender = address(0x5E); // a marketplace: never KYC-verified itself
    address internal stranger = address(0x5A); // never verified

    function setUp() public {
        vm.warp(T0);
        reg = new ConsortiumRegistry(admin);
        vm.startPrank(admin);
        reg.grantRole(reg.KYC_OFFICER_ROLE(), officer);
        reg.grantRole(reg.ISSUER_ROLE(), issuer);
        vm.stopPrank();
        _kyc(alice, T0 + 365 days);
        _kyc(bob, T0 + 30 days);

        dep = new DepositToken("Digital deposit", "DDEP", address(reg), admin);
        vm.startPrank(admin);
        dep.grantRole(dep.TREASURY_ROLE(), treasury);
        dep.grantRole(dep.PAUSER_ROLE(), pauser);
        vm.stopPrank();
        vm.prank(treasury);
        dep.mint(alice, 1_000);
    }

    function _kyc(address who, uint64 until) internal {
        address[] memory a = new address[](1);
        a[0] = who;
        uint64[] memory e = new uint64[](1);
        e[0] = until;
        uint8[] memory t = new uint8[](1);
        t[0] = 1;
        vm.prank(officer);
        reg.approveKyc(a, e, t);
    }

    function _freeze(address who) internal {
        address[] memory a = new address[](1);
        a[0] = who;
        vm.prank(issuer);
        reg.setAccountFreeze(a, IConsortiumRegistry.FreezeAuthority.Issuer, true);
    }

    function _notVerified(address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDepositToken.DepositNotVerified.selector, who);
    }

    function _unauthorized(address who, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, role);
    }

    // --------------------------------------------------------------------------- set-up

    function test_constructor_setsMetadataRegistryAndAdmin() public view {
        assertEq(dep.name(), "Digital deposit");
        assertEq(dep.symbol(), "DDEP");
        assertEq(dep.decimals(), 18);
        assertEq(dep.registry(), address(reg));
        assertTrue(dep.hasRole(dep.DEFAULT_ADMIN_ROLE(), admin));
        assertFalse(dep.paused());
    }

    function test_roleIds_areTheHashesOfTheirNames() public view {
        assertEq(dep.TREASURY_ROLE(), keccak256("TREASURY_ROLE"));
        assertEq(dep.PAUSER_ROLE(), keccak256("PAUSER_ROLE"));
    }

    // ------------------------------------------------------------------------------ mint

    function test_mint_toVerified() public {
        vm.expectEmit(true, true, true, true, address(dep));
        emit IERC20.Transfer(address(0), bob, 250);
        vm.prank(treasury);
        dep.mint(bob, 250);
        assertEq(dep.balanceOf(bob), 250);
        assertEq(dep.totalSupply(), 1_250);
    }

    function test_mint_revertsForUnverifiedRecipient() public {
        vm.expectRevert(_notVerified(stranger));
        vm.prank(treasury);
        dep.mint(stranger, 1);
    }

    function test_mint_revertsForExpiredKyc() public {
        vm.warp(T0 + 30 days); // bob's KYC expires at exactly this second
        vm.expectRevert(_notVerified(bob));
        vm.prank(treasury);
        dep.mint(bob, 1);
    }

    function test_mint_revertsForFrozenAccount() public {
        _freeze(bob);
        vm.expectRevert(_notVerified(bob));
        vm.prank(treasury);
        dep.mint(bob, 1);
    }

    function test_mint_revertsWithoutTreasuryRole() public {
        vm.expectRevert(_unauthorized(alice, dep.TREASURY_ROLE()));
        vm.prank(alice);
        dep.mint(alice, 1);
    }

    // ------------------------------------------------------------------------------ burn

    function test_burn_reducesBalanceAndSupply() public {
        vm.expectEmit(true, true, true, true, address(dep));
        emit IERC20.Transfer(alice, address(0), 400);
        vm.prank(treasury);
        dep.burn(alice, 400);
        assertEq(dep.balanceOf(alice), 600);
        assertEq(dep.totalSupply(), 600);
    }

    function test_burn_worksForAnAccountNoLongerVerified() public {
        _freeze(alice);
        vm.prank(treasury);
        dep.burn(alice, 1_000);
        assertEq(dep.balanceOf(alice), 0);
    }

    function test_burn_revertsAboveBalance() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1_000, 1_001));
        vm.prank(treasury);
        dep.burn(alice, 1_001);
    }

    function test_burn_revertsWithoutTreasuryRole() public {
        vm.expectRevert(_unauthorized(pauser, dep.TREASURY_ROLE()));
        vm.prank(pauser);
        dep.burn(alice, 1);
    }

    // -------------------------------------------------------------------------- transfers

    function test_transfer_betweenVerifiedAccounts() public {
        vm.prank(alice);
        assertTrue(dep.transfer(bob, 300));
        assertEq(dep.balanceOf(alice), 700);
        assertEq(dep.balanceOf(bob), 300);
    }

    function test_transfer_revertsToUnverified() public {
        vm.expectRevert(_notVerified(stranger));
        vm.prank(alice);
        dep.transfer(stranger, 1);
    }

    function test_transfer_revertsFromAccountWhoseKycExpired() public {
        vm.prank(alice);
        dep.transfer(bob, 10);
        vm.warp(T0 + 30 days);
        vm.expectRevert(_notVerified(bob));
        vm.prank(bob);
        dep.transfer(alice, 1);
    }

    function test_transfer_revertsFromFrozenAccount() public {
        _freeze(alice);
        vm.expectRevert(_notVerified(alice));
        vm.prank(alice);
        dep.transfer(bob, 1);
    }

    function test_transfer_namesTheSenderFirstWhenBothAreUnverified() public {
        vm.prank(treasury);
        dep.mint(bob, 10);
        vm.warp(T0 + 30 days); // bob expired; stranger never verified
        vm.expectRevert(_notVerified(bob));
        vm.prank(bob);
        dep.transfer(stranger, 1);
    }

    function test_transferFrom_byUnverifiedSpenderBetweenVerifiedAccounts() public {
        vm.prank(alice);
        dep.approve(spender, 500);
        vm.prank(spender);
        assertTrue(dep.transferFrom(alice, bob, 200));
        assertEq(dep.balanceOf(bob), 200);
        assertEq(dep.allowance(alice, spender), 300);
    }

    function test_transferFrom_revertsToUnverified() public {
        vm.prank(alice);
        dep.approve(spender, 500);
        vm.expectRevert(_notVerified(stranger));
        vm.prank(spender);
        dep.transferFrom(alice, stranger, 1);
    }

    function test_transferFrom_revertsAboveAllowance() public {
        vm.prank(alice);
        dep.approve(spender, 5);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, spender, 5, 6));
        vm.prank(spender);
        dep.transferFrom(alice, bob, 6);
    }

    function testFuzz_transfer_conservesSupply(uint256 amount) public {
        amount = bound(amount, 0, 1_000);
        vm.prank(alice);
        dep.transfer(bob, amount);
        assertEq(dep.balanceOf(alice) + dep.balanceOf(bob), 1_000);
        assertEq(dep.totalSupply(), 1_000);
    }

    function testFuzz_transfer_onlyBetweenVerified(address to, uint256 amount) public {
        vm.assume(to != address(0) && to != alice && to != bob);
        amount = bound(amount, 0, 1_000);
        vm.expectRevert(_notVerified(to));
        vm.prank(alice);
        dep.transfer(to, amount);
    }

    // ------------------------------------------------------------------------------ pause

    function test_pause_stopsTransfersMintsAndBurns() public {
        vm.expectEmit(true, true, true, true, address(dep));
        emit Pausable.Paused(pauser);
        vm.prank(pauser);
        dep.pause();
        assertTrue(dep.paused());

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        dep.transfer(bob, 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(treasury);
        dep.mint(bob, 1);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(treasury);
        dep.burn(alice, 1);
    }

    function test_unpause_resumesTransfers() public {
        vm.prank(pauser);
        dep.pause();
        vm.expectEmit(true, true, true, true, address(dep));
        emit Pausable.Unpaused(pauser);
        vm.prank(pauser);
        dep.unpause();
        vm.prank(alice);
        dep.transfer(bob, 1);
        assertEq(dep.balanceOf(bob), 1);
    }

    function test_pause_revertsWhenPaused() public {
        vm.startPrank(pauser);
        dep.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        dep.pause();
        vm.stopPrank();
    }

    function test_unpause_revertsWhenNotPaused() public {
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(pauser);
        dep.unpause();
    }

    function test_pause_revertsWithoutPauserRole() public {
        vm.expectRevert(_unauthorized(treasury, dep.PAUSER_ROLE()));
        vm.prank(treasury);
        dep.pause();
    }

    function test_unpause_revertsWithoutPauserRole() public {
        vm.prank(pauser);
        dep.pause();
        vm.expectRevert(_unauthorized(admin, dep.PAUSER_ROLE()));
        vm.prank(admin);
        dep.unpause();
    }

    // ------------------------------------------------------------------------------ roles

    function test_grantRole_revertsWithoutAdmin() public {
        bytes32 role = dep.TREASURY_ROLE();
        vm.expectRevert(_unauthorized(treasury, dep.DEFAULT_ADMIN_ROLE()));
        vm.prank(treasury);
        dep.grantRole(role, alice);
    }

    function test_supportsInterface_accessControl() public view {
        assertTrue(dep.supportsInterface(type(IAccessControl).interfaceId));
    }

    function test_constructor_revertsForZeroAddresses() public {
        vm.expectRevert(abi.encodeWithSelector(IDepositToken.ZeroAddress.selector));
        new DepositToken("Digital deposit", "DDEP", address(0), admin);
        vm.expectRevert(abi.encodeWithSelector(IDepositToken.ZeroAddress.selector));
        new DepositToken("Digital deposit", "DDEP", address(reg), address(0));
    }
}
