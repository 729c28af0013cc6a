// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Collection} from "../../../contracts/collection/Collection.sol";
import {Vm} from "../utils/Vm.sol";
import {MarketBase} from "./MarketBase.sol";

/// @title MarketGasTest
/// @notice Gas measurements of the market paths, printed with `-vv`, never asserted (figures live
/// in `bench/`). Run with `--isolate` so that every top-level call is its own transaction: then
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
        _list(alice, aliceToken, PRICE);
        _report("list (gasUsed)");
    }

    function test_gas_buy() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        _buy(bob, id, PRICE);
        _report("buy (gasUsed)");
    }

    function test_gas_cancel() public {
        uint256 id = _list(alice, aliceToken, PRICE);
        vm.prank(alice);
        market.cancel(id);
        _report("cancel (gasUsed)");
    }

    function test_gas_cancelAll() public {
        vm.prank(alice);
        market.cancelAll();
        _report("cancelAll, first (gasUsed)");
        vm.prank(alice);
        market.cancelAll();
        _report("cancelAll, again (gasUsed)");
    }

    function test_gas_cloneVersusFullDeploy() public {
        vm.prank(issuer);
        factory.createCollection(_params(issuer, "Moon Rabbit"));
        uint256 clone = _report("createCollection (clone + initialize + catalog)");
        uint256 before = gasleft();
        new Collection();
        uint256 deploy = before - gasleft();
        log("new Collection() (implementation deploy, execution only)", deploy);
        log("clone / full deploy (per mille)", clone * 1000 / deploy);
    }
}
