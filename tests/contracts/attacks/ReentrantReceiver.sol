// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../../contracts/collection/ICollection.sol";

/// @title ReentrantReceiver
/// @notice A verified contract holder, also granted MINTER_ROLE by the test so that only the
/// reentrancy guard stands in its way, which re-enters the collection from `onERC721Received`.
contract ReentrantReceiver {
    enum Mode {
        None,
        MintBatch,
        MintBoxes,
        Redeem
    }

    ICollection public immutable collection;
    Mode public mode;
    uint32 public editionId;
    uint32 public dropId;
    uint32 public recipeId;
    uint256[] private _set;
    uint256 public callbacks;

    constructor(ICollection collection_) {
        collection = collection_;
    }

    function arm(Mode mode_, uint32 editionId_, uint32 dropId_, uint32 recipeId_, uint256[] calldata set_) external {
        mode = mode_;
        editionId = editionId_;
        dropId = dropId_;
        recipeId = recipeId_;
        _set = set_;
    }

    function redeem(uint32 recipeId_, uint256[] calldata tokenIds) external returns (uint256) {
        return collection.redeem(recipeId_, tokenIds);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        ++callbacks;
        address[] memory me = new address[](1);
        me[0] = address(this);
        Mode m = mode;
        mode = Mode.None; // one re-entry is enough
        if (m == Mode.MintBatch) collection.mintBatch(editionId, me);
        else if (m == Mode.MintBoxes) collection.mintBoxes(dropId, me);
        else if (m == Mode.Redeem) collection.redeem(recipeId, _set);
        return this.onERC721Received.selector;
    }
}
