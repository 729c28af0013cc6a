// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Collection} from "../../../../contracts/collection/Collection.sol";
import {DepositToken} from "../../../../contracts/market/DepositToken.sol";
import {Marketplace} from "../../../../contracts/market/Marketplace.sol";
import {TestBase} from "../../utils/TestBase.sol";

/// @title MarketHandler
/// @notice Drives the marketplace for the invariant tests with the moves real users make: list,
/// cancel, cancel all, buy, gift a token directly, a compliance round trip (a forced transfer away
/// and back), time passing, fee and royalty changes. Every call is one a real user could make;
/// failures are expected (the fuzzer picks stale listings, expired ones, ...) and swallowed.
///
/// It keeps a model of what must never happen and counts violations, which the invariants read:
/// a buy whose payments do not add up to the price, a listing that executes twice, a listing that
/// executes after its token moved (however it moved).
contract MarketHandler is TestBase {
    Marketplace public immutable market;
    Collection public immutable col;
    DepositToken public immutable dep;
    address public immutable issuer;
    address public immutable operator;
    address public immutable compliance;
    address public immutable artist;
    address public immutable platform;

    address[] internal _actors;
    uint256[] internal _tokens;
    uint256[] internal _listingIds;

    /// @dev Every move of a token (sale, gift, forced move), and the count when each listing was made.
    mapping(uint256 tokenId => uint256) public moves;
    mapping(uint256 listingId => uint256) public movesAtListing;
    mapping(uint256 listingId => uint256) public tokenOf;
    mapping(uint256 listingId => bool) public executed;

    uint256 public sales;
    uint256 public badSplits;
    uint256 public doubleExecutions;
    uint256 public staleExecutions;

    struct Roles {
        address issuer;
        address operator;
        address compliance;
        address artist;
        address platform;
    }

    constructor(
        Marketplace market_,
        Collection col_,
        DepositToken dep_,
        Roles memory roles,
        address[] memory actors,
        uint256[] memory tokens
    ) {
        market = market_;
        col = col_;
        dep = dep_;
        issuer = roles.issuer;
        operator = roles.operator;
        compliance = roles.compliance;
        artist = roles.artist;
        platform = roles.platform;
        _actors = actors;
        _tokens = tokens;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _token(uint256 seed) internal view returns (uint256) {
        return _tokens[seed % _tokens.length];
    }

    // ----------------------------------------------------------------------------- actions

    function list(uint256 tokenSeed, uint256 price, uint256 ttl) external {
        uint256 tokenId = _token(tokenSeed);
        address owner = col.ownerOf(tokenId);
        price = bound(price, 1, 1_000_000 ether);
        ttl = bound(ttl, 1, 30 days);
        vm.prank(owner);
        try market.list(address(col), tokenId, price, uint64(block.timestamp + ttl)) returns (uint256 id) {
            _listingIds.push(id);
            tokenOf[id] = tokenId;
            movesAtListing[id] = moves[tokenId];
        } catch {}
    }

    function cancel(uint256 listingSeed) external {
        if (_listingIds.length == 0) return;
        uint256 id = _listingIds[listingSeed % _listingIds.length];
        address seller = market.listing(id).seller;
        vm.prank(seller == address(0) ? _actor(listingSeed) : seller);
        try market.cancel(id) {} catch {}
    }

    function cancelAll(uint256 actorSeed) external {
        vm.prank(_actor(actorSeed));
        market.cancelAll();
    }

    function buy(uint256 actorSeed, uint256 listingSeed) external {
        if (_listingIds.length == 0) return;
        uint256 id = _listingIds[listingSeed % _listingIds.length];
        address seller = market.listing(id).seller;
        address buyer = _actor(actorSeed);
        if (buyer == seller) buyer = _actor(actorSeed + 1);
        uint256 price = market.listing(id).price;
        uint256[4] memory before =
            [dep.balanceOf(buyer), dep.balanceOf(seller), dep.balanceOf(artist), dep.balanceOf(platform)];
        vm.prank(buyer);
        try market.buy(id, price) {
            ++sales;
            uint256 paid = before[0] - dep.balanceOf(buyer);
            uint256 received = (dep.balanceOf(seller) - before[1]) + (dep.balanceOf(artist) - before[2])
                + (dep.balanceOf(platform) - before[3]);
            if (paid != price || received != price) ++badSplits;
            if (executed[id]) ++doubleExecutions;
            executed[id] = true;
            uint256 tokenId = tokenOf[id];
            if (moves[tokenId] != movesAtListing[id]) ++staleExecutions;
            ++moves[tokenId];
        } catch {}
    }

    /// @dev Buys the newest listing: most listings are live when just made, so sales happen often.
    function buyLatest(uint256 actorSeed) external {
        if (_listingIds.length != 0) this.buy(actorSeed, _listingIds.length - 1);
    }

    /// @dev The holder gives the token to another actor directly (not through the marketplace).
    function gift(uint256 tokenSeed, uint256 toSeed) external {
        uint256 tokenId = _token(tokenSeed);
        address owner = col.ownerOf(tokenId);
        address to = _actor(toSeed);
        if (to == owner) return;
        vm.prank(owner);
        try col.transferFrom(owner, to, tokenId) {
            ++moves[tokenId];
        } catch {}
    }

    /// @dev A compliance authority moves the token away and back in the same block: the transfer
    /// count does not change, the move counter does.
    function forcedRoundTrip(uint256 tokenSeed, uint256 toSeed) external {
        uint256 tokenId = _token(tokenSeed);
        address owner = col.ownerOf(tokenId);
        address to = _actor(toSeed);
        if (to == owner) return;
        vm.startPrank(compliance);
        col.forceTransfer(tokenId, to, 1);
        col.forceTransfer(tokenId, owner, 2);
        vm.stopPrank();
        moves[tokenId] += 2;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 days));
    }

    function setFee(uint256 bps) external {
        vm.prank(operator);
        market.setPlatformFee(platform, uint16(bound(bps, 0, 1000)));
    }

    function setRoyalty(uint256 bps) external {
        vm.prank(issuer);
        col.setDefaultRoyalty(artist, uint16(bound(bps, 0, 1000)));
    }

    function listingCount() external view returns (uint256) {
        return _listingIds.length;
    }
}
