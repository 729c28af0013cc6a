// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "./ICollection.sol";
import {CollectionToken} from "./CollectionToken.sol";
import {IERC5192} from "./IERC5192.sol";
import {TokenData} from "./libraries/TokenData.sol";

/// @title CollectionEditions
/// @notice Direct minting of limited editions, set redemption, and the edition and recipe views
/// (the set-up functions are in {CollectionSetup}).
/// @dev Serials are allocated by one cursor per edition (`allocated`), shared by direct mints,
/// reward mints and drop reservations, and never reused: a burned serial stays burned.
abstract contract CollectionEditions is CollectionToken {
    // ------------------------------------------------------------------------------ minting

    /// @inheritdoc ICollection
    function mintBatch(uint32 editionId, address[] calldata recipients)
        external
        nonReentrant
        onlyRole(MINTER_ROLE)
        returns (uint256 firstTokenId)
    {
        uint256 n = recipients.length;
        if (n == 0) revert EmptyBatch();
        _requireNotPaused();
        EditionData storage e = _edition(editionId);
        if (e.kind != EditionKind.Limited) revert EditionNotDirectlyMintable(editionId);
        uint32 first = _allocate(e, editionId, n);
        // Cannot overflow: `minted <= allocated <= maxSupply` after `_allocate` succeeded.
        unchecked {
            e.minted += uint32(n);
        }
        firstTokenId = _issue(editionId, first, recipients, e.walletCap, e.soulbound);
    }

    // ----------------------------------------------------------------------------- redemption

    /// @inheritdoc ICollection
    /// @dev Checks, then burns, then mints the reward with `_safeMint` last (the only external call
    /// that can run untrusted code), under the reentrancy guard. Also requires: not paused; the
    /// caller verified; `tokenIds` in recipe order ({SetMismatch} otherwise, with `tokenId` 0 or
    /// `expectedEditionId` 0 where one list is shorter); a box revealed ({DropNotRevealed}); the
    /// reward edition's wallet cap.
    function redeem(uint32 recipeId, uint256[] calldata tokenIds)
        external
        nonReentrant
        returns (uint256 rewardTokenId)
    {
        RecipeData storage r = _recipe(recipeId);
        if (!r.active) revert RecipeInactive(recipeId);
        _requireNotPaused();
        _requireVerified(msg.sender);
        uint32[] storage needed = r.editionIds;
        uint256 n = needed.length;
        if (tokenIds.length != n) {
            uint256 at = tokenIds.length < n ? tokenIds.length : n;
            revert SetMismatch(recipeId, at, at < tokenIds.length ? tokenIds[at] : 0, at < n ? needed[at] : 0);
        }
        for (uint256 i; i < n; ++i) {
            uint256 id = tokenIds[i];
            address owner = _ownerOf(id);
            if (owner == address(0)) revert NonexistentToken(id);
            if (owner != msg.sender) revert NotTokenOwner(id, msg.sender, owner);
            (uint32 editionId,) = _resolve(id);
            if (editionId == 0) revert DropNotRevealed(TokenData.seriesOf(id));
            if (editionId != needed[i]) revert SetMismatch(recipeId, i, id, needed[i]);
            _burnToken(id); // the hook rejects a frozen token
        }
        uint32 rewardId = r.rewardEditionId;
        EditionData storage e = _editions[rewardId];
        uint32 serial = _allocate(e, rewardId, 1);
        // Cannot overflow: `minted <= allocated <= maxSupply` after `_allocate` succeeded.
        unchecked {
            ++e.minted;
            ++_totalSupply;
        }
        uint32 cap = e.walletCap;
        if (cap != 0) {
            uint32 received = _receivedBy[rewardId][msg.sender] + 1;
            if (received > cap) revert WalletCapExceeded(rewardId, msg.sender, cap);
            _receivedBy[rewardId][msg.sender] = received;
        }
        bool soulbound = e.soulbound;
        rewardTokenId = TokenData.tokenId(rewardId, serial);
        // Set before the mint (solady keeps it), so the receiver's callback sees the final state.
        _setExtraData(rewardTokenId, uint96(TokenData.acquiredNow() | (soulbound ? TokenData.SOULBOUND : 0)));
        emit SetRedeemed(recipeId, msg.sender, tokenIds, rewardTokenId);
        if (soulbound) emit IERC5192.Locked(rewardTokenId);
        _safeMint(msg.sender, rewardTokenId);
    }

    // ----------------------------------------------------------------------------- queries

    /// @inheritdoc ICollection
    function edition(uint32 editionId) external view returns (Edition memory) {
        EditionData storage e = _edition(editionId);
        return Edition({
            name: e.name,
            maxSupply: e.maxSupply,
            allocated: e.allocated,
            minted: e.minted,
            burned: e.burned,
            kind: e.kind,
            soulbound: e.soulbound,
            uriRevealed: e.uriRevealed,
            walletCap: e.walletCap,
            uri: e.uri,
            uriCommitment: e.uriCommitment
        });
    }

    /// @inheritdoc ICollection
    function recipe(uint32 recipeId) external view returns (Recipe memory) {
        RecipeData storage r = _recipe(recipeId);
        return Recipe(r.editionIds, r.rewardEditionId, r.active);
    }

    /// @inheritdoc ICollection
    function seriesKind(uint32 seriesId) external view returns (SeriesKind) {
        if (_editions[seriesId].maxSupply != 0) return SeriesKind.Edition;
        if (_drops[seriesId].boxCount != 0) return SeriesKind.Drop;
        return SeriesKind.None;
    }
}
