// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ICollection} from "../../contracts/collection/ICollection.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";

/// @notice Every privileged function, called by accounts that lack the power, fails with the exact error.
contract CollectionAccessTest is CollectionFixture {
    uint32 internal ed;
    uint32 internal dropId;
    uint32 internal recipeId;
    uint256 internal token;
    bytes32 internal issuerRole;
    bytes32 internal minterRole;
    bytes32 internal adminRole;

    function setUp() public override {
        super.setUp();
        ed = createLimited(100);
        uint32 other = createLimited(100);
        dropId = createDrop(u32s(ed), u32s(10));
        vm.prank(issuer);
        recipeId = col.createRecipe(u32s(ed, other), other);
        token = mintOne(ed, alice);
        issuerRole = col.ISSUER_ROLE();
        minterRole = col.MINTER_ROLE();
        adminRole = col.DEFAULT_ADMIN_ROLE();
    }

    function _unauthorized(address who, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, role);
    }

    /// @dev Calls each issuer-only function as `who` and expects the missing-role error.
    function _expectIssuerOnly(address who) internal {
        bytes memory err = _unauthorized(who, issuerRole);
        vm.startPrank(who);
        vm.expectRevert(err);
        col.createEdition(limitedConfig(10));
        vm.expectRevert(err);
        col.setEditionURI(ed, "ipfs://x");
        vm.expectRevert(err);
        col.createDrop(dropConfig(u32s(ed), u32s(1)));
        vm.expectRevert(err);
        col.createRecipe(u32s(ed, ed), ed);
        vm.expectRevert(err);
        col.setRecipeActive(recipeId, false);
        vm.expectRevert(err);
        col.setTransferPolicy(0, 0);
        vm.expectRevert(err);
        col.setDefaultRoyalty(who, 1);
        vm.expectRevert(err);
        col.setEditionRoyalty(ed, who, 1);
        vm.expectRevert(err);
        col.setContractURI("ipfs://x");
        vm.expectRevert(err);
        col.closeDrop(dropId, SECRET);
        vm.stopPrank();
    }

    function _expectMinterOnly(address who) internal {
        bytes memory err = _unauthorized(who, minterRole);
        vm.startPrank(who);
        vm.expectRevert(err);
        col.mintBatch(ed, one(alice));
        vm.expectRevert(err);
        col.mintBoxes(dropId, one(alice));
        vm.stopPrank();
    }

    function _expectComplianceOnly(address who) internal {
        bytes memory err = abi.encodeWithSelector(ICollection.NotComplianceAuthority.selector, who);
        vm.startPrank(who);
        vm.expectRevert(err);
        col.setTokenFrozen(token, true, 1);
        vm.expectRevert(err);
        col.forceTransfer(token, bob, 1);
        vm.expectRevert(err);
        col.forceBurn(token, 1);
        vm.stopPrank();
    }

    function _expectPauseRefused(address who) internal {
        bytes memory err = abi.encodeWithSelector(ICollection.NotComplianceAuthority.selector, who);
        vm.startPrank(who);
        vm.expectRevert(err);
        col.pause();
        vm.expectRevert(err);
        col.unpause();
        vm.stopPrank();
    }

    /// @dev A reveal target is moved by the consortium's regulator or operator only (checked first).
    function _expectRevealTargetRefused(address who) internal {
        vm.prank(who);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NotConsortiumAuthority.selector, who));
        col.moveRevealTarget(dropId);
    }

    function _expectAdminOnly(address who) internal {
        bytes memory err = _unauthorized(who, adminRole);
        vm.startPrank(who);
        vm.expectRevert(err);
        col.grantRole(minterRole, who);
        vm.expectRevert(err);
        col.revokeRole(minterRole, minter);
        vm.stopPrank();
    }

    function test_stranger() public {
        _expectIssuerOnly(stranger);
        _expectMinterOnly(stranger);
        _expectComplianceOnly(stranger);
        _expectPauseRefused(stranger);
        _expectRevealTargetRefused(stranger);
        _expectAdminOnly(stranger);
        vm.prank(stranger);
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        col.initialize(initParams());
    }

    function test_minterHasNoOtherPower() public {
        _expectIssuerOnly(minter);
        _expectComplianceOnly(minter);
        _expectPauseRefused(minter);
        _expectAdminOnly(minter);
    }

    function test_issuerIsNotAComplianceAuthority() public {
        _expectComplianceOnly(issuer);
        _expectRevealTargetRefused(issuer);
    }

    function test_complianceAuthoritiesHaveNoIssuerPowers() public {
        _expectIssuerOnly(compliance);
        _expectMinterOnly(compliance);
        _expectIssuerOnly(regulator);
        _expectMinterOnly(regulator);
        _expectAdminOnly(regulator);
        _expectRevealTargetRefused(compliance); // a bank's compliance officer is not the consortium
    }

    /// @dev A member bank holding the registry's ISSUER_ROLE has no power over another bank's collection.
    function test_otherRegistryIssuerHasNoPower() public {
        address otherBank = makeAddr("other bank");
        vm.startPrank(governance);
        reg.grantRole(reg.ISSUER_ROLE(), otherBank);
        vm.stopPrank();
        _expectIssuerOnly(otherBank);
        _expectMinterOnly(otherBank);
        _expectPauseRefused(otherBank);
        _expectRevealTargetRefused(otherBank);
    }

    /// @dev The collection's issuer never moves a reveal target, whichever consortium role it holds.
    function test_issuerHoldingAConsortiumRoleStillCannotRedraw() public {
        vm.startPrank(governance);
        reg.grantRole(reg.OPERATOR_ROLE(), issuer);
        reg.grantRole(reg.REGULATOR_ROLE(), issuer);
        vm.stopPrank();
        _expectRevealTargetRefused(issuer);
    }

    function test_revokedMinterLosesPower() public {
        vm.prank(issuer);
        col.revokeRole(minterRole, minter);
        _expectMinterOnly(minter);
    }

    function test_operatorRoleOfRegistryCannotMoveTokensByItself() public {
        vm.warp(T0 + HOLD);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(ICollection.OperatorNotApproved.selector, operator));
        col.transferFrom(alice, bob, token);
    }
}
