// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../../../contracts/collection/ICollection.sol";
import {Reenterer} from "./Reenterer.sol";

/// @title HostileCollection
/// @notice Just enough of a collection for the marketplace to list and sell its tokens, with two
/// hostile features the real Collection lacks: `transferFrom` hands control to an attacker, and
/// `royaltyInfo` returns whatever the test sets (above the price, or without a receiver).
contract HostileCollection {
    error NotOwner(uint256 tokenId, address from);

    mapping(uint256 tokenId => address) public ownerOf;
    mapping(uint256 tokenId => uint32) public transferCount;
    address public royaltyReceiver;
    uint256 public royaltyAmount;
    Reenterer public attacker;

    function mint(address to, uint256 tokenId) external {
        ownerOf[tokenId] = to;
    }

    function setRoyalty(address receiver, uint256 amount) external {
        royaltyReceiver = receiver;
        royaltyAmount = amount;
    }

    function setAttacker(Reenterer attacker_) external {
        attacker = attacker_;
    }

    function tokenState(uint256 tokenId) external view returns (ICollection.TokenState memory) {
        return ICollection.TokenState(ownerOf[tokenId], 1, transferCount[tokenId], false, transferCount[tokenId]);
    }

    /// @dev Every series is an edition here: no token is a blind box.
    function seriesKind(uint32) external pure returns (ICollection.SeriesKind) {
        return ICollection.SeriesKind.Edition;
    }

    function paused() external pure returns (bool) {
        return false;
    }

    function locked(uint256) external pure returns (bool) {
        return false;
    }

    function holdingPeriod() external pure returns (uint64) {
        return 0;
    }

    function maxTransfers() external pure returns (uint32) {
        return 0;
    }

    function isApprovedForAll(address, address) external pure returns (bool) {
        return true;
    }

    function getApproved(uint256) external pure returns (address) {
        return address(0);
    }

    function royaltyInfo(uint256, uint256) external view returns (address, uint256) {
        return (royaltyReceiver, royaltyAmount);
    }

    function transferFrom(address from, address to, uint256 tokenId) external {
        if (ownerOf[tokenId] != from) revert NotOwner(tokenId, from);
        ownerOf[tokenId] = to;
        ++transferCount[tokenId];
        if (address(attacker) != address(0)) attacker.strike();
    }
}
