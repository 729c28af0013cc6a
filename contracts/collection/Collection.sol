// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "./ICollection.sol";
import {CollectionDrops} from "./CollectionDrops.sol";
import {CollectionSetup} from "./CollectionSetup.sol";
import {TokenData} from "./libraries/TokenData.sol";

/// @title Collection
/// @notice A bank's collection of numbered digital collectibles: editions, blind-box drops, set
/// redemption, a transfer policy for a permissioned consortium chain, compliance powers,
/// ERC-2981 royalties, ERC-4906 metadata events, ERC-5192 soulbound editions, ERC-7572
/// `contractURI`. Built on solady's ERC721 with the per-token state packed next to the owner.
/// @dev Deployed once as an implementation and used through EIP-1167 clones made by the factory:
/// no constructor state (only the immutable address of the set-up module); {initialize} runs once
/// per clone; the implementation itself can never be initialized.
///
/// The code is split by concern: {CollectionStorage} (the one storage layout), {CollectionToken}
/// (ERC-721, the transfer policy hook, minting and burning, compliance), {CollectionEditions}
/// (direct mint, redemption), {CollectionDrops} (box mint, the fair reveal; its header documents
/// the design and its trust assumptions) and {CollectionSetup}: the cold set-up functions
/// (initializing; creating editions, drops and recipes; URIs, royalties, policy; closing drops),
/// which this contract runs by `delegatecall` because all of {ICollection} in one contract exceeds
/// the EIP-170 code size limit. Their stubs below keep this contract's ABI complete.
///
/// Invariants:
/// - Supply: for every edition `minted <= allocated <= maxSupply`; the serial cursor `allocated`
///   only grows, every serial is handed out once (by a direct mint, a reward mint, or a drop's
///   contiguous reservation made when the drop is created), so no path oversells an edition.
/// - A token id encodes its origin, `(seriesId << 32) | number`; serials and, after reveal, a box's
///   edition and serial are derived, never stored per token.
/// - After a drop's reveal, exactly `counts[i]` of its boxes (sold or not) hold edition
///   `editionIds[i]`: the permutation is a bijection of the box numbers.
/// - The drop seed is written once; nothing can change it afterwards.
/// - No token moves between holders unless: the collection is not paused, the token is not frozen
///   or soulbound, the holding period since the current holder acquired it has passed, its
///   transfer count is below the cap, the caller is the holder or a registry-approved operator, and
///   both holders are verified. Only a compliance authority's forced transfer or burn skips these,
///   always to a verified recipient and always with its audit event.
/// - Every recipient of a mint is verified; holders burn only through `redeem`.
/// - `totalSupply` equals the number of existing tokens, and so the sum of all balances.
contract Collection is CollectionDrops {
    /// @dev The {CollectionSetup} module, deployed by this implementation's constructor; an
    /// immutable, so every clone runs the same module.
    address private immutable _SETUP;

    /// @dev Deploys the set-up module and locks the implementation: only clones are initialized.
    constructor() {
        _SETUP = address(new CollectionSetup());
        _disableInitializers();
    }

    /// @inheritdoc ICollection
    /// @dev Requirements: a non-zero registry and issuer; `royaltyBps <= 1000`, with a receiver
    /// when non-zero. Emits {TransferPolicyUpdated}, {DefaultRoyaltyUpdated}, {ContractURIUpdated}.
    function initialize(InitParams calldata) external {
        _runSetup();
    }

    /// @notice The edition's metadata URI; for a box, the drop's placeholder until the drop is
    /// revealed (and while its edition is a hidden one whose URI is not revealed), then the
    /// edition's. A hidden edition's own tokens have an empty URI until {revealEditionURI}.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        if (!_exists(tokenId)) revert NonexistentToken(tokenId);
        uint32 seriesId = TokenData.seriesOf(tokenId);
        EditionData storage e = _editions[seriesId];
        if (e.maxSupply != 0) return e.uri;
        DropData storage d = _drops[seriesId];
        if (d.seed == 0) return d.placeholderURI;
        (uint32 editionId,) = _boxContent(d, TokenData.numberOf(tokenId));
        e = _editions[editionId];
        return e.uriRevealed ? e.uri : d.placeholderURI;
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {NonexistentToken} for a token that does not exist (or was burned).
    function serialOf(uint256 tokenId) external view returns (uint32 editionId, uint32 serial, uint32 maxSupply) {
        if (!_exists(tokenId)) revert NonexistentToken(tokenId);
        (editionId, serial) = _resolve(tokenId);
        if (editionId == 0) revert DropNotRevealed(TokenData.seriesOf(tokenId));
        maxSupply = _editions[editionId].maxSupply;
    }

    /// @notice ERC-2981 (`IERC2981.royaltyInfo`): the edition's royalty if it has one, else the
    /// collection's default. A box uses its revealed edition's, the default before reveal.
    function royaltyInfo(uint256 tokenId, uint256 salePrice)
        external
        view
        returns (address receiver, uint256 royaltyAmount)
    {
        (uint32 editionId,) = _resolve(tokenId);
        EditionData storage e = _editions[editionId];
        uint16 bps;
        (receiver, bps) = e.hasRoyalty ? (e.royaltyReceiver, e.royaltyBps) : (_royaltyReceiver, _royaltyBps);
        royaltyAmount = salePrice * bps / 10_000;
    }

    /// @notice The {CollectionSetup} module this collection runs its set-up functions in.
    function setupModule() external view returns (address) {
        return _SETUP;
    }

    // ------------------------------------------------- set-up functions, run in CollectionSetup

    /// @inheritdoc ICollection
    function createEdition(EditionConfig calldata) external returns (uint32) {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {InvalidEditionConfig} for an empty URI or a hidden edition whose URI is
    /// not revealed yet.
    function setEditionURI(uint32, string calldata) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {URIAlreadyRevealed} for a limited edition (its URI is public).
    function revealEditionURI(uint32, string calldata) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Also requires: no soulbound edition (a box's edition is unknown when it is minted); no
    /// edition twice; at most `type(uint32).max` boxes in total. Emits {DropCreated}.
    function createDrop(DropConfig calldata) external returns (uint32) {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Emits {RecipeCreated}.
    function createRecipe(uint32[] calldata, uint32) external returns (uint32) {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Emits {RecipeActiveChanged}.
    function setRecipeActive(uint32, bool) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    function setTransferPolicy(uint64, uint32) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev A zero receiver with zero bps turns the default royalty off. Emits {DefaultRoyaltyUpdated}.
    function setDefaultRoyalty(address, uint16) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev A zero receiver with zero bps removes the override. Emits {EditionRoyaltyUpdated}.
    function setEditionRoyalty(uint32, address, uint16) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    function setContractURI(string calldata) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {DropAlreadyClosed}, {DropNotEnded} (boxes left and before `closesAt`) or
    /// {SecretMismatch}.
    function closeDrop(uint32, bytes32) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {DropAlreadyClosed} or {DeadlineNotReached}.
    function closeDropAfterDeadline(uint32) external {
        _runSetup();
    }

    /// @inheritdoc ICollection
    /// @dev Reverts with {NotConsortiumAuthority}, {DropNotClosed}, {DropAlreadyRevealed} or
    /// {RevealWindowOpen} (the reveal block's hash is, or will be, available).
    function moveRevealTarget(uint32) external {
        _runSetup();
    }

    /// @dev Runs the current call's function in {CollectionSetup} and returns or reverts with its
    /// result. The module is the one this implementation deployed: no foreign code runs here.
    function _runSetup() private {
        address setup = _SETUP;
        /// @solidity memory-safe-assembly
        assembly {
            let m := mload(0x40)
            calldatacopy(m, 0, calldatasize())
            let ok := delegatecall(gas(), setup, m, calldatasize(), 0, 0)
            returndatacopy(m, 0, returndatasize())
            if iszero(ok) { revert(m, returndatasize()) }
            return(m, returndatasize())
        }
    }
}
