// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IConsortiumRegistry} from "../registry/IConsortiumRegistry.sol";
import {IDepositToken} from "./IDepositToken.sol";

/// @title DepositToken
/// @notice The bank's tokenized deposit, the marketplace's currency.
/// @dev Invariants:
/// - Every balance increase goes to an account the registry verifies at that moment, and every
///   transfer leaves an account the registry verifies at that moment: mint, transfer and
///   `transferFrom` all pass through the one {_update} override. Burns (the treasury redeeming a
///   deposit into the bank account) are not KYC-checked: the treasury must be able to redeem the
///   deposit of an account whose KYC lapsed or that is frozen.
/// - While paused nothing moves: no transfer, mint or burn.
/// - Only `TREASURY_ROLE` changes the total supply.
///
/// The token has no transfer hooks: paying with it never hands control to the payee.
contract DepositToken is ERC20, AccessControl, Pausable, IDepositToken {
    /// @notice Mints and burns deposits.
    bytes32 public constant TREASURY_ROLE = keccak256("TREASURY_ROLE");
    /// @notice Pauses and unpauses every movement of the token.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    IConsortiumRegistry private immutable _registry;

    /// @param registry_ The consortium registry whose `isVerified` gates every transfer and mint.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE`, the admin of `TREASURY_ROLE` and `PAUSER_ROLE`.
    constructor(string memory name_, string memory symbol_, address registry_, address admin) ERC20(name_, symbol_) {
        if (registry_ == address(0) || admin == address(0)) revert ZeroAddress();
        _registry = IConsortiumRegistry(registry_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IDepositToken
    /// @dev Emits {Transfer} from the zero address.
    function mint(address to, uint256 amount) external onlyRole(TREASURY_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IDepositToken
    /// @dev No allowance is needed: the deposit is the bank's liability. Emits {Transfer} to the zero
    /// address.
    function burn(address from, uint256 amount) external onlyRole(TREASURY_ROLE) {
        _burn(from, amount);
    }

    /// @inheritdoc IDepositToken
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IDepositToken
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc IDepositToken
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @dev The one choke point of every balance change. Requirements: not paused; unless burning, `from`
    /// (when not minting) and then `to` verified, so the sender is named first.
    function _update(address from, address to, uint256 value) internal override {
        _requireNotPaused();
        if (to != address(0)) {
            if (from != address(0) && !_registry.isVerified(from)) revert DepositNotVerified(from);
            if (!_registry.isVerified(to)) revert DepositNotVerified(to);
        }
        super._update(from, to, value);
    }
}
