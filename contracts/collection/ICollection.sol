// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ICollection
/// @notice A bank's collection of numbered digital collectibles (ERC-721), one per campaign series.
///
/// Token ids encode where a token comes from: `tokenId = (uint256(seriesId) << 32) | number`, where a
/// series is an edition (then `number` is the serial, from 1) or a blind-box drop (then `number` is
/// the box number, from 1). Editions and drops share one id counter, starting at 1.
///
/// Every serial of an edition is allocated exactly once, by a direct mint, a reward mint, or a drop
/// that reserves a contiguous range when it is created; allocation never passes `maxSupply`.
interface ICollection {
    // ----------------------------------------------------------------------------------- types

    enum EditionKind {
        Limited,
        Hidden
    }

    enum SeriesKind {
        None,
        Edition,
        Drop
    }

    /// @dev `uri` is the metadata URI of a limited edition. A hidden edition is created with an
    /// empty `uri` and `uriCommitment = keccak256(bytes(uri))`; {revealEditionURI} publishes it.
    /// `walletCap` limits the tokens of this edition one wallet may receive by mint (0 = no cap).
    /// A soulbound edition's tokens never move between holders and cannot be put in a drop.
    /// An edition's royalty is set with {setEditionRoyalty}.
    struct EditionConfig {
        string name;
        uint32 maxSupply;
        EditionKind kind;
        string uri;
        bytes32 uriCommitment;
        uint32 walletCap;
        bool soulbound;
    }

    struct Edition {
        string name;
        uint32 maxSupply;
        uint32 allocated; // serials handed out or reserved by drops, never above maxSupply
        uint32 minted; // serials issued: direct and reward mints, and at reveal every serial a drop reserved (sold or not)
        uint32 burned;
        EditionKind kind;
        bool soulbound;
        bool uriRevealed;
        uint32 walletCap;
        string uri;
        bytes32 uriCommitment;
    }

    /// @dev `commitment = keccak256(abi.encode(secret))` for a `bytes32 secret` the issuer keeps
    /// until it closes the drop. Boxes can be minted while `opensAt <= block.timestamp < closesAt`;
    /// `opensAt = 0` opens the drop in the block that creates it.
    struct DropConfig {
        string name;
        uint32[] editionIds;
        uint32[] counts;
        bytes32 commitment;
        uint64 opensAt;
        uint64 closesAt;
        uint32 walletCap;
        string placeholderURI;
    }

    enum DropPhase {
        Scheduled, // before opensAt
        Open, // boxes can be minted
        Ended, // closesAt passed or sold out, not closed yet
        Closed, // secret published, waiting for the reveal block
        Revealed
    }

    struct Drop {
        string name;
        uint32[] editionIds;
        uint32[] counts;
        uint32[] firstSerials; // the serial range each edition reserved for this drop starts here
        bytes32 commitment;
        uint64 opensAt;
        uint64 closesAt;
        uint32 boxCount; // the sum of counts
        uint32 minted;
        uint32 walletCap;
        bytes32 secret; // published at close; the commitment itself when closed after the deadline
        uint64 revealBlock; // the block whose hash is mixed into the seed
        bytes32 seed; // zero until revealed
        string placeholderURI;
    }

    struct Recipe {
        uint32[] editionIds; // one token of each is burned
        uint32 rewardEditionId;
        bool active;
    }

    /// @dev The per-token data packed with the owner in the ERC-721 owner slot (96 bits).
    struct TokenState {
        address owner;
        uint64 acquiredAt; // when the current holder received it
        uint32 transferCount; // transfers between holders so far (mint and forced moves excluded)
        bool frozen;
        uint32 moveCount; // changes of holder so far, forced moves included (wraps at 2**22)
    }

    struct InitParams {
        string name;
        string symbol;
        string contractURI;
        address registry;
        address issuer; // receives DEFAULT_ADMIN_ROLE, ISSUER_ROLE and MINTER_ROLE
        address royaltyReceiver;
        uint16 royaltyBps;
        uint64 holdingPeriod; // seconds; 0 turns the holding period off
        uint32 maxTransfers; // per token; 0 = unlimited
    }

