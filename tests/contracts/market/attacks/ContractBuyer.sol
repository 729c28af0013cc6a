// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMarketplace} from "../../../../contracts/market/IMarketplace.sol";

/// @title ContractBuyer
/// @notice A buyer that is a contract (a bank's custody wallet) whose `onERC721Received` reverts:
/// if the marketplace used `safeTransferFrom`, this hook would be a callback into buyer code in
/// the middle of `buy`, and buying would fail. The marketplace uses `transferFrom`, so the hook
/// never runs and the buy succeeds.
contract ContractBuyer {
    error HookMustNotRun();

    function approve(IERC20 token, address spender) external {
        token.approve(spender, type(uint256).max);
    }

    function buy(IMarketplace market, uint256 listingId, uint256 price) external {
        market.buy(listingId, price);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        revert HookMustNotRun();
    }
}
