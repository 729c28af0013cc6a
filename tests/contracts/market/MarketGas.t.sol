// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Collection} from "../../../contracts/collection/Collection.sol";
import {IMarketplace} from "../../../contracts/market/IMarketplace.sol";
import {Vm} from "../utils/Vm.sol";
import {MarketBase} from "./MarketBase.sol";

/// @title MarketGasTest
/// @notice Gas measurements of the market paths, printed with `-vv`, never asserted (figures live
/// in `bench/`); each test asserts, after measuring, the state its measured call must produce. Run with `--isolate` so that every top-level call is its own transaction: then
/// `vm.lastCallGas().gasTotalUsed` is what a receipt reports: intrinsic gas included, cold
/// accesses counted as in a real transaction, refunds applied (the benchmark's Anvil receipts
/// agree to the unit).
///
/// The buy is measured in its steady state: buyer, seller, royalty receiver and platform already
/// hold deposit tokens, the buyer already holds a collectible, the buyer's allowance is unlimited.
contract MarketGasTest is MarketBase {
    function setUp() public override {
        super.setUp();
        _fund(alice, 1 ether);
        _fund(artist, 1 ether);
        _fund(platform, 1 ether);
    }

    function _report(string memory label) internal view returns (uint256 used) {
        Vm.Gas memory g = vm.lastCallGas();
        used = g.gasTotalUsed;
        log(label, used);
        log("  refunded", uint256(int256(g.gasRefunded)));
    }

    function test_gas_list() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        _report("list (gasUsed)");
        IMarketplace.Listing memory l = market.listing(id);
        assertEq(l.seller, alice);
        assertEq(l.tokenId, aliceToken);
        assertEq(l.price, PRICE);
        assertTrue(market.isListingActive(id));
    }

    function test_gas_buy() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        _buy(bob, id, PRICE);
        _report("buy (gasUsed)");
        uint256 royalty = PRICE * ROYALTY_BPS / 10_000;
        uint256 fee = PRICE * FEE_BPS / 10_000;
        assertEq(col.ownerOf(aliceToken), bob);
        assertEq(dep.balanceOf(bob), BUDGET - PRICE);
        assertEq(dep.balanceOf(artist), 1 ether + royalty);
        assertEq(dep.balanceOf(platform), 1 ether + fee);
        assertEq(dep.balanceOf(alice), 1 ether + PRICE - royalty - fee);
        assertEq(market.listing(id).seller, address(0), "sold listings are deleted");
    }

    function test_gas_cancel() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(alice);
        market.cancel(id);
        _report("cancel (gasUsed)");
        assertEq(market.listing(id).seller, address(0));
        assertFalse(market.isListingActive(id));
    }

    function test_gas_cancelAll() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(alice);
        market.cancelAll();
        _report("cancelAll, first (gasUsed)");
        assertEq(market.sellerNonce(alice), 1);
        assertFalse(market.isListingActive(id), "the earlier listing is cancelled");
        vm.prank(alice);
        market.cancelAll();
        _report("cancelAll, again (gasUsed)");
        assertEq(market.sellerNonce(alice), 2);
    }

    function test_gas_cloneVersusFullDeploy() public {
        vm.prank(issuer);
        address clone_ = factory.createCollection(_params(issuer, "Moon Rabbit"));
        uint256 clone = _report("createCollection (clone + initialize + catalog)");
        uint256 before = gasleft();
        Collection full = new Collection();
        uint256 deploy = before - gasleft();
        log("new Collection() (implementation deploy, execution only)", deploy);
        log("clone / full deploy (per mille)", clone * 1000 / deploy);
        assertTrue(factory.isCollection(clone_), "catalogued");
        assertEq(Collection(clone_).name(), "Moon Rabbit");
        assertTrue(Collection(clone_).hasRole(Collection(clone_).ISSUER_ROLE(), issuer), "initialized");
        assertGt(full.setupModule().code.length, 0, "the implementation deployed its set-up module");
    }
}
