// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ConsortiumRegistry} from "../../contracts/registry/ConsortiumRegistry.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {TestBase} from "./utils/TestBase.sol";

contract ConsortiumRegistryTest is TestBase {
    ConsortiumRegistry internal reg;

    address internal admin = address(0xAD);
    address internal operator = address(0x0B);
    address internal issuer = address(0x15);
    address internal officer = address(0x0F);
    address internal compliance = address(0xC0);
    address internal regulator = address(0x9E);
    address internal stranger = address(0x5A);
    address internal alice = address(0xA1);
    address internal bob = address(0xB0);

    uint64 internal constant T0 = 1_700_000_000;

    function setUp() public {
        vm.warp(T0);
        reg = new ConsortiumRegistry(admin);
        vm.startPrank(admin);
        reg.grantRole(reg.OPERATOR_ROLE(), operator);
        reg.grantRole(reg.ISSUER_ROLE(), issuer);
        reg.grantRole(reg.KYC_OFFICER_ROLE(), officer);
        reg.grantRole(reg.COMPLIANCE_ROLE(), compliance);
        reg.grantRole(reg.REGULATOR_ROLE(), regulator);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------------ helpers

    function _one(address a) internal pure returns (address[] memory xs) {
        xs = new address[](1);
        xs[0] = a;
    }

    function _two(address a, address b) internal pure returns (address[] memory xs) {
        xs = new address[](2);
        xs[0] = a;
        xs[1] = b;
    }

    function _u64(uint64 a) internal pure returns (uint64[] memory xs) {
        xs = new uint64[](1);
        xs[0] = a;
    }

    function _u8(uint8 a) internal pure returns (uint8[] memory xs) {
        xs = new uint8[](1);
        xs[0] = a;
    }

    function _approve(address who, uint64 expiry, uint8 tier) internal {
        vm.prank(officer);
        reg.approveKyc(_one(who), _u64(expiry), _u8(tier));
    }

    function _expectUnverified(address who, IConsortiumRegistry.UnverifiedReason reason) internal {
        vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.AccountNotVerified.selector, who, reason));
        reg.requireVerified(_one(who));
    }

    // -------------------------------------------------------------------- constructor

    function test_constructor_grantsAdmin() public view {
        assertTrue(reg.hasRole(reg.DEFAULT_ADMIN_ROLE(), admin));
        assertEq(reg.getRoleAdmin(reg.KYC_OFFICER_ROLE()), reg.DEFAULT_ADMIN_ROLE());
    }

    function test_constructor_revertsOnZeroAdmin() public {
        vm.expectRevert(IConsortiumRegistry.ZeroAddress.selector);
        new ConsortiumRegistry(address(0));
    }

    function test_roleIds_areTheHashesOfTheirNames() public view {
        assertEq(reg.OPERATOR_ROLE(), keccak256("OPERATOR_ROLE"));
        assertEq(reg.ISSUER_ROLE(), keccak256("ISSUER_ROLE"));
        assertEq(reg.KYC_OFFICER_ROLE(), keccak256("KYC_OFFICER_ROLE"));
        assertEq(reg.COMPLIANCE_ROLE(), keccak256("COMPLIANCE_ROLE"));
        assertEq(reg.REGULATOR_ROLE(), keccak256("REGULATOR_ROLE"));
    }

    // ----------------------------------------------------------------------------- KYC

    function test_approveKyc_storesRecordAndEmits() public {
        vm.expectEmit(true, true, true, true, address(reg));
        emit IConsortiumRegistry.KycApproved(alice, T0 + 100, 2, officer);
        _approve(alice, T0 + 100, 2);
        IConsortiumRegistry.KycRecord memory r = reg.kycOf(alice);
        assertEq(r.expiresAt, T0 + 100);
        assertEq(r.tier, 2);
        assertFalse(r.issuerFrozen);
        assertFalse(r.operatorFrozen);
        assertTrue(reg.isVerified(alice));
        reg.requireVerified(_one(alice));
    }

    function test_approveKyc_batch() public {
        uint64[] memory exp = new uint64[](2);
        exp[0] = T0 + 1;
        exp[1] = T0 + 2;
        uint8[] memory tiers = new uint8[](2);
        tiers[0] = 1;
        tiers[1] = 3;
        vm.prank(officer);
        reg.approveKyc(_two(alice, bob), exp, tiers);
        assertEq(reg.kycOf(alice).expiresAt, T0 + 1);
        assertEq(reg.kycOf(bob).tier, 3);
        reg.requireVerified(_two(alice, bob));
    }

    function test_approveKyc_renewalKeepsFreezeFlags() public {
        _approve(alice, T0 + 100, 1);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        _approve(alice, T0 + 200, 2);
        IConsortiumRegistry.KycRecord memory r = reg.kycOf(alice);
        assertEq(r.expiresAt, T0 + 200);
        assertTrue(r.issuerFrozen, "renewal must keep the freeze");
        assertFalse(reg.isVerified(alice));
    }

    function test_approveKyc_revertsOnEmptyBatch() public {
        vm.prank(officer);
        vm.expectRevert(IConsortiumRegistry.EmptyBatch.selector);
        reg.approveKyc(new address[](0), new uint64[](0), new uint8[](0));
    }

    function test_approveKyc_revertsOnLengthMismatch() public {
        vm.prank(officer);
        vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.BatchLengthMismatch.selector, 2, 1));
        reg.approveKyc(_two(alice, bob), _u64(T0 + 1), new uint8[](2));
        vm.prank(officer);
        vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.BatchLengthMismatch.selector, 1, 2));
        reg.approveKyc(_one(alice), _u64(T0 + 1), new uint8[](2));
    }

    function test_approveKyc_revertsOnZeroAddress() public {
        vm.prank(officer);
        vm.expectRevert(IConsortiumRegistry.ZeroAddress.selector);
        reg.approveKyc(_one(address(0)), _u64(T0 + 1), _u8(1));
    }

    function test_approveKyc_revertsOnExpiryInPast() public {
        vm.prank(officer);
        vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.KycExpiryInPast.selector, alice, T0));
        reg.approveKyc(_one(alice), _u64(T0), _u8(1));
    }

    function test_kycExpires() public {
        _approve(alice, T0 + 100, 1);
        vm.warp(T0 + 99);
        assertTrue(reg.isVerified(alice));
        vm.warp(T0 + 100);
        assertFalse(reg.isVerified(alice));
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.KycExpired);
    }

    function test_revokeKyc_deletesRecordKeepsFlagsAndEmits() public {
        _approve(alice, T0 + 100, 1);
        vm.prank(regulator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        vm.expectEmit(true, true, true, true, address(reg));
        emit IConsortiumRegistry.KycRevoked(alice, officer);
        vm.prank(officer);
        reg.revokeKyc(_one(alice));
        IConsortiumRegistry.KycRecord memory r = reg.kycOf(alice);
        assertEq(r.expiresAt, 0);
        assertEq(r.tier, 0);
        assertTrue(r.operatorFrozen);
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.NoKyc);
    }

    // ------------------------------------------------------------------------- freezes

    function test_setAccountFreeze_issuerAndComplianceSetIssuerFlag() public {
        _approve(alice, T0 + 100, 1);
        vm.expectEmit(true, true, true, true, address(reg));
        emit IConsortiumRegistry.AccountFreezeChanged(alice, IConsortiumRegistry.FreezeAuthority.Issuer, true, issuer);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        assertTrue(reg.kycOf(alice).issuerFrozen);
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.IssuerFrozen);
        vm.prank(compliance);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, false);
        assertTrue(reg.isVerified(alice));
    }

    /// @dev The issuer flag is shared by the member banks: a compliance officer's freeze on it holds
    /// against every bank's issuer, and a bank's own freeze does not stop compliance lifting it.
    function test_setAccountFreeze_aComplianceHoldIsLiftedByComplianceOnly() public {
        _approve(alice, T0 + 100, 1);
        address otherBank = address(0x25);
        bytes32 issuerRole = reg.ISSUER_ROLE();
        vm.prank(admin);
        reg.grantRole(issuerRole, otherBank);
        vm.prank(compliance);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        assertTrue(reg.kycOf(alice).complianceHold);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true); // keeps the hold
        for (uint256 i; i < 2; ++i) {
            address bank = [issuer, otherBank][i];
            vm.prank(bank);
            vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.FreezeHeldByCompliance.selector, alice));
            reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, false);
        }
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.IssuerFrozen);
        vm.prank(compliance);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, false);
        assertTrue(reg.isVerified(alice));
        assertFalse(reg.kycOf(alice).complianceHold);
        // A bank's own freeze is the bank's to lift again.
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, false);
        assertTrue(reg.isVerified(alice));
    }

    /// @dev The operator does not lift the regulator's freeze on the operator flag.
    function test_setAccountFreeze_aRegulatorHoldIsLiftedByTheRegulatorOnly() public {
        _approve(alice, T0 + 100, 1);
        vm.prank(regulator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        assertTrue(reg.kycOf(alice).regulatorHold);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.FreezeHeldByRegulator.selector, alice));
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, false);
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.OperatorFrozen);
        vm.prank(regulator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, false);
        assertTrue(reg.isVerified(alice));
        assertFalse(reg.kycOf(alice).regulatorHold);
    }

    function test_setAccountFreeze_operatorAndRegulatorSetOperatorFlag() public {
        _approve(alice, T0 + 100, 1);
        vm.prank(operator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.OperatorFrozen);
        vm.prank(regulator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, false);
        assertTrue(reg.isVerified(alice));
    }

    function test_setAccountFreeze_flagsAreIndependent() public {
        _approve(alice, T0 + 100, 1);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.prank(operator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, false);
        assertFalse(reg.isVerified(alice), "lifting the issuer freeze must not lift the operator freeze");
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.OperatorFrozen);
        // The expiry is reported before the freezes.
        vm.warp(T0 + 100);
        _expectUnverified(alice, IConsortiumRegistry.UnverifiedReason.KycExpired);
    }

    function test_setAccountFreeze_revertsForWrongAuthority() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.NotAuthorizedForFreeze.selector,
                operator,
                IConsortiumRegistry.FreezeAuthority.Issuer
            )
        );
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.prank(compliance);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.NotAuthorizedForFreeze.selector,
                compliance,
                IConsortiumRegistry.FreezeAuthority.Operator
            )
        );
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
    }

    // ----------------------------------------------------------------------- operators

    function test_setApprovedOperator() public {
        address market = address(0x3A);
        vm.expectEmit(true, true, true, true, address(reg));
        emit IConsortiumRegistry.OperatorApprovalChanged(market, true, operator);
        vm.prank(operator);
        reg.setApprovedOperator(market, true);
        assertTrue(reg.isApprovedOperator(market));
        vm.prank(operator);
        reg.setApprovedOperator(market, false);
        assertFalse(reg.isApprovedOperator(market));
    }

    function test_setApprovedOperator_revertsOnZeroAddress() public {
        vm.prank(operator);
        vm.expectRevert(IConsortiumRegistry.ZeroAddress.selector);
        reg.setApprovedOperator(address(0), true);
    }

    // -------------------------------------------------------------------------- views

    function test_requireVerified_namesTheFirstUnverifiedAccount() public {
        _approve(alice, T0 + 100, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, bob, IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        reg.requireVerified(_two(alice, bob));
        reg.requireVerified(new address[](0));
    }

    function test_roleViews() public view {
        assertTrue(reg.isComplianceAuthority(compliance));
        assertTrue(reg.isComplianceAuthority(regulator));
        assertFalse(reg.isComplianceAuthority(issuer));
        assertTrue(reg.isIssuer(issuer));
        assertFalse(reg.isIssuer(compliance));
    }

    // ------------------------------------------------------------------- access matrix

    function test_accessMatrix() public {
        bytes32 kyc = reg.KYC_OFFICER_ROLE();
        bytes4 unauthorized = IAccessControl.AccessControlUnauthorizedAccount.selector;
        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(unauthorized, stranger, kyc));
        reg.approveKyc(_one(alice), _u64(T0 + 1), _u8(1));
        vm.expectRevert(abi.encodeWithSelector(unauthorized, stranger, kyc));
        reg.revokeKyc(_one(alice));
        vm.expectRevert(abi.encodeWithSelector(unauthorized, stranger, reg.OPERATOR_ROLE()));
        reg.setApprovedOperator(alice, true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.NotAuthorizedForFreeze.selector,
                stranger,
                IConsortiumRegistry.FreezeAuthority.Issuer
            )
        );
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.NotAuthorizedForFreeze.selector,
                stranger,
                IConsortiumRegistry.FreezeAuthority.Operator
            )
        );
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        vm.expectRevert(abi.encodeWithSelector(unauthorized, stranger, reg.DEFAULT_ADMIN_ROLE()));
        reg.grantRole(kyc, stranger);
        vm.expectRevert(abi.encodeWithSelector(unauthorized, stranger, reg.DEFAULT_ADMIN_ROLE()));
        reg.revokeRole(kyc, officer);
        vm.stopPrank();
        assertTrue(reg.hasRole(kyc, officer), "the officer keeps the role");
        // A KYC officer holds no other power: no operator setting, no freeze of either kind.
        bytes32 operatorRole = reg.OPERATOR_ROLE();
        vm.startPrank(officer);
        vm.expectRevert(abi.encodeWithSelector(unauthorized, officer, operatorRole));
        reg.setApprovedOperator(alice, true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.NotAuthorizedForFreeze.selector, officer, IConsortiumRegistry.FreezeAuthority.Issuer
            )
        );
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.NotAuthorizedForFreeze.selector,
                officer,
                IConsortiumRegistry.FreezeAuthority.Operator
            )
        );
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------------- fuzzing

    function testFuzz_verifiedExactlyWhenUnexpiredAndUnfrozen(
        uint64 expiry,
        uint64 at,
        bool issuerFrozen,
        bool operatorFrozen
    ) public {
        expiry = uint64(bound(expiry, T0 + 1, type(uint64).max));
        _approve(alice, expiry, 1);
        vm.prank(issuer);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Issuer, issuerFrozen);
        vm.prank(operator);
        reg.setAccountFreeze(_one(alice), IConsortiumRegistry.FreezeAuthority.Operator, operatorFrozen);
        vm.warp(bound(at, T0, type(uint64).max));
        bool expected = block.timestamp < expiry && !issuerFrozen && !operatorFrozen;
        assertEq(reg.isVerified(alice), expected);
        if (!expected) {
            // The first thing to fix: the expiry (the record exists, so never NoKyc), then the
            // issuer freeze, then the operator freeze.
            IConsortiumRegistry.UnverifiedReason reason = block.timestamp >= expiry
                ? IConsortiumRegistry.UnverifiedReason.KycExpired
                : issuerFrozen ? IConsortiumRegistry.UnverifiedReason.IssuerFrozen
                : IConsortiumRegistry.UnverifiedReason.OperatorFrozen;
            vm.expectRevert(abi.encodeWithSelector(IConsortiumRegistry.AccountNotVerified.selector, alice, reason));
        }
        reg.requireVerified(_one(alice));
    }
}
