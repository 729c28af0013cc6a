// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IDepositToken
/// @notice The bank's tokenized deposit (ERC-20), the marketplace's currency. Minted and burned by
/// the treasury; moves only between accounts the consortium registry verifies; pausable.
interface IDepositToken is IERC20 {
    error DepositNotVerified(address account);
    error ZeroAddress();

    /// @notice Requirements: `TREASURY_ROLE`; `to` verified.
    function mint(address to, uint256 amount) external;

    /// @notice Burns from `from` (a redemption into the bank account). Requirements: `TREASURY_ROLE`.
    function burn(address from, uint256 amount) external;

    /// @notice Requirements: `PAUSER_ROLE`.
    function pause() external;

    /// @notice Requirements: `PAUSER_ROLE`.
    function unpause() external;

    function registry() external view returns (address);
}
