// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../contracts/collection/ICollection.sol";
import {TokenData} from "../../contracts/collection/libraries/TokenData.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";
import {ReferenceShuffle} from "./utils/ReferenceShuffle.sol";

contract CollectionFuzzTest is CollectionFixture {
    // ------------------------------------------------------------------ token ids and data

    function testFuzz_tokenIdRoundTrip(uint32 series, uint32 number) public pure {
        uint256 id = TokenData.tokenId(series, number);
        assertEq(TokenData.seriesOf(id), series);
        assertEq(TokenData.numberOf(id), number);
        assertLt(id, 2 ** 64, "ids stay below 2**64");
    }

    function testFuzz_seriesOfRejectsIdsNoTokenCanHave(uint256 id) public pure {
        vm.assume(id >> 64 != 0);
        assertEq(TokenData.seriesOf(id), 0);
    }

    function testFuzz_serialOfRoundTrip(uint32 maxSupply, uint8 before, uint8 batch, uint256 pick) public {
        maxSupply = uint32(bound(maxSupply, 1, type(uint32).max));
        uint256 n = bound(batch, 1, 40);
        vm.assume(uint256(before) + n <= maxSupply);
        uint32 ed = createLimited(maxSupply);
        if (before > 0) mint(ed, _repeat(alice, before));
        uint256 first = mint(ed, _repeat(bob, n));
        uint256 id = first + bound(pick, 0, n - 1);
        (uint32 editionId, uint32 serial, uint32 max) = col.serialOf(id);
        assertEq(editionId, ed);
        assertEq(max, maxSupply);
        assertEq(id, (uint256(editionId) << 32) | serial, "token id encodes edition and serial");
        assertGe(serial, uint256(before) + 1, "serial after earlier mints");
        assertLe(serial, uint256(before) + n, "serial within the batch");
    }

    /// @dev The move counter (bits 40..61) advances by one, wraps at `2**22`, and the update
    /// leaves no bit of another field set (the caller ORs it into the cleared field).
    function testFuzz_moveCounterStaysInItsField(uint96 extra) public pure {
        uint256 next = TokenData.nextMoves(extra);
        assertEq(next & ~TokenData.MOVES_MASK, 0, "no bit outside the counter");
        assertEq(TokenData.moveCount(next), (uint256(TokenData.moveCount(extra)) + 1) % (1 << 22), "plus one");
        assertEq(TokenData.nextMoves(TokenData.MOVES_MASK), 0, "wraps");
    }

    function testFuzz_packedStateRoundTrip(uint64 warpTo, uint8 transfers, bool frozen) public {
        warpTo = uint64(bound(warpTo, T0, (1 << 40) - 1)); // the acquisition time's 40 bits
        vm.warp(warpTo);
        uint32 ed = createLimited(10);
        verifyUntil(alice, type(uint64).max);
        verifyUntil(bob, type(uint64).max);
        uint256 id = mintOne(ed, alice);
        vm.prank(issuer);
        col.setTransferPolicy(0, 0);
        uint256 moves = bound(transfers, 0, 12);
        for (uint256 i; i < moves; ++i) {
            (address from, address to) = i % 2 == 0 ? (alice, bob) : (bob, alice);
            vm.prank(from);
            col.transferFrom(from, to, id);
        }
        if (frozen) {
            vm.prank(compliance);
            col.setTokenFrozen(id, true, 1);
        }
        ICollection.TokenState memory s = col.tokenState(id);
        assertEq(s.owner, moves % 2 == 0 ? alice : bob);
        assertEq(s.acquiredAt, warpTo);
        assertEq(s.transferCount, moves);
        assertEq(s.moveCount, moves);
        assertEq(s.frozen, frozen);
        assertFalse(col.locked(id));
    }

    // --------------------------------------------------------------------------- supply caps

    function testFuzz_mintNeverPassesMaxSupply(uint16 maxSupply, uint8[6] memory batches) public {
        maxSupply = uint16(bound(maxSupply, 1, 200));
        uint32 ed = createLimited(maxSupply);
        uint256 allocated;
        for (uint256 i; i < batches.length; ++i) {
            uint256 n = bound(batches[i], 1, 60);
            if (allocated + n > maxSupply) {
                vm.prank(minter);
                vm.expectRevert(
                    abi.encodeWithSelector(ICollection.EditionSoldOut.selector, ed, maxSupply, n, maxSupply - allocated)
                );
                col.mintBatch(ed, _repeat(alice, n));
            } else {
                mint(ed, _repeat(alice, n));
                allocated += n;
            }
            ICollection.Edition memory e = col.edition(ed);
            assertEq(e.allocated, allocated);
            assertLe(e.minted, e.allocated, "minted <= allocated");
            assertLe(e.allocated, e.maxSupply, "allocated <= maxSupply");
        }
        assertEq(col.balanceOf(alice), allocated);
    }

    function testFuzz_dropReservationsAndDirectMintsShareTheCap(uint16 maxSupply, uint16 reserve, uint16 direct)
        public
    {
        maxSupply = uint16(bound(maxSupply, 2, 300));
        reserve = uint16(bound(reserve, 1, maxSupply));
        direct = uint16(bound(direct, 1, 100));
        uint32 ed = createLimited(maxSupply);
        uint32 dropId = createDrop(u32s(ed), u32s(reserve));
        uint256 left = maxSupply - reserve;
        if (direct > left) {
            vm.prank(minter);
            vm.expectRevert(abi.encodeWithSelector(ICollection.EditionSoldOut.selector, ed, maxSupply, direct, left));
            col.mintBatch(ed, _repeat(alice, direct));
        } else {
            uint256 first = mint(ed, _repeat(alice, direct));
            assertEq(first, tid(ed, reserve + 1), "direct serials start after the reservation");
        }
        assertEq(col.drop(dropId).firstSerials[0], 1);
        assertLe(col.edition(ed).allocated, maxSupply, "allocated <= maxSupply");
    }

    // ------------------------------------------------------------------------- permutation

    /// @dev For random seeds, sizes and splits, the permutation is a bijection that gives each
    /// edition exactly its planned count, and matches the written specification.
    function testFuzz_permutationIsBijectionWithExactCounts(bytes32 seed, uint16[4] memory rawCounts) public view {
        uint256[4] memory counts;
        uint256 total;
        for (uint256 i; i < 4; ++i) {
            counts[i] = bound(rawCounts[i], 0, 60);
            total += counts[i];
        }
        vm.assume(total > 0);
        bool[] memory seen = new bool[](total);
        uint256[4] memory got;
        for (uint256 box; box < total; ++box) {
            uint256 p = col.permute(seed, box, total);
            assertLt(p, total, "in range");
            assertFalse(seen[p], "collision");
            seen[p] = true;
            uint256 start;
            for (uint256 e; e < 4; ++e) {
                if (p < start + counts[e]) {
                    ++got[e];
                    break;
                }
                start += counts[e];
            }
            if (box < 8) assertEq(p, ReferenceShuffle.permute(seed, box, total), "specification");
        }
        for (uint256 e; e < 4; ++e) {
            assertEq(got[e], counts[e], "exact per-edition count");
        }
    }

    function testFuzz_permuteLargeDomains(bytes32 seed, uint32 count, uint32 index) public view {
        count = uint32(bound(count, 1, type(uint32).max));
        index = uint32(bound(index, 0, count - 1));
        uint256 p = col.permute(seed, index, count);
        assertLt(p, count, "in range");
        assertEq(p, ReferenceShuffle.permute(seed, index, count), "specification");
    }

    /// @dev A whole drop, minted out and revealed: every box resolves into its edition's reserved
    /// range, each serial once, each edition exactly its count.
    function testFuzz_revealedDropHoldsThePlan(uint8 c1, uint8 c2, uint8 c3, bytes32 blockHash) public {
        uint32[3] memory counts = [uint32(bound(c1, 1, 20)), uint32(bound(c2, 1, 10)), uint32(bound(c3, 1, 5))];
        uint32[] memory eds = new uint32[](3);
        uint32[] memory cs = new uint32[](3);
        for (uint256 i; i < 3; ++i) {
            eds[i] = i == 2 ? createHidden(50) : createLimited(50);
            cs[i] = counts[i];
        }
        mint(eds[0], one(carol)); // serial 1 of the first edition is taken before the drop
        uint32 dropId = createDrop(eds, cs);
        uint32 total = counts[0] + counts[1] + counts[2];
        mintBoxes(dropId, _repeat(alice, total));
        vm.assume(blockHash != 0);
        closeAndReveal(dropId, blockHash);
        uint256[3] memory got;
        bool[51][3] memory used;
        for (uint32 n = 1; n <= total; ++n) {
            (uint32 editionId, uint32 serial,) = col.serialOf(tid(dropId, n));
            uint256 e = editionId - eds[0];
            assertLt(e, 3, "a drop edition");
            uint256 first = e == 0 ? 2 : 1;
            assertGe(serial, first, "inside the reserved range");
            assertLt(serial, first + counts[e], "inside the reserved range");
            assertFalse(used[e][serial], "serial twice");
            used[e][serial] = true;
            ++got[e];
        }
        for (uint256 e; e < 3; ++e) {
            assertEq(got[e], counts[e], "exact count");
            assertEq(col.edition(eds[e]).minted, counts[e] + (e == 0 ? 1 : 0), "minted counts the reveal");
        }
    }

    function _repeat(address who, uint256 n) internal pure returns (address[] memory xs) {
        xs = new address[](n);
        for (uint256 i; i < n; ++i) {
            xs[i] = who;
        }
    }
}
