// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title TokenData
/// @notice Token id encoding and the layout of the 96 bits of per-token data that solady's ERC721
/// packs next to the owner in the token's ownership slot.
///
/// Token id: `tokenId = (uint256(seriesId) << 32) | number`, so every id is below `2**64`; the
/// series is an edition (`number` is the serial, from 1) or a drop (`number` is the box number).
///
/// Extra data (bit 0 is the least significant):
/// - [0..39]  acquisition time of the current holder (seconds; 40 bits hold any timestamp before
///            the year 36812, and the timestamp is masked so it can never spill into the fields above)
/// - [40..61] changes of holder so far: transfers and forced moves (wraps at `2**22`); a listing
///            records it, so a token that leaves the seller and comes back, by any path and within
///            the same second, never revives the listing
/// - [62..93] transfers between holders so far (saturates at `type(uint32).max`); forced moves
///            are not counted, so a compliance recovery never uses up a holder's transfer cap
/// - [94]     frozen by a compliance authority
/// - [95]     soulbound (copied at mint from the edition, whose flag never changes)
/// A token minted now to a transferable edition has extra data `block.timestamp`: one OR, no reads.
library TokenData {
    uint256 internal constant ACQUIRED_MASK = (1 << 40) - 1;
    uint256 internal constant MOVES_SHIFT = 40;
    uint256 internal constant MOVES_MASK = ((1 << 22) - 1) << MOVES_SHIFT;
    uint256 internal constant MOVE_ONE = 1 << MOVES_SHIFT;
    uint256 internal constant COUNT_SHIFT = 62;
    uint256 internal constant COUNT_MASK = 0xffffffff;
    uint256 internal constant FROZEN = 1 << 94;
    uint256 internal constant SOULBOUND = 1 << 95;

    function tokenId(uint32 seriesId, uint32 number) internal pure returns (uint256) {
        return (uint256(seriesId) << 32) | number;
    }

    /// @dev The series of `id`, or 0 (no series) for an id that no token can have (`>= 2**64`).
    function seriesOf(uint256 id) internal pure returns (uint32) {
        return id >> 64 == 0 ? uint32(id >> 32) : 0;
    }

    function numberOf(uint256 id) internal pure returns (uint32) {
        return uint32(id);
    }

    /// @dev The extra data of a token acquired now, with nothing else set.
    function acquiredNow() internal view returns (uint256) {
        return block.timestamp & ACQUIRED_MASK;
    }

    function acquiredAt(uint256 extra) internal pure returns (uint64) {
        return uint64(extra & ACQUIRED_MASK);
    }

    /// @dev `extra`'s move counter plus one, in place (bits [40..61]), wrapping at `2**22`.
    function nextMoves(uint256 extra) internal pure returns (uint256) {
        // Cannot overflow: extra data is below `2**96`; a carry out of the field is masked off.
        unchecked {
            return (extra + MOVE_ONE) & MOVES_MASK;
        }
    }

    function moveCount(uint256 extra) internal pure returns (uint32) {
        return uint32((extra & MOVES_MASK) >> MOVES_SHIFT);
    }

    function transferCount(uint256 extra) internal pure returns (uint32) {
        return uint32((extra >> COUNT_SHIFT) & COUNT_MASK);
    }

    function isFrozen(uint256 extra) internal pure returns (bool) {
        return extra & FROZEN != 0;
    }

    function isSoulbound(uint256 extra) internal pure returns (bool) {
        return extra & SOULBOUND != 0;
    }
}
