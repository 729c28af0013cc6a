// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMarketplace} from "../../../../contracts/market/IMarketplace.sol";

/// @title Reenterer
/// @notice Control handed to an attacker in the middle of a marketplace call (a payment hook, a
/// collection's transfer): it calls `market` with a prepared payload, records what it saw, and
/// either swallows the result (so the outer call can finish) or bubbles a failure up.
contract Reenterer {
    IMarketplace public market;
    bytes public payload;
    bool public bubble;

    bool public attacked;
    bool public reentryOk;
    bytes public reentryError;
    /// @dev `market.listing(watchedListing).seller` as seen from inside the callback.
    uint256 public watchedListing;
    address public sellerSeenDuringCallback;
    bool public activeSeenDuringCallback;

    function arm(IMarketplace market_, bytes calldata payload_, bool bubble_, uint256 watchedListing_) external {
        market = market_;
        payload = payload_;
        bubble = bubble_;
        watchedListing = watchedListing_;
    }

    /// @dev Called by the hostile contract in the middle of the marketplace's call.
    function strike() public {
        if (address(market) == address(0) || attacked) return;
        attacked = true;
        sellerSeenDuringCallback = market.listing(watchedListing).seller;
        activeSeenDuringCallback = market.isListingActive(watchedListing);
        (bool ok, bytes memory ret) = address(market).call(payload);
        reentryOk = ok;
        reentryError = ret;
        if (!ok && bubble) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    /// @dev The payment hook of {HookedDeposit}.
    function onPayment(address, uint256) external {
        strike();
    }
}
