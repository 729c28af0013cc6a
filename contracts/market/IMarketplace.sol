// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IMarketplace
/// @notice Fixed-price secondary sales of catalog collections, paid in the bank's deposit token.
///
/// A listing executes at most once and dies for good when its token leaves the seller: it records the
/// token's move counter (`ICollection.TokenState.moveCount`), which every change of holder advances,
/// forced moves included, so a token that comes back, even within the same second, has another one.
/// `cancelAll` bumps the seller's nonce, which every listing records, so one storage write cancels
/// them all.
interface IMarketplace {
    struct Listing {
        address seller;
        uint96 price;
        address collection;
        uint64 expiresAt;
        uint32 tokenTransferCount; // the token's transfer count when listed
        uint32 sellerNonce; // the seller's nonce when listed
        uint256 tokenId;
    }

    event Listed(
        uint256 indexed listingId,
        address indexed seller,
        address indexed collection,
        uint256 tokenId,
        uint256 price,
        uint64 expiresAt
    );
    event ListingCancelled(uint256 indexed listingId, address indexed seller);
    event AllListingsCancelled(address indexed seller, uint32 newNonce);
    event Sold(
        uint256 indexed listingId,
        address indexed seller,
        address indexed buyer,
        address collection,
        uint256 tokenId,
        uint256 price,
        address royaltyReceiver,
        uint256 royalty,
        uint256 platformFee,
        uint256 sellerProceeds
    );
    event PlatformFeeUpdated(address recipient, uint16 bps);
    event PriceCeilingUpdated(address indexed collection, uint256 ceiling);

    error UnknownListing(uint256 listingId);
    error NotCatalogCollection(address collection);
    error SellerNotOwner(address collection, uint256 tokenId, address caller);
    error NotSeller(uint256 listingId, address caller);
    error MarketplaceNotApproved(address collection, uint256 tokenId);
    error ZeroPrice();
    error PriceTooHigh(uint256 price, uint256 maxPrice);
    error PriceAboveCeiling(address collection, uint256 price, uint256 ceiling);
    error PriceMismatch(uint256 listingId, uint256 price, uint256 expectedPrice);
    error ExpiryInPast(uint64 expiresAt);
    error ListingExpired(uint256 listingId, uint64 expiresAt);
    error ListingStale(uint256 listingId);
    error NotTradable(address collection, uint256 tokenId);
    error FeeTooHigh(uint16 bps, uint16 maxBps);
    error NotCollectionIssuer(address collection, address caller);
    error NotPlatformOperator(address caller);
    error BuyerIsSeller(uint256 listingId);
    error ZeroAddress();

    /// @notice Lists `tokenId` of `collection` at `price` deposit-token units until `expiresAt`.
    /// @dev Requirements: the collection is in the catalog; the caller owns the token, is verified,
    /// has approved this marketplace; the token is not frozen, not soulbound, past its holding period;
    /// `0 < price <= type(uint96).max` and at most the collection's price ceiling; expiry in the future.
    function list(address collection, uint256 tokenId, uint256 price, uint64 expiresAt)
        external
        returns (uint256 listingId);

    /// @notice Requirements: the caller is the seller. Emits {ListingCancelled}.
    function cancel(uint256 listingId) external;

    /// @notice Cancels every listing of the caller with one storage write. Emits {AllListingsCancelled}.
    function cancelAll() external;

    /// @notice Buys a listing. Every condition of {list} is checked again, with the buyer verified and
    /// `expectedPrice == price` (the buyer's protection against a changed listing); a blind box
    /// listed before its contents could be known is stale once its drop is closed, one listed
    /// knowing them once its reveal target moves ({ListingStale}). Pays the ERC-2981
    /// royalty (capped at the price), the platform fee and the seller's proceeds directly from the
    /// buyer, then moves the token through the collection's approved-operator path.
    function buy(uint256 listingId, uint256 expectedPrice) external;

    /// @notice Requirements: the consortium's `OPERATOR_ROLE`; `bps <= MAX_FEE_BPS`; a recipient
    /// unless `bps == 0`.
    function setPlatformFee(address recipient, uint16 bps) external;

    /// @notice A per-collection price ceiling (0 = none). Requirements: the collection's `ISSUER_ROLE`.
    function setPriceCeiling(address collection, uint256 ceiling) external;

    function listing(uint256 listingId) external view returns (Listing memory);

    /// @notice Whether `listingId` would execute now for a verified buyer (not cancelled, not stale,
    /// not expired, token tradable, marketplace approved).
    function isListingActive(uint256 listingId) external view returns (bool);

    function sellerNonce(address seller) external view returns (uint32);

    function priceCeiling(address collection) external view returns (uint256);

    function platformFee() external view returns (address recipient, uint16 bps);

    /// @notice The split of `price` for `tokenId`: royalty, platform fee and the seller's proceeds.
    function quote(address collection, uint256 tokenId, uint256 price)
        external
        view
        returns (address royaltyReceiver, uint256 royalty, uint256 fee, uint256 proceeds);
}
