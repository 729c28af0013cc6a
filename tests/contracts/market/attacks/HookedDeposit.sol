// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface IPaymentHook {
    function onPayment(address from, uint256 amount) external;
}

/// @title HookedDeposit
/// @notice A hostile currency: an ERC-20 with an ERC-777-style receive hook, so that paying a
/// royalty, a fee or the proceeds hands control to the payee. The real deposit token has no hook;
/// this models a marketplace deployed with a currency that has one.
contract HookedDeposit is ERC20 {
    address public hooked;

    constructor() ERC20("Hooked", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHooked(address payee) external {
        hooked = payee;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (to == hooked && to != address(0)) IPaymentHook(to).onPayment(from, value);
    }
}