    // ---------------------------------------------------------------------------------- events

    event EditionCreated(uint32 indexed editionId, string name, uint32 maxSupply, EditionKind kind, bool soulbound);
    event EditionURIUpdated(uint32 indexed editionId, string uri);
    event DropCreated(uint32 indexed dropId, string name, uint32 boxCount, bytes32 commitment, uint64 opensAt, uint64 closesAt);
    event DropClosed(uint32 indexed dropId, bytes32 secret, uint64 revealBlock, bool byDeadline);
    event DropRevealTargetMoved(uint32 indexed dropId, uint64 revealBlock);
    event DropRevealed(uint32 indexed dropId, bytes32 seed, uint64 revealBlock, bytes32 revealBlockHash);
    event RecipeCreated(uint32 indexed recipeId, uint32[] editionIds, uint32 rewardEditionId);
    event RecipeActiveChanged(uint32 indexed recipeId, bool active);
    event SetRedeemed(uint32 indexed recipeId, address indexed holder, uint256[] burnedTokenIds, uint256 rewardTokenId);
    event TransferPolicyUpdated(uint64 holdingPeriod, uint32 maxTransfers);
    event DefaultRoyaltyUpdated(address receiver, uint16 bps);
    event EditionRoyaltyUpdated(uint32 indexed editionId, address receiver, uint16 bps);
    event TokenFreezeChanged(uint256 indexed tokenId, bool frozen, uint8 reasonCode, address indexed by);
    event ForcedTransfer(uint256 indexed tokenId, address indexed from, address indexed to, uint8 reasonCode, address by);
    event ForcedBurn(uint256 indexed tokenId, address indexed from, uint8 reasonCode, address indexed by);
    /// @dev ERC-7572.
    event ContractURIUpdated();
    event Paused(address account);
    event Unpaused(address account);

    // ---------------------------------------------------------------------------------- errors

    error UnknownEdition(uint32 editionId);
    error UnknownDrop(uint32 dropId);
    error UnknownRecipe(uint32 recipeId);
    error NonexistentToken(uint256 tokenId);
    error InvalidEditionConfig(string reason);
    error InvalidDropConfig(string reason);
    error InvalidRecipe(string reason);
    error EditionSoldOut(uint32 editionId, uint32 maxSupply, uint32 requested, uint32 available);
    error EditionNotDirectlyMintable(uint32 editionId);
    error WalletCapExceeded(uint32 seriesId, address wallet, uint32 cap);
    error DropNotOpen(uint32 dropId, DropPhase phase);
    error DropSoldOut(uint32 dropId, uint32 boxCount, uint32 requested, uint32 available);
    error DropNotEnded(uint32 dropId, uint64 closesAt);
    error DropAlreadyClosed(uint32 dropId);
    error DropNotClosed(uint32 dropId);
    error DropAlreadyRevealed(uint32 dropId);
    error DropNotRevealed(uint32 dropId);
    error DeadlineNotReached(uint32 dropId, uint64 deadline);
    error SecretMismatch(uint32 dropId);
    error RevealTooEarly(uint32 dropId, uint64 revealBlock);
    error RevealWindowMissed(uint32 dropId, uint64 revealBlock);
    error RevealWindowOpen(uint32 dropId, uint64 revealBlock);
    error URICommitmentMismatch(uint32 editionId);
    error URIAlreadyRevealed(uint32 editionId);
    error RecipeInactive(uint32 recipeId);
    error SetMismatch(uint32 recipeId, uint256 index, uint256 tokenId, uint32 expectedEditionId);
    error NotTokenOwner(uint256 tokenId, address caller, address owner);
    error TokenFrozen(uint256 tokenId);
    error TokenSoulbound(uint256 tokenId);
    error HoldingPeriodActive(uint256 tokenId, uint64 transferableAt);
    error TransferLimitReached(uint256 tokenId, uint32 maxTransfers);
    error OperatorNotApproved(address operator);
    error CollectionPaused();
    error RoyaltyTooHigh(uint16 bps, uint16 maxBps);
    error NotComplianceAuthority(address caller);
    error NotRegulator(address caller);
    error NotConsortiumAuthority(address caller);
    error ZeroAddress();
    error EmptyBatch();
    error BoxIndexOutOfRange(uint256 boxIndex, uint256 boxCount);
    /// @dev ERC-721's transfer and approval functions are payable in the standard; this collection
    /// takes no ether.
    error EtherNotAccepted();

