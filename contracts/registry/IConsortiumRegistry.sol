// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IConsortiumRegistry
/// @notice The consortium's roles, real-name (KYC) records, account freezes and approved operators.
/// Every collection and deposit token of the consortium reads this registry.
///
/// Roles (OpenZeppelin AccessControl; `DEFAULT_ADMIN_ROLE` is the consortium's governance):
/// - `OPERATOR_ROLE`: the consortium operator; sets the operator freeze and approved operators.
/// - `ISSUER_ROLE`: a member bank; creates collections through the factory, sets the issuer freeze.
/// - `KYC_OFFICER_ROLE`: approves, renews and revokes KYC records.
/// - `COMPLIANCE_ROLE`: a bank's compliance officer; freezes, forced transfers and burns.
/// - `REGULATOR_ROLE`: the regulator; the same compliance powers, and the operator freeze.
///
/// An account is verified when its KYC record has not expired and neither freeze flag is set.
interface IConsortiumRegistry {
    /// @dev Who set a freeze flag. The two flags are independent, as in BSN-DDC: lifting one never
    /// lifts the other.
    enum FreezeAuthority {
        Issuer,
        Operator
    }

    /// @dev One storage slot per account, so that checking a recipient costs one cold read.
    struct KycRecord {
        uint64 expiresAt;
        uint8 tier;
        bool issuerFrozen;
        bool operatorFrozen;
        bool complianceHold; // the issuer flag was set by a compliance officer: no issuer lifts it
        bool regulatorHold; // the operator flag was set by the regulator: the operator does not lift it
    }

    /// @dev Why an account is not verified.
    enum UnverifiedReason {
        NoKyc,
        KycExpired,
        IssuerFrozen,
        OperatorFrozen
    }

    event KycApproved(address indexed account, uint64 expiresAt, uint8 tier, address indexed officer);
    event KycRevoked(address indexed account, address indexed officer);
    event AccountFreezeChanged(address indexed account, FreezeAuthority authority, bool frozen, address indexed by);
    event OperatorApprovalChanged(address indexed operator, bool approved, address indexed by);

    error AccountNotVerified(address account, UnverifiedReason reason);
    error KycExpiryInPast(address account, uint64 expiresAt);
    error ZeroAddress();
    error EmptyBatch();
    error BatchLengthMismatch(uint256 accounts, uint256 values);
    error NotAuthorizedForFreeze(address caller, FreezeAuthority authority);
    error FreezeHeldByCompliance(address account);
    error FreezeHeldByRegulator(address account);

    /// @notice Approves or renews KYC for `accounts`, each expiring at `expiresAt[i]` with `tiers[i]`.
    /// @dev Requirements: caller has `KYC_OFFICER_ROLE`; no zero address; every expiry in the future;
    /// array lengths equal and non-zero. Freeze flags are kept. Emits {KycApproved} per account.
    function approveKyc(address[] calldata accounts, uint64[] calldata expiresAt, uint8[] calldata tiers) external;

    /// @notice Deletes the KYC records of `accounts` (freeze flags are kept).
    /// @dev Requirements: caller has `KYC_OFFICER_ROLE`. Emits {KycRevoked} per account.
    function revokeKyc(address[] calldata accounts) external;

    /// @notice Sets or clears the `authority` freeze flag of `accounts`.
    /// @dev Requirements: for `Issuer`, caller has `ISSUER_ROLE` or `COMPLIANCE_ROLE`; for `Operator`,
    /// `OPERATOR_ROLE` or `REGULATOR_ROLE`. A compliance officer's issuer-flag freeze is a compliance
    /// hold that only a compliance officer lifts ({FreezeHeldByCompliance}): the flag is shared by
    /// the member banks, and no bank's issuer may undo compliance. Likewise the regulator's
    /// operator-flag freeze is a hold that only the regulator lifts ({FreezeHeldByRegulator}).
    /// Emits {AccountFreezeChanged} per account.
    function setAccountFreeze(address[] calldata accounts, FreezeAuthority authority, bool frozen) external;

    /// @notice Adds or removes `operator` (a marketplace) from the operators allowed to move tokens
    /// on a holder's behalf. Removing one makes every approval given to it inert at once.
    /// @dev Requirements: caller has `OPERATOR_ROLE`. Emits {OperatorApprovalChanged}.
    function setApprovedOperator(address operator, bool approved) external;

    /// @notice The KYC record and freeze flags of `account`.
    function kycOf(address account) external view returns (KycRecord memory);

    /// @notice Whether `account` has unexpired KYC and neither freeze flag set.
    function isVerified(address account) external view returns (bool);

    /// @notice Reverts with {AccountNotVerified} for the first account of `accounts` that is not verified.
    /// @dev One call for a whole mint batch: the collection checks every recipient in one round trip.
    function requireVerified(address[] calldata accounts) external view;

    /// @notice Whether `operator` may move tokens on a holder's behalf.
    function isApprovedOperator(address operator) external view returns (bool);

    /// @notice Whether `account` holds `COMPLIANCE_ROLE` or `REGULATOR_ROLE`.
    function isComplianceAuthority(address account) external view returns (bool);

    /// @notice Whether `account` holds `ISSUER_ROLE`.
    function isIssuer(address account) external view returns (bool);
}
