// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IConsortiumRegistry} from "./IConsortiumRegistry.sol";

/// @title ConsortiumRegistry
/// @notice The consortium's roles, real-name (KYC) records, account freezes and approved operators.
/// @dev Deployed once per consortium with a constructor (it is not cloned).
///
/// Invariants:
/// - An account's KYC record and both freeze flags share one storage slot, so checking one
///   recipient costs one cold storage read.
/// - An account is verified exactly when `block.timestamp < expiresAt` and neither freeze flag is
///   set; a KYC renewal or revocation never touches the freeze flags, and lifting one freeze flag
///   never lifts the other.
/// - Every change of a record, a freeze flag or an operator approval emits an event naming the
///   account that made it.
contract ConsortiumRegistry is AccessControl, IConsortiumRegistry {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    bytes32 public constant KYC_OFFICER_ROLE = keccak256("KYC_OFFICER_ROLE");
    bytes32 public constant COMPLIANCE_ROLE = keccak256("COMPLIANCE_ROLE");
    bytes32 public constant REGULATOR_ROLE = keccak256("REGULATOR_ROLE");

    mapping(address account => KycRecord) private _records;
    mapping(address operator => bool) private _approvedOperators;

    /// @param admin Receives `DEFAULT_ADMIN_ROLE`, the admin of every other role.
    constructor(address admin) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------------------------- writes

    /// @inheritdoc IConsortiumRegistry
    function approveKyc(address[] calldata accounts, uint64[] calldata expiresAt, uint8[] calldata tiers)
        external
        onlyRole(KYC_OFFICER_ROLE)
    {
        uint256 n = accounts.length;
        if (n == 0) revert EmptyBatch();
        if (expiresAt.length != n) revert BatchLengthMismatch(n, expiresAt.length);
        if (tiers.length != n) revert BatchLengthMismatch(n, tiers.length);
        for (uint256 i; i < n; ++i) {
            address account = accounts[i];
            uint64 expiry = expiresAt[i];
            if (account == address(0)) revert ZeroAddress();
            if (expiry <= block.timestamp) revert KycExpiryInPast(account, expiry);
            KycRecord storage record = _records[account];
            record.expiresAt = expiry;
            record.tier = tiers[i];
            emit KycApproved(account, expiry, tiers[i], msg.sender);
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function revokeKyc(address[] calldata accounts) external onlyRole(KYC_OFFICER_ROLE) {
        for (uint256 i; i < accounts.length; ++i) {
            KycRecord storage record = _records[accounts[i]];
            record.expiresAt = 0;
            record.tier = 0;
            emit KycRevoked(accounts[i], msg.sender);
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function setAccountFreeze(address[] calldata accounts, FreezeAuthority authority, bool frozen) external {
        bool allowed = authority == FreezeAuthority.Issuer
            ? hasRole(ISSUER_ROLE, msg.sender) || hasRole(COMPLIANCE_ROLE, msg.sender)
            : hasRole(OPERATOR_ROLE, msg.sender) || hasRole(REGULATOR_ROLE, msg.sender);
        if (!allowed) revert NotAuthorizedForFreeze(msg.sender, authority);
        // The higher authority of each flag holds its freeze against the other one.
        bool higher = hasRole(authority == FreezeAuthority.Issuer ? COMPLIANCE_ROLE : REGULATOR_ROLE, msg.sender);
        for (uint256 i; i < accounts.length; ++i) {
            KycRecord storage record = _records[accounts[i]];
            if (authority == FreezeAuthority.Issuer) {
                if (!frozen && record.complianceHold && !higher) revert FreezeHeldByCompliance(accounts[i]);
                record.issuerFrozen = frozen;
                record.complianceHold = frozen && (higher || record.complianceHold);
            } else {
                if (!frozen && record.regulatorHold && !higher) revert FreezeHeldByRegulator(accounts[i]);
                record.operatorFrozen = frozen;
                record.regulatorHold = frozen && (higher || record.regulatorHold);
            }
            emit AccountFreezeChanged(accounts[i], authority, frozen, msg.sender);
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function setApprovedOperator(address operator, bool approved) external onlyRole(OPERATOR_ROLE) {
        if (operator == address(0)) revert ZeroAddress();
        _approvedOperators[operator] = approved;
        emit OperatorApprovalChanged(operator, approved, msg.sender);
    }

    // ----------------------------------------------------------------------------------- reads

    /// @inheritdoc IConsortiumRegistry
    function kycOf(address account) external view returns (KycRecord memory) {
        return _records[account];
    }

    /// @inheritdoc IConsortiumRegistry
    function isVerified(address account) external view returns (bool) {
        KycRecord memory record = _records[account];
        return record.expiresAt > block.timestamp && !record.issuerFrozen && !record.operatorFrozen;
    }

    /// @inheritdoc IConsortiumRegistry
    /// @dev The collection calls this once per mint batch, so the loop reads each record as one
    /// word: verified means `expiresAt` (bits 0-63) above `block.timestamp` and both freeze flags
    /// (bits 72-87) clear. An address with dirty upper bits is rejected as not an address.
    function requireVerified(address[] calldata accounts) external view {
        uint256 failedAt = type(uint256).max;
        /// @solidity memory-safe-assembly
        assembly {
            mstore(0x20, _records.slot)
            for { let i := 0 } lt(i, accounts.length) { i := add(i, 1) } {
                let account := calldataload(add(accounts.offset, shl(5, i)))
                if shr(160, account) { revert(0x00, 0x00) }
                mstore(0x00, account)
                let word := sload(keccak256(0x00, 0x40))
                let expired := iszero(gt(and(word, 0xffffffffffffffff), timestamp()))
                if or(expired, and(shr(72, word), 0xffff)) {
                    failedAt := i
                    break
                }
            }
        }
        if (failedAt != type(uint256).max) _revertUnverified(accounts[failedAt]);
    }

    /// @dev Reverts with the first reason `account` is not verified, checked in the order that
    /// names the first thing to fix.
    function _revertUnverified(address account) private view {
        KycRecord memory record = _records[account];
        if (record.expiresAt <= block.timestamp) {
            revert AccountNotVerified(
                account, record.expiresAt == 0 ? UnverifiedReason.NoKyc : UnverifiedReason.KycExpired
            );
        }
        if (record.issuerFrozen) revert AccountNotVerified(account, UnverifiedReason.IssuerFrozen);
        revert AccountNotVerified(account, UnverifiedReason.OperatorFrozen);
    }

    /// @inheritdoc IConsortiumRegistry
    function isApprovedOperator(address operator) external view returns (bool) {
        return _approvedOperators[operator];
    }

    /// @inheritdoc IConsortiumRegistry
    function isComplianceAuthority(address account) external view returns (bool) {
        return hasRole(COMPLIANCE_ROLE, account) || hasRole(REGULATOR_ROLE, account);
    }

    /// @inheritdoc IConsortiumRegistry
    function isIssuer(address account) external view returns (bool) {
        return hasRole(ISSUER_ROLE, account);
    }
}
