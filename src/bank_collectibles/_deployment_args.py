"""The roles of a suite and the checks `deploy_suite` makes of its arguments before anything is sent,
and on a complete manifest, how the arguments differ from what it records."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ._contracts import checked_address, checked_text, positive
from .errors import InvalidInput
from .factory import CollectionSpec
from .signers import Signer

_MAX_FEE_BPS = 1000  # Marketplace.MAX_FEE_BPS

#: Where a complete manifest records each role holder: (SuiteRoles field, contract, role).
_RECORDED_ROLES = (
    ("operator", "registry", "OPERATOR_ROLE"),
    ("issuer", "registry", "ISSUER_ROLE"),
    ("kyc_officer", "registry", "KYC_OFFICER_ROLE"),
    ("compliance_officer", "registry", "COMPLIANCE_ROLE"),
    ("regulator", "registry", "REGULATOR_ROLE"),
    ("treasury", "deposit_token", "TREASURY_ROLE"),
    ("compliance_officer", "deposit_token", "PAUSER_ROLE"),
    ("minter", "collection", "MINTER_ROLE"),
)


@dataclass(frozen=True)
class SuiteRoles:
    """Who holds which role once the suite is deployed (addresses; the admin by default).

    Attributes:
        operator: The consortium operator: platform fee, approved operators, operator freezes.
        issuer: The first member bank: issuer of the first collection.
        kyc_officer: Approves, renews and revokes KYC.
        compliance_officer: Freezes, forced transfers and burns (a bank's compliance team).
        regulator: The same compliance powers, and the operator freeze.
        treasury: Mints and burns the deposit token.
        minter: Mints on the first collection.
        fee_recipient: Receives the platform fee (the operator when None).
        fee_bps: The platform fee, in basis points (at most 1000).
    """

    operator: str
    issuer: str
    kyc_officer: str
    compliance_officer: str
    regulator: str
    treasury: str
    minter: str
    fee_recipient: str | None = None
    fee_bps: int = 0

    @classmethod
    def all(cls, account: str) -> SuiteRoles:
        """Every role held by one account (a development set-up).

        Args:
            account: The holder of every role.

        Returns:
            The roles, with no platform fee.
        """
        return cls(account, account, account, account, account, account, account)

    def registry_grants(self) -> list[tuple[str, str]]:
        """The consortium registry's roles to grant.

        Returns:
            `(role, account)` pairs, one per registry role.
        """
        return [
            ("OPERATOR_ROLE", self.operator),
            ("ISSUER_ROLE", self.issuer),
            ("KYC_OFFICER_ROLE", self.kyc_officer),
            ("COMPLIANCE_ROLE", self.compliance_officer),
            ("REGULATOR_ROLE", self.regulator),
        ]


def checked_signer(signer: Any, what: str) -> Signer:
    if not isinstance(signer, Signer):
        raise InvalidInput(f"{what} {signer!r} is not a signer (it needs .address and .sign_transaction)")
    return signer


def checked_roles(roles: Any, admin: Signer) -> SuiteRoles:
    """`roles` with every address checksummed, after checking each, the fee and the operator."""
    if not isinstance(roles, SuiteRoles):
        raise InvalidInput(f"roles are given as a SuiteRoles, not {roles!r}")
    names = [f.name for f in fields(roles) if f.name != "fee_bps"]
    if roles.fee_recipient is None:
        names.remove("fee_recipient")  # the operator receives the fee
    checked = replace(roles, **{name: checked_address(getattr(roles, name), f"roles.{name}") for name in names})
    positive(roles.fee_bps, "roles.fee_bps", maximum=_MAX_FEE_BPS, allow_zero=True)
    if checked.operator != admin.address:
        raise InvalidInput(
            f"roles.operator {checked.operator} is not the admin {admin.address}: the deployment approves the "
            "marketplace and sets the platform fee as the admin, which needs OPERATOR_ROLE. Deploy with the "
            "admin as operator, then grant OPERATOR_ROLE to the operator (Registry.grant_role)"
        )
    return checked


def checked_spec(spec: Any, issuer: Signer) -> CollectionSpec:
    """`spec` after the checks `Factory.create_collection` makes. The registry is not deployed yet:
    the issuer's address stands in for it (its only check is that of an address)."""
    if not isinstance(spec, CollectionSpec):
        raise InvalidInput(f"a collection is described by a CollectionSpec, not {spec!r}")
    spec.init_params(issuer.address, issuer.address)
    return spec


def checked_deposit_name(deposit_name: Any) -> tuple[str, str]:
    if not isinstance(deposit_name, (tuple, list)) or len(deposit_name) != 2:
        raise InvalidInput(f"deposit_name must be a (name, symbol) pair, not {deposit_name!r}")
    name, symbol = deposit_name
    return (
        checked_text(name, "the deposit token's name", required=True),
        checked_text(symbol, "the deposit token's symbol", required=True),
    )


def collection_settings(spec: CollectionSpec) -> dict[str, Any]:
    """The first collection's settings as the manifest records them (a checked `spec`)."""
    receiver = checked_address(spec.royalty_receiver, "royalty receiver") if spec.royalty_receiver else None
    return {
        "name": spec.name, "symbol": spec.symbol, "contract_uri": spec.contract_uri, "royalty_receiver": receiver,
        "royalty_bps": spec.royalty_bps, "holding_period": spec.holding_period, "max_transfers": spec.max_transfers,
    }  # fmt: skip


def manifest_differences(
    manifest: dict[str, Any],
    admin: Signer,
    roles: SuiteRoles | None,
    issuer: Signer | None,
    spec: CollectionSpec | None,
) -> list[str]:
    """How the arguments differ from what a complete manifest records. An argument that is None
    is not compared, nor a setting the manifest does not record (one written by an older version)."""
    differences = []
    if manifest.get("admin", admin.address) != admin.address:
        differences.append(f"the manifest's admin is {manifest['admin']} but admin is {admin.address}")
    first = manifest["collections"][0]
    if issuer is not None and first.get("issuer", issuer.address) != issuer.address:
        differences.append(f"the manifest's collection issuer is {first['issuer']} but issuer is {issuer.address}")
    for key, value in (collection_settings(spec) if spec is not None else {}).items():
        if key in first and first[key] != value:
            differences.append(f"the manifest's collection {key} is {first[key]!r} but collection.{key} is {value!r}")
    if roles is None:
        return differences
    scopes = {"registry": "registry", "deposit_token": "deposit_token", "collection": f"collection:{first['address']}"}
    for name, contract, role in _RECORDED_ROLES:
        holders = manifest["roles"].get(scopes[contract], {}).get(role)
        if holders is not None and getattr(roles, name) not in holders:
            differences.append(f"the manifest's {role} is held by {', '.join(holders)} but roles.{name} is {getattr(roles, name)}")
    fee = manifest.get("marketplace", {})
    for key, value in (("fee_recipient", roles.fee_recipient or roles.operator), ("fee_bps", roles.fee_bps)):
        if key in fee and fee[key] != value:
            differences.append(f"the manifest's {key} is {fee[key]!r} but roles.{key} is {value!r}")
    return differences
