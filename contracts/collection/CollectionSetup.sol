// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";
import {ICollection} from "./ICollection.sol";
import {CollectionStorage} from "./CollectionStorage.sol";

/// @title CollectionSetup
/// @notice The initializer, the issuer's set-up functions and a drop's close and re-target steps, run by
/// {Collection} through `delegatecall`, in the collection's own storage and under its address.
/// Their rules, events and errors are those of {ICollection}.
/// @dev Exists because one contract with every function of {ICollection} exceeds the EIP-170 code
/// size limit (24,576 bytes). Only cold functions live here (an extra `delegatecall` costs about
/// 2,700 gas); minting, transfers, redemption, the reveal and every view stay in {Collection}.
/// Called directly, this contract has no roles and no initializer left, so every function reverts.
contract CollectionSetup is CollectionStorage {
    constructor() {
        _disableInitializers();
    }

    /// @dev See {ICollection-initialize}. The `initializer` guard lives in the clone's storage
    /// (ERC-7201 namespace), so each clone is initialized once; the implementation never is.
    function initialize(ICollection.InitParams calldata params) external initializer {
        if (params.registry == address(0) || params.issuer == address(0)) revert ICollection.ZeroAddress();
        _checkRoyalty(params.royaltyReceiver, params.royaltyBps);
        _name = params.name;
        _symbol = params.symbol;
        _contractURI = params.contractURI;
        _registry = IConsortiumRegistry(params.registry);
        _holdingPeriod = params.holdingPeriod;
        _maxTransfers = params.maxTransfers;
        _royaltyReceiver = params.royaltyReceiver;
        _royaltyBps = params.royaltyBps;
        _grantRole(DEFAULT_ADMIN_ROLE, params.issuer);
        _grantRole(_ISSUER_ROLE, params.issuer);
        _grantRole(_MINTER_ROLE, params.issuer);
        emit ICollection.TransferPolicyUpdated(params.holdingPeriod, params.maxTransfers);
        emit ICollection.DefaultRoyaltyUpdated(params.royaltyReceiver, params.royaltyBps);
        emit ICollection.ContractURIUpdated();
    }

    // ---------------------------------------------------------------------------- editions

    /// @dev See {ICollection-createEdition}.
    function createEdition(ICollection.EditionConfig calldata config)
        external
        onlyRole(_ISSUER_ROLE)
        returns (uint32 editionId)
    {
        if (config.maxSupply == 0) revert ICollection.InvalidEditionConfig("zero max supply");
        bool hidden = config.kind == ICollection.EditionKind.Hidden;
        if (hidden) {
            if (bytes(config.uri).length != 0) revert ICollection.InvalidEditionConfig("hidden with uri");
            if (config.uriCommitment == 0) revert ICollection.InvalidEditionConfig("hidden without commitment");
        } else {
            if (bytes(config.uri).length == 0) revert ICollection.InvalidEditionConfig("limited without uri");
            if (config.uriCommitment != 0) revert ICollection.InvalidEditionConfig("limited with commitment");
        }
        editionId = _nextSeriesId();
        EditionData storage e = _editions[editionId];
        e.maxSupply = config.maxSupply;
        e.walletCap = config.walletCap;
        e.kind = config.kind;
        e.soulbound = config.soulbound;
        e.uriRevealed = !hidden;
        e.uriCommitment = config.uriCommitment;
        e.name = config.name;
        e.uri = config.uri;
        emit ICollection.EditionCreated(editionId, config.name, config.maxSupply, config.kind, config.soulbound);
    }

    /// @dev See {ICollection-setEditionURI}.
    function setEditionURI(uint32 editionId, string calldata uri) external onlyRole(_ISSUER_ROLE) {
        EditionData storage e = _edition(editionId);
        if (!e.uriRevealed) revert ICollection.InvalidEditionConfig("hidden uri not revealed");
        if (bytes(uri).length == 0) revert ICollection.InvalidEditionConfig("empty uri");
        e.uri = uri;
        _editionMetadataChanged(e, editionId, uri);
    }

    /// @dev See {ICollection-revealEditionURI}.
    function revealEditionURI(uint32 editionId, string calldata uri) external {
        EditionData storage e = _edition(editionId);
        if (e.uriRevealed) revert ICollection.URIAlreadyRevealed(editionId);
        if (keccak256(bytes(uri)) != e.uriCommitment) revert ICollection.URICommitmentMismatch(editionId);
        e.uri = uri;
        e.uriRevealed = true;
        _editionMetadataChanged(e, editionId, uri);
    }

    /// @dev {ICollection.EditionURIUpdated}, then ERC-4906 over the edition's serial range and over
    /// the boxes of every drop that holds it (`MetadataUpdate` for a range of one token).
    function _editionMetadataChanged(EditionData storage e, uint32 editionId, string calldata uri) private {
        emit ICollection.EditionURIUpdated(editionId, uri);
        _metadataUpdated(editionId, e.maxSupply);
        uint32[] storage drops = e.drops;
        for (uint256 i; i < drops.length; ++i) {
            uint32 dropId = drops[i];
            _metadataUpdated(dropId, _drops[dropId].boxCount);
        }
    }

    // --------------------------------------------------------------------------- royalties

    /// @dev See {ICollection-setDefaultRoyalty}.
    function setDefaultRoyalty(address receiver, uint16 bps) external onlyRole(_ISSUER_ROLE) {
        _checkRoyalty(receiver, bps);
        _royaltyReceiver = receiver;
        _royaltyBps = bps;
        emit ICollection.DefaultRoyaltyUpdated(receiver, bps);
    }

    /// @dev See {ICollection-setEditionRoyalty}.
    function setEditionRoyalty(uint32 editionId, address receiver, uint16 bps) external onlyRole(_ISSUER_ROLE) {
        EditionData storage e = _edition(editionId);
        _checkRoyalty(receiver, bps);
        e.hasRoyalty = receiver != address(0);
        e.royaltyReceiver = receiver;
        e.royaltyBps = bps;
        emit ICollection.EditionRoyaltyUpdated(editionId, receiver, bps);
    }

    // ----------------------------------------------------------------------------- recipes

    /// @dev See {ICollection-createRecipe}.
    function createRecipe(uint32[] calldata editionIds, uint32 rewardEditionId)
        external
        onlyRole(_ISSUER_ROLE)
        returns (uint32 recipeId)
    {
        if (editionIds.length < 2 || editionIds.length > 16) {
            revert ICollection.InvalidRecipe("2 to 16 editions");
        }
        for (uint256 i; i < editionIds.length; ++i) {
            _edition(editionIds[i]);
        }
        _edition(rewardEditionId);
        recipeId = ++_recipeCount; // checked: reverts after type(uint32).max recipes
        RecipeData storage r = _recipes[recipeId];
        r.editionIds = editionIds;
        r.rewardEditionId = rewardEditionId;
        r.active = true;
        emit ICollection.RecipeCreated(recipeId, editionIds, rewardEditionId);
    }

    /// @dev See {ICollection-setRecipeActive}.
    function setRecipeActive(uint32 recipeId, bool active) external onlyRole(_ISSUER_ROLE) {
        _recipe(recipeId).active = active;
        emit ICollection.RecipeActiveChanged(recipeId, active);
    }

    // ------------------------------------------------------------------------------- drops

    /// @dev See {ICollection-createDrop}.
    function createDrop(ICollection.DropConfig calldata config)
        external
        onlyRole(_ISSUER_ROLE)
        returns (uint32 dropId)
    {
        uint256 n = config.editionIds.length;
        if (n == 0 || n > _MAX_DROP_EDITIONS) revert ICollection.InvalidDropConfig("1 to 16 editions");
        if (config.counts.length != n) revert ICollection.InvalidDropConfig("counts length");
        if (config.commitment == 0) revert ICollection.InvalidDropConfig("zero commitment");
        // Zero opens the drop at creation: its commitment is still public before any box exists.
        uint64 opensAt = config.opensAt == 0 ? uint64(block.timestamp) : config.opensAt;
        if (opensAt < block.timestamp || config.closesAt <= opensAt) revert ICollection.InvalidDropConfig("schedule");
        dropId = _nextSeriesId();
        DropData storage d = _drops[dropId];
        uint256 boxCount = 0;
        for (uint256 i; i < n; ++i) {
            uint32 editionId = config.editionIds[i];
            uint32 count = config.counts[i];
            if (count == 0) revert ICollection.InvalidDropConfig("zero count");
            for (uint256 j; j < i; ++j) {
                if (config.editionIds[j] == editionId) revert ICollection.InvalidDropConfig("duplicate edition");
            }
            EditionData storage e = _edition(editionId);
            if (e.soulbound) revert ICollection.InvalidDropConfig("soulbound edition");
            d.entries.push(DropEntry(editionId, count, _allocate(e, editionId, count)));
            e.drops.push(dropId);
            boxCount += count;
        }
        if (boxCount > type(uint32).max) revert ICollection.InvalidDropConfig("too many boxes");
        d.opensAt = opensAt;
        d.closesAt = config.closesAt;
        d.boxCount = uint32(boxCount);
        d.walletCap = config.walletCap;
        d.commitment = config.commitment;
        d.name = config.name;
        d.placeholderURI = config.placeholderURI;
        emit ICollection.DropCreated(
            dropId, config.name, uint32(boxCount), config.commitment, opensAt, config.closesAt
        );
    }

    /// @dev See {ICollection-closeDrop}.
    function closeDrop(uint32 dropId, bytes32 secret) external onlyRole(_ISSUER_ROLE) {
        DropData storage d = _drop(dropId);
        if (d.revealBlock != 0) revert ICollection.DropAlreadyClosed(dropId);
        if (d.minted < d.boxCount && block.timestamp < d.closesAt) {
            revert ICollection.DropNotEnded(dropId, d.closesAt);
        }
        if (keccak256(abi.encode(secret)) != d.commitment) revert ICollection.SecretMismatch(dropId);
        _close(d, dropId, secret, false);
    }

    /// @dev See {ICollection-closeDropAfterDeadline}.
    function closeDropAfterDeadline(uint32 dropId) external {
        DropData storage d = _drop(dropId);
        if (d.revealBlock != 0) revert ICollection.DropAlreadyClosed(dropId);
        uint256 deadline = uint256(d.closesAt) + _REVEAL_DEADLINE;
        if (block.timestamp < deadline) revert ICollection.DeadlineNotReached(dropId, _clamp64(deadline));
        _close(d, dropId, d.commitment, true);
    }

    function _close(DropData storage d, uint32 dropId, bytes32 secret, bool byDeadline) private {
        uint64 revealBlock = uint64(block.number + 1);
        d.secret = secret;
        d.revealBlock = revealBlock;
        emit ICollection.DropClosed(dropId, secret, revealBlock, byDeadline);
    }

    /// @dev See {ICollection-moveRevealTarget}.
    /// WARNING: this is a second draw. The seed of the missed target was computable by anyone
    /// holding the secret (public since the close) as soon as `revealBlock` was mined, so whoever
    /// let the window lapse may have seen that outcome first: the issuer (on a chain where its
    /// systems are the only ones that send {ICollection-reveal}), or a party that kept every reveal
    /// out of the chain. The consortium's regulator or operator decides whether to draw again; see
    /// the trust assumptions in {CollectionDrops}. Reverts with {ICollection.RevealWindowOpen}
    /// while the target's hash is, or will be, available.
    function moveRevealTarget(uint32 dropId) external {
        bool consortium = _hasRegistryRole(_REGISTRY_REGULATOR_ROLE, msg.sender)
            || _hasRegistryRole(_REGISTRY_OPERATOR_ROLE, msg.sender);
        // Not the collection's issuer, whichever consortium role it also holds.
        if (!consortium || hasRole(_ISSUER_ROLE, msg.sender)) revert ICollection.NotConsortiumAuthority(msg.sender);
        DropData storage d = _drop(dropId);
        uint64 revealBlock = d.revealBlock;
        if (revealBlock == 0) revert ICollection.DropNotClosed(dropId);
        if (d.seed != 0) revert ICollection.DropAlreadyRevealed(dropId);
        if (block.number <= revealBlock + _BLOCKHASH_WINDOW) revert ICollection.RevealWindowOpen(dropId, revealBlock);
        revealBlock = uint64(block.number + 1);
        d.revealBlock = revealBlock;
        emit ICollection.DropRevealTargetMoved(dropId, revealBlock);
    }

    // ------------------------------------------------------------------------ settings

    /// @dev See {ICollection-setTransferPolicy}.
    function setTransferPolicy(uint64 holdingPeriod, uint32 maxTransfers) external onlyRole(_ISSUER_ROLE) {
        _holdingPeriod = holdingPeriod;
        _maxTransfers = maxTransfers;
        emit ICollection.TransferPolicyUpdated(holdingPeriod, maxTransfers);
    }

    /// @dev See {ICollection-setContractURI}.
    function setContractURI(string calldata uri) external onlyRole(_ISSUER_ROLE) {
        _contractURI = uri;
        emit ICollection.ContractURIUpdated();
    }

    /// @dev A new series id (editions and drops share the counter, starting at 1).
    function _nextSeriesId() private returns (uint32 id) {
        id = _seriesCount + 1; // checked: reverts after type(uint32).max series
        _seriesCount = id;
    }
}
