// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketBase} from "./MarketBase.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @title MarketInvariantsTest
/// @notice What holds after any sequence of lists, cancels, buys, gifts, forced round trips, time
/// passing and fee or royalty changes (see {MarketHandler}):
/// - the marketplace never holds deposit tokens or collectibles between calls;
/// - every sale pays exactly the price out of the buyer, split into royalty + fee + proceeds;
/// - a listing executes at most once, and never after its token moved;
/// - the deposit supply never changes by trading.
contract MarketInvariantsTest is MarketBase {
    MarketHandler internal handler;
    uint256 internal supply;

    function setUp() public override {
        super.setUp();
        address[] memory actors = new address[](3);
        (actors[0], actors[1], actors[2]) = (alice, bob, carol);
        _fund(alice, BUDGET);
        uint256[] memory tokens = new uint256[](9);
        tokens[0] = aliceToken;
        tokens[1] = aliceToken2;
        tokens[2] = bobToken;
        for (uint256 i = 3; i < tokens.length; ++i) {
            tokens[i] = _mint(actors[i % 3]);
        }
        vm.prank(bob);
        col.setApprovalForAll(address(market), true);
        vm.prank(carol);
        col.setApprovalForAll(address(market), true);
        vm.warp(block.timestamp + HOLDING);

        handler = new MarketHandler(
            market, col, dep, MarketHandler.Roles(issuer, operator, compliance, artist, platform), actors, tokens
        );
        supply = dep.totalSupply();
        targetContract(address(handler));
        bytes4[] memory actions = new bytes4[](10);
        actions[0] = MarketHandler.list.selector;
        actions[1] = MarketHandler.buy.selector;
        actions[2] = MarketHandler.cancel.selector;
        actions[3] = MarketHandler.cancelAll.selector;
        actions[4] = MarketHandler.gift.selector;
        actions[5] = MarketHandler.forcedRoundTrip.selector;
        actions[6] = MarketHandler.warp.selector;
        actions[7] = MarketHandler.setFee.selector;
        actions[8] = MarketHandler.setRoyalty.selector;
        actions[9] = MarketHandler.buyLatest.selector;
        targetSelector(address(handler), actions);
    }

    function invariant_marketplaceHoldsNothing() public view {
        assertEq(dep.balanceOf(address(market)), 0, "deposit tokens held");
        assertEq(col.balanceOf(address(market)), 0, "collectibles held");
    }

    function invariant_everySaleSplitsExactlyThePrice() public view {
        assertEq(handler.badSplits(), 0, "royalty + fee + proceeds != price");
    }

    function invariant_aListingExecutesAtMostOnce() public view {
        assertEq(handler.doubleExecutions(), 0, "a listing executed twice");
    }

    function invariant_aListingNeverExecutesAfterItsTokenMoved() public view {
        assertEq(handler.staleExecutions(), 0, "a stale listing executed");
    }

    function invariant_tradingNeverChangesTheDepositSupply() public view {
        assertEq(dep.totalSupply(), supply);
    }

    /// @dev The handler's model is not vacuous: it records a sale, and a listing whose token made
    /// a forced round trip is refused (were it sold, `staleExecutions` would count it).
    function test_handler_sellsAndModelsMoves() public {
        handler.list(0, 5 ether, 1 days); // alice's first token
        handler.buy(1, 0); // bob buys listing 1
        assertEq(handler.sales(), 1);
        assertEq(handler.moves(aliceToken), 1);
        assertEq(col.ownerOf(aliceToken), bob);

        handler.list(1, 5 ether, 1 days); // alice's second token: listing 2
        handler.forcedRoundTrip(1, 2);
        handler.warp(HOLDING);
        handler.buy(1, 1);
        assertEq(handler.sales(), 1, "the stale listing did not sell");
        assertEq(handler.staleExecutions(), 0);
    }
}
