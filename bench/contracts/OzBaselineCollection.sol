// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IConsortiumRegistry} from "../../contracts/registry/IConsortiumRegistry.sol";

/// @title OzBaselineCollection
/// @notice The benchmark's point of comparison, not part of the suite: a plain OpenZeppelin ERC721
/// that does the least a permissioned mint must do, the same registry KYC check of every recipient
/// (one `requireVerified` call per batch, as the collection makes) and the acquisition time, kept
/// the usual way in a `mapping(uint256 => uint64)`.
contract OzBaselineCollection is ERC721 {
    IConsortiumRegistry public immutable registry;
    address public immutable minter;
    uint256 public nextTokenId = 1;
    mapping(uint256 tokenId => uint64) public acquiredAt;

    error NotMinter(address caller);

    constructor(IConsortiumRegistry registry_, address minter_) ERC721("OZ baseline", "OZB") {
        registry = registry_;
        minter = minter_;
    }

    /// @notice One token to each of `recipients`, one registry call for the batch.
    function mintBatch(address[] calldata recipients) external returns (uint256 firstTokenId) {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        registry.requireVerified(recipients);
        firstTokenId = nextTokenId;
        uint256 id = firstTokenId;
        for (uint256 i; i < recipients.length; ++i) {
            _mint(recipients[i], id);
            acquiredAt[id] = uint64(block.timestamp);
            ++id;
        }
        nextTokenId = id;
    }

    /// @notice One token to `to` (one transaction per token, the naive campaign).
    function mint(address to) external returns (uint256 tokenId) {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        address[] memory one = new address[](1);
        one[0] = to;
        registry.requireVerified(one);
        tokenId = nextTokenId++;
        _mint(to, tokenId);
        acquiredAt[tokenId] = uint64(block.timestamp);
    }
}
