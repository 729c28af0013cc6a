// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";
import {ICollection} from "./ICollection.sol";
import {TokenData} from "./libraries/TokenData.sol";

/// @title CollectionStorage
/// @notice The storage layout of a collection, shared by {Collection} and by {CollectionSetup},
/// the module that {Collection} runs by `delegatecall` for its cold set-up functions.
/// @dev This is the only contract of the collection that declares storage variables; OpenZeppelin's
/// `AccessControl` (one mapping) comes first. `Initializable` (ERC-7201 namespace), solady's ERC721
/// (hashed slots) and `ReentrancyGuard` (a fixed slot) take no sequential slots, so the layout is the
/// same in both contracts whatever else they inherit. Never add a state variable anywhere else.
abstract contract CollectionStorage is AccessControl, Initializable {
    // Public in {Collection} through {ICollection}'s getters of the same names.
    bytes32 internal constant _ISSUER_ROLE = keccak256("ISSUER_ROLE");
    bytes32 internal constant _MINTER_ROLE = keccak256("MINTER_ROLE");
    // The consortium's own roles, held in the registry (independent of the member banks).
    bytes32 internal constant _REGISTRY_OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 internal constant _REGISTRY_REGULATOR_ROLE = keccak256("REGULATOR_ROLE");
    uint64 internal constant _REVEAL_DEADLINE = 7 days;
    uint16 internal constant _MAX_ROYALTY_BPS = 1000;
    uint256 internal constant _MAX_DROP_EDITIONS = 16;
    uint256 internal constant _BLOCKHASH_WINDOW = 256;

    /// @dev The first slot holds everything a mint batch reads and writes.
    struct EditionData {
        uint32 maxSupply; // 0 = no such edition
        uint32 allocated;
        uint32 minted;
        uint32 burned;
        uint32 walletCap;
        ICollection.EditionKind kind;
        bool soulbound;
        bool uriRevealed;
        bool hasRoyalty;
        uint16 royaltyBps;
        address royaltyReceiver;
        bytes32 uriCommitment;
        string name;
        string uri;
        uint32[] drops; // drops holding boxes of this edition, for metadata-update events
    }

    struct DropEntry {
        uint32 editionId;
        uint32 count;
        uint32 firstSerial;
    }

    /// @dev The first slot holds everything `mintBoxes`, `closeDrop` and `reveal` check.
    struct DropData {
        uint64 opensAt;
        uint64 closesAt;
        uint64 revealBlock; // 0 until closed
        uint32 boxCount; // 0 = no such drop
        uint32 minted;
        uint32 walletCap;
        bytes32 commitment;
        bytes32 secret;
        bytes32 seed; // 0 until revealed
        DropEntry[] entries;
        string name;
        string placeholderURI;
        uint32[] burnedBeforeReveal; // box numbers, counted against their editions at the reveal
    }

    /// @dev Who paused the collection, which decides who may lift the pause: an issuer lifts only
    /// an issuer pause, a compliance officer an issuer's or a compliance pause, and a regulator's
    /// pause holds until a regulator lifts it. Ordered: a caller lifts the levels up to its own.
    enum PauseLevel {
        None,
        Issuer,
        Compliance,
        Regulator
    }

    struct RecipeData {
        uint32 rewardEditionId;
        bool active;
        uint32[] editionIds; // empty = no such recipe
    }

    // The settings below marked `uninitialized-state` are written by `CollectionSetup.initialize`
    // (and its setters), which {Collection} runs by delegatecall; slither analyses {Collection}
    // alone and cannot see those writes.

    // Read by every transfer.
    // slither-disable-next-line uninitialized-state
    IConsortiumRegistry internal _registry;
    // slither-disable-next-line uninitialized-state
    uint64 internal _holdingPeriod;
    // slither-disable-next-line uninitialized-state
    uint32 internal _maxTransfers;
    // Read by every mint batch and transfer: one byte, in the slot `bool _paused` used to hold,
    // so the layout is unchanged and the hook still reads one slot.
    PauseLevel internal _pauseLevel;
    bool internal _forcedMove; // set only while forceTransfer or forceBurn moves a token
    uint32 internal _seriesCount;
    uint32 internal _recipeCount;
    uint64 internal _totalSupply;

    // slither-disable-next-line uninitialized-state
    address internal _royaltyReceiver;
    // slither-disable-next-line uninitialized-state
    uint16 internal _royaltyBps;
    // slither-disable-next-line uninitialized-state
    string internal _name;
    // slither-disable-next-line uninitialized-state
    string internal _symbol;
    // slither-disable-next-line uninitialized-state
    string internal _contractURI;

    mapping(uint32 editionId => EditionData) internal _editions;
    mapping(uint32 dropId => DropData) internal _drops;
    mapping(uint32 recipeId => RecipeData) internal _recipes;
    /// @dev Tokens of a series each wallet received by mint; written only for series with a cap.
    mapping(uint32 seriesId => mapping(address wallet => uint32)) internal _receivedBy;

    /// @dev Whether `account` holds `role` in the consortium registry (an OpenZeppelin AccessControl).
    function _hasRegistryRole(bytes32 role, address account) internal view returns (bool) {
        return IAccessControl(address(_registry)).hasRole(role, account);
    }

    /// @dev The edition `editionId`; reverts with {ICollection.UnknownEdition} if there is none.
    function _edition(uint32 editionId) internal view returns (EditionData storage e) {
        e = _editions[editionId];
        if (e.maxSupply == 0) revert ICollection.UnknownEdition(editionId);
    }

    /// @dev The drop `dropId`; reverts with {ICollection.UnknownDrop} if there is none.
    function _drop(uint32 dropId) internal view returns (DropData storage d) {
        d = _drops[dropId];
        if (d.boxCount == 0) revert ICollection.UnknownDrop(dropId);
    }

    /// @dev The recipe `recipeId`; reverts with {ICollection.UnknownRecipe} if there is none.
    function _recipe(uint32 recipeId) internal view returns (RecipeData storage r) {
        r = _recipes[recipeId];
        if (r.editionIds.length == 0) revert ICollection.UnknownRecipe(recipeId);
    }

    /// @dev Reserves `n` serials of edition `editionId` and returns the first. All or nothing:
    /// reverts with {ICollection.EditionSoldOut} when fewer than `n` are left.
    function _allocate(EditionData storage e, uint32 editionId, uint256 n) internal returns (uint32 first) {
        uint32 maxSupply = e.maxSupply;
        uint32 allocated = e.allocated;
        uint32 available;
        // Cannot underflow: `allocated <= maxSupply` always holds.
        unchecked {
            available = maxSupply - allocated;
        }
        if (n > available) {
            revert ICollection.EditionSoldOut(editionId, maxSupply, _clamp32(n), available);
        }
        // Cannot overflow: `n <= available`, so `allocated + n <= maxSupply`.
        unchecked {
            e.allocated = allocated + uint32(n);
            first = allocated + 1;
        }
    }

    /// @dev ERC-4906 for the tokens numbered 1 to `count` of series `seriesId` (`count >= 1`):
    /// `MetadataUpdate` when that is one token, `BatchMetadataUpdate` over the range otherwise.
    function _metadataUpdated(uint32 seriesId, uint32 count) internal {
        if (count == 1) {
            emit IERC4906.MetadataUpdate(TokenData.tokenId(seriesId, 1));
        } else {
            emit IERC4906.BatchMetadataUpdate(TokenData.tokenId(seriesId, 1), TokenData.tokenId(seriesId, count));
        }
    }

    /// @dev At most 10%, and a receiver whenever there is a royalty.
    function _checkRoyalty(address receiver, uint16 bps) internal pure {
        if (bps > _MAX_ROYALTY_BPS) revert ICollection.RoyaltyTooHigh(bps, _MAX_ROYALTY_BPS);
        if (receiver == address(0) && bps != 0) revert ICollection.ZeroAddress();
    }

    function _clamp32(uint256 x) internal pure returns (uint32) {
        return x > type(uint32).max ? type(uint32).max : uint32(x);
    }

    function _clamp64(uint256 x) internal pure returns (uint64) {
        return x > type(uint64).max ? type(uint64).max : uint64(x);
    }
}