    // ------------------------------------------------------------------------------ set-up

    /// @notice Initializes a clone (the factory calls this in the deploying transaction).
    function initialize(InitParams calldata params) external;

    /// @notice Creates an edition. Requirements: `ISSUER_ROLE`; `maxSupply > 0`; a limited edition has
    /// a `uri` and no commitment, a hidden one a commitment and no `uri`.
    function createEdition(EditionConfig calldata config) external returns (uint32 editionId);

    /// @notice Replaces a limited (or revealed hidden) edition's URI. Requirements: `ISSUER_ROLE`;
    /// a non-empty `uri`; a hidden edition's URI revealed ({InvalidEditionConfig} otherwise).
    /// Emits {EditionURIUpdated} and ERC-4906 `BatchMetadataUpdate` over the edition's tokens and
    /// over the boxes of every drop holding it (`MetadataUpdate` where that is one token).
    function setEditionURI(uint32 editionId, string calldata uri) external;

    /// @notice Publishes a hidden edition's URI; anyone may call, the commitment authenticates it.
    /// Reverts with {URIAlreadyRevealed} once published, and for a limited edition (always public).
    /// Emits {EditionURIUpdated} and ERC-4906 `BatchMetadataUpdate` (`MetadataUpdate` for one token).
    function revealEditionURI(uint32 editionId, string calldata uri) external;

    /// @notice Creates a blind-box drop and reserves each edition's serial range for it.
    /// Requirements: `ISSUER_ROLE`; `block.timestamp <= opensAt < closesAt` (`opensAt = 0`: now); a non-zero commitment;
    /// 1 to 16 editions with non-zero counts, none twice and none soulbound; every count fits its
    /// edition's remaining supply; at most `type(uint32).max` boxes.
    function createDrop(DropConfig calldata config) external returns (uint32 dropId);

    /// @notice Creates a set-redemption recipe. Requirements: `ISSUER_ROLE`; 2 to 16 known editions.
    function createRecipe(uint32[] calldata editionIds, uint32 rewardEditionId) external returns (uint32 recipeId);

    /// @notice Turns a recipe on or off. Requirements: `ISSUER_ROLE`.
    function setRecipeActive(uint32 recipeId, bool active) external;

    /// @notice Sets the holding period (seconds, 0 = off) and the per-token transfer cap (0 = none).
    /// Requirements: `ISSUER_ROLE`. Emits {TransferPolicyUpdated}.
    function setTransferPolicy(uint64 holdingPeriod, uint32 maxTransfers) external;

    /// @notice ERC-2981 default royalty. Requirements: `ISSUER_ROLE`; `bps <= 1000`; a receiver
    /// when `bps > 0` (zero receiver and zero bps: no default royalty).
    function setDefaultRoyalty(address receiver, uint16 bps) external;

    /// @notice ERC-2981 royalty for one edition (boxes use their revealed edition's). Requirements:
    /// `ISSUER_ROLE`; `bps <= 1000`; a receiver when `bps > 0`. A zero receiver with zero bps
    /// removes the override, so the default applies again.
    function setEditionRoyalty(uint32 editionId, address receiver, uint16 bps) external;

    /// @notice Requirements: `ISSUER_ROLE`. Emits {ContractURIUpdated}.
    function setContractURI(string calldata uri) external;

