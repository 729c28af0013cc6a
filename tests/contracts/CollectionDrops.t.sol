// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {ICollection} from "../../contracts/collection/ICollection.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";
import {ReferenceShuffle} from "./utils/ReferenceShuffle.sol";
import {Vm} from "./utils/Vm.sol";

contract CollectionDropsTest is CollectionFixture {
    uint32 internal limited;
    uint32 internal hidden;

    function setUp() public override {
        super.setUp();
        limited = createLimited(8888); // id 1
        hidden = createHidden(88); // id 2
    }

    function _drop(uint32 limitedCount, uint32 hiddenCount) internal returns (uint32) {
        return createDrop(u32s(limited, hidden), u32s(limitedCount, hiddenCount));
    }

    // ---------------------------------------------------------------------------- creation

    function test_createDrop_reservesSerialRanges() public {
        mint(limited, two(alice, bob)); // serials 1-2 taken before the drop
        ICollection.DropConfig memory c = dropConfig(u32s(limited, hidden), u32s(10, 3));
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DropCreated(3, "Spring box", 13, c.commitment, c.opensAt, c.closesAt);
        vm.prank(issuer);
        uint32 dropId = col.createDrop(c);
        assertEq(dropId, 3);
        assertTrue(col.seriesKind(dropId) == ICollection.SeriesKind.Drop);
        ICollection.Drop memory d = col.drop(dropId);
        assertEq(d.name, "Spring box");
        assertEq(d.editionIds.length, 2);
        assertEq(d.editionIds[1], hidden);
        assertEq(d.counts[0], 10);
        assertEq(d.firstSerials[0], 3);
        assertEq(d.firstSerials[1], 1);
        assertEq(d.commitment, keccak256(abi.encode(SECRET)));
        assertEq(d.boxCount, 13);
        assertEq(d.minted, 0);
        assertEq(d.secret, bytes32(0));
        assertEq(d.revealBlock, 0);
        assertEq(d.seed, bytes32(0));
        assertEq(d.placeholderURI, PLACEHOLDER);
        assertEq(col.edition(limited).allocated, 12);
        assertEq(col.edition(limited).minted, 2, "boxes count at reveal");
        assertEq(col.edition(hidden).allocated, 3);
        // Direct mints continue after the reserved range.
        assertEq(mintOne(limited, carol), tid(limited, 13));
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Open);
    }

    function _expectInvalidDrop(ICollection.DropConfig memory c, string memory reason) internal {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.InvalidDropConfig.selector, reason));
        col.createDrop(c);
    }

    function test_createDrop_opensAtCreationWhenOpensAtIsZero() public {
        ICollection.DropConfig memory c = dropConfig(u32s(limited), u32s(1));
        c.opensAt = 0;
        c.closesAt = uint64(block.timestamp + 1 days);
        vm.prank(issuer);
        uint32 dropId = col.createDrop(c);
        assertEq(col.drop(dropId).opensAt, block.timestamp);
        assertEq(uint256(col.dropPhase(dropId)), uint256(ICollection.DropPhase.Open));
        c.closesAt = uint64(block.timestamp);
        _expectInvalidDrop(c, "schedule");
    }

    function test_createDrop_rejectsInvalidConfigs() public {
        _expectInvalidDrop(dropConfig(new uint32[](0), new uint32[](0)), "1 to 16 editions");
        _expectInvalidDrop(dropConfig(new uint32[](17), new uint32[](17)), "1 to 16 editions");
        _expectInvalidDrop(dropConfig(u32s(limited, hidden), u32s(1)), "counts length");
        ICollection.DropConfig memory c = dropConfig(u32s(limited), u32s(1));
        c.commitment = bytes32(0);
        _expectInvalidDrop(c, "zero commitment");
        c = dropConfig(u32s(limited), u32s(1));
        c.opensAt = uint64(block.timestamp - 1);
        _expectInvalidDrop(c, "schedule");
        c = dropConfig(u32s(limited), u32s(1));
        c.closesAt = c.opensAt;
        _expectInvalidDrop(c, "schedule");
        _expectInvalidDrop(dropConfig(u32s(limited), u32s(0)), "zero count");
        _expectInvalidDrop(dropConfig(u32s(limited, limited), u32s(1, 1)), "duplicate edition");
        ICollection.EditionConfig memory sb = limitedConfig(10);
        sb.soulbound = true;
        uint32 soulbound = createEdition(sb);
        _expectInvalidDrop(dropConfig(u32s(soulbound), u32s(1)), "soulbound edition");
    }

    function test_createDrop_rejectsMoreBoxesThanFitInATokenNumber() public {
        uint32 a = createLimited(type(uint32).max);
        uint32 b = createLimited(1);
        _expectInvalidDrop(dropConfig(u32s(a, b), u32s(type(uint32).max, 1)), "too many boxes");
    }

    function test_createDrop_rejectsUnknownOrOversizedEdition() public {
        ICollection.DropConfig memory c = dropConfig(u32s(limited, 77), u32s(1, 1));
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownEdition.selector, 77));
        col.createDrop(c);
        c = dropConfig(u32s(hidden), u32s(89));
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.EditionSoldOut.selector, hidden, 88, 89, 88));
        col.createDrop(c);
    }

    function test_dropViews_revertForUnknownDrop() public {
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, limited));
        col.drop(limited);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, 9));
        col.dropPhase(9);
    }

    // ----------------------------------------------------------------------------- boxes

    function test_mintBoxes_numbersBoxesAndShowsPlaceholder() public {
        uint32 dropId = _drop(10, 2);
        uint256 first = mintBoxes(dropId, two(alice, bob));
        assertEq(first, tid(dropId, 1));
        assertEq(mintBoxes(dropId, one(carol)), tid(dropId, 3));
        assertEq(col.ownerOf(tid(dropId, 2)), bob);
        assertEq(col.drop(dropId).minted, 3);
        assertEq(col.totalSupply(), 3);
        assertEq(col.tokenURI(first), PLACEHOLDER);
        assertFalse(col.locked(first));
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotRevealed.selector, dropId));
        col.serialOf(first);
        // Before reveal a box has no edition: the default royalty applies.
        (address r,) = col.royaltyInfo(first, 100);
        assertEq(r, royaltyReceiver);
    }

    function test_mintBoxes_onlyWhileOpen() public {
        ICollection.DropConfig memory c = dropConfig(u32s(limited), u32s(5));
        c.opensAt = uint64(T0 + 1 days);
        c.closesAt = uint64(T0 + 2 days);
        vm.prank(issuer);
        uint32 dropId = col.createDrop(c);
        vm.prank(minter);
        vm.expectRevert(
            abi.encodeWithSelector(ICollection.DropNotOpen.selector, dropId, ICollection.DropPhase.Scheduled)
        );
        col.mintBoxes(dropId, one(alice));
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Scheduled);
        vm.warp(T0 + 1 days);
        mintBoxes(dropId, one(alice));
        vm.warp(T0 + 2 days);
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Ended);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotOpen.selector, dropId, ICollection.DropPhase.Ended));
        col.mintBoxes(dropId, one(alice));
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        vm.warp(T0 + 1 days);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotOpen.selector, dropId, ICollection.DropPhase.Closed));
        col.mintBoxes(dropId, one(alice));
    }

    function test_mintBoxes_soldOut() public {
        uint32 dropId = _drop(2, 1);
        mintBoxes(dropId, two(alice, bob));
        address[] memory to = two(alice, bob);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropSoldOut.selector, dropId, 3, 2, 1));
        col.mintBoxes(dropId, to);
        mintBoxes(dropId, one(carol));
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Ended);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropSoldOut.selector, dropId, 3, 1, 0));
        col.mintBoxes(dropId, one(carol));
    }

    function test_mintBoxes_rejections() public {
        uint32 dropId = _drop(5, 1);
        vm.startPrank(minter);
        vm.expectRevert(ICollection.EmptyBatch.selector);
        col.mintBoxes(dropId, new address[](0));
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, limited));
        col.mintBoxes(limited, one(alice));
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortiumRegistry.AccountNotVerified.selector, stranger, IConsortiumRegistry.UnverifiedReason.NoKyc
            )
        );
        col.mintBoxes(dropId, one(stranger));
        vm.stopPrank();
        vm.prank(compliance);
        col.pause();
        vm.prank(minter);
        vm.expectRevert(ICollection.CollectionPaused.selector);
        col.mintBoxes(dropId, one(alice));
    }

    function test_mintBoxes_walletCap() public {
        ICollection.DropConfig memory c = dropConfig(u32s(limited), u32s(10));
        c.walletCap = 1;
        vm.prank(issuer);
        uint32 dropId = col.createDrop(c);
        mintBoxes(dropId, one(alice));
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ICollection.WalletCapExceeded.selector, dropId, alice, 1));
        col.mintBoxes(dropId, two(bob, alice));
    }

    // ------------------------------------------------------------------------------ close

    function test_closeDrop_publishesSecretAndFixesNextBlock() public {
        uint32 dropId = _drop(2, 1);
        mintBoxes(dropId, one(alice));
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotEnded.selector, dropId, T0 + 7 days));
        col.closeDrop(dropId, SECRET);
        vm.warp(T0 + 7 days);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.SecretMismatch.selector, dropId));
        col.closeDrop(dropId, keccak256("guess"));
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DropClosed(dropId, SECRET, uint64(block.number + 1), false);
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        ICollection.Drop memory d = col.drop(dropId);
        assertEq(d.secret, SECRET);
        assertEq(d.revealBlock, block.number + 1);
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Closed);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyClosed.selector, dropId));
        col.closeDrop(dropId, SECRET);
    }

    function test_closeDrop_whenSoldOutBeforeClosesAt() public {
        uint32 dropId = _drop(1, 1);
        mintBoxes(dropId, two(alice, bob));
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Closed);
    }

    function test_closeDropAfterDeadline_commitmentStandsInForSecret() public {
        uint32 dropId = _drop(2, 1);
        uint64 deadline = T0 + 7 days + 7 days;
        vm.warp(deadline - 1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DeadlineNotReached.selector, dropId, deadline));
        col.closeDropAfterDeadline(dropId);
        vm.warp(deadline);
        bytes32 commitment = keccak256(abi.encode(SECRET));
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DropClosed(dropId, commitment, uint64(block.number + 1), true);
        vm.prank(stranger);
        col.closeDropAfterDeadline(dropId);
        assertEq(col.drop(dropId).secret, commitment);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyClosed.selector, dropId));
        col.closeDropAfterDeadline(dropId);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyClosed.selector, dropId));
        col.closeDrop(dropId, SECRET);
    }

    function test_closeDrop_unknownDrop() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, 50));
        col.closeDrop(50, SECRET);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, 50));
        col.closeDropAfterDeadline(50);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, 50));
        col.reveal(50);
        vm.expectRevert(abi.encodeWithSelector(ICollection.UnknownDrop.selector, 50));
        vm.prank(regulator);
        col.moveRevealTarget(50);
    }

    // ----------------------------------------------------------------------------- reveal

    /// @dev ERC-4906: a reveal that concerns one box emits `MetadataUpdate(tokenId)`, not a
    /// `BatchMetadataUpdate` over a range of one.
    function test_reveal_ofOneBoxEmitsMetadataUpdate() public {
        uint32 dropId = createDrop(u32s(limited), u32s(1));
        mintBoxes(dropId, one(alice));
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET); // sold out: closes at once
        uint64 rb = col.drop(dropId).revealBlock;
        vm.roll(rb + 1);
        vm.setBlockhash(rb, keccak256("one box"));
        vm.recordLogs();
        col.reveal(dropId);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 2, "DropRevealed and one metadata event");
        assertEq(logs[0].topics[0], ICollection.DropRevealed.selector);
        assertEq(logs[1].emitter, address(col));
        assertEq(logs[1].topics.length, 1);
        assertEq(logs[1].topics[0], IERC4906.MetadataUpdate.selector);
        assertEq(logs[1].data, abi.encode(tid(dropId, 1)));
    }

    function test_reveal_storesTheSpecifiedSeedOnly() public {
        uint32 dropId = _drop(8, 2);
        mintBoxes(dropId, two(alice, bob));
        vm.warp(T0 + 7 days);
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 rb = uint64(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealTooEarly.selector, dropId, rb));
        col.reveal(dropId);
        vm.roll(rb);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealTooEarly.selector, dropId, rb));
        col.reveal(dropId);
        vm.roll(rb + 1);
        bytes32 bh = keccak256("the reveal block");
        vm.setBlockhash(rb, bh);
        bytes32 expected = keccak256(abi.encode(SECRET, bh, block.chainid, address(col), dropId));
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DropRevealed(dropId, expected, rb, bh);
        vm.expectEmit(true, true, true, true, address(col));
        emit IERC4906.BatchMetadataUpdate(tid(dropId, 1), tid(dropId, 10));
        vm.prank(stranger);
        col.reveal(dropId);
        assertEq(col.drop(dropId).seed, expected);
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Revealed);
        assertEq(col.edition(limited).minted, 8);
        assertEq(col.edition(hidden).minted, 2);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyRevealed.selector, dropId));
        col.reveal(dropId);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropAlreadyRevealed.selector, dropId));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
    }

    function test_reveal_requiresClosedDrop() public {
        uint32 dropId = _drop(2, 1);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotClosed.selector, dropId));
        col.reveal(dropId);
        vm.expectRevert(abi.encodeWithSelector(ICollection.DropNotClosed.selector, dropId));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
    }

    function test_reveal_windowMissedThenMoved() public {
        uint32 dropId = _drop(2, 1);
        vm.warp(T0 + 7 days);
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 rb = uint64(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowOpen.selector, dropId, rb));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
        vm.roll(rb + 256);
        vm.setBlockhash(rb, keccak256("old"));
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowOpen.selector, dropId, rb));
        vm.prank(regulator);
        col.moveRevealTarget(dropId);
        vm.roll(rb + 257);
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowMissed.selector, dropId, rb));
        col.reveal(dropId);
        vm.expectRevert(abi.encodeWithSelector(ICollection.NotConsortiumAuthority.selector, issuer));
        vm.prank(issuer);
        col.moveRevealTarget(dropId);
        vm.expectEmit(true, true, true, true, address(col));
        emit ICollection.DropRevealTargetMoved(dropId, uint64(block.number + 1));
        vm.prank(operator);
        col.moveRevealTarget(dropId);
        uint64 moved = col.drop(dropId).revealBlock;
        assertEq(moved, rb + 258);
        vm.roll(moved + 1);
        vm.setBlockhash(moved, keccak256("new"));
        col.reveal(dropId);
        assertTrue(col.dropPhase(dropId) == ICollection.DropPhase.Revealed);
    }

    function test_reveal_missingBlockHashCountsAsMissed() public {
        uint32 dropId = _drop(2, 1);
        vm.warp(T0 + 7 days);
        vm.prank(issuer);
        col.closeDrop(dropId, SECRET);
        uint64 rb = uint64(block.number + 1);
        vm.roll(rb + 1);
        vm.setBlockhash(rb, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(ICollection.RevealWindowMissed.selector, dropId, rb));
        col.reveal(dropId);
    }

    // ------------------------------------------------------------------ after the reveal

    function test_afterReveal_boxesHoldExactCountsInReservedRanges() public {
        uint32 dropId = _drop(20, 5);
        address[] memory buyers = holders(500, 25);
        verifyMany(buyers);
        mintBoxes(dropId, buyers);
        bytes32 seed = closeAndReveal(dropId, keccak256("hash"));
        uint256 hiddenSeen;
        bool[26] memory limitedSerials;
        bool[6] memory hiddenSerials;
        for (uint32 n = 1; n <= 25; ++n) {
            (uint32 editionId, uint32 serial, uint32 maxSupply) = col.serialOf(tid(dropId, n));
            uint256 position = ReferenceShuffle.permute(seed, n - 1, 25);
            if (position < 20) {
                assertEq(editionId, limited);
                assertEq(serial, position + 1);
                assertEq(maxSupply, 8888);
                assertFalse(limitedSerials[serial], "serial given twice");
                limitedSerials[serial] = true;
                assertEq(col.tokenURI(tid(dropId, n)), "ipfs://jade");
            } else {
                assertEq(editionId, hidden);
                assertEq(serial, position - 20 + 1);
                assertFalse(hiddenSerials[serial], "serial given twice");
                hiddenSerials[serial] = true;
                ++hiddenSeen;
                assertEq(col.tokenURI(tid(dropId, n)), PLACEHOLDER, "hidden URI not revealed yet");
            }
        }
        assertEq(hiddenSeen, 5);
        col.revealEditionURI(hidden, "ipfs://moon");
        for (uint32 n = 1; n <= 25; ++n) {
            if (ReferenceShuffle.permute(seed, n - 1, 25) >= 20) assertEq(col.tokenURI(tid(dropId, n)), "ipfs://moon");
        }
    }

    function test_reveal_countsBoxesBurnedBeforeItAgainstTheEditionsTheyHeld() public {
        uint32 dropId = _drop(20, 5);
        address[] memory buyers = holders(600, 25);
        verifyMany(buyers);
        mintBoxes(dropId, buyers);
        uint32[3] memory burnedBoxes = [uint32(3), 17, 24];
        vm.startPrank(compliance);
        for (uint256 i; i < burnedBoxes.length; ++i) {
            col.forceBurn(tid(dropId, burnedBoxes[i]), 3);
        }
        vm.stopPrank();
        assertEq(col.edition(limited).burned + col.edition(hidden).burned, 0, "no edition before the reveal");

        bytes32 seed = closeAndReveal(dropId, keccak256("burned boxes"));
        uint32[2] memory expected; // burned boxes that held the limited, the hidden edition
        for (uint256 i; i < burnedBoxes.length; ++i) {
            ++expected[ReferenceShuffle.permute(seed, burnedBoxes[i] - 1, 25) < 20 ? 0 : 1];
        }
        assertEq(col.edition(limited).burned, expected[0]);
        assertEq(col.edition(hidden).burned, expected[1]);
        ICollection.Edition memory l = col.edition(limited);
        ICollection.Edition memory h = col.edition(hidden);
        assertEq(col.totalSupply(), l.minted - l.burned + h.minted - h.burned, "the editions account for every token");

        (uint32 editionId,,) = col.serialOf(tid(dropId, 5));
        uint32 before = col.edition(editionId).burned;
        vm.prank(compliance);
        col.forceBurn(tid(dropId, 5), 3); // after the reveal: counted at once, and once
        assertEq(col.edition(editionId).burned, before + 1);
        assertEq(col.totalSupply(), 21);
    }

    function test_afterReveal_royaltyFollowsRevealedEdition() public {
        uint32 dropId = _drop(1, 1);
        mintBoxes(dropId, two(alice, bob));
        vm.prank(issuer);
        col.setEditionRoyalty(hidden, carol, 1000);
        closeAndReveal(dropId, keccak256("x"));
        for (uint32 n = 1; n <= 2; ++n) {
            (uint32 editionId,,) = col.serialOf(tid(dropId, n));
            (address r, uint256 amount) = col.royaltyInfo(tid(dropId, n), 10_000);
            assertEq(r, editionId == hidden ? carol : royaltyReceiver);
            assertEq(amount, editionId == hidden ? 1000 : 500);
        }
    }

    function test_afterReveal_unsoldBoxesDoNotExist() public {
        uint32 dropId = _drop(9, 1);
        mintBoxes(dropId, one(alice));
        closeAndReveal(dropId, keccak256("y"));
        assertEq(col.edition(limited).minted + col.edition(hidden).minted, 10, "every reserved serial issued");
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, tid(dropId, 2)));
        col.serialOf(tid(dropId, 2));
        assertEq(col.totalSupply(), 1);
    }

    // ---------------------------------------------------------------------------- permute

    function test_permute_matchesReferenceAndIsABijection() public view {
        bytes32 seed = keccak256("vector");
        for (uint256 count = 1; count <= 40; ++count) {
            bool[] memory seen = new bool[](count);
            for (uint256 i; i < count; ++i) {
                uint256 p = col.permute(seed, i, count);
                assertEq(p, ReferenceShuffle.permute(seed, i, count), "differs from the specification");
                assertFalse(seen[p], "not a bijection");
                seen[p] = true;
            }
        }
    }

    /// @dev Fixed vectors, computed by an independent Python implementation of the NatSpec (the
    /// client re-implements the permutation): permute(keccak256("vector"), i, n).
    function test_permute_knownVectors() public view {
        bytes32 seed = keccak256("vector");
        uint8[10] memory ten = [6, 4, 7, 8, 3, 0, 2, 5, 9, 1];
        for (uint256 i; i < 10; ++i) {
            assertEq(col.permute(seed, i, 10), ten[i]);
        }
        uint8[12] memory hundred = [52, 20, 85, 50, 19, 74, 39, 63, 98, 24, 6, 61];
        for (uint256 i; i < 12; ++i) {
            assertEq(col.permute(seed, i, 100), hundred[i]);
        }
    }

    function test_permute_rejectsIndexOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(ICollection.BoxIndexOutOfRange.selector, 5, 5));
        col.permute(bytes32(0), 5, 5);
        vm.expectRevert(abi.encodeWithSelector(ICollection.BoxIndexOutOfRange.selector, 0, 0));
        col.permute(bytes32(0), 0, 0);
    }
}
