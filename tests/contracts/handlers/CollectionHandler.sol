// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Collection} from "../../../contracts/collection/Collection.sol";
import {ICollection} from "../../../contracts/collection/ICollection.sol";
import {ConsortiumRegistry} from "../../../contracts/registry/ConsortiumRegistry.sol";
import {IConsortiumRegistry} from "../../../contracts/registry/IConsortiumRegistry.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @title CollectionHandler
/// @notice Drives a collection through random sequences of mints, transfers (by holders and by the
/// approved marketplace), KYC changes, freezes, pauses, forced moves, time, a drop's reveal and
/// redemptions. Before every transfer it computes what the policy allows; a transfer that succeeds
/// where the policy forbids it is counted in `violations`, one that fails where everything allows
/// it in `wrongRejections`.
///
/// Every run starts with a fixed opening (see {_open}) before its first action, so that every run
/// has tokens to act on and `afterInvariant` can require real work without depending on luck.
/// The handler keeps its own per-edition record of the serials it saw issued and burned, read
/// from the token ids it got back (through `serialOf`), for the supply invariant.
contract CollectionHandler is TestBase {
    Collection public immutable col;
    ConsortiumRegistry public immutable reg;
    address public immutable issuer;
    address public immutable minter;
    address public immutable officer;
    address public immutable compliance;
    address public immutable market;

    uint32 public immutable limitedA;
    uint32 public immutable limitedB;
    uint32 public immutable soulbound;
    uint32 public immutable hidden;
    uint32 public immutable dropId;
    uint32 public immutable recipeId;
    bytes32 public immutable secret;

    address[] public actors;
    uint256[] public tokens; // every token ever minted, burned ones included
    uint256 public minted;
    uint256 public burned;
    uint256 public violations;
    uint256 public wrongRejections;
    uint256 public transfers;
    uint256 public redemptions;
    bool public revealed;
    bool public opened;

    /// @dev Serials of each edition the handler saw issued: its direct and reward mints and, at the
    /// reveal, every position of the drop (boxes it minted, and the unsold ones, as the contract
    /// counts them); and the tokens of each edition it saw burned (a box burned before the reveal
    /// counts against the edition it held, once the reveal shows which).
    mapping(uint32 editionId => uint256) public issuedOf;
    mapping(uint32 editionId => uint256) public burnedOf;

    /// @dev Runs the opening before the first action of each run.
    modifier afterOpening() {
        if (!opened) _open();
        _;
    }

    constructor(
        Collection col_,
        ConsortiumRegistry reg_,
        address[7] memory roles, // issuer, minter, officer, compliance, market, -, -
        uint32[6] memory ids, // limitedA, limitedB, soulbound, hidden, dropId, recipeId
        bytes32 secret_,
        address[] memory actors_
    ) {
        col = col_;
        reg = reg_;
        issuer = roles[0];
        minter = roles[1];
        officer = roles[2];
        compliance = roles[3];
        market = roles[4];
        limitedA = ids[0];
        limitedB = ids[1];
        soulbound = ids[2];
        hidden = ids[3];
        dropId = ids[4];
        recipeId = ids[5];
        secret = secret_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev Mostly the actors verified at the start (the last one never is), so that batches
    /// succeed often; one batch in eight may include anyone and then fails as a whole.
    function _recipients(uint256 seed, uint256 n) internal view returns (address[] memory to) {
        to = new address[](n);
        uint256 pool = seed % 8 == 0 ? actors.length : actors.length - 1;
        for (uint256 i; i < n; ++i) {
            to[i] = actors[uint256(keccak256(abi.encode(seed, i))) % pool];
        }
    }

    /// @dev Records `n` tokens minted from id `first`, each under the edition its id resolves to
    /// (nothing for a box: its edition is counted at the reveal).
    function _record(uint256 first, uint256 n) internal {
        for (uint256 i; i < n; ++i) {
            uint256 id = first + i;
            tokens.push(id);
            uint32 editionId = _editionOf(id);
            if (editionId != 0) ++issuedOf[editionId];
        }
        minted += n;
    }

    /// @dev The opening, from the set-up state (not paused, the first four actors verified, every
    /// supply untouched, the drop open): a batch of three of each limited edition and three boxes
    /// to the first three actors, time past the holding period, and one holder transfer that the
    /// policy allows, checked by the same model as every other transfer. Nothing here is caught:
    /// a failure reverts the action, the run shows no opening, and `afterInvariant` fails it.
    function _open() internal {
        opened = true;
        address[] memory to = new address[](3);
        (to[0], to[1], to[2]) = (actors[0], actors[1], actors[2]);
        vm.startPrank(minter);
        uint256 firstA = col.mintBatch(limitedA, to);
        _record(firstA, 3);
        _record(col.mintBatch(limitedB, to), 3);
        _record(col.mintBoxes(dropId, to), 3);
        vm.stopPrank();
        vm.warp(block.timestamp + col.holdingPeriod());
        _transfer(firstA, actors[0], actors[1], false, false);
    }

    // ----------------------------------------------------------------------------- minting

    function mintBatch(uint256 editionSeed, uint256 count, uint256 recipientSeed) external afterOpening {
        uint32 ed = [limitedA, limitedB, soulbound][editionSeed % 3];
        address[] memory to = _recipients(recipientSeed, bound(count, 1, 3));
        vm.prank(minter);
        try col.mintBatch(ed, to) returns (uint256 first) {
            _record(first, to.length);
        } catch {}
    }

    function mintBoxes(uint256 count, uint256 recipientSeed) external afterOpening {
        address[] memory to = _recipients(recipientSeed, bound(count, 1, 3));
        vm.prank(minter);
        try col.mintBoxes(dropId, to) returns (uint256 first) {
            _record(first, to.length);
        } catch {}
    }

    // --------------------------------------------------------------------------- transfers

    /// @dev Half of the holders whose token is still in its holding period wait it out first (as
    /// a real holder would), so that transfers succeed often; the others try at once.
    function transfer(uint256 tokenSeed, uint256 toSeed, bool viaMarket, bool safe) external afterOpening {
        (uint256 id, address from) = _liveToken(tokenSeed);
        if (from == address(0)) return;
        address to = actors[toSeed % (toSeed % 8 == 0 ? actors.length : actors.length - 1)];
        uint64 readyAt = col.transferableAt(id);
        if (block.timestamp < readyAt && uint256(keccak256(abi.encode(tokenSeed, toSeed))) % 2 == 0) {
            vm.warp(readyAt);
        }
        _transfer(id, from, to, viaMarket, safe);
    }

    function _transfer(uint256 id, address from, address to, bool viaMarket, bool safe) internal {
        address caller = from;
        if (viaMarket) {
            vm.prank(from);
            col.approve(market, id);
            caller = market;
        }
        bool allowed = _policyAllows(id, from, to);
        ICollection.TokenState memory before = col.tokenState(id);
        vm.prank(caller);
        bool ok;
        if (safe) {
            try col.safeTransferFrom(from, to, id) {
                ok = true;
            } catch {}
        } else {
            try col.transferFrom(from, to, id) {
                ok = true;
            } catch {}
        }
        if (ok && !allowed) ++violations;
        if (!ok && allowed) ++wrongRejections;
        if (ok) {
            ++transfers;
            ICollection.TokenState memory s = col.tokenState(id);
            if (
                s.owner != to || s.acquiredAt != block.timestamp || s.transferCount != before.transferCount + 1
                    || s.moveCount != (before.moveCount + 1) % (1 << 22)
            ) ++violations;
        }
    }

    /// @dev What the transfer policy says, computed from public state only.
    function _policyAllows(uint256 id, address from, address to) internal view returns (bool) {
        ICollection.TokenState memory s = col.tokenState(id);
        uint32 cap = col.maxTransfers();
        return !col.paused() && !s.frozen && !col.locked(id) && block.timestamp >= col.transferableAt(id)
            && (cap == 0 || s.transferCount < cap) && reg.isVerified(from) && reg.isVerified(to)
            && reg.isApprovedOperator(market);
    }

    /// @dev The first token still in existence from a random starting point, with its owner.
    function _liveToken(uint256 seed) internal view returns (uint256 id, address owner) {
        uint256 n = tokens.length;
        for (uint256 k; k < n; ++k) {
            id = tokens[(seed % n + k) % n];
            owner = _ownerOrZero(id);
            if (owner != address(0)) return (id, owner);
        }
    }

    function _ownerOrZero(uint256 id) internal view returns (address) {
        try col.ownerOf(id) returns (address owner) {
            return owner;
        } catch {
            return address(0);
        }
    }

    // ------------------------------------------------------------------- world changes

    function warp(uint256 secondsAhead) external afterOpening {
        vm.warp(block.timestamp + bound(secondsAhead, 30 minutes, 6 hours));
        vm.roll(block.number + 1);
    }

    /// @dev Revokes one call in four, approves (or renews) otherwise.
    function setKyc(uint256 actorSeed, uint256 seed) external afterOpening {
        address[] memory who = new address[](1);
        who[0] = _actor(actorSeed);
        vm.prank(officer);
        if (seed % 4 != 0) {
            uint64[] memory exp = new uint64[](1);
            exp[0] = uint64(block.timestamp + 30 days);
            uint8[] memory tiers = new uint8[](1);
            reg.approveKyc(who, exp, tiers);
        } else {
            reg.revokeKyc(who);
        }
    }

    /// @dev Freezes one call in three, lifts the freeze otherwise.
    function setAccountFreeze(uint256 actorSeed, uint256 seed) external afterOpening {
        address[] memory who = new address[](1);
        who[0] = _actor(actorSeed);
        vm.prank(compliance);
        reg.setAccountFreeze(who, IConsortiumRegistry.FreezeAuthority.Issuer, seed % 3 == 0);
    }

    function setTokenFrozen(uint256 tokenSeed, uint256 seed) external afterOpening {
        if (tokens.length == 0) return;
        uint256 id = tokens[tokenSeed % tokens.length];
        if (_ownerOrZero(id) == address(0)) return;
        vm.prank(compliance);
        col.setTokenFrozen(id, seed % 3 == 0, 1);
    }

    /// @dev Pauses one call in four, so that runs spend most of their time unpaused.
    function setPaused(uint256 seed) external afterOpening {
        vm.prank(compliance);
        if (seed % 4 == 0) col.pause();
        else col.unpause();
    }

    function forceTransfer(uint256 tokenSeed, uint256 toSeed) external afterOpening {
        if (tokens.length == 0) return;
        uint256 id = tokens[tokenSeed % tokens.length];
        address from = _ownerOrZero(id);
        if (from == address(0)) return;
        address to = _actor(toSeed);
        bool verified = reg.isVerified(to);
        ICollection.TokenState memory before = col.tokenState(id);
        vm.prank(compliance);
        try col.forceTransfer(id, to, 2) {
            // A forced move restarts the holding period and counts as a move, not as a transfer.
            ICollection.TokenState memory s = col.tokenState(id);
            if (
                !verified || s.owner != to || s.acquiredAt != block.timestamp
                    || s.transferCount != before.transferCount || s.moveCount != (before.moveCount + 1) % (1 << 22)
            ) ++violations;
        } catch {
            if (verified) ++wrongRejections;
        }
    }

    function forceBurn(uint256 tokenSeed) external afterOpening {
        if (tokens.length == 0) return;
        uint256 id = tokens[tokenSeed % tokens.length];
        if (_ownerOrZero(id) == address(0)) return;
        uint32 editionId = _editionOf(id); // 0 for a box before the reveal
        vm.prank(compliance);
        col.forceBurn(id, 3);
        ++burned;
        if (editionId != 0) ++burnedOf[editionId];
    }

    // ------------------------------------------------------------------- drop and redeem

    function closeAndReveal(bytes32 blockHash) external afterOpening {
        if (revealed) return;
        ICollection.Drop memory d = col.drop(dropId);
        if (d.revealBlock == 0) {
            if (d.minted < d.boxCount && block.timestamp < d.closesAt) return;
            vm.prank(issuer);
            col.closeDrop(dropId, secret);
            d.revealBlock = col.drop(dropId).revealBlock;
        }
        vm.roll(d.revealBlock + 1);
        if (blockHash == 0) blockHash = keccak256("h");
        vm.setBlockhash(d.revealBlock, blockHash);
        col.reveal(dropId);
        revealed = true;
        _recordReveal();
    }

    /// @dev At the reveal the contract issues every serial the drop reserved: the edition of each
    /// box the handler minted that still exists, from `serialOf`; of a box burned before the reveal
    /// or never sold, from the published permutation and the drop's counts.
    function _recordReveal() internal {
        ICollection.Drop memory d = col.drop(dropId);
        for (uint32 n = 1; n <= d.boxCount; ++n) {
            uint256 id = (uint256(dropId) << 32) | n;
            bool exists = n <= d.minted && _ownerOrZero(id) != address(0);
            uint32 editionId = exists ? _editionOf(id) : 0;
            if (editionId == 0) {
                uint256 position = col.permute(d.seed, n - 1, d.boxCount);
                uint256 k;
                for (uint256 end = d.counts[0]; position >= end; end += d.counts[k]) {
                    ++k;
                }
                editionId = d.editionIds[k];
            }
            ++issuedOf[editionId];
            if (n <= d.minted && !exists) ++burnedOf[editionId]; // a box burned before the reveal
        }
    }

    function redeem(uint256 actorSeed) external afterOpening {
        address holder = _actor(actorSeed);
        uint256 a;
        uint256 b;
        for (uint256 i; i < tokens.length && (a == 0 || b == 0); ++i) {
            uint256 id = tokens[i];
            if (_ownerOrZero(id) != holder) continue;
            uint32 editionId = _editionOf(id);
            if (editionId == limitedA && a == 0) a = id;
            else if (editionId == limitedB && b == 0) b = id;
        }
        if (a == 0 || b == 0) return;
        uint256[] memory set = new uint256[](2);
        set[0] = a;
        set[1] = b;
        bool blocked = col.paused() || col.tokenState(a).frozen || col.tokenState(b).frozen || !reg.isVerified(holder);
        vm.prank(holder);
        try col.redeem(recipeId, set) returns (uint256 rewardId) {
            if (blocked) ++violations;
            _record(rewardId, 1);
            burned += 2;
            ++burnedOf[limitedA];
            ++burnedOf[limitedB];
            ++redemptions;
        } catch {}
    }

    function _editionOf(uint256 id) internal view returns (uint32) {
        try col.serialOf(id) returns (uint32 editionId, uint32, uint32) {
            return editionId;
        } catch {
            return 0;
        }
    }
}
