// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "solady/tokens/ERC721.sol";
import {ICollection} from "../../contracts/collection/ICollection.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";

/// @notice The transfer policy (one hook) and the compliance powers.
contract CollectionPolicyTest is CollectionFixture {
    uint32 internal ed;
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        ed = createLimited(100);
        id = mintOne(ed, alice);
    }

    function _afterHold() internal {
        vm.warp(T0 + HOLD);
    }

    // ------------------------------------------------------------------ holder transfers

    function test_transfer_afterHoldingPeriodUpdatesState() public {
        _afterHold();
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        assertEq(col.ownerOf(id), bob);
        ICollection.TokenState memory s = col.tokenState(id);
        assertEq(s.owner, bob);
        assertEq(s.acquiredAt, T0 + HOLD);
        assertEq(s.transferCount, 1);
        assertEq(s.moveCount, 1);
        assertEq(col.transferableAt(id), T0 + 2 * HOLD);
    }

    function test_transfer_holdingPeriodCountsFromCurrentHoldersAcquisition() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.HoldingPeriodActive.selector, id, T0 + HOLD));
        col.transferFrom(alice, bob, id);
        _afterHold();
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        vm.warp(T0 + HOLD + HOLD - 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICollection.HoldingPeriodActive.selector, id, T0 + 2 * HOLD));
        col.transferFrom(bob, carol, id);
    }

    function test_transfer_holdingPeriodOff() public {
        vm.prank(issuer);
        col.setTransferPolicy(0, 0);
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        vm.prank(bob);
        col.safeTransferFrom(bob, carol, id);
        assertEq(col.ownerOf(id), carol);
    }

    function test_transfer_capPerToken() public {
        vm.prank(issuer);
        col.setTransferPolicy(0, 2);
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        vm.prank(bob);
        col.transferFrom(bob, alice, id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.TransferLimitReached.selector, id, 2));
        col.transferFrom(alice, bob, id);
        // Unlimited again when the cap is lifted.
        vm.prank(issuer);
        col.setTransferPolicy(0, 0);
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        assertEq(col.tokenState(id).transferCount, 3);
    }

    function test_transfer_requiresBothPartiesVerified() public {
        _afterHold();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, stranger, IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        col.transferFrom(alice, stranger, id);
        vm.prank(regulator);
        reg.setAccountFreeze(one(alice), IConsortiumRegistry.FreezeAuthority.Operator, true);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector,
                alice,
                IConsortiumRegistry.UnverifiedReason.OperatorFrozen
            )
        );
        col.transferFrom(alice, bob, id);
    }

    function test_transfer_rejectsExpiredSenderKyc() public {
        verifyUntil(alice, T0 + HOLD + 10);
        vm.warp(T0 + HOLD + 10);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, alice, IConsortiumRegistry.UnverifiedReason.KycExpired
            )
        );
        col.transferFrom(alice, bob, id);
    }

    function test_transfer_rejectsFrozenToken() public {
        _afterHold();
        vm.prank(compliance);
        col.setTokenFrozen(id, true, 7);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.TokenFrozen.selector, id));
        col.transferFrom(alice, bob, id);
        vm.prank(compliance);
        col.setTokenFrozen(id, false, 0);
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
    }

    function test_transfer_rejectsSoulbound() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.soulbound = true;
        uint32 sb = createEdition(c);
        uint256 token = mintOne(sb, alice);
        _afterHold();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.TokenSoulbound.selector, token));
        col.transferFrom(alice, bob, token);
    }

    function test_transfer_rejectsWhilePaused() public {
        _afterHold();
        vm.prank(compliance);
        col.pause();
        vm.prank(alice);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.transferFrom(alice, bob, id);
        vm.prank(alice);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.safeTransferFrom(alice, bob, id, "");
    }

    function test_transfer_rejectsWrongOwnerAndZeroRecipient() public {
        _afterHold();
        vm.prank(bob);
        vm.expectRevert(ERC721.TransferFromIncorrectOwner.selector);
        col.transferFrom(bob, carol, id);
        vm.prank(alice);
        vm.expectRevert(ERC721.TransferToZeroAddress.selector);
        col.transferFrom(alice, address(0), id);
    }

    // ------------------------------------------------------------------------ operators

    function test_operator_onlyRegistryApprovedMayBeApproved() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.OperatorNotApproved.selector, bob));
        col.approve(bob, id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICollection.OperatorNotApproved.selector, bob));
        col.setApprovalForAll(bob, true);
        vm.prank(alice);
        col.approve(market, id);
        assertEq(col.getApproved(id), market);
        vm.prank(alice);
        col.approve(address(0), id);
        assertEq(col.getApproved(id), address(0));
        vm.prank(alice);
        col.setApprovalForAll(market, true);
        assertTrue(col.isApprovedForAll(alice, market));
        vm.prank(alice);
        col.setApprovalForAll(bob, false); // revoking is always allowed
    }

    function test_operator_movesOnHoldersBehalf() public {
        _afterHold();
        vm.prank(alice);
        col.approve(market, id);
        vm.prank(market);
        col.transferFrom(alice, bob, id);
        assertEq(col.ownerOf(id), bob);
        assertEq(col.getApproved(id), address(0));
    }

    function test_operator_removalMakesApprovalsInert() public {
        _afterHold();
        vm.prank(alice);
        col.setApprovalForAll(market, true);
        vm.prank(operator);
        reg.setApprovedOperator(market, false);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(ICollection.OperatorNotApproved.selector, market));
        col.transferFrom(alice, bob, id);
    }

    function test_operator_unapprovedCallerRejected() public {
        _afterHold();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICollection.OperatorNotApproved.selector, bob));
        col.transferFrom(alice, bob, id);
    }

    function test_operator_approvedOperatorStillNeedsHoldersApproval() public {
        _afterHold();
        vm.prank(market);
        vm.expectRevert(ERC721.NotOwnerNorApproved.selector);
        col.transferFrom(alice, bob, id);
    }

    function test_etherIsNotAccepted() public {
        _afterHold();
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(ICollection.EtherNotAccepted.selector);
        col.transferFrom{value: 1}(alice, bob, id);
        vm.prank(alice);
        vm.expectRevert(ICollection.EtherNotAccepted.selector);
        col.approve{value: 1}(market, id);
    }

    // ------------------------------------------------------------------------- compliance

    function test_pause_byIssuerOrComplianceAuthority() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.Paused(issuer);
        vm.prank(issuer);
        col.pause();
        assertTrue(col.paused());
        assertEq(col.pauseLevel(), 1, "an issuer pause");
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.Unpaused(regulator);
        vm.prank(regulator);
        col.unpause();
        assertFalse(col.paused());
        assertEq(col.pauseLevel(), 0, "not paused");
        vm.prank(compliance);
        col.pause();
        assertTrue(col.paused());
        assertEq(col.pauseLevel(), 2, "a compliance pause");
    }

    function _notCompliance(address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ICollection.NotComplianceAuthority.selector, who);
    }

    /// @dev A compliance stop holds against the bank it stopped.
    function test_pause_issuerCannotLiftACompliancePause() public {
        vm.prank(compliance);
        col.pause();
        vm.prank(issuer);
        vm.expectRevert(_notCompliance(issuer));
        col.unpause();
        assertTrue(col.paused(), "still paused");
        // Pausing again as the issuer does not downgrade the pause to one it could lift.
        vm.prank(issuer);
        col.pause();
        assertEq(col.pauseLevel(), 2);
        vm.prank(issuer);
        vm.expectRevert(_notCompliance(issuer));
        col.unpause();
        _afterHold();
        vm.prank(alice);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.transferFrom(alice, bob, id);
    }

    /// @dev Any compliance authority lifts a compliance pause, not only the one that set it.
    function test_pause_complianceAuthorityLiftsACompliancePause() public {
        vm.prank(compliance);
        col.pause();
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.Unpaused(regulator);
        vm.prank(regulator);
        col.unpause();
        assertFalse(col.paused());
        _afterHold();
        vm.prank(alice);
        col.transferFrom(alice, bob, id);
        assertEq(col.ownerOf(id), bob);
    }

    /// @dev A regulator's stop holds against the bank's own compliance officer too; a regulator's
    /// pause on top of another upgrades it, and a lower one never downgrades it.
    function test_pause_onlyARegulatorLiftsARegulatorPause() public {
        vm.prank(compliance);
        col.pause();
        vm.prank(regulator);
        col.pause();
        assertEq(col.pauseLevel(), 3, "a regulator's pause");
        vm.prank(compliance);
        col.pause();
        assertEq(col.pauseLevel(), 3, "not downgraded");
        vm.prank(compliance);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NotRegulator.selector, compliance));
        col.unpause();
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NotRegulator.selector, issuer));
        col.unpause();
        assertTrue(col.paused(), "still paused");
        vm.prank(regulator);
        col.unpause();
        assertEq(col.pauseLevel(), 0);
    }

    function test_pause_issuerLiftsItsOwnPause() public {
        vm.prank(issuer);
        col.pause();
        vm.prank(issuer);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.mintBatch(ed, one(bob));
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.Unpaused(issuer);
        vm.prank(issuer);
        col.unpause();
        assertFalse(col.paused());
        vm.prank(issuer);
        col.mintBatch(ed, one(bob));
        assertEq(col.balanceOf(bob), 1);
    }

    /// @dev A compliance authority pausing an issuer-paused collection takes the pause over.
    function test_pause_complianceUpgradesAnIssuerPause() public {
        vm.prank(issuer);
        col.pause();
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.Paused(compliance);
        vm.prank(compliance);
        col.pause();
        assertEq(col.pauseLevel(), 2, "upgraded");
        vm.prank(issuer);
        vm.expectRevert(_notCompliance(issuer));
        col.unpause();
        assertTrue(col.paused());
        vm.prank(compliance);
        col.unpause();
        assertFalse(col.paused());
        // Lifted, the level is gone: the issuer's next pause is its own again.
        vm.prank(issuer);
        col.pause();
        vm.prank(issuer);
        col.unpause();
        assertFalse(col.paused());
    }

    function test_setTokenFrozen_emitsAndShowsInState() public {
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.TokenFreezeChanged(id, true, 42, regulator);
        vm.prank(regulator);
        col.setTokenFrozen(id, true, 42);
        assertTrue(col.tokenState(id).frozen);
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id + 1));
        col.setTokenFrozen(id + 1, true, 42);
    }

    function test_forceTransfer_skipsPolicyButNotRecipientKyc() public {
        ICollection.EditionConfig memory c = limitedConfig(10);
        c.soulbound = true;
        uint256 token = mintOne(createEdition(c), alice);
        vm.startPrank(compliance);
        col.setTokenFrozen(token, true, 1);
        col.pause();
        vm.stopPrank();
        vm.prank(issuer);
        col.setTransferPolicy(365 days, 1);
        vm.warp(T0 + 10);

        vm.prank(compliance);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, stranger, IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        col.forceTransfer(token, stranger, 9);

        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.ForcedTransfer(token, alice, bob, 9, compliance);
        vm.prank(compliance);
        col.forceTransfer(token, bob, 9);
        ICollection.TokenState memory s = col.tokenState(token);
        assertEq(s.owner, bob);
        assertEq(s.acquiredAt, T0 + 10, "the recipient's holding period starts now");
        assertEq(s.transferCount, 0, "forced moves are not counted");
        assertEq(s.moveCount, 1, "but the move is");
        assertTrue(s.frozen, "the freeze stays until lifted");
        assertTrue(col.locked(token));
        assertEq(col.balanceOf(alice), 1);
        assertEq(col.balanceOf(bob), 1);
    }

    /// @dev Compliance recovering a lost wallet must not use up the customer's transfer quota;
    /// the move still shows in the move counter that listings record.
    function test_forceTransfer_doesNotConsumeTheTransferCap() public {
        vm.prank(issuer);
        col.setTransferPolicy(0, 1);
        vm.startPrank(compliance);
        col.forceTransfer(id, bob, 1);
        col.forceTransfer(id, alice, 1);
        vm.stopPrank();
        ICollection.TokenState memory s = col.tokenState(id);
        assertEq(s.transferCount, 0, "forced moves are not transfers");
        assertEq(s.moveCount, 2, "forced moves are moves");
        vm.prank(alice);
        col.transferFrom(alice, bob, id); // the one transfer the cap allows
        s = col.tokenState(id);
        assertEq(s.transferCount, 1);
        assertEq(s.moveCount, 3);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICollection.TransferLimitReached.selector, id, 1));
        col.transferFrom(bob, alice, id);
    }

    function test_forceTransfer_rejectsZeroAndUnknown() public {
        vm.startPrank(compliance);
        vm.expectRevert(ICollection.ZeroAddress.selector);
        col.forceTransfer(id, address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id + 5));
        col.forceTransfer(id + 5, bob, 1);
        vm.stopPrank();
    }

    function test_forceBurn_whateverTheState() public {
        vm.startPrank(compliance);
        col.setTokenFrozen(id, true, 1);
        col.pause();
        vm.stopPrank();
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.ForcedBurn(id, alice, 3, regulator);
        vm.prank(regulator);
        col.forceBurn(id, 3);
        assertEq(col.balanceOf(alice), 0);
        assertEq(col.totalSupply(), 0);
        assertEq(col.edition(ed).burned, 1);
        assertEq(col.edition(ed).minted, 1);
        vm.expectRevert(ERC721.TokenDoesNotExist.selector);
        col.ownerOf(id);
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, id));
        col.forceBurn(id, 3);
    }

    function test_forcedFlag_doesNotLeakIntoLaterTransfers() public {
        vm.prank(compliance);
        col.forceTransfer(id, bob, 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICollection.HoldingPeriodActive.selector, id, T0 + HOLD));
        col.transferFrom(bob, alice, id);
    }
}
