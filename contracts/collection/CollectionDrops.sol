// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "./ICollection.sol";
import {CollectionEditions} from "./CollectionEditions.sol";
import {FeistelShuffle} from "./libraries/FeistelShuffle.sol";
import {TokenData} from "./libraries/TokenData.sol";

/// @title CollectionDrops
/// @notice Blind-box drops with a commit-reveal that neither the issuer nor anyone else can steer.
///
/// Design:
/// 1. Commit. {createDrop} fixes `commitment = keccak256(abi.encode(secret))` before `opensAt`,
///    together with the editions, their counts and the serial range each edition reserves for the
///    drop (so the drop can never oversell an edition, whatever else is minted later).
/// 2. Sell. {mintBoxes} hands out boxes `1, 2, ...` while the drop is open. A box carries no
///    edition: nothing about the outcome exists yet.
/// 3. Close. When every box is sold or `closesAt` has passed, the issuer publishes `secret` with
///    {closeDrop}, which fixes `revealBlock = block.number + 1`: a block that does not exist yet.
///    If the issuer stays silent `REVEAL_DEADLINE` past `closesAt`, anyone may call
///    {closeDropAfterDeadline}, and the commitment stands in for the secret.
/// 4. Reveal. Once `revealBlock` is mined, and while its hash is available (256 blocks), anyone
///    calls {reveal}: `seed = keccak256(abi.encode(secret, blockhash(revealBlock), block.chainid,
///    address(this), dropId))` is stored, and nothing else per box, so the reveal costs the same
///    for 100 or 10,000 boxes. Box `n` holds position `permute(seed, n - 1, boxCount)` of the
///    planned list (each edition's count in drop order), derived whenever it is read.
///    {moveRevealTarget} re-targets a reveal block whose 256-block window was missed: the
///    consortium's regulator or operator only, never the issuer.
///
/// Trust assumptions:
/// - The issuer cannot choose the outcome: it is bound to the secret by the commitment, and the
///   block hash that completes the seed does not exist when the secret is published.
/// - Withholding the secret gives the issuer nothing: the deadline path's outcome is just as
///   unknown to it when it decides to stay silent.
/// - Residual: the validator that proposes `revealBlock` on a permissioned (QBFT/PBFT) chain knows
///   the secret (published one block earlier) and could try block variants (contents, order,
///   timestamp) until the hash suits it. Proposer order is predictable on such chains, so an issuer
///   that also runs a validator could time its close to propose the reveal block itself. The
///   consortium's validators are trusted for this one block; the outcome stays checkable after
///   the fact, so a grinding validator cannot hide what it did from an audit of the seed.
/// - A missed window is not a second draw for the issuer. Once `revealBlock` is mined, anyone who
///   knows the secret (published at close) can compute the seed {reveal} would store. Where the
///   bank's systems are the only ones that send transactions for its customers, its silence alone
///   would let the window lapse after it saw that outcome; so only the consortium's regulator or
///   operator may call {moveRevealTarget}, which targets a new block and draws a new seed. {reveal}
///   itself has no access control (the client library reveals as soon as it can).
/// - Residual: a second draw by collusion or censorship. A regulator or operator that moves the
///   target after a lapse the issuer arranged, or a party able to keep every {reveal} out of the
///   chain for the whole window (the validator set, the only gateway node) together with one of
///   them, gets a second draw. They are trusted not to; a {DropRevealTargetMoved} event is the
///   public trace of a missed window, to be audited.
/// - Anyone can verify the outcome from chain data: the commitment, the secret and the seed are in
///   the drop's events, and {permute} is specified exactly.
/// - Unsold boxes (a drop closed after `closesAt`) keep their positions: their serials are issued
///   to nobody, and the planned counts hold over all `boxCount` positions.
abstract contract CollectionDrops is CollectionEditions {
    /// @inheritdoc ICollection
    uint64 public constant REVEAL_DEADLINE = _REVEAL_DEADLINE;

    /// @inheritdoc ICollection
    /// @dev Boxes are numbered in mint order from 1. Reverts with {DropNotOpen} before `opensAt`,
    /// from `closesAt`, or once closed; {DropSoldOut} when fewer boxes are left than requested.
    function mintBoxes(uint32 dropId, address[] calldata recipients)
        external
        nonReentrant
        onlyRole(MINTER_ROLE)
        returns (uint256 firstTokenId)
    {
        uint256 n = recipients.length;
        if (n == 0) revert EmptyBatch();
        _requireNotPaused();
        DropData storage d = _drop(dropId);
        if (d.revealBlock != 0 || block.timestamp < d.opensAt || block.timestamp >= d.closesAt) {
            revert DropNotOpen(dropId, _phase(d));
        }
        uint32 boxCount = d.boxCount;
        uint32 minted = d.minted;
        // Cannot underflow: `minted <= boxCount` always holds.
        uint32 available;
        unchecked {
            available = boxCount - minted;
        }
        if (n > available) {
            revert DropSoldOut(dropId, boxCount, _clamp32(n), available);
        }
        // Cannot overflow: `n <= available`.
        unchecked {
            d.minted = minted + uint32(n);
            firstTokenId = _issue(dropId, minted + 1, recipients, d.walletCap, false);
        }
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {DropNotClosed}, {DropAlreadyRevealed}, {RevealTooEarly} (`block.number <=
    /// revealBlock`) or {RevealWindowMissed} (`block.number > revealBlock + 256`, or no hash).
    /// Adds each edition's planned count to its `minted`, and to its `burned` each box burned before
    /// the reveal that held it (a compliance burn: the loop is as long as such burns, not the drop).
    function reveal(uint32 dropId) external {
        DropData storage d = _drop(dropId);
        uint64 revealBlock = d.revealBlock;
        if (revealBlock == 0) revert DropNotClosed(dropId);
        if (d.seed != 0) revert DropAlreadyRevealed(dropId);
        if (block.number <= revealBlock) revert RevealTooEarly(dropId, revealBlock);
        bytes32 blockHash = blockhash(revealBlock);
        if (block.number > revealBlock + _BLOCKHASH_WINDOW || blockHash == 0) {
            revert RevealWindowMissed(dropId, revealBlock);
        }
        // A zero seed (probability 2**-256) is treated as impossible: zero means "not revealed".
        bytes32 seed = keccak256(abi.encode(d.secret, blockHash, block.chainid, address(this), dropId));
        d.seed = seed;
        DropEntry[] storage entries = d.entries;
        for (uint256 i; i < entries.length; ++i) {
            DropEntry storage entry = entries[i];
            // Cannot overflow: the drop reserved `count` serials below the edition's maximum.
            unchecked {
                _editions[entry.editionId].minted += entry.count;
            }
        }
        uint32[] storage burnedBoxes = d.burnedBeforeReveal;
        for (uint256 i; i < burnedBoxes.length; ++i) {
            (uint32 editionId,) = _boxContent(d, burnedBoxes[i]);
            // Cannot overflow: each box was minted once and burned once, and its edition counts it as minted.
            unchecked {
                ++_editions[editionId].burned;
            }
        }
        emit DropRevealed(dropId, seed, revealBlock, blockHash);
        _metadataUpdated(dropId, d.boxCount);
    }

    // ----------------------------------------------------------------------------- queries

    /// @inheritdoc ICollection
    function permute(bytes32 seed, uint256 boxIndex, uint256 boxCount) external pure returns (uint256) {
        return FeistelShuffle.permute(seed, boxIndex, boxCount);
    }

    /// @inheritdoc ICollection
    function drop(uint32 dropId) external view returns (Drop memory view_) {
        DropData storage d = _drop(dropId);
        uint256 n = d.entries.length;
        view_.editionIds = new uint32[](n);
        view_.counts = new uint32[](n);
        view_.firstSerials = new uint32[](n);
        for (uint256 i; i < n; ++i) {
            DropEntry storage entry = d.entries[i];
            view_.editionIds[i] = entry.editionId;
            view_.counts[i] = entry.count;
            view_.firstSerials[i] = entry.firstSerial;
        }
        view_.name = d.name;
        view_.commitment = d.commitment;
        view_.opensAt = d.opensAt;
        view_.closesAt = d.closesAt;
        view_.boxCount = d.boxCount;
        view_.minted = d.minted;
        view_.walletCap = d.walletCap;
        view_.secret = d.secret;
        view_.revealBlock = d.revealBlock;
        view_.seed = d.seed;
        view_.placeholderURI = d.placeholderURI;
    }

    /// @inheritdoc ICollection
    function dropPhase(uint32 dropId) external view returns (DropPhase) {
        return _phase(_drop(dropId));
    }

    /// @inheritdoc ICollection
    function dropRevealBlock(uint32 dropId) external view returns (uint64) {
        return _drop(dropId).revealBlock;
    }

    function _phase(DropData storage d) internal view returns (DropPhase) {
        if (d.seed != 0) return DropPhase.Revealed;
        if (d.revealBlock != 0) return DropPhase.Closed;
        if (block.timestamp < d.opensAt) return DropPhase.Scheduled;
        if (block.timestamp >= d.closesAt || d.minted == d.boxCount) return DropPhase.Ended;
        return DropPhase.Open;
    }

    /// @dev The edition and serial that box `number` (1 to `boxCount`) of revealed drop `d` holds.
    /// The loop ends: `position < boxCount`, the sum of the counts.
    function _boxContent(DropData storage d, uint32 number) internal view returns (uint32 editionId, uint32 serial) {
        uint256 position = FeistelShuffle.permute(d.seed, number - 1, d.boxCount);
        DropEntry[] storage entries = d.entries;
        uint256 start = 0;
        for (uint256 i;; ++i) {
            DropEntry storage entry = entries[i];
            uint256 end = start + entry.count;
            if (position < end) {
                // Cannot overflow: `position - start < count`, a range reserved below a uint32 maximum.
                unchecked {
                    return (entry.editionId, entry.firstSerial + uint32(position - start));
                }
            }
            start = end;
        }
    }

    /// @dev See {CollectionToken-_burnedBeforeReveal}.
    function _burnedBeforeReveal(uint256 id) internal override {
        _drops[TokenData.seriesOf(id)].burnedBeforeReveal.push(TokenData.numberOf(id));
    }

    /// @dev See {CollectionToken-_resolve}.
    function _resolve(uint256 id) internal view override returns (uint32, uint32) {
        uint32 seriesId = TokenData.seriesOf(id);
        uint32 number = TokenData.numberOf(id);
        if (_editions[seriesId].maxSupply != 0) return (seriesId, number);
        DropData storage d = _drops[seriesId];
        if (d.seed == 0 || number == 0 || number > d.boxCount) return (0, 0);
        return _boxContent(d, number);
    }
}
