// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICollection} from "../../../contracts/collection/ICollection.sol";
import {IMarketplace} from "../../../contracts/market/IMarketplace.sol";
import {Marketplace} from "../../../contracts/market/Marketplace.sol";
import {MarketBase} from "./MarketBase.sol";
import {ContractBuyer} from "./attacks/ContractBuyer.sol";
import {HookedDeposit} from "./attacks/HookedDeposit.sol";
import {HostileCollection} from "./attacks/HostileCollection.sol";
import {MockCatalog} from "./attacks/MockCatalog.sol";
import {Reenterer} from "./attacks/Reenterer.sol";

/// @title MarketAttacksTest
/// @notice Where a callback can happen during `buy` and what it can do there; stale listings;
/// revoked approvals; a seller changing the price between a buyer's quote and the purchase.
///
/// In the deployed suite no callback reaches foreign code: the deposit token has no hooks, the
/// collection is a clone of the factory's implementation and the token is moved with
/// `transferFrom` (no `onERC721Received`). The re-entrancy tests therefore build the two hostile
/// worlds a callback needs, a collection outside the real catalog and a currency with a receive
/// hook, and show that the guard and the order of effects hold in both.
contract MarketAttacksTest is MarketBase {
    bytes4 internal constant REENTRANT = bytes4(keccak256("ReentrancyGuardReentrantCall()"));

    function _expiry() internal view returns (uint64) {
        return uint64(block.timestamp + 7 days);
    }

    // ------------------------------------------------------- re-entry through a collection

    struct HostileWorld {
        Marketplace m;
        HostileCollection hc;
        Reenterer r;
        uint256 listingId;
    }

    /// @dev A marketplace whose catalog lists a hostile collection; Alice lists its token 1.
    function _hostileCollectionWorld() internal returns (HostileWorld memory w) {
        MockCatalog catalog = new MockCatalog();
        w.hc = new HostileCollection();
        catalog.add(address(w.hc));
        w.m = new Marketplace(address(reg), address(dep), address(catalog));
        w.r = new Reenterer();
        w.hc.mint(alice, 1);
        w.hc.mint(alice, 2);
        w.hc.setAttacker(w.r);
        vm.prank(alice);
        w.listingId = w.m.list(address(w.hc), 1, PRICE, _expiry());
        vm.prank(bob);
        dep.approve(address(w.m), type(uint256).max);
    }

    function test_reentry_fromCollectionIntoBuy_isBlocked() public {
        HostileWorld memory w = _hostileCollectionWorld();
        w.r.arm(w.m, abi.encodeCall(IMarketplace.buy, (w.listingId, PRICE)), false, w.listingId);
        vm.prank(bob);
        w.m.buy(w.listingId, PRICE);

        assertTrue(w.r.attacked(), "the hook ran");
        assertFalse(w.r.reentryOk(), "re-entry failed");
        assertEq(w.r.reentryError(), abi.encodeWithSelector(REENTRANT));
        assertEq(w.r.sellerSeenDuringCallback(), address(0), "the listing was deleted before the callback");
        assertFalse(w.r.activeSeenDuringCallback());
        assertEq(w.hc.ownerOf(1), bob);
        assertEq(dep.balanceOf(bob), BUDGET - PRICE, "paid once");
        assertEq(dep.balanceOf(address(w.m)), 0);
    }

    function test_reentry_fromCollection_bubbledRevertsTheWholeBuy() public {
        HostileWorld memory w = _hostileCollectionWorld();
        w.r.arm(w.m, abi.encodeCall(IMarketplace.buy, (w.listingId, PRICE)), true, w.listingId);
        vm.expectRevert(REENTRANT);
        vm.prank(bob);
        w.m.buy(w.listingId, PRICE);
        assertEq(w.hc.ownerOf(1), alice);
        assertEq(dep.balanceOf(bob), BUDGET);
        assertEq(w.m.listing(w.listingId).seller, alice, "rolled back: still listed");
    }

    function test_reentry_fromCollectionIntoListCancelAndCancelAll_isBlocked() public {
        bytes[] memory payloads = new bytes[](3);
        payloads[0] = abi.encodeCall(IMarketplace.list, (address(0), 2, PRICE, type(uint64).max));
        payloads[1] = abi.encodeCall(IMarketplace.cancel, (1));
        payloads[2] = abi.encodeCall(IMarketplace.cancelAll, ());
        for (uint256 i; i < payloads.length; ++i) {
            HostileWorld memory w = _hostileCollectionWorld();
            w.r.arm(w.m, payloads[i], true, w.listingId);
            vm.expectRevert(REENTRANT);
            vm.prank(bob);
            w.m.buy(w.listingId, PRICE);
        }
    }

    // --------------------------------------------------------- re-entry through a payment

    /// @dev The real collection and factory, but a currency whose transfers call the payee: the
    /// attacker is the collection's royalty receiver, paid first.
    function test_reentry_fromPaymentHookIntoBuy_isBlocked() public {
        HookedDeposit hooked = new HookedDeposit();
        Marketplace m = new Marketplace(address(reg), address(hooked), address(factory));
        vm.prank(operator);
        reg.setApprovedOperator(address(m), true);
        vm.prank(alice);
        col.setApprovalForAll(address(m), true);
        Reenterer r = new Reenterer();
        vm.prank(issuer);
        col.setDefaultRoyalty(address(r), 500);
        hooked.setHooked(address(r));
        hooked.mint(bob, PRICE);
        vm.prank(bob);
        hooked.approve(address(m), PRICE);
        vm.prank(alice);
        uint256 id = m.list(address(col), aliceToken, PRICE, _expiry());
        vm.prank(alice);
        uint256 other = m.list(address(col), aliceToken2, PRICE, _expiry());

        // The attacker tries to buy the same listing again, then another one, from the hook.
        r.arm(m, abi.encodeCall(IMarketplace.buy, (id, PRICE)), false, id);
        vm.prank(bob);
        m.buy(id, PRICE);
        assertTrue(r.attacked());
        assertFalse(r.reentryOk());
        assertEq(r.reentryError(), abi.encodeWithSelector(REENTRANT));
        assertEq(r.sellerSeenDuringCallback(), address(0), "deleted before paying");
        assertEq(col.ownerOf(aliceToken), bob);
        assertEq(hooked.balanceOf(address(r)), PRICE * 500 / 10_000);
        assertEq(hooked.balanceOf(bob), 0);
        assertTrue(m.isListingActive(other), "the other listing is untouched");
    }

    // ------------------------------------------------- no callback in the deployed suite

    function test_contractBuyer_receivesTokenWithoutOnERC721Received() public {
        ContractBuyer buyer = new ContractBuyer();
        address[] memory who = _one(address(buyer));
        _kyc(who);
        vm.prank(treasury);
        dep.mint(address(buyer), PRICE);
        buyer.approve(dep, address(market));
        // Control: a safe transfer to this buyer does call its hook, which reverts.
        vm.expectRevert(ContractBuyer.HookMustNotRun.selector);
        vm.prank(alice);
        col.safeTransferFrom(alice, address(buyer), aliceToken2);

        uint256 id = _list(alice, aliceToken, PRICE);
        buyer.buy(market, id, PRICE);
        assertEq(col.ownerOf(aliceToken), address(buyer));
    }

    function test_contractPayee_getsNoCallbackFromTheDepositToken() public {
        Reenterer r = new Reenterer();
        _kyc(_one(address(r)));
        vm.prank(issuer);
        col.setDefaultRoyalty(address(r), 500);
        uint256 id = _list(alice, aliceToken, PRICE);
        r.arm(market, abi.encodeCall(IMarketplace.cancelAll, ()), true, id);
        _buy(bob, id, PRICE);
        assertFalse(r.attacked(), "no code of the payee ran");
        assertEq(dep.balanceOf(address(r)), PRICE * 500 / 10_000);
    }

    // ---------------------------------------------------------------------- stale listings

    /// @dev A drop of two boxes (one edition token, one Moon Rabbit), open for 3 days, with `count`
    /// of them minted to `owner`; returns the drop and its first box.
    function _boxesFor(address owner, uint256 count, bytes32 secret, string memory name)
        internal
        returns (uint32 dropId, uint256 firstBox)
    {
        vm.startPrank(issuer);
        uint32 moon = col.createEdition(_limited(string.concat(name, " moon"), 10, false));
        uint32[] memory editions = new uint32[](2);
        (editions[0], editions[1]) = (editionId, moon);
        uint32[] memory counts = new uint32[](2);
        (counts[0], counts[1]) = (1, 1);
        dropId = col.createDrop(
            ICollection.DropConfig({
                name: name,
                editionIds: editions,
                counts: counts,
                commitment: keccak256(abi.encode(secret)),
                opensAt: 0,
                closesAt: uint64(block.timestamp + 3 days),
                walletCap: 0,
                placeholderURI: "ipfs://box"
            })
        );
        address[] memory owners = new address[](count);
        for (uint256 i; i < count; ++i) owners[i] = owner;
        firstBox = col.mintBoxes(dropId, owners);
        vm.stopPrank();
    }

    /// @dev A blind box priced while nobody could know its contents: once the drop is closed, the
    /// published secret lets anyone compute them, and a buyer could pick the hidden item at the
    /// blind price. The sealed listing dies at the close; the box can be listed again, knowingly.
    function test_stale_sealedBoxListing_diesWhenItsDropCloses() public {
        bytes32 secret = keccak256("box secret");
        (uint32 dropId, uint256 box) = _boxesFor(alice, 1, secret, "Spring box");
        vm.warp(block.timestamp + HOLDING);
        uint256 sealedListing = _list(alice, box, PRICE);
        uint256 other = _list(alice, aliceToken, PRICE); // not a box: untouched by the close
        assertTrue(market.isListingActive(sealedListing));

        vm.warp(block.timestamp + 2 days); // the drop's closing time: its issuer closes it
        vm.prank(issuer);
        col.closeDrop(dropId, secret);
        assertFalse(market.isListingActive(sealedListing), "the contents are computable now");
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, sealedListing));
        _buy(bob, sealedListing, PRICE);
        vm.roll(block.number + 2);
        col.reveal(dropId);
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, sealedListing));
        _buy(bob, sealedListing, PRICE);

        uint256 known = _list(alice, box, PRICE * 5); // listed again, at a price that knows
        _buy(bob, known, PRICE * 5);
        assertEq(col.ownerOf(box), bob);
        _buy(carol, other, PRICE);
        assertEq(col.ownerOf(aliceToken), carol);
    }

    /// @dev Listed in the block that closes the drop, a box is still priced blind (its reveal block
    /// does not exist yet); listed knowing the draw, it dies if the reveal target moves (a new draw).
    function test_stale_boxListingsFollowTheirDraw() public {
        bytes32 secret = keccak256("box secret");
        (uint32 dropId, uint256 first) = _boxesFor(alice, 2, secret, "Summer box");
        vm.warp(block.timestamp + 3 days);
        vm.prank(issuer);
        col.closeDrop(dropId, secret);
        uint256 blind = _list(alice, first, PRICE); // the close's block: the reveal block is the next one
        vm.roll(block.number + 2); // the reveal block is mined: anyone can compute the contents
        assertFalse(market.isListingActive(blind));
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, blind));
        _buy(bob, blind, PRICE);

        uint256 seen = _list(alice, first + 1, PRICE); // priced knowing the first draw
        assertTrue(market.isListingActive(seen));
        vm.roll(block.number + 300); // nobody revealed: the window lapsed, the operator draws again
        vm.prank(operator);
        col.moveRevealTarget(dropId);
        assertFalse(market.isListingActive(seen));
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, seen));
        _buy(bob, seen, PRICE);
    }

    function test_stale_tokenSoldAndBoughtBack_neverRevivesTheOldListing() public {
        uint256 a = _list(alice, aliceToken, PRICE);
        uint256 b = _list(alice, aliceToken, PRICE * 2); // a second listing of the same token
        _buy(bob, a, PRICE);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.SellerNotOwner.selector, address(col), aliceToken, alice));
        _buy(carol, b, PRICE * 2);

        vm.warp(block.timestamp + HOLDING);
        vm.prank(bob);
        col.transferFrom(bob, alice, aliceToken); // the token comes back
        vm.warp(block.timestamp + HOLDING);
        assertEq(col.ownerOf(aliceToken), alice);
        assertFalse(market.isListingActive(b));
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, b));
        _buy(carol, b, PRICE * 2);

        // A fresh listing of the returned token is fine.
        uint256 c = _list(alice, aliceToken, PRICE * 3);
        _buy(carol, c, PRICE * 3);
        assertEq(col.ownerOf(aliceToken), carol);
    }

    /// @dev Forced moves do not count as transfers, so the transfer count alone would revive the
    /// listing; the move counter does not.
    function test_stale_forcedRoundTrip_neverRevivesTheOldListing() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.startPrank(compliance);
        col.forceTransfer(aliceToken, carol, 1);
        vm.warp(block.timestamp + 1);
        col.forceTransfer(aliceToken, alice, 2);
        vm.stopPrank();
        vm.warp(block.timestamp + HOLDING); // the holding period restarted; let it pass
        ICollection.TokenState memory s = col.tokenState(aliceToken);
        assertEq(s.owner, alice);
        assertEq(s.transferCount, market.listing(id).tokenTransferCount, "same count");
        assertFalse(market.isListingActive(id));
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, id));
        _buy(bob, id, PRICE);
    }

    /// @dev The reviewer's attack: no holding period, a token acquired, listed and forced away and
    /// back all in the same second. Transfer count (forced moves are not transfers) and
    /// acquisition time (1-second resolution) are both what the listing recorded; the seller's
    /// `setApprovalForAll` still stands. Only the move counter tells that the token left.
    function test_stale_forcedRoundTripInTheSameSecond_neverRevivesTheOldListing() public {
        vm.prank(issuer);
        col.setTransferPolicy(0, 0);
        uint256 token = _mint(alice); // acquired now
        uint256 id = _list(alice, token, PRICE);
        ICollection.TokenState memory listed = col.tokenState(token);
        vm.startPrank(compliance);
        col.forceTransfer(token, carol, 1);
        col.forceTransfer(token, alice, 2);
        vm.stopPrank();
        ICollection.TokenState memory s = col.tokenState(token);
        assertEq(s.owner, alice);
        assertEq(s.acquiredAt, listed.acquiredAt, "same second: the acquisition time cannot tell");
        assertEq(s.transferCount, listed.transferCount, "forced moves are not counted as transfers");
        assertEq(s.moveCount, listed.moveCount + 2, "two changes of holder");
        assertTrue(col.isApprovedForAll(alice, address(market)), "the blanket approval still stands");
        assertFalse(market.isListingActive(id));
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, id));
        _buy(bob, id, PRICE);
        assertEq(col.ownerOf(token), alice);
        assertEq(dep.balanceOf(bob), BUDGET, "nothing paid");

        // A gift away and back in the same second kills it too (no holding period to wait out).
        uint256 fresh = _list(alice, token, PRICE);
        vm.prank(alice);
        col.transferFrom(alice, carol, token);
        vm.prank(carol);
        col.transferFrom(carol, alice, token);
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, fresh));
        _buy(bob, fresh, PRICE);
    }

    // ------------------------------------------------------------------- approval revoked

    function test_approvalRevoked_perTokenApproval() public {
        vm.startPrank(bob);
        col.approve(address(market), bobToken);
        uint256 id = market.list(address(col), bobToken, PRICE, _expiry());
        col.approve(address(0), bobToken);
        vm.stopPrank();
        assertFalse(market.isListingActive(id));
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketplaceNotApproved.selector, address(col), bobToken));
        _buy(carol, id, PRICE);
        assertEq(col.ownerOf(bobToken), bob);
    }

    function test_approvalRevoked_thenRestored_listingLivesAgain() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(alice);
        col.setApprovalForAll(address(market), false);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.MarketplaceNotApproved.selector, address(col), aliceToken));
        _buy(bob, id, PRICE);
        vm.prank(alice);
        col.setApprovalForAll(address(market), true);
        _buy(bob, id, PRICE); // approval is the seller's switch; the token never moved
        assertEq(col.ownerOf(aliceToken), bob);
    }

    // ------------------------------------------------ price changed after the buyer's quote

    function test_priceChange_cancelAndRelist_oldQuoteFails() public {
        uint256 quoted = _list(alice, aliceToken, PRICE);
        // The seller front-runs the buyer: cancels and lists again at a higher price.
        vm.prank(alice);
        market.cancel(quoted);
        uint256 relisted = _list(alice, aliceToken, PRICE * 2);
        vm.expectRevert(_err(IMarketplace.UnknownListing.selector, quoted));
        _buy(bob, quoted, PRICE);
        // A buyer client that follows the token to its new listing still pays only what it quoted.
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceMismatch.selector, relisted, PRICE * 2, PRICE));
        _buy(bob, relisted, PRICE);
        assertEq(dep.balanceOf(bob), BUDGET);
        assertEq(col.ownerOf(aliceToken), alice);
    }

    function test_priceChange_cancelAllAndRelist_oldQuoteFails() public {
        uint256 quoted = _list(alice, aliceToken, PRICE);
        vm.startPrank(alice);
        market.cancelAll();
        market.list(address(col), aliceToken, PRICE * 2, _expiry());
        vm.stopPrank();
        vm.expectRevert(_err(IMarketplace.ListingStale.selector, quoted));
        _buy(bob, quoted, PRICE);
        assertEq(dep.balanceOf(bob), BUDGET);
    }

    function testFuzz_priceMismatch_anyOtherPriceFails(uint256 expected) public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.assume(expected != PRICE);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.PriceMismatch.selector, id, PRICE, expected));
        _buy(bob, id, expected);
    }

    /// @dev Catalog ids are below 2**64; a listing stores 128 bits, so a larger id is refused
    /// rather than truncated into another token's id.
    function test_list_refusesIdsThatDoNotFitTheListing() public {
        HostileWorld memory w = _hostileCollectionWorld();
        uint256 huge = uint256(type(uint128).max) + 1;
        w.hc.mint(alice, huge);
        w.hc.mint(alice, type(uint128).max);
        vm.expectRevert(abi.encodeWithSelector(IMarketplace.NotTradable.selector, address(w.hc), huge));
        vm.prank(alice);
        w.m.list(address(w.hc), huge, PRICE, _expiry());
        vm.prank(alice);
        uint256 id = w.m.list(address(w.hc), type(uint128).max, PRICE, _expiry());
        assertEq(w.m.listing(id).tokenId, type(uint128).max);
    }

    // ---------------------------------------------------------------- hostile royalty data

    function test_quote_capsRoyaltyAtPriceAndFeeAtTheRest() public {
        HostileCollection hc = new HostileCollection();
        hc.setRoyalty(artist, PRICE * 3);
        (address receiver, uint256 royalty, uint256 fee, uint256 proceeds) = market.quote(address(hc), 1, PRICE);
        assertEq(receiver, artist);
        assertEq(royalty, PRICE);
        assertEq(fee, 0);
        assertEq(proceeds, 0);

        hc.setRoyalty(artist, PRICE - 1);
        (, royalty, fee, proceeds) = market.quote(address(hc), 1, PRICE);
        assertEq(royalty, PRICE - 1);
        assertEq(fee, 1, "capped at what the royalty leaves");
        assertEq(proceeds, 0);
    }

    function test_quote_ignoresRoyaltyWithoutReceiver() public {
        HostileCollection hc = new HostileCollection();
        hc.setRoyalty(address(0), PRICE / 2);
        (address receiver, uint256 royalty, uint256 fee, uint256 proceeds) = market.quote(address(hc), 1, PRICE);
        assertEq(receiver, address(0));
        assertEq(royalty, 0);
        assertEq(fee, PRICE * FEE_BPS / 10_000);
        assertEq(proceeds, PRICE - fee);
    }

    /// @dev With the whole price going to royalty and fee, no zero-amount proceeds transfer is made.
    function test_buy_skipsZeroProceeds() public {
        HostileWorld memory w = _hostileCollectionWorld();
        vm.prank(operator);
        w.m.setPlatformFee(platform, 1000);
        w.hc.setRoyalty(artist, PRICE * 2);
        vm.recordLogs();
        vm.prank(bob);
        w.m.buy(w.listingId, PRICE);
        assertEq(dep.balanceOf(artist), PRICE);
        assertEq(dep.balanceOf(platform), 0);
        assertEq(vm.getRecordedLogs().length, 2, "Sold and one Transfer");
    }
}
