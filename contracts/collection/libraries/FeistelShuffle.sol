// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../ICollection.sol";

/// @title FeistelShuffle
/// @notice A seeded permutation of `[0, count)` that is evaluated one element at a time, so a drop's
/// reveal stores one seed and every box derives its position at read time.
///
/// Specification (the Python client re-implements it bit for bit):
/// - `h >= 1` is the smallest integer with `2**(2h) >= count`; `mask = 2**h - 1`.
/// - One pass of the network on `x < 2**(2h)`: `L = x >> h`, `R = x & mask`; for rounds
///   `r = 0, 1, 2, 3`: `(L, R) = (R, L ^ (uint256(keccak256(abi.encode(seed, r, R))) & mask))`, with
///   `seed` a bytes32 and `r`, `R` uint256 words; the pass returns `(L << h) | R`.
/// - Cycle-walking: starting from `x = index`, passes repeat until `x < count`.
/// Each pass is a bijection of `[0, 2**(2h))`, so walking from an element of `[0, count)` until it
/// lands back in `[0, count)` is a bijection of `[0, count)`. Since `2**(2h) < 4 * count` (for
/// `count > 1`), a walk takes fewer than four passes on average.
library FeistelShuffle {
    function permute(bytes32 seed, uint256 index, uint256 count) internal pure returns (uint256 x) {
        if (index >= count) revert ICollection.BoxIndexOutOfRange(index, count);
        uint256 h = 1;
        while ((1 << (2 * h)) < count) ++h;
        uint256 mask = (1 << h) - 1;
        x = index;
        do {
            uint256 left = x >> h;
            uint256 right = x & mask;
            for (uint256 round; round < 4; ++round) {
                (left, right) = (right, left ^ (_roundHash(seed, round, right) & mask));
            }
            x = (left << h) | right;
        } while (x >= count);
    }

    /// @dev `uint256(keccak256(abi.encode(seed, round, right)))` without the memory allocation.
    function _roundHash(bytes32 seed, uint256 round, uint256 right) private pure returns (uint256 result) {
        /// @solidity memory-safe-assembly
        assembly {
            let m := mload(0x40)
            mstore(m, seed)
            mstore(add(m, 0x20), round)
            mstore(add(m, 0x40), right)
            result := keccak256(m, 0x60)
        }
    }
}