    // -------------------------------------------------------------------------------- minting

    /// @notice Mints one token of limited edition `editionId` to each of `recipients`, in order, with
    /// consecutive serials. Requirements: `MINTER_ROLE`; not paused; every recipient verified; enough
    /// supply for the whole batch (all or nothing). Returns the first token id.
    function mintBatch(uint32 editionId, address[] calldata recipients) external returns (uint256 firstTokenId);

    /// @notice Mints one box of drop `dropId` to each of `recipients`. Requirements: `MINTER_ROLE`;
    /// the drop is open; every recipient verified; enough boxes left. Returns the first token id.
    function mintBoxes(uint32 dropId, address[] calldata recipients) external returns (uint256 firstTokenId);

    /// @notice Closes a drop and publishes the secret behind its commitment. Requirements:
    /// `ISSUER_ROLE`; every box minted or `closesAt` passed. The seed will mix in the hash of block
    /// `block.number + 1`, which does not exist yet. Emits {DropClosed}.
    function closeDrop(uint32 dropId, bytes32 secret) external;

    /// @notice Anyone may close a drop the issuer left open `REVEAL_DEADLINE` past `closesAt`; the
    /// commitment stands in for the secret. Emits {DropClosed} with `byDeadline = true`.
    function closeDropAfterDeadline(uint32 dropId) external;

    /// @notice Anyone may reveal a closed drop once its reveal block is mined and while its hash is
    /// available (256 blocks). Stores only the seed: the cost does not depend on the number of boxes.
    /// Emits {DropRevealed} and ERC-4906 `BatchMetadataUpdate` over the drop's boxes
    /// (`MetadataUpdate` for a drop of one box).
    function reveal(uint32 dropId) external;

    /// @notice Moves a missed reveal block (older than 256 blocks) to the next block. This draws a
    /// new seed, so it is the consortium's decision, not a bank's: requirements: `REGULATOR_ROLE`
    /// or `OPERATOR_ROLE` in the registry, and not this collection's `ISSUER_ROLE`
    /// ({NotConsortiumAuthority}). An issuer that saw the first outcome (the secret is public from
    /// the close) and kept silent gets no second draw alone.
    /// Emits {DropRevealTargetMoved}.
    function moveRevealTarget(uint32 dropId) external;

    /// @notice Burns one token of each edition of `recipeId`, in recipe order, held by the caller, and
    /// mints one token of the reward edition to the caller (with `onERC721Received` for contracts).
    /// Requirements: recipe active; caller owns each token, none frozen; reward supply left.
    function redeem(uint32 recipeId, uint256[] calldata tokenIds) external returns (uint256 rewardTokenId);

    // ----------------------------------------------------------------------------- compliance

    /// @notice Stops mints, transfers and redemptions (forced moves still work). Requirements:
    /// `ISSUER_ROLE` or a compliance authority of the registry ({NotComplianceAuthority}). The
    /// collection remembers who paused it (`pauseLevel`: 1 issuer, 2 compliance officer,
    /// 3 regulator); a pause on top of a lower one upgrades it, and only the same level or a
    /// higher one lifts it. Emits {Paused}.
    function pause() external;

    /// @notice Lifts the pause. Requirements: the pause's level or a higher one: the issuer lifts
    /// only its own pause, a compliance officer any but a regulator's, a regulator any. A regulator's
    /// pause refuses everyone else with {NotRegulator}, a compliance pause the issuer with
    /// {NotComplianceAuthority}. Emits {Unpaused}.
    function unpause() external;

    /// @notice Requirements: a compliance authority. Emits {TokenFreezeChanged}.
    function setTokenFrozen(uint256 tokenId, bool frozen, uint8 reasonCode) external;

    /// @notice Moves `tokenId` to `to` (a verified account) whatever the holding period, transfer cap,
    /// freeze, soulbound flag or pause. It is not counted against the transfer cap (a recovered
    /// wallet keeps its quota), but it changes `moveCount` and restarts the acquisition time.
    /// Requirements: a compliance authority. Emits {ForcedTransfer}.
    function forceTransfer(uint256 tokenId, address to, uint8 reasonCode) external;

