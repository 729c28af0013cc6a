// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ReferenceShuffle
/// @notice The drop permutation written out directly from `ICollection.permute`'s NatSpec, with no
/// gas tricks, so the tests compare the contract against the specification rather than itself.
library ReferenceShuffle {
    function permute(bytes32 seed, uint256 index, uint256 count) internal pure returns (uint256) {
        require(index < count, "index out of range");
        uint256 h = 1;
        while (2 ** (2 * h) < count) h += 1;
        uint256 mask = 2 ** h - 1;
        uint256 x = index;
        while (true) {
            uint256 left = x >> h;
            uint256 right = x & mask;
            for (uint256 r = 0; r < 4; r++) {
                uint256 f = uint256(keccak256(abi.encode(seed, r, right))) & mask;
                (left, right) = (right, left ^ f);
            }
            x = (left << h) | right;
            if (x < count) return x;
        }
        return x; // unreachable
    }
}
