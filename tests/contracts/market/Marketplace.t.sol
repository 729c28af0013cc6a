// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Collection} from "../../../contracts/collection/Collection.sol";
import {ICollection} from "../../../contracts/collection/ICollection.sol";
import {Marketplace} from "../../../contracts/market/Marketplace.sol";
import {IMarketplace} from "../../../contracts/market/IMarketplace.sol";
import {IConsortiumRegistry} from "../../../contracts/registry/IConsortiumRegistry.sol";
import {MarketBase} from "./MarketBase.sol";

/// @title MarketplaceTest
/// @notice Every function and custom error of the marketplace against the real suite: a Collection
/// clone created through the factory, the registry and the deposit token.
contract MarketplaceTest is MarketBase {
    uint64 internal constant WEEK = 7 days;

    function _expiry() internal view returns (uint64) {
        return uint64(block.timestamp + WEEK);
    }

    function _royalty(uint256 price) internal pure returns (uint256) {
        return price * ROYALTY_BPS / 10_000;
    }

    function _fee(uint256 price) internal pure returns (uint256) {
        return price * FEE_BPS / 10_000;
    }

    function _freezeToken(uint256 id) internal {
        vm.prank(compliance);
        col.setTokenFrozen(id, true, 1);
    }

    function _freezeAccount(address who) internal {
        vm.prank(issuer);
        reg.setAccountFreeze(_one(who), IConsortiumRegistry.FreezeAuthority.Issuer, true);
    }

    // --------------------------------------------------------------------------- set-up

    function test_constructor_startsEmpty() public view {
        assertEq(market.MAX_FEE_BPS(), 1000);
        (address recipient, uint16 bps) = market.platformFee();
        assertEq(recipient, platform);
        assertEq(bps, FEE_BPS);
        assertEq(market.sellerNonce(alice), 0);
        assertEq(market.priceCeiling(address(col)), 0);
        assertFalse(market.isListingActive(1));
        assertEq(market.listing(1).seller, address(0));
    }

    // ------------------------------------------------------------------------------ list

    function test_list_storesListingAndEmits() public {
        uint64 expiresAt = _expiry();
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.Listed(1, alice, address(col), aliceToken, PRICE, expiresAt);
        vm.prank(alice);
        uint256 id = market.list(address(col), aliceToken, PRICE, expiresAt);
        assertEq(id, 1);
        IMarketplace.Listing memory l = market.listing(id);
        assertEq(l.seller, alice);
        assertEq(l.price, PRICE);
        assertEq(l.collection, address(col));
        assertEq(l.expiresAt, expiresAt);
        assertEq(l.tokenTransferCount, 0);
        assertEq(l.sellerNonce, 0);
        assertEq(l.tokenId, aliceToken);
        assertTrue(market.isListingActive(id));
    }

    function test_list_idsIncrease() public {
        assertEq(_list(alice, aliceToken, PRICE), 1);
        assertEq(_list(alice, aliceToken2, PRICE), 2);
        assertEq(_list(alice, aliceToken, PRICE * 2), 3, "a token may have several listings");
    }

    function test_list_recordsTransferCountAndNonce() public {
        vm.prank(alice);
        market.cancelAll();
        _buy(bob, _list(alice, aliceToken, PRICE), PRICE);
        vm.warp(block.timestamp + HOLDING);
        vm.prank(bob);
        col.setApprovalForAll(address(market), true);
        uint256 id = _list(bob, aliceToken, PRICE);
        assertEq(market.listing(id).tokenTransferCount, 1);
        assertEq(market.listing(id).sellerNonce, 0);
        vm.prank(alice);
        market.cancelAll();
        vm.prank(alice);
        col.setApprovalForAll(address(market), true);
        assertEq(market.listing(_list(alice, aliceToken2, PRICE)).sellerNonce, 2);
    }

    function test_list_withPerTokenApproval() public {
        vm.prank(bob);
        col.approve(address(market), bobToken);
        uint256 id = _list(bob, bobToken, PRICE);
        assertTrue(market.isListingActive(id));
    }

    function test_list_revertsForCollectionOutsideCatalog() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotCatalogCollection.selector, address(impl)));
        vm.prank(alice);
        market.list(address(impl), aliceToken, PRICE, _expiry());
    }

    function test_list_revertsForZeroPrice() public {
        vm.expectRevert(IMarketplace.ZeroPrice.selector);
        vm.prank(alice);
        market.list(address(col), aliceToken, 0, _expiry());
    }

    function test_list_revertsAboveUint96() public {
        uint256 price = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceTooHigh.selector, price, type(uint96).max));
        vm.prank(alice);
        market.list(address(col), aliceToken, price, _expiry());
    }

    function test_list_acceptsUint96Max() public {
        uint256 id = _list(alice, aliceToken, type(uint96).max);
        assertEq(market.listing(id).price, type(uint96).max);
    }

    function test_list_revertsAboveCeiling() public {
        vm.prank(issuer);
        market.setPriceCeiling(address(col), PRICE);
        _list(alice, aliceToken, PRICE); // at the ceiling is fine
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceAboveCeiling.selector, address(col), PRICE + 1, PRICE));
        vm.prank(alice);
        market.list(address(col), aliceToken2, PRICE + 1, _expiry());
    }

    function test_list_revertsForExpiryNowOrPast() public {
        uint64 now_ = uint64(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ExpiryInPast.selector, now_));
        vm.prank(alice);
        market.list(address(col), aliceToken, PRICE, now_);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ExpiryInPast.selector, now_ - 1));
        vm.prank(alice);
        market.list(address(col), aliceToken, PRICE, now_ - 1);
    }

    function test_list_revertsForUnverifiedSeller() public {
        _freezeAccount(alice);
        vm.expectRevert(_unverified(alice, IConsortiumRegistry.UnverifiedReason.IssuerFrozen));
        vm.prank(alice);
        market.list(address(col), aliceToken, PRICE, _expiry());
    }

    function test_list_revertsForSellerWhoseKycExpired() public {
        vm.warp(KYC_UNTIL);
        vm.expectRevert(_unverified(alice, IConsortiumRegistry.UnverifiedReason.KycExpired));
        vm.prank(alice);
        market.list(address(col), aliceToken, PRICE, _expiry());
    }

    function test_list_revertsForNonexistentToken() public {
        uint256 missing = aliceToken + 100;
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, missing));
        vm.prank(alice);
        market.list(address(col), missing, PRICE, _expiry());
    }

    function test_list_revertsForSomeoneElsesToken() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.SellerNotOwner.selector, address(col), aliceToken, bob));
        vm.prank(bob);
        market.list(address(col), aliceToken, PRICE, _expiry());
    }

    function _expectNotTradable(address seller, uint256 id) internal {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotTradable.selector, address(col), id));
        vm.prank(seller);
        market.list(address(col), id, PRICE, _expiry());
    }

    function test_list_revertsForFrozenToken() public {
        _freezeToken(aliceToken);
        _expectNotTradable(alice, aliceToken);
    }

    function test_list_revertsWhileCollectionPaused() public {
        vm.prank(issuer);
        col.pause();
        _expectNotTradable(alice, aliceToken);
    }

    function test_list_revertsForSoulboundToken() public {
        uint256 badge = _mintOf(col, soulboundEditionId, alice);
        vm.warp(block.timestamp + HOLDING);
        _expectNotTradable(alice, badge);
    }

    function test_list_revertsDuringHoldingPeriod() public {
        uint256 fresh = _mint(alice);
        vm.warp(block.timestamp + HOLDING - 1);
        _expectNotTradable(alice, fresh);
        vm.warp(block.timestamp + 1);
        _list(alice, fresh, PRICE);
    }

    function test_list_revertsAtTransferCap() public {
        vm.prank(alice);
        col.transferFrom(alice, carol, aliceToken); // a gift: count 1
        vm.warp(block.timestamp + HOLDING);
        vm.prank(issuer);
        col.setTransferPolicy(HOLDING, 1);
        vm.prank(carol);
        col.setApprovalForAll(address(market), true);
        _expectNotTradable(carol, aliceToken);
        _list(alice, aliceToken2, PRICE); // a token below the cap still lists
    }

    function test_list_revertsWithoutApproval() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketplaceNotApproved.selector, address(col), bobToken));
        vm.prank(bob);
        market.list(address(col), bobToken, PRICE, _expiry());
    }

    function testFuzz_list_storesAnyValidPriceAndExpiry(uint256 price, uint64 ttl) public {
        price = bound(price, 1, type(uint96).max);
        ttl = uint64(bound(ttl, 1, type(uint64).max - block.timestamp));
        vm.prank(alice);
        uint256 id = market.list(address(col), aliceToken, price, uint64(block.timestamp) + ttl);
        assertEq(market.listing(id).price, price);
        assertEq(market.listing(id).expiresAt, uint64(block.timestamp) + ttl);
    }

    // ---------------------------------------------------------------------------- cancel

    function test_cancel_deletesAndEmits() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.ListingCancelled(id, alice);
        vm.prank(alice);
        market.cancel(id);
        assertEq(market.listing(id).seller, address(0));
        assertFalse(market.isListingActive(id));
        vm.expectRevert(_err(IMarketplace.UnknownListing.selector, id));
        _buy(bob, id, PRICE);
    }

    function test_cancel_revertsForUnknownListing() public {
        vm.expectRevert(_err(IMarketplace.UnknownListing.selector, 42));
        vm.prank(alice);
        market.cancel(42);
    }

    function test_cancel_revertsTwice() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.startPrank(alice);
        market.cancel(id);
        vm.expectRevert(_err(IMarketplace.UnknownListing.selector, id));
        market.cancel(id);
        vm.stopPrank();
    }

    function test_cancel_revertsForNonSeller() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotSeller.selector, id, bob));
        vm.prank(bob);
        market.cancel(id);
    }

    function test_cancel_worksOnListingStaleAfterCancelAll() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.startPrank(alice);
        market.cancelAll();
        market.cancel(id);
        vm.stopPrank();
        assertEq(market.listing(id).seller, address(0));
    }

    // ------------------------------------------------------------------------- cancelAll

    function test_cancelAll_bumpsNonceAndKillsEveryListing() public {
        uint256 a = _list(alice, aliceToken, PRICE);
        uint256 b = _list(alice, aliceToken2, PRICE);
        uint256 c = _listBob();
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.AllListingsCancelled(alice, 1);
        vm.prank(alice);
        market.cancelAll();
        assertEq(market.sellerNonce(alice), 1);
        assertFalse(market.isListingActive(a));
        assertFalse(market.isListingActive(b));
        assertTrue(market.isListingActive(c), "another seller's listing stays");
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, a));
        _buy(carol, a, PRICE);
        // A listing made after the bump is live.
        uint256 d = _list(alice, aliceToken, PRICE);
        _buy(carol, d, PRICE);
        assertEq(col.ownerOf(aliceToken), carol);
    }

    function test_cancelAll_twice() public {
        vm.startPrank(alice);
        market.cancelAll();
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.AllListingsCancelled(alice, 2);
        market.cancelAll();
        vm.stopPrank();
        assertEq(market.sellerNonce(alice), 2);
    }

    function _listBob() internal returns (uint256) {
        vm.prank(bob);
        col.setApprovalForAll(address(market), true);
        return _list(bob, bobToken, PRICE);
    }

    // ------------------------------------------------------------------------------- buy

    function test_buy_paysEveryPartyAndMovesToken() public {
        _fund(alice, 1 ether);
        uint256 id = _list(alice, aliceToken, PRICE);
        uint256 royalty = _royalty(PRICE);
        uint256 fee = _fee(PRICE);
        uint256 proceeds = PRICE - royalty - fee;
        uint256 aliceBefore = dep.balanceOf(alice);

        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.Sold(id, alice, bob, address(col), aliceToken, PRICE, artist, royalty, fee, proceeds);
        vm.expectEmit(true, true, true, true, address(dep));
        emit IERC20.Transfer(bob, artist, royalty);
        vm.expectEmit(true, true, true, true, address(dep));
        emit IERC20.Transfer(bob, platform, fee);
        vm.expectEmit(true, true, true, true, address(dep));
        emit IERC20.Transfer(bob, alice, proceeds);
        _buy(bob, id, PRICE);

        assertEq(col.ownerOf(aliceToken), bob);
        assertEq(dep.balanceOf(bob), BUDGET - PRICE);
        assertEq(dep.balanceOf(artist), royalty);
        assertEq(dep.balanceOf(platform), fee);
        assertEq(dep.balanceOf(alice), aliceBefore + proceeds);
        assertEq(dep.balanceOf(address(market)), 0);
        assertEq(col.balanceOf(address(market)), 0);
        assertEq(market.listing(id).seller, address(0), "deleted");
        ICollection.TokenState memory s = col.tokenState(aliceToken);
        assertEq(s.transferCount, 1);
        assertEq(s.acquiredAt, block.timestamp);
    }

    function test_buy_executesAtMostOnce() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        _buy(bob, id, PRICE);
        vm.expectRevert(_err(IMarketplace.UnknownListing.selector, id));
        _buy(carol, id, PRICE);
    }

    function test_buy_withoutPlatformFee() public {
        vm.prank(operator);
        market.setPlatformFee(address(0), 0);
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.Sold(
            id, alice, bob, address(col), aliceToken, PRICE, artist, _royalty(PRICE), 0, PRICE - _royalty(PRICE)
        );
        _buy(bob, id, PRICE);
        assertEq(dep.balanceOf(platform), 0);
    }

    function test_buy_withoutRoyalty() public {
        vm.prank(issuer);
        col.setDefaultRoyalty(address(0), 0);
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.Sold(
            id, alice, bob, address(col), aliceToken, PRICE, address(0), 0, _fee(PRICE), PRICE - _fee(PRICE)
        );
        _buy(bob, id, PRICE);
        assertEq(dep.balanceOf(artist), 0);
    }

    function test_buy_paysTheEditionRoyalty() public {
        vm.prank(issuer);
        col.setEditionRoyalty(editionId, carol, 1000);
        uint256 id = _list(alice, aliceToken, PRICE);
        _buy(bob, id, PRICE);
        assertEq(dep.balanceOf(carol), BUDGET + PRICE / 10);
        assertEq(dep.balanceOf(artist), 0);
    }

    function test_buy_revertsForUnknownListing() public {
        vm.expectRevert(_err(IMarketplace.UnknownListing.selector, 7));
        _buy(bob, 7, PRICE);
    }

    function test_buy_revertsForSeller() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectRevert(_err(IMarketplace.BuyerIsSeller.selector, id));
        _buy(alice, id, PRICE);
    }

    function test_buy_revertsOnPriceMismatch() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceMismatch.selector, id, PRICE, PRICE - 1));
        _buy(bob, id, PRICE - 1);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceMismatch.selector, id, PRICE, PRICE + 1));
        _buy(bob, id, PRICE + 1);
    }

    function test_buy_revertsAtExpiry() public {
        uint64 expiresAt = _expiry();
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.warp(expiresAt - 1);
        assertTrue(market.isListingActive(id));
        vm.warp(expiresAt);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ListingExpired.selector, id, expiresAt));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsAboveLoweredCeiling() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(issuer);
        market.setPriceCeiling(address(col), PRICE - 1);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceAboveCeiling.selector, address(col), PRICE, PRICE - 1));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsForUnverifiedBuyer() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectRevert(_unverified(stranger, IConsortiumRegistry.UnverifiedReason.NoKyc));
        _buy(stranger, id, PRICE);
        _freezeAccount(bob);
        vm.expectRevert(_unverified(bob, IConsortiumRegistry.UnverifiedReason.IssuerFrozen));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsForSellerNoLongerVerified() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(officer);
        reg.revokeKyc(_one(alice));
        assertFalse(market.isListingActive(id));
        vm.expectRevert(_unverified(alice, IConsortiumRegistry.UnverifiedReason.NoKyc));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsForBurnedToken() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(compliance);
        col.forceBurn(aliceToken, 9);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(ICollection.NonexistentToken.selector, aliceToken));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhenSellerNoLongerOwns() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(alice);
        col.transferFrom(alice, carol, aliceToken);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.SellerNotOwner.selector, address(col), aliceToken, alice));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsForFrozenToken() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        _freezeToken(aliceToken);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotTradable.selector, address(col), aliceToken));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhenApprovalRevoked() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(alice);
        col.setApprovalForAll(address(market), false);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketplaceNotApproved.selector, address(col), aliceToken));
        _buy(bob, id, PRICE);
    }

    /// @dev The policy checks the collection applies again inside the purchase, with its own errors.
    function test_buy_revertsWhileCollectionPaused() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(issuer);
        col.pause();
        assertFalse(market.isListingActive(id));
        vm.expectRevert(ICollection.CollectionPaused.selector);
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhenHoldingPeriodRaised() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(issuer);
        col.setTransferPolicy(30 days, 0);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(ICollection.HoldingPeriodActive.selector, aliceToken, T0 + 30 days));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhenTransferCapLowered() public {
        vm.prank(alice);
        col.transferFrom(alice, carol, aliceToken);
        vm.warp(block.timestamp + HOLDING);
        vm.prank(carol);
        col.setApprovalForAll(address(market), true);
        uint256 id = _list(carol, aliceToken, PRICE);
        vm.prank(issuer);
        col.setTransferPolicy(HOLDING, 1);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(ICollection.TransferLimitReached.selector, aliceToken, 1));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhenRegistryDropsTheMarketplace() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(operator);
        reg.setApprovedOperator(address(market), false);
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(ICollection.OperatorNotApproved.selector, address(market)));
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWithoutAllowance() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(bob);
        dep.approve(address(market), PRICE - 1);
        // Royalty and fee are paid first; the proceeds then find one unit missing.
        uint256 proceeds = PRICE - _royalty(PRICE) - _fee(PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(market), proceeds - 1, proceeds
            )
        );
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWithoutBalance() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(bob);
        dep.transfer(carol, BUDGET - PRICE + 1);
        uint256 proceeds = PRICE - _royalty(PRICE) - _fee(PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, proceeds - 1, proceeds)
        );
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhileDepositPaused() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(pauser);
        dep.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _buy(bob, id, PRICE);
    }

    function test_buy_revertsWhenRoyaltyReceiverUnverified() public {
        vm.prank(issuer);
        col.setDefaultRoyalty(stranger, 100);
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.expectRevert(abi.encodeWithSelector(bytes4(keccak256("DepositNotVerified(address)")), stranger));
        _buy(bob, id, PRICE);
    }

    function testFuzz_buy_splitAddsUpToPrice(uint256 price, uint16 feeBps, uint16 royaltyBps) public {
        price = bound(price, 1, BUDGET);
        feeBps = uint16(bound(feeBps, 0, 1000));
        royaltyBps = uint16(bound(royaltyBps, 0, 1000));
        vm.prank(operator);
        market.setPlatformFee(platform, feeBps);
        vm.prank(issuer);
        col.setDefaultRoyalty(artist, royaltyBps);
        (address receiver, uint256 royalty, uint256 fee, uint256 proceeds) =
            market.quote(address(col), aliceToken, price);
        assertEq(royalty + fee + proceeds, price);
        assertEq(receiver, artist);

        uint256 id = _list(alice, aliceToken, price);
        uint256 a0 = dep.balanceOf(alice);
        _buy(bob, id, price);
        assertEq(dep.balanceOf(artist), royalty);
        assertEq(dep.balanceOf(platform), fee);
        assertEq(dep.balanceOf(alice) - a0, proceeds);
        assertEq(dep.balanceOf(bob), BUDGET - price);
    }

    // -------------------------------------------------------------------------- settings

    function test_setPlatformFee_storesAndEmits() public {
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.PlatformFeeUpdated(carol, 1000);
        vm.prank(operator);
        market.setPlatformFee(carol, 1000);
        (address recipient, uint16 bps) = market.platformFee();
        assertEq(recipient, carol);
        assertEq(bps, 1000);
    }

    function test_setPlatformFee_revertsAboveMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.FeeTooHigh.selector, 1001, 1000));
        vm.prank(operator);
        market.setPlatformFee(platform, 1001);
    }

    function test_setPlatformFee_revertsForFeeWithoutRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ZeroAddress.selector));
        vm.prank(operator);
        market.setPlatformFee(address(0), 1);
    }

    function test_setPlatformFee_revertsForNonOperator() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotPlatformOperator.selector, issuer));
        vm.prank(issuer);
        market.setPlatformFee(issuer, 10);
    }

    function test_setPriceCeiling_storesAndEmits() public {
        vm.expectEmit(true, true, true, true, address(market));
        emit IMarketplace.PriceCeilingUpdated(address(col), 5 ether);
        vm.prank(issuer);
        market.setPriceCeiling(address(col), 5 ether);
        assertEq(market.priceCeiling(address(col)), 5 ether);
        vm.prank(issuer);
        market.setPriceCeiling(address(col), 0);
        _list(alice, aliceToken, PRICE); // 0 = no ceiling
    }

    function test_setPriceCeiling_revertsOutsideCatalog() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotCatalogCollection.selector, address(dep)));
        vm.prank(issuer);
        market.setPriceCeiling(address(dep), 1);
    }

    function test_setPriceCeiling_revertsForAnotherBanksIssuer() public {
        address otherBank = makeAddr("otherBank");
        vm.startPrank(admin);
        reg.grantRole(reg.ISSUER_ROLE(), otherBank);
        vm.stopPrank();
        Collection other = _createCollection(otherBank, "Other");
        vm.prank(otherBank);
        market.setPriceCeiling(address(other), 1 ether); // its own collection
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotCollectionIssuer.selector, address(col), otherBank));
        vm.prank(otherBank);
        market.setPriceCeiling(address(col), 1 ether);
    }

    // --------------------------------------------------------------------------- queries

    function test_quote_matchesTheSale() public view {
        (address receiver, uint256 royalty, uint256 fee, uint256 proceeds) =
            market.quote(address(col), aliceToken, PRICE);
        assertEq(receiver, artist);
        assertEq(royalty, _royalty(PRICE));
        assertEq(fee, _fee(PRICE));
        assertEq(proceeds, PRICE - royalty - fee);
    }

    function test_quote_roundsDown() public view {
        (, uint256 royalty, uint256 fee, uint256 proceeds) = market.quote(address(col), aliceToken, 39);
        assertEq(royalty, 1); // 39 * 500 / 10000 = 1.95
        assertEq(fee, 0); // 39 * 250 / 10000 = 0.975
        assertEq(proceeds, 38);
    }

    function test_isListingActive_falseForUnknownAndMovedTokens() public {
        assertFalse(market.isListingActive(0));
        uint256 id = _list(alice, aliceToken, PRICE);
        assertTrue(market.isListingActive(id));
        vm.prank(compliance);
        col.forceTransfer(aliceToken, carol, 1);
        assertFalse(market.isListingActive(id));
    }

    function test_isListingActive_followsTheHoldingPeriod() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(issuer);
        col.setTransferPolicy(HOLDING * 5, 0);
        assertFalse(market.isListingActive(id));
        vm.prank(issuer);
        col.setTransferPolicy(HOLDING, 0);
        assertTrue(market.isListingActive(id));
    }

    function test_isListingActive_trueWithPerTokenApprovalOnly() public {
        uint256 id = _listBob();
        vm.startPrank(bob);
        col.setApprovalForAll(address(market), false);
        assertFalse(market.isListingActive(id));
        col.approve(address(market), bobToken);
        vm.stopPrank();
        assertTrue(market.isListingActive(id));
        _buy(carol, id, PRICE);
        assertEq(col.ownerOf(bobToken), carol);
    }

    function test_constructor_revertsForZeroAddresses() public {
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ZeroAddress.selector));
        new Marketplace(address(0), address(dep), address(factory));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ZeroAddress.selector));
        new Marketplace(address(reg), address(0), address(factory));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.ZeroAddress.selector));
        new Marketplace(address(reg), address(dep), address(0));
    }
}
