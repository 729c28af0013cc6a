// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICollection} from "../collection/ICollection.sol";
import {ICollectionFactory} from "../factory/ICollectionFactory.sol";
import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";
import {IMarketplace} from "./IMarketplace.sol";

/// @title Marketplace
/// @notice Fixed-price secondary sales of catalog collections, paid in the bank's deposit token.
/// @dev Invariants:
/// - The marketplace never holds deposit tokens or collectibles: every payment goes from the buyer
///   straight to its payee, and the token from the seller straight to the buyer, in one call.
/// - For every sale `royalty + platformFee + sellerProceeds == price`.
/// - A listing executes at most once: it is deleted before anything is paid.
/// - A listing dies for good when its token leaves the seller, even if it comes back: it records
///   the token's move counter, which every change of holder advances (a sale, a gift, and a forced
///   transfer, which is not counted as a transfer against the holder's cap), so a round trip
///   within one second, which leaves the acquisition time as it was, still kills the listing. The
///   transfer count is recorded too: the 22-bit move counter wraps, and a wrap by sales or gifts
///   would also change the transfer count.
/// - {cancelAll} bumps the seller's nonce; a listing recorded under an older nonce never executes.
/// - A blind box listed before anyone could know its contents dies when its drop is closed: the
///   secret published then lets anyone compute what each box holds, and its blind price would let
///   buyers pick the hidden items. One listed knowing the draw dies if the reveal target moves (a
///   new draw). Either can be listed again, at a price that knows.
///
/// Where control can leave the marketplace during {buy}: the three deposit-token `transferFrom`
/// calls (the token fixed at construction; ERC-20 has no receiver hook) and the collection's
/// `transferFrom` (a clone of the factory's implementation; no receiver hook: `transferFrom`, not
/// `safeTransferFrom`, so a contract buyer must be able to handle the token it asked for). Every
/// other call is a view. All state is written before those calls, and the state-changing
/// functions share one reentrancy guard.
contract Marketplace is IMarketplace, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The highest platform fee, in basis points (10 %).
    uint16 public constant MAX_FEE_BPS = 1000;
    uint256 private constant _BPS = 10_000;
    /// @dev The consortium registry's role that sets the platform fee.
    bytes32 private constant _OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @dev The collection's role that sets its price ceiling (`Collection.ISSUER_ROLE`).
    bytes32 private constant _ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @dev `StoredListing.boxDraw` of a blind box listed before anyone could know what it holds.
    uint64 private constant _BLIND = type(uint64).max;

    /// @dev A listing in three slots. Token ids of catalog collections are below `2**64`
    /// (`(seriesId << 32) | number`), so `tokenId` shares a slot with the seller's nonce, the
    /// token's move counter when listed, and whether it was a sealed box then.
    struct StoredListing {
        address seller;
        uint96 price;
        address collection;
        uint64 expiresAt;
        uint32 tokenTransferCount;
        uint128 tokenId;
        uint32 tokenMoveCount;
        uint32 sellerNonce;
        uint64 boxDraw; // 0: not a box; `_BLIND`: priced before its contents could be known; else the
        // drop's reveal block whose draw the price knows
    }

    struct Fee {
        address recipient;
        uint16 bps;
    }

    IConsortiumRegistry private immutable _registry;
    IERC20 private immutable _deposit;
    ICollectionFactory private immutable _catalog;

    Fee private _fee;
    /// @dev Starts at 1 (0 is no listing), set in the constructor so no listing pays for a new slot.
    uint256 private _nextListingId;
    mapping(uint256 listingId => StoredListing) private _listings;
    mapping(address seller => uint32) private _sellerNonces;
    mapping(address collection => uint256) private _priceCeilings;

    /// @param registry_ The consortium registry: KYC, approved operators and `OPERATOR_ROLE`.
    /// @param depositToken_ The currency of every sale.
    /// @param catalog_ The collection factory whose collections may be listed.
    constructor(address registry_, address depositToken_, address catalog_) {
        if (registry_ == address(0) || depositToken_ == address(0) || catalog_ == address(0)) revert ZeroAddress();
        _registry = IConsortiumRegistry(registry_);
        _deposit = IERC20(depositToken_);
        _catalog = ICollectionFactory(catalog_);
        _nextListingId = 1;
    }

    // ---------------------------------------------------------------------------------- trading

    /// @inheritdoc IMarketplace
    /// @dev Errors, in the order checked: {NotCatalogCollection}, {ZeroPrice}, {PriceTooHigh},
    /// {PriceAboveCeiling}, {ExpiryInPast}, the registry's `AccountNotVerified`, the collection's
    /// `NonexistentToken`, {SellerNotOwner}, {NotTradable} (frozen, paused, soulbound, in its
    /// holding period, or at its transfer cap), {MarketplaceNotApproved}. Emits {Listed}.
    function list(address collection, uint256 tokenId, uint256 price, uint64 expiresAt)
        external
        nonReentrant
        returns (uint256 listingId)
    {
        if (!_catalog.isCollection(collection)) revert NotCatalogCollection(collection);
        _checkPrice(collection, price);
        if (expiresAt <= block.timestamp) revert ExpiryInPast(expiresAt);
        address[] memory parties = new address[](1);
        parties[0] = msg.sender;
        _registry.requireVerified(parties);
        ICollection.TokenState memory state = ICollection(collection).tokenState(tokenId);
        _requireSellable(collection, tokenId, msg.sender, state);
        // Cannot happen for a catalog collection (its ids are below 2**64); guards the cast below.
        if (tokenId > type(uint128).max) revert NotTradable(collection, tokenId);

        // Cannot overflow: one listing per call, 2**256 calls never happen.
        unchecked {
            listingId = _nextListingId++;
        }
        _listings[listingId] = StoredListing({
            seller: msg.sender,
            // casting to 'uint96' is safe because `_checkPrice` rejected anything larger
            // forge-lint: disable-next-line(unsafe-typecast)
            price: uint96(price),
            collection: collection,
            expiresAt: expiresAt,
            tokenTransferCount: state.transferCount,
            // casting to 'uint128' is safe because larger ids were rejected just above
            // forge-lint: disable-next-line(unsafe-typecast)
            tokenId: uint128(tokenId),
            tokenMoveCount: state.moveCount,
            sellerNonce: _sellerNonces[msg.sender],
            boxDraw: _boxDraw(collection, tokenId)
        });
        emit Listed(listingId, msg.sender, collection, tokenId, price, expiresAt);
    }

    /// @inheritdoc IMarketplace
    /// @dev Errors: {UnknownListing} (never listed, sold or cancelled), {NotSeller}. A listing made
    /// stale by {cancelAll} can still be cancelled (deleted).
    function cancel(uint256 listingId) external nonReentrant {
        address seller = _listings[listingId].seller;
        if (seller == address(0)) revert UnknownListing(listingId);
        if (seller != msg.sender) revert NotSeller(listingId, msg.sender);
        delete _listings[listingId];
        emit ListingCancelled(listingId, msg.sender);
    }

    /// @inheritdoc IMarketplace
    /// @dev The nonce is checked arithmetic: after `type(uint32).max` calls a seller's next one
    /// reverts with a panic.
    function cancelAll() external nonReentrant {
        uint32 nonce = _sellerNonces[msg.sender] + 1;
        _sellerNonces[msg.sender] = nonce;
        emit AllListingsCancelled(msg.sender, nonce);
    }

    /// @inheritdoc IMarketplace
    /// @dev Errors, in the order checked: {UnknownListing}, {BuyerIsSeller}, {PriceMismatch},
    /// {ListingExpired}, {ListingStale} (cancelled by {cancelAll}), {PriceAboveCeiling}, the
    /// registry's `AccountNotVerified` (buyer first, then seller), the collection's
    /// `NonexistentToken` (burned), {SellerNotOwner}, {ListingStale} (the token moved since
    /// listing), {NotTradable} (frozen), {MarketplaceNotApproved}; then the deposit token's
    /// errors (`ERC20InsufficientAllowance`, `ERC20InsufficientBalance`, `EnforcedPause`,
    /// `DepositNotVerified` of a payee); then the collection's transfer policy, which the token
    /// transfer applies in full and which is not repeated here: `CollectionPaused`,
    /// `HoldingPeriodActive`, `TransferLimitReached` (the issuer changed the policy after the
    /// listing), `OperatorNotApproved` (the registry withdrew this marketplace). A soulbound
    /// token can never have been listed.
    /// Emits {Sold} with every amount, then the deposit token's {IERC20-Transfer} events
    /// (royalty, fee, proceeds; zero amounts are skipped) and the collection's `Transfer`.
    function buy(uint256 listingId, uint256 expectedPrice) external nonReentrant {
        StoredListing memory l = _listings[listingId];
        address seller = l.seller;
        if (seller == address(0)) revert UnknownListing(listingId);
        if (msg.sender == seller) revert BuyerIsSeller(listingId);
        if (expectedPrice != l.price) revert PriceMismatch(listingId, l.price, expectedPrice);
        if (block.timestamp >= l.expiresAt) revert ListingExpired(listingId, l.expiresAt);
        if (l.sellerNonce != _sellerNonces[seller]) revert ListingStale(listingId);
        // A box's price holds for the draw it was set under: blind, or the one its seller could see.
        if (l.boxDraw != 0 && !_sameDraw(l)) revert ListingStale(listingId);
        uint256 ceiling = _priceCeilings[l.collection];
        if (ceiling != 0 && l.price > ceiling) revert PriceAboveCeiling(l.collection, l.price, ceiling);
        address[] memory parties = new address[](2);
        parties[0] = msg.sender;
        parties[1] = seller;
        _registry.requireVerified(parties);

        ICollection.TokenState memory state = ICollection(l.collection).tokenState(l.tokenId);
        if (state.owner != seller) revert SellerNotOwner(l.collection, l.tokenId, seller);
        if (state.moveCount != l.tokenMoveCount || state.transferCount != l.tokenTransferCount) {
            revert ListingStale(listingId);
        }
        // The collection's transfer below applies its whole policy again (pause, freeze, soulbound,
        // holding period, transfer cap, approved operator, both parties' KYC): only what it cannot
        // know, or would report without arguments, is checked here, saving four external calls.
        if (state.frozen) revert NotTradable(l.collection, l.tokenId);
        if (!_approved(l.collection, l.tokenId, seller)) revert MarketplaceNotApproved(l.collection, l.tokenId);

        (address royaltyReceiver, uint256 royalty, uint256 fee, address feeRecipient, uint256 proceeds) =
            _split(l.collection, l.tokenId, l.price);

        delete _listings[listingId];
        emit Sold(
            listingId, seller, msg.sender, l.collection, l.tokenId, l.price, royaltyReceiver, royalty, fee, proceeds
        );

        if (royalty != 0) _deposit.safeTransferFrom(msg.sender, royaltyReceiver, royalty);
        if (fee != 0) _deposit.safeTransferFrom(msg.sender, feeRecipient, fee);
        if (proceeds != 0) _deposit.safeTransferFrom(msg.sender, seller, proceeds);
        // The marketplace is the approved operator; the collection applies its transfer policy again.
        // slither-disable-next-line arbitrary-send-erc20 (`seller` listed this token and was paid above)
        IERC721(l.collection).transferFrom(seller, msg.sender, l.tokenId);
    }

    // ----------------------------------------------------------------------------- settings

    /// @inheritdoc IMarketplace
    /// @dev A zero `recipient` is only accepted with a zero fee, else {ZeroAddress}. Emits
    /// {PlatformFeeUpdated}.
    function setPlatformFee(address recipient, uint16 bps) external {
        if (!IAccessControl(address(_registry)).hasRole(_OPERATOR_ROLE, msg.sender)) {
            revert NotPlatformOperator(msg.sender);
        }
        if (bps > MAX_FEE_BPS) revert FeeTooHigh(bps, MAX_FEE_BPS);
        if (recipient == address(0) && bps != 0) revert ZeroAddress();
        _fee = Fee(recipient, bps);
        emit PlatformFeeUpdated(recipient, bps);
    }

    /// @inheritdoc IMarketplace
    /// @dev Errors: {NotCatalogCollection}, {NotCollectionIssuer}. Applies to existing listings
    /// too: a listing above a lowered ceiling does not execute. Emits {PriceCeilingUpdated}.
    function setPriceCeiling(address collection, uint256 ceiling) external {
        if (!_catalog.isCollection(collection)) revert NotCatalogCollection(collection);
        if (!IAccessControl(collection).hasRole(_ISSUER_ROLE, msg.sender)) {
            revert NotCollectionIssuer(collection, msg.sender);
        }
        _priceCeilings[collection] = ceiling;
        emit PriceCeilingUpdated(collection, ceiling);
    }

    // ------------------------------------------------------------------------------ queries

    /// @inheritdoc IMarketplace
    /// @dev All zero for a listing that never existed, was sold or was cancelled.
    function listing(uint256 listingId) external view returns (Listing memory) {
        StoredListing storage l = _listings[listingId];
        return Listing({
            seller: l.seller,
            price: l.price,
            collection: l.collection,
            expiresAt: l.expiresAt,
            tokenTransferCount: l.tokenTransferCount,
            sellerNonce: l.sellerNonce,
            tokenId: l.tokenId
        });
    }

    /// @inheritdoc IMarketplace
    /// @dev Also false when the seller is no longer verified, the price is above a lowered
    /// ceiling, or the registry no longer lists this marketplace as an approved operator. Does not
    /// look at the deposit token (its pause, the buyer's balance and allowance).
    function isListingActive(uint256 listingId) external view returns (bool) {
        StoredListing memory l = _listings[listingId];
        if (l.seller == address(0) || block.timestamp >= l.expiresAt) return false;
        if (l.sellerNonce != _sellerNonces[l.seller]) return false;
        if (l.boxDraw != 0 && !_sameDraw(l)) return false;
        uint256 ceiling = _priceCeilings[l.collection];
        if (ceiling != 0 && l.price > ceiling) return false;
        if (!_registry.isVerified(l.seller) || !_registry.isApprovedOperator(address(this))) return false;
        try ICollection(l.collection).tokenState(l.tokenId) returns (ICollection.TokenState memory state) {
            if (state.owner != l.seller) return false;
            if (state.moveCount != l.tokenMoveCount || state.transferCount != l.tokenTransferCount) return false;
            return _tradable(l.collection, l.tokenId, state) && _approved(l.collection, l.tokenId, l.seller);
        } catch {
            return false; // burned
        }
    }

    /// @inheritdoc IMarketplace
    function sellerNonce(address seller) external view returns (uint32) {
        return _sellerNonces[seller];
    }

    /// @inheritdoc IMarketplace
    function priceCeiling(address collection) external view returns (uint256) {
        return _priceCeilings[collection];
    }

    /// @inheritdoc IMarketplace
    function platformFee() external view returns (address recipient, uint16 bps) {
        Fee memory fee = _fee;
        return (fee.recipient, fee.bps);
    }

    /// @inheritdoc IMarketplace
    /// @dev The royalty is the collection's ERC-2981 amount, zero without a receiver, capped at the
    /// price; the fee is `price * bps / 10_000` rounded down, capped at what the royalty leaves;
    /// the seller gets the rest.
    function quote(address collection, uint256 tokenId, uint256 price)
        external
        view
        returns (address royaltyReceiver, uint256 royalty, uint256 fee, uint256 proceeds)
    {
        (royaltyReceiver, royalty, fee,, proceeds) = _split(collection, tokenId, price);
    }

    // ----------------------------------------------------------------------------- internals

    function _checkPrice(address collection, uint256 price) private view {
        if (price == 0) revert ZeroPrice();
        if (price > type(uint96).max) revert PriceTooHigh(price, type(uint96).max);
        uint256 ceiling = _priceCeilings[collection];
        if (ceiling != 0 && price > ceiling) revert PriceAboveCeiling(collection, price, ceiling);
    }

    /// @dev Reverts with the first reason `seller` cannot sell `tokenId` through this marketplace now.
    function _requireSellable(address collection, uint256 tokenId, address seller, ICollection.TokenState memory state)
        private
        view
    {
        if (state.owner != seller) revert SellerNotOwner(collection, tokenId, seller);
        if (!_tradable(collection, tokenId, state)) revert NotTradable(collection, tokenId);
        if (!_approved(collection, tokenId, seller)) revert MarketplaceNotApproved(collection, tokenId);
    }

    /// @dev Whether the collection's transfer policy lets the token move now: not frozen, not
    /// paused, not soulbound, past its holding period, below the transfer cap.
    function _tradable(address collection, uint256 tokenId, ICollection.TokenState memory state)
        private
        view
        returns (bool)
    {
        ICollection c = ICollection(collection);
        if (state.frozen || c.paused() || c.locked(tokenId)) return false;
        if (block.timestamp < uint256(state.acquiredAt) + c.holdingPeriod()) return false;
        uint32 cap = c.maxTransfers();
        return cap == 0 || state.transferCount < cap;
    }

    /// @dev The draw a listing of `tokenId` is priced under (`StoredListing.boxDraw`): 0 for a token
    /// that is not a box; `_BLIND` while nobody can compute what the box holds (its drop not closed,
    /// or its reveal block not mined yet); else the reveal block, whose hash its seller could see.
    function _boxDraw(address collection, uint256 tokenId) private view returns (uint64) {
        uint32 series = _seriesOf(tokenId);
        if (ICollection(collection).seriesKind(series) != ICollection.SeriesKind.Drop) return 0;
        uint64 revealBlock = ICollection(collection).dropRevealBlock(series);
        return revealBlock == 0 || block.number <= revealBlock ? _BLIND : revealBlock;
    }

    /// @dev Whether a box listing's draw still holds: a blind price until the drop is closed (its
    /// contents become computable), a seen one until the reveal target moves (a new draw).
    function _sameDraw(StoredListing memory l) private view returns (bool) {
        uint64 revealBlock = ICollection(l.collection).dropRevealBlock(_seriesOf(l.tokenId));
        return l.boxDraw == _BLIND ? revealBlock == 0 : revealBlock == l.boxDraw;
    }

    function _seriesOf(uint256 tokenId) private pure returns (uint32) {
        // casting to 'uint32' is safe because catalog token ids are `(seriesId << 32) | number`, below 2**64
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint32(tokenId >> 32);
    }

    /// @dev Whether `seller` has approved this marketplace for `tokenId` (for all, or for the token).
    function _approved(address collection, uint256 tokenId, address seller) private view returns (bool) {
        IERC721 nft = IERC721(collection);
        return nft.isApprovedForAll(seller, address(this)) || nft.getApproved(tokenId) == address(this);
    }

    function _split(address collection, uint256 tokenId, uint256 price)
        private
        view
        returns (address royaltyReceiver, uint256 royalty, uint256 fee, address feeRecipient, uint256 proceeds)
    {
        (royaltyReceiver, royalty) = IERC2981(collection).royaltyInfo(tokenId, price);
        if (royaltyReceiver == address(0)) royalty = 0;
        if (royalty > price) royalty = price;
        Fee memory platform = _fee;
        feeRecipient = platform.recipient;
        // Checked: {quote} takes any price (a sale's is below 2**96, where this cannot overflow).
        fee = price * platform.bps / _BPS;
        // Cannot underflow: `royalty <= price`, then `fee <= price - royalty`.
        unchecked {
            if (fee > price - royalty) fee = price - royalty;
            proceeds = price - royalty - fee;
        }
    }
}
