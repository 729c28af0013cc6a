// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CampaignPrecheck} from "../../contracts/campaign/CampaignPrecheck.sol";
import {ConsortiumRegistry} from "../../contracts/registry/ConsortiumRegistry.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {TestBase} from "./utils/TestBase.sol";

/// The precheck's answer is what its constructor returns: deployed here, it becomes the code.
contract CampaignPrecheckTest is TestBase {
    ConsortiumRegistry internal reg;
    address internal admin = address(0xAD);
    address internal officer = address(0x0F);
    address internal alice = address(0xA1);
    address internal bob = address(0xB0);
    address internal carol = address(0xCA);

    function setUp() public {
        vm.warp(1_700_000_000);
        reg = new ConsortiumRegistry(admin);
        vm.startPrank(admin);
        reg.grantRole(reg.KYC_OFFICER_ROLE(), officer);
        reg.grantRole(reg.ISSUER_ROLE(), admin);
        vm.stopPrank();
        address[] memory verified = new address[](3);
        (verified[0], verified[1], verified[2]) = (alice, bob, address(reg));
        uint64[] memory expiries = new uint64[](3);
        uint8[] memory tiers = new uint8[](3);
        for (uint256 i; i < 3; ++i) (expiries[i], tiers[i]) = (uint64(block.timestamp + 1 days), 1);
        vm.prank(officer);
        reg.approveKyc(verified, expiries, tiers);
        address[] memory frozen = new address[](1);
        frozen[0] = bob;
        vm.prank(admin);
        reg.setAccountFreeze(frozen, IConsortiumRegistry.FreezeAuthority.Issuer, true);
    }

    function _answer(address[] memory accounts) internal returns (bytes memory) {
        return address(new CampaignPrecheck(reg, accounts)).code;
    }

    function test_flagsVerifiedAndCodePerAccount() public {
        address[] memory accounts = new address[](4);
        (accounts[0], accounts[1], accounts[2], accounts[3]) = (alice, bob, carol, address(reg));
        bytes memory flags = _answer(accounts);
        assertEq(flags.length, 4);
        assertEq(uint8(flags[0]), 1, "verified wallet");
        assertEq(uint8(flags[1]), 0, "frozen wallet");
        assertEq(uint8(flags[2]), 0, "unknown wallet");
        assertEq(uint8(flags[3]), 3, "verified contract");
    }

    function test_noAccountsNoAnswer() public {
        assertEq(_answer(new address[](0)).length, 0);
    }

    function test_expiredKycIsUnverified() public {
        vm.warp(block.timestamp + 2 days);
        address[] memory accounts = new address[](1);
        accounts[0] = alice;
        assertEq(uint8(_answer(accounts)[0]), 0);
    }

    function testFuzz_oneByteOfAtMostThreePerAccount(address[] memory accounts) public {
        vm.assume(accounts.length <= 200);
        bytes memory flags = _answer(accounts);
        assertEq(flags.length, accounts.length);
        for (uint256 i; i < flags.length; ++i) {
            assertTrue(uint8(flags[i]) <= 3);
            assertEq(uint8(flags[i]) & 2 == 2 ? 1 : 0, accounts[i].code.length != 0 ? 1 : 0);
        }
    }
}
