// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../contracts/collection/ICollection.sol";
import {CollectionFixture} from "./utils/CollectionFixture.sol";
import {CollectionHandler} from "./handlers/CollectionHandler.sol";

contract CollectionInvariantTest is CollectionFixture {
    CollectionHandler internal handler;
    uint32[4] internal eds;
    uint32 internal dropId;

    function setUp() public override {
        super.setUp();
        vm.prank(issuer);
        col.setTransferPolicy(1 hours, 4);
        uint32 a = createLimited(40);
        uint32 b = createLimited(40);
        ICollection.EditionConfig memory c = limitedConfig(15);
        c.soulbound = true;
        uint32 sb = createEdition(c);
        uint32 hid = createHidden(8);
        ICollection.DropConfig memory dc = dropConfig(u32s(b, hid), u32s(16, 4));
        dc.closesAt = uint64(block.timestamp + 8 hours);
        vm.prank(issuer);
        dropId = col.createDrop(dc);
        vm.prank(issuer);
        uint32 recipeId = col.createRecipe(u32s(a, b), hid);
        eds = [a, b, sb, hid];

        address[] memory actors = new address[](5);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = carol;
        actors[3] = makeAddr("dave");
        actors[4] = makeAddr("erin");
        verify(actors[3]); // erin starts without KYC
        handler = new CollectionHandler(
            col,
            reg,
            [issuer, minter, officer, compliance, market, address(0), address(0)],
            [a, b, sb, hid, dropId, recipeId],
            SECRET,
            actors
        );
        targetContract(address(handler));
    }

    /// @dev Checked against the handler's own record of what it minted and burned (read from the
    /// token ids it got back), not only against the contract's counters.
    function invariant_supplyCapsHold() public view {
        for (uint256 i; i < eds.length; ++i) {
            ICollection.Edition memory e = col.edition(eds[i]);
            uint256 issued = handler.issuedOf(eds[i]);
            uint256 burnedHere = handler.burnedOf(eds[i]);
            assertLe(issued, e.maxSupply, "the handler saw more serials issued than the maximum supply");
            assertLe(burnedHere, issued, "the handler burned more than it saw issued");
            assertEq(issued - burnedHere, uint256(e.minted) - e.burned, "handler's issued - burned = minted - burned");
            assertEq(issued, e.minted, "the handler's count of issued serials");
            assertLe(e.burned, e.minted, "burned <= minted");
            assertLe(e.minted, e.allocated, "minted <= allocated");
            assertLe(e.allocated, e.maxSupply, "allocated <= maxSupply");
        }
    }

    /// @dev After the reveal every token belongs to an edition, burned boxes included; the drop's
    /// unsold boxes count as minted (their serials are issued, never to be reused) and never existed.
    function invariant_editionsAccountForEveryTokenAfterReveal() public view {
        if (!handler.revealed()) return;
        uint256 live;
        for (uint256 i; i < eds.length; ++i) {
            ICollection.Edition memory e = col.edition(eds[i]);
            live += uint256(e.minted) - e.burned;
        }
        ICollection.Drop memory d = col.drop(dropId);
        assertEq(live - (d.boxCount - d.minted), col.totalSupply(), "editions' minted - burned - unsold boxes");
    }

    function invariant_noTransferBypassesPolicy() public view {
        assertEq(handler.violations(), 0, "a move the policy forbids succeeded");
        assertEq(handler.wrongRejections(), 0, "a move the policy allows failed");
    }

    function invariant_balancesSumToTotalSupply() public view {
        uint256 sum;
        for (uint256 i; i < handler.actorCount(); ++i) {
            sum += col.balanceOf(handler.actors(i));
        }
        assertEq(sum, col.totalSupply(), "sum of balances");
        assertEq(col.totalSupply(), handler.minted() - handler.burned(), "minted - burned");
    }

    /// @dev After the reveal, the drop's permutation gives each edition exactly its planned count,
    /// and every existing box resolves to a distinct serial inside its edition's reserved range.
    function invariant_revealedDropHoldsPlannedCounts() public view {
        ICollection.Drop memory d = col.drop(dropId);
        if (d.seed == 0) return;
        uint256[2] memory got;
        for (uint256 box; box < d.boxCount; ++box) {
            uint256 p = col.permute(d.seed, box, d.boxCount);
            ++got[p < d.counts[0] ? 0 : 1];
        }
        assertEq(got[0], d.counts[0], "planned count of the first edition");
        assertEq(got[1], d.counts[1], "planned count of the second edition");
        bool[64] memory used;
        for (uint32 n = 1; n <= d.minted; ++n) {
            uint256 id = (uint256(dropId) << 32) | n;
            if (!_exists(id)) continue;
            (uint32 editionId, uint32 serial,) = col.serialOf(id);
            uint256 k = editionId == d.editionIds[0] ? 0 : 1;
            assertEq(editionId, d.editionIds[k], "a drop edition");
            assertGe(serial, d.firstSerials[k], "inside the reservation");
            assertLt(serial, d.firstSerials[k] + d.counts[k], "inside the reservation");
            uint256 slot = k * 32 + (serial - d.firstSerials[k]);
            assertFalse(used[slot], "serial twice");
            used[slot] = true;
        }
    }

    /// @dev Forge calls this after each run: the run must have done real work, or the invariants
    /// above would hold vacuously. The handler's opening guarantees it unless minting or an allowed
    /// transfer is broken, so these fail only then, never by the luck of the draw.
    function afterInvariant() external view {
        assertTrue(handler.opened(), "no action of the run got past the handler's opening");
        assertGe(handler.minted(), 9, "the opening's nine mints succeeded");
        assertGt(handler.issuedOf(eds[0]), 0, "edition tokens were recorded");
        assertGt(handler.transfers(), 0, "at least one holder transfer succeeded");
        assertEq(handler.wrongRejections(), 0, "an allowed move failed");
        log("transfers", handler.transfers());
        log("redemptions", handler.redemptions());
        log("revealed", handler.revealed() ? 1 : 0);
        log("tokens", handler.tokenCount());
    }

    /// @dev The handler does real work: mints, holder and marketplace transfers, the reveal and a
    /// redemption all succeed in a short scripted run.
    function test_handlerDoesRealWork() public {
        handler.mintBatch(0, 3, 1); // limited A
        handler.mintBatch(1, 3, 1); // limited B
        handler.mintBatch(0, 3, 9);
        handler.mintBatch(1, 3, 9);
        handler.mintBoxes(4, 3);
        handler.warp(2 hours);
        for (uint256 i; i < 6; ++i) {
            handler.transfer(i, i + 1, i % 2 == 0, i % 3 == 0);
        }
        assertGt(handler.tokenCount(), 0, "minted");
        assertGt(handler.transfers(), 0, "transferred");
        vm.warp(block.timestamp + 8 hours);
        handler.closeAndReveal(keccak256("x"));
        assertTrue(handler.revealed(), "revealed");
        for (uint256 i; i < handler.actorCount(); ++i) {
            handler.redeem(i);
        }
        assertGt(handler.redemptions(), 0, "redeemed");
        assertEq(handler.violations(), 0, "violations");
        assertEq(handler.wrongRejections(), 0, "wrong rejections");
        invariant_revealedDropHoldsPlannedCounts();
        invariant_balancesSumToTotalSupply();
        invariant_supplyCapsHold();
    }

    function _exists(uint256 id) internal view returns (bool) {
        try col.ownerOf(id) returns (address) {
            return true;
        } catch {
            return false;
        }
    }
}
