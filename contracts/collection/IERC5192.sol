// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC5192
/// @notice ERC-5192 minimal soulbound tokens (interface id `0xb45a3c0e`). OpenZeppelin 5.4 has no
/// copy of it. The collection emits {Locked} when it mints a token of a soulbound edition.
interface IERC5192 {
    event Locked(uint256 tokenId);
    event Unlocked(uint256 tokenId);

    /// @notice Whether `tokenId` is bound to its holder. Reverts for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool);
}