    /// @notice Burns `tokenId` whatever its state. Requirements: a compliance authority. Emits {ForcedBurn}.
    function forceBurn(uint256 tokenId, uint8 reasonCode) external;

    // -------------------------------------------------------------------------------- queries

    /// @notice `keccak256("ISSUER_ROLE")`: the bank that runs the collection.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice `keccak256("MINTER_ROLE")`: may call {mintBatch} and {mintBoxes}.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice How long after `closesAt` anyone may close a drop with {closeDropAfterDeadline}.
    function REVEAL_DEADLINE() external view returns (uint64);

    function registry() external view returns (address);

    function paused() external view returns (bool);

    /// @notice Who holds the pause, which decides who may lift it: 0 nobody (not paused), 1 the
    /// issuer, 2 a compliance officer, 3 a regulator (see {unpause}).
    function pauseLevel() external view returns (uint8);

    function holdingPeriod() external view returns (uint64);

    function maxTransfers() external view returns (uint32);

    function contractURI() external view returns (string memory);

    function totalSupply() external view returns (uint256);

    function seriesKind(uint32 seriesId) external view returns (SeriesKind);

    function edition(uint32 editionId) external view returns (Edition memory);

    function drop(uint32 dropId) external view returns (Drop memory);

    function dropPhase(uint32 dropId) external view returns (DropPhase);

    /// @notice The block whose hash completes the drop's seed: 0 until the drop is closed, moved by
    /// {moveRevealTarget}. A box's contents can be computed once this block is mined.
    function dropRevealBlock(uint32 dropId) external view returns (uint64);

    function recipe(uint32 recipeId) external view returns (Recipe memory);

    /// @notice Edition, serial and maximum supply of a token ("#42/8888"); for a box, those of the
    /// edition it revealed to. Reverts with {DropNotRevealed} for an unrevealed box.
    function serialOf(uint256 tokenId) external view returns (uint32 editionId, uint32 serial, uint32 maxSupply);

    /// @notice The position a drop's seeded permutation gives box index `boxIndex` (from 0) of
    /// `boxCount`: a 4-round Feistel network on the smallest even bit width `2h >= 2` with
    /// `2**(2h) >= boxCount`, cycle-walking until the result is below `boxCount`. One pass splits
    /// `x` into `L = x >> h` and `R = x & (2**h - 1)`, applies rounds `r = 0, 1, 2, 3`, each mapping
    /// `(L, R)` to `(R, L ^ (uint256(keccak256(abi.encode(seed, r, R))) & (2**h - 1)))` with `r` and
    /// `R` encoded as uint256, and returns `(L << h) | R`; passes repeat from `x = boxIndex` until
    /// `x < boxCount`. The position's edition is the one whose cumulative count range holds it, in
    /// drop order: entry `i` covers `[c_0 + ... + c_(i-1), c_0 + ... + c_i)` and the box's serial is
    /// `firstSerials[i]` plus the position's offset in that range. The box with token number `n`
    /// has box index `n - 1`. Reverts with {BoxIndexOutOfRange} unless `boxIndex < boxCount`.
    function permute(bytes32 seed, uint256 boxIndex, uint256 boxCount) external pure returns (uint256);

    /// @notice Packed per-token state (owner, acquisition time, transfers, freeze, moves). Any
    /// change of holder changes `moveCount`: a marketplace compares it to tell a token that left
    /// and came back (even within one second, even by forced moves) from one that never moved.
    function tokenState(uint256 tokenId) external view returns (TokenState memory);

    /// @notice When `tokenId` can next move between holders (acquisition time plus holding period).
    function transferableAt(uint256 tokenId) external view returns (uint64);

    /// @notice ERC-5192: whether `tokenId` never moves (a soulbound edition).
    function locked(uint256 tokenId) external view returns (bool);
}
