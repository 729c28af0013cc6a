"""Every public method refuses bad ids, amounts, addresses, strings and flags with a library error
that names the argument, before anything is sent (no block mined, no nonce used).

The table covers every public method of Collection, Marketplace, DepositToken, Registry, Factory
and Client that takes an argument (`test_the_table_covers_every_public_method` keeps it so), and
`deploy_suite` and `Deployment`'s lookups; each refusal must come from the method's own checks:
the ABI encoder's safety net is tested on its own, at the end.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bank_collectibles import (
    Client,
    Collection,
    CollectionSpec,
    Deployment,
    DepositToken,
    Factory,
    InvalidAddress,
    InvalidInput,
    LocalSigner,
    Marketplace,
    Registry,
    SuiteRoles,
    deploy_suite,
)
from bank_collectibles import deployment as deployment_module
from bank_collectibles._abi import encode_arguments, word_plan
from bank_collectibles._contracts import checked_address
from bank_collectibles._fees import FeeOracle

from ._suite import YEAR, Suite, nothing_sent, send_call
from .test_validation import bad_checksum, staff

ZERO = "0x" + "00" * 20
TOO_BIG = 2**256


@dataclass
class Targets:
    """The contracts, each bound to the signer its writes need, and valid values to mix bad ones with."""

    collection: Collection  # the issuer
    minter: Collection
    compliance: Collection
    holder: Collection  # the customer who owns `token`
    market: Marketplace  # the customer
    operator_market: Marketplace  # the admin (consortium operator)
    deposit: DepositToken  # the treasury
    registry: Registry  # the KYC officer
    admin_registry: Registry
    factory: Factory  # the issuer
    deployment: Deployment
    admin: LocalSigner
    new_manifest: Path  # where no deployment is: deploying there would send everything
    account: str  # a verified customer
    edition: int
    drop: int
    token: int
    future: int

    @property
    def typo(self) -> str:
        """The customer's address with a wrong EIP-55 checksum."""
        return bad_checksum(self.account)

    def deploy(self, **arguments: Any) -> Deployment:
        """`deploy_suite` by the admin to a new manifest."""
        return deploy_suite(self.deployment.client, self.admin, self.new_manifest, **arguments)

    def roles(self, **changes: Any) -> SuiteRoles:
        """Every role the admin's, but those changed."""
        return replace(SuiteRoles.all(self.admin.address), **changes)


Call = Callable[[Targets], Any]

#: (class or module, method, call, expected error, what the message must say)
CASES: list[tuple[type | ModuleType, str, Call, type[Exception], str]] = [
    # ---------------------------------------------------------------- Collection: set-up
    (Collection, "create_edition", lambda t: t.collection.create_edition(None, 5, uri="ipfs://e"), InvalidInput, "name must be a string, not None"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("  ", 5, uri="ipfs://e"), InvalidInput, "name must not be empty"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("E", "5", uri="ipfs://e"), InvalidInput, "max_supply must be an integer, not '5'"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("E", 2**32, uri="ipfs://e"), InvalidInput, "max_supply must be at most 4294967295"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("E", 5, uri=None), InvalidInput, "uri must be a string, not None"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("E", 5, hidden_uri=7), InvalidInput, "hidden_uri must be a string, not 7"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("E", 5, uri="u", soulbound="no"), InvalidInput, "soulbound must be True or False"),
    (Collection, "create_edition", lambda t: t.collection.create_edition("\ud800", 5, uri="u"), InvalidInput, "not valid Unicode"),
    (Collection, "set_edition_uri", lambda t: t.collection.set_edition_uri(-1, "ipfs://u"), InvalidInput, "edition series id must be positive, not -1"),
    (Collection, "set_edition_uri", lambda t: t.collection.set_edition_uri(t.edition, None), InvalidInput, "uri must be a string"),
    (Collection, "reveal_edition_uri", lambda t: t.collection.reveal_edition_uri(2**32, "ipfs://u"), InvalidInput, "edition series id must be at most 4294967295"),
    (Collection, "reveal_edition_uri", lambda t: t.collection.reveal_edition_uri(t.edition, b"ipfs"), InvalidInput, "uri must be a string"),
    (Collection, "create_drop", lambda t: t.collection.create_drop(None, {t.edition: 1}, closes_at=t.future, placeholder_uri="p"), InvalidInput, "name must be a string"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", [t.edition], closes_at=t.future, placeholder_uri="p"), InvalidInput, "mapping of edition id to box count"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", {"1": 1}, closes_at=t.future, placeholder_uri="p"), InvalidInput, "edition series id must be an integer, not '1'"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", {t.edition: 1}, closes_at="soon", placeholder_uri="p"), InvalidInput, "closes_at must be an integer"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", {t.edition: 1}, closes_at=t.future, opens_at=-1, placeholder_uri="p"), InvalidInput, "opens_at must be zero or positive"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", {t.edition: 1}, closes_at=t.future, placeholder_uri=None), InvalidInput, "placeholder_uri must be a string"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", {t.edition: 1}, closes_at=t.future, placeholder_uri="p", secret="s" * 32), InvalidInput, "secret must be 32 bytes"),
    (Collection, "create_drop", lambda t: t.collection.create_drop("D", {t.edition: 1}, closes_at=t.future, placeholder_uri="p", commitment=b"c"), InvalidInput, "commitment must be 32 bytes, not 1 bytes"),
    (Collection, "create_recipe", lambda t: t.collection.create_recipe("12", t.edition), InvalidInput, "edition ids must be a list of integers"),
    (Collection, "create_recipe", lambda t: t.collection.create_recipe([t.edition], -1), InvalidInput, "edition series id must be positive"),
    (Collection, "set_recipe_active", lambda t: t.collection.set_recipe_active(-1, True), InvalidInput, "recipe id must be positive, not -1"),
    (Collection, "set_recipe_active", lambda t: t.collection.set_recipe_active(1, "yes"), InvalidInput, "active must be True or False, not 'yes'"),
    (Collection, "set_transfer_policy", lambda t: t.collection.set_transfer_policy(-1), InvalidInput, "holding_period must be zero or positive"),
    (Collection, "set_transfer_policy", lambda t: t.collection.set_transfer_policy(0, 2**32), InvalidInput, "max_transfers must be at most"),
    (Collection, "set_default_royalty", lambda t: t.collection.set_default_royalty("bob", 100), InvalidAddress, "receiver 'bob' is not an address"),
    (Collection, "set_default_royalty", lambda t: t.collection.set_default_royalty(t.account, "1%"), InvalidInput, "bps must be an integer"),
    (Collection, "set_edition_royalty", lambda t: t.collection.set_edition_royalty(t.edition, t.typo, 100), InvalidAddress, "bad EIP-55 checksum"),
    (Collection, "set_edition_royalty", lambda t: t.collection.set_edition_royalty("x", t.account, 100), InvalidInput, "edition series id must be an integer"),
    (Collection, "set_contract_uri", lambda t: t.collection.set_contract_uri(None), InvalidInput, "contract uri must be a string, not None"),
    (Collection, "grant_role", lambda t: t.collection.grant_role("MINTER", t.account), InvalidInput, "unknown collection role 'MINTER'"),
    (Collection, "grant_role", lambda t: t.collection.grant_role("MINTER_ROLE", "0xabc"), InvalidAddress, "account '0xabc' is not an address"),
    (Collection, "revoke_role", lambda t: t.collection.revoke_role("OPERATOR_ROLE", t.account), InvalidInput, "unknown collection role 'OPERATOR_ROLE'"),
    (Collection, "has_role", lambda t: t.collection.has_role("MINTER_ROLE", t.typo), InvalidAddress, "bad EIP-55 checksum"),
    # ------------------------------------------------------------ Collection: minting, drops
    (Collection, "mint", lambda t: t.minter.mint(-1, [t.account]), InvalidInput, "edition series id must be positive"),
    (Collection, "mint", lambda t: t.minter.mint(t.edition, t.account), InvalidInput, "recipients must be a list of addresses"),
    (Collection, "mint", lambda t: t.minter.mint(t.edition, [t.typo]), InvalidAddress, "bad EIP-55 checksum"),
    (Collection, "mint_boxes", lambda t: t.minter.mint_boxes("x", [t.account]), InvalidInput, "drop series id must be an integer, not 'x'"),
    (Collection, "mint_boxes", lambda t: t.minter.mint_boxes(t.drop, [None]), InvalidAddress, "recipient None is not an address"),
    (Collection, "mint_call", lambda t: t.minter.mint_call("burn", t.edition, [t.account]), InvalidInput, "mintBatch or mintBoxes"),
    (Collection, "mint_call", lambda t: t.minter.mint_call("mintBatch", -1, [t.account]), InvalidInput, "series id must be positive"),
    (Collection, "close_drop", lambda t: t.collection.close_drop(-1, b"s" * 32), InvalidInput, "drop series id must be positive"),
    (Collection, "close_drop", lambda t: t.collection.close_drop(t.drop, "secret"), InvalidInput, "secret must be 32 bytes, not 'secret'"),
    (Collection, "close_drop_after_deadline", lambda t: t.collection.close_drop_after_deadline(0), InvalidInput, "drop series id must be positive, not 0"),
    (Collection, "reveal", lambda t: t.collection.reveal(2**40), InvalidInput, "drop series id must be at most"),
    (Collection, "reveal", lambda t: t.collection.reveal(t.drop, timeout="1m"), InvalidInput, "timeout must be a number of seconds"),
    (Collection, "move_reveal_target", lambda t: t.collection.move_reveal_target(-3), InvalidInput, "drop series id must be positive, not -3"),
    (Collection, "move_reveal_target", lambda t: t.collection.move_reveal_target([1]), InvalidInput, "drop series id must be an integer"),
    # ----------------------------------------------------------- Collection: holders, compliance
    (Collection, "redeem", lambda t: t.holder.redeem(-1, [t.token]), InvalidInput, "recipe id must be positive"),
    (Collection, "redeem", lambda t: t.holder.redeem(1, []), InvalidInput, "no token ids given"),
    (Collection, "redeem", lambda t: t.holder.redeem(1, ["7"]), InvalidInput, "token id must be an integer, not '7'"),
    (Collection, "transfer", lambda t: t.holder.transfer(-1, t.account), InvalidInput, "token id must be positive, not -1"),
    (Collection, "transfer", lambda t: t.holder.transfer("7", t.account), InvalidInput, "token id must be an integer, not '7'"),
    (Collection, "transfer", lambda t: t.holder.transfer(t.token, "bob"), InvalidAddress, "recipient 'bob' is not an address"),
    (Collection, "gift", lambda t: t.holder.gift(TOO_BIG, t.account), InvalidInput, "token id must be at most"),
    (Collection, "gift", lambda t: t.holder.gift(t.token, t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Collection, "approve_operator", lambda t: t.holder.approve_operator(ZERO), InvalidAddress, "operator is the zero address"),
    (Collection, "approve_operator", lambda t: t.holder.approve_operator(t.market.address, approved="yes"), InvalidInput, "approved must be True or False"),
    (Collection, "freeze_token", lambda t: t.compliance.freeze_token(TOO_BIG), InvalidInput, "token id must be at most"),
    (Collection, "freeze_token", lambda t: t.compliance.freeze_token(t.token, reason_code=-1), InvalidInput, "reason must be zero or positive"),
    (Collection, "unfreeze_token", lambda t: t.compliance.unfreeze_token("1"), InvalidInput, "token id must be an integer"),
    (Collection, "force_transfer", lambda t: t.compliance.force_transfer(-1, t.account, 1), InvalidInput, "token id must be positive"),
    (Collection, "force_transfer", lambda t: t.compliance.force_transfer(t.token, t.typo, 1), InvalidAddress, "bad EIP-55 checksum"),
    (Collection, "force_burn", lambda t: t.compliance.force_burn(-5, 1), InvalidInput, "token id must be positive, not -5"),
    (Collection, "force_burn", lambda t: t.compliance.force_burn(t.token, 256), InvalidInput, "reason must be at most 255"),
    # ------------------------------------------------------------------- Collection: queries
    (Collection, "edition", lambda t: t.collection.edition(-1), InvalidInput, "edition id must be positive"),
    (Collection, "edition", lambda t: t.collection.edition("1"), InvalidInput, "edition id must be an integer"),
    (Collection, "drop", lambda t: t.collection.drop(2**32), InvalidInput, "drop id must be at most"),
    (Collection, "recipe", lambda t: t.collection.recipe(0), InvalidInput, "recipe id must be positive"),
    (Collection, "series_named", lambda t: t.collection.series_named("box", "Spring"), InvalidInput, "kind must be 'edition' or 'drop', not 'box'"),
    (Collection, "series_named", lambda t: t.collection.series_named("edition", 5), InvalidInput, "edition name must be a string, not 5"),
    (Collection, "series_named", lambda t: t.collection.series_named("drop", " "), InvalidInput, "drop name must not be empty"),
    (Collection, "recipe", lambda t: t.collection.recipe(2**32), InvalidInput, "recipe id must be at most"),
    (Collection, "is_approved_for_all", lambda t: t.collection.is_approved_for_all("bob", t.account), InvalidAddress, "owner 'bob' is not an address"),
    (Collection, "is_approved_for_all", lambda t: t.collection.is_approved_for_all(t.account, t.typo), InvalidAddress, "operator .* bad EIP-55 checksum"),
    (Collection, "royalty_info", lambda t: t.collection.royalty_info(-1, 100), InvalidInput, "token id must be zero or positive"),
    (Collection, "royalty_info", lambda t: t.collection.royalty_info(t.token, -100), InvalidInput, "price must be zero or positive"),
    (Collection, "serial", lambda t: t.collection.serial("x"), InvalidInput, "token id must be an integer, not 'x'"),
    (Collection, "token", lambda t: t.collection.token(-1), InvalidInput, "token id must be positive, not -1"),
    (Collection, "tokens", lambda t: t.collection.tokens("12"), InvalidInput, "tokens must be a list of token ids"),
    (Collection, "tokens", lambda t: t.collection.tokens([t.token, -1]), InvalidInput, "token id must be positive"),
    (Collection, "holdings", lambda t: t.collection.holdings("0xabc"), InvalidAddress, "account '0xabc' is not an address"),
    (Collection, "holdings", lambda t: t.collection.holdings(t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Collection, "holdings", lambda t: t.collection.holdings(t.account, from_block=-1), InvalidInput, "from_block must be zero or positive"),
    (Collection, "provenance", lambda t: t.collection.provenance(-1), InvalidInput, "token id must be positive"),
    (Collection, "verify_reveal", lambda t: t.collection.verify_reveal("1"), InvalidInput, "drop id must be an integer"),
    (Collection, "using", lambda t: t.collection.using("0x" + "11" * 32), InvalidInput, "is not a signer"),
    # ------------------------------------------------------------------------- Marketplace
    (Marketplace, "check_listing", lambda t: t.market.check_listing("0xabc", t.token, 100, t.future), InvalidAddress, "collection '0xabc' is not an address"),
    (Marketplace, "check_listing", lambda t: t.market.check_listing(t.collection.address, t.token, 2**96, t.future), InvalidInput, "price must be at most"),
    (Marketplace, "check_listing", lambda t: t.market.check_listing(t.collection.address, t.token, 100, -1), InvalidInput, "expires_at must be positive"),
    (Marketplace, "list", lambda t: t.market.list("0xabc", t.token, 100), InvalidAddress, "collection '0xabc' is not an address"),
    (Marketplace, "list", lambda t: t.market.list(t.collection.address, -1, 100), InvalidInput, "token id must be positive"),
    (Marketplace, "list", lambda t: t.market.list(t.collection.address, t.token, 2**96), InvalidInput, "price must be at most"),
    (Marketplace, "list", lambda t: t.market.list(t.collection.address, t.token, 100, expires_at="soon"), InvalidInput, "expires_at must be an integer"),
    (Marketplace, "cancel", lambda t: t.market.cancel(-1), InvalidInput, "listing id must be positive, not -1"),
    (Marketplace, "buy", lambda t: t.market.buy("1", 100), InvalidInput, "listing id must be an integer"),
    (Marketplace, "buy", lambda t: t.market.buy(1, -1), InvalidInput, "expected price must be positive"),
    (Marketplace, "buy", lambda t: t.market.buy(1, 100, approve="yes"), InvalidInput, "approve must be True or False"),
    (Marketplace, "quote", lambda t: t.market.quote("bob", t.token, 100), InvalidAddress, "collection 'bob' is not an address"),
    (Marketplace, "quote", lambda t: t.market.quote(t.collection.address, -1, 100), InvalidInput, "token id must be zero or positive, not -1"),
    (Marketplace, "quote", lambda t: t.market.quote(t.collection.address, t.token, TOO_BIG), InvalidInput, "price must be at most"),
    (Marketplace, "listing", lambda t: t.market.listing(-1), InvalidInput, "listing id must be positive, not -1"),
    (Marketplace, "price_ceiling", lambda t: t.market.price_ceiling("0xabc"), InvalidAddress, "collection '0xabc' is not an address"),
    (Marketplace, "listings", lambda t: t.market.listings(collection="bob"), InvalidAddress, "collection 'bob' is not an address"),
    (Marketplace, "listings", lambda t: t.market.listings(seller=t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Marketplace, "listings", lambda t: t.market.listings(active_only="no"), InvalidInput, "active_only must be True or False"),
    (Marketplace, "set_platform_fee", lambda t: t.operator_market.set_platform_fee("bob", 10), InvalidAddress, "recipient 'bob' is not an address"),
    (Marketplace, "set_platform_fee", lambda t: t.operator_market.set_platform_fee(t.account, 1001), InvalidInput, "bps must be at most 1000"),
    (Marketplace, "set_price_ceiling", lambda t: t.market.set_price_ceiling(t.collection.address, -1), InvalidInput, "ceiling must be zero or positive"),
    (Marketplace, "set_price_ceiling", lambda t: t.market.set_price_ceiling("0xabc", 5), InvalidAddress, "not an address"),
    (Marketplace, "using", lambda t: t.market.using(None), InvalidInput, "None is not a signer"),
    # ------------------------------------------------------------------------ DepositToken
    (DepositToken, "mint", lambda t: t.deposit.mint(t.account, TOO_BIG), InvalidInput, "amount must be at most"),
    (DepositToken, "mint", lambda t: t.deposit.mint("bob", 1), InvalidAddress, "recipient 'bob' is not an address"),
    (DepositToken, "burn", lambda t: t.deposit.burn(t.account, -1), InvalidInput, "amount must be positive"),
    (DepositToken, "burn", lambda t: t.deposit.burn(t.typo, 1), InvalidAddress, "bad EIP-55 checksum"),
    (DepositToken, "transfer", lambda t: t.deposit.transfer(t.account, "1"), InvalidInput, "amount must be an integer"),
    (DepositToken, "approve", lambda t: t.deposit.approve(t.account, -1), InvalidInput, "amount must be zero or positive"),
    (DepositToken, "approve", lambda t: t.deposit.approve("bob", 1), InvalidAddress, "spender 'bob' is not an address"),
    (DepositToken, "balance_of", lambda t: t.deposit.balance_of(t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (DepositToken, "allowance", lambda t: t.deposit.allowance("bob", t.account), InvalidAddress, "owner 'bob' is not an address"),
    (DepositToken, "allowance", lambda t: t.deposit.allowance(t.account, 5), InvalidAddress, "spender 5 is not an address"),
    (DepositToken, "grant_role", lambda t: t.deposit.grant_role("KING", t.account), InvalidInput, "unknown deposit token role 'KING'"),
    (DepositToken, "grant_role", lambda t: t.deposit.grant_role("TREASURY_ROLE", "bob"), InvalidAddress, "not an address"),
    (DepositToken, "revoke_role", lambda t: t.deposit.revoke_role("TREASURY_ROLE", 5), InvalidAddress, "account 5 is not an address"),
    (DepositToken, "has_role", lambda t: t.deposit.has_role("MINTER_ROLE", t.account), InvalidInput, "unknown deposit token role 'MINTER_ROLE'"),
    (DepositToken, "using", lambda t: t.deposit.using(t.account), InvalidInput, "is not a signer"),
    # ---------------------------------------------------------------------------- Registry
    (Registry, "approve_kyc", lambda t: t.registry.approve_kyc(["bob"], t.future), InvalidAddress, "account 'bob' is not an address"),
    (Registry, "approve_kyc", lambda t: t.registry.approve_kyc([t.account], "tomorrow"), InvalidInput, "expires_at must be an integer"),
    (Registry, "approve_kyc", lambda t: t.registry.approve_kyc([t.account], 2**64), InvalidInput, "expires_at must be at most"),
    (Registry, "approve_kyc", lambda t: t.registry.approve_kyc([t.account], t.future, tier=256), InvalidInput, "tier must be at most 255"),
    (Registry, "renew_kyc", lambda t: t.registry.renew_kyc(t.typo, t.future), InvalidAddress, "bad EIP-55 checksum"),
    (Registry, "revoke_kyc", lambda t: t.registry.revoke_kyc([]), InvalidInput, "no accounts given"),
    (Registry, "revoke_kyc", lambda t: t.registry.revoke_kyc(None), InvalidInput, "accounts must be a list of addresses"),
    (Registry, "set_account_freeze", lambda t: t.registry.set_account_freeze([t.account], "yes"), InvalidInput, "frozen must be True or False"),
    (Registry, "set_account_freeze", lambda t: t.registry.set_account_freeze([t.account], True, authority=["issuer"]), InvalidInput, "authority must be 'issuer' or 'operator'"),
    (Registry, "set_approved_operator", lambda t: t.admin_registry.set_approved_operator("bob"), InvalidAddress, "operator 'bob' is not an address"),
    (Registry, "set_approved_operator", lambda t: t.admin_registry.set_approved_operator(t.market.address, approved=1), InvalidInput, "approved must be True or False, not 1"),
    (Registry, "grant_role", lambda t: t.admin_registry.grant_role("KING", t.account), InvalidInput, "unknown registry role 'KING'"),
    (Registry, "grant_role", lambda t: t.admin_registry.grant_role("OPERATOR_ROLE", "bob"), InvalidAddress, "not an address"),
    (Registry, "revoke_role", lambda t: t.admin_registry.revoke_role(None, t.account), InvalidInput, "unknown registry role None"),
    (Registry, "has_role", lambda t: t.registry.has_role("OPERATOR_ROLE", t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Registry, "kyc", lambda t: t.registry.kyc("bob"), InvalidAddress, "account 'bob' is not an address"),
    (Registry, "is_verified", lambda t: t.registry.is_verified(t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Registry, "kyc_records", lambda t: t.registry.kyc_records(["bob"]), InvalidAddress, "account 'bob' is not an address"),
    (Registry, "kyc_records", lambda t: t.registry.kyc_records(5), InvalidInput, "accounts must be a list of addresses"),
    (Registry, "kyc_records", lambda t: t.registry.kyc_records([]), InvalidInput, "no accounts given"),
    (Registry, "verified", lambda t: t.registry.verified(["bob"]), InvalidAddress, "not an address"),
    (Registry, "verified", lambda t: t.registry.verified(None), InvalidInput, "accounts must be a list of addresses"),
    (Registry, "is_approved_operator", lambda t: t.registry.is_approved_operator("0x1234"), InvalidAddress, "not an address"),
    (Registry, "is_compliance_authority", lambda t: t.registry.is_compliance_authority(t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Registry, "using", lambda t: t.registry.using(object()), InvalidInput, "is not a signer"),
    # ----------------------------------------------------------------------------- Factory
    (Factory, "create_collection", lambda t: t.factory.create_collection(None), InvalidInput, "CollectionSpec, not None"),
    (Factory, "create_collection", lambda t: t.factory.create_collection(CollectionSpec(None, "S")), InvalidInput, "name must be a string"),
    (Factory, "create_collection", lambda t: t.factory.create_collection(CollectionSpec("N", "")), InvalidInput, "symbol must not be empty"),
    (Factory, "create_collection", lambda t: t.factory.create_collection(CollectionSpec("N", "S", contract_uri=5)), InvalidInput, "contract_uri must be a string"),
    (Factory, "create_collection", lambda t: t.factory.create_collection(CollectionSpec("N", "S", royalty_receiver="bob")), InvalidAddress, "royalty receiver 'bob' is not an address"),
    (Factory, "create_collection", lambda t: t.factory.create_collection(CollectionSpec("N", "S", royalty_bps=-1)), InvalidInput, "royalty_bps must be zero or positive"),
    (Factory, "create_collection_call", lambda t: t.factory.create_collection_call(CollectionSpec("N", "S", holding_period=2**64)), InvalidInput, "holding_period must be at most"),
    (Factory, "collections_of", lambda t: t.factory.collections_of(t.typo), InvalidAddress, "bad EIP-55 checksum"),
    (Factory, "is_collection", lambda t: t.factory.is_collection("0xabc"), InvalidAddress, "not an address"),
    (Factory, "using", lambda t: t.factory.using("issuer"), InvalidInput, "'issuer' is not a signer"),
    # -------------------------------------------------------------------------- Deployment
    (Deployment, "address", lambda t: t.deployment.address("Registry"), InvalidInput, "'Registry' is not a contract of the suite: the manifest has ConsortiumRegistry, "),
    (Deployment, "collection_at", lambda t: t.deployment.collection_at("bob"), InvalidAddress, "'bob' is not an address"),
    (deployment_module, "deploy_suite", lambda t: deploy_suite(t.deployment.client, t.account, t.new_manifest), InvalidInput, "admin '0x.*' is not a signer"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(issuer="issuer"), InvalidInput, "issuer 'issuer' is not a signer"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles={"operator": t.admin.address}), InvalidInput, "roles are given as a SuiteRoles"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(kyc_officer="0xdead")), InvalidAddress, "roles.kyc_officer '0xdead' is not an address"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(treasury=t.typo)), InvalidAddress, "roles.treasury .* bad EIP-55 checksum"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(minter=ZERO)), InvalidAddress, "roles.minter is the zero address"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(fee_recipient="bob", fee_bps=10)), InvalidAddress, "roles.fee_recipient 'bob' is not an address"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(fee_bps="1%")), InvalidInput, "roles.fee_bps must be an integer, not '1%'"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(fee_bps=-1)), InvalidInput, "roles.fee_bps must be zero or positive"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(fee_bps=20_000)), InvalidInput, "roles.fee_bps must be at most 1000, not 20000"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(operator=t.account)), InvalidInput, "roles.operator .* is not the admin .*: .* OPERATOR_ROLE"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(roles=t.roles(issuer=t.account)), InvalidInput, "the issuer signer .* is not roles.issuer"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection="Spring"), InvalidInput, "CollectionSpec, not 'Spring'"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec(" ", "S")), InvalidInput, "name must not be empty"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec("N", None)), InvalidInput, "symbol must be a string"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec("N", "S", contract_uri=5)), InvalidInput, "contract_uri must be a string"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec("N", "S", royalty_receiver="0xdead")), InvalidAddress, "royalty receiver '0xdead' is not an address"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec("N", "S", royalty_bps=5000)), InvalidInput, "royalty_bps must be at most 1000, not 5000"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec("N", "S", holding_period=-1)), InvalidInput, "holding_period must be zero or positive"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(collection=CollectionSpec("N", "S", max_transfers=2**32)), InvalidInput, "max_transfers must be at most"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(deposit_name="DDEP"), InvalidInput, "deposit_name must be a \\(name, symbol\\) pair"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(deposit_name=("", "DDEP")), InvalidInput, "the deposit token's name must not be empty"),
    (deployment_module, "deploy_suite", lambda t: t.deploy(deposit_name=("Digital Deposit", 5)), InvalidInput, "the deposit token's symbol must be a string"),
    # ------------------------------------------------------------------------------ Client
    (Client, "connect", lambda t: Client.connect("ftp://localhost:8545"), InvalidInput, "is not an http\\(s\\) URL"),
    (Client, "sender", lambda t: t.collection.client.sender(t.account), InvalidInput, "is not a signer"),
    (Client, "wait_for_receipt", lambda t: t.collection.client.wait_for_receipt("0x12"), InvalidInput, "'0x12' is not a transaction hash"),
    (Client, "mine", lambda t: t.collection.client.mine("3"), InvalidInput, "blocks must be an integer, not '3'"),
    (Client, "mine", lambda t: t.collection.client.mine(1.5), InvalidInput, "blocks must be an integer, not 1.5"),
    (Client, "mine", lambda t: t.collection.client.mine(True), InvalidInput, "blocks must be an integer, not True"),
    (Client, "mine", lambda t: t.collection.client.mine(-1), InvalidInput, "blocks must be positive, not -1"),
    (Client, "mine", lambda t: t.collection.client.mine(0), InvalidInput, "blocks must be positive, not 0"),
]


@pytest.fixture(scope="module")
def targets(suite: Suite, tmp_path_factory: pytest.TempPathFactory) -> Targets:
    s = suite
    (customer,) = s.customers(1)
    edition = s.edition()
    (token,) = s.mint(edition, [customer])
    future = s.next_time() + YEAR
    drop = s.collection.create_drop("Inputs", {edition: 1}, opens_at=future - 60, closes_at=future, placeholder_uri="ipfs://p")
    return Targets(
        collection=s.collection,
        minter=s.collection.using(s.minter),
        compliance=s.collection.using(s.compliance),
        holder=s.collection.using(customer),
        market=s.marketplace.using(customer),
        operator_market=s.marketplace.using(s.admin),
        deposit=s.deposit,
        registry=s.registry,
        admin_registry=s.registry.using(s.admin),
        factory=s.deployment.factory.using(s.issuer),
        deployment=s.deployment,
        admin=s.admin,
        new_manifest=tmp_path_factory.mktemp("inputs") / "deployment.json",
        account=customer.address,
        edition=edition,
        drop=drop.drop_id,
        token=token,
        future=future,
    )


@pytest.mark.parametrize(
    "method, call, error, message",
    [pytest.param(f"{cls.__name__}.{name}", call, error, message, id=f"{cls.__name__}.{name}-{i}")
     for i, (cls, name, call, error, message) in enumerate(CASES)],
)  # fmt: skip
def test_bad_input_is_refused_by_the_method_before_anything_is_sent(
    suite: Suite, targets: Targets, method: str, call: Call, error: type[Exception], message: str
):
    with nothing_sent(suite.client, *staff(suite), targets.account), pytest.raises(error, match=message) as info:
        call(targets)
    assert isinstance(info.value, InvalidInput)  # the library's own error, a ValueError too
    # Refused by the method's own checks, not by the ABI encoder's safety net (which chains the
    # encoder's exception) nor by eth_abi or eth_utils themselves.
    assert info.value.__cause__ is None, f"{method}: refused only by {type(info.value.__cause__).__name__}"


def _public_methods_with_arguments(cls: type) -> set[str]:
    names = set()
    for name, member in inspect.getmembers(cls, callable):
        if name.startswith("_") or isinstance(member, type):
            continue
        parameters = list(inspect.signature(member).parameters)
        if parameters[1:] if parameters[:1] == ["self"] else parameters:
            names.add(name)
    return names


@pytest.mark.parametrize("cls", [Collection, Marketplace, DepositToken, Registry, Factory, Client], ids=lambda c: c.__name__)
def test_the_table_covers_every_public_method(cls: type):
    covered = {name for owner, name, *_ in CASES if owner is cls}
    missing = _public_methods_with_arguments(cls) - covered
    assert not missing, f"add bad-input cases for {cls.__name__}.{', '.join(sorted(missing))}"


def test_addresses_follow_one_rule_everywhere(suite: Suite, targets: Targets):
    """Checksummed or single-case (lower, as databases export them) is taken; mixed case must
    carry a valid checksum, including in the queries that used to skip the check."""
    s, account = suite, targets.account
    lower, upper = account.lower(), "0x" + account[2:].upper()
    for form in (account, lower, upper):
        assert checked_address(form) == account
        assert [i.token_id for i in s.collection.holdings(form)] == [targets.token]
        assert s.collection.is_approved_for_all(form, s.marketplace.address) is False
        assert s.registry.is_verified(form)
    for query in (
        lambda: s.collection.holdings(targets.typo),
        lambda: s.collection.is_approved_for_all(targets.typo, s.marketplace.address),
        lambda: s.collection.is_approved_for_all(account, bad_checksum(s.marketplace.address)),
        lambda: s.deposit.balance_of(targets.typo),
        lambda: s.registry.kyc(targets.typo),
        lambda: s.deployment.factory.collections_of(targets.typo),
    ):
        with pytest.raises(InvalidAddress, match="bad EIP-55 checksum"):
            query()


def test_mine_mines_the_blocks_asked(suite: Suite):
    before = suite.client.node.block_number()
    suite.client.mine(2)
    assert suite.client.node.block_number() == before + 2


def test_a_bad_fee_mode_is_an_invalid_input():
    with pytest.raises(InvalidInput, match="fee mode must be auto, legacy or eip1559, not 'x'"):
        FeeOracle(node=None, mode="x")  # type: ignore[arg-type]


# ------------------------------------------------------------------- the encoder's safety net


@pytest.mark.parametrize(
    "function, args, message",
    [
        ("transferFrom", ("0x" + "11" * 20, "0x" + "22" * 20, -1), r"Collection\.transferFrom: id must be a valid uint256, not -1 \(int\)"),
        ("setTokenFrozen", (2**256, True, 0), r"Collection\.setTokenFrozen: tokenId must be a valid uint256, not 1157"),
        ("setContractURI", (None,), r"Collection\.setContractURI: argument 0 must be a valid string, not None"),
        ("createEdition", (("n", 1, 0, None, b"\x00" * 32, 0, False),), r"Collection\.createEdition: argument 0\.uri must be a valid string, not None"),
        ("mintBatch", (1, ["0x" + "11" * 20, "bob"]), r"Collection\.mintBatch: recipients\[1\] must be a valid address, not 'bob'"),
        ("setApprovalForAll", ("0x" + "11" * 20,), r"Collection\.setApprovalForAll takes 2 arguments \(address, bool\), not 1"),
    ],
)
def test_the_encoder_turns_what_eth_abi_refuses_into_invalid_input(suite: Suite, function: str, args: tuple, message: str):
    fn = suite.collection.abi.function(function)
    with pytest.raises(InvalidInput, match=message) as info:
        fn.encode(*args)
    assert info.value.__cause__ is not None  # the encoder's own exception, kept for debugging


def test_the_safety_net_sends_nothing(suite: Suite):
    """Below the public methods (the lower-level path tests and pipelines use), a value the ABI
    cannot hold is still refused before signing: no nonce is used."""
    s = suite
    with nothing_sent(s.client, *staff(s)), pytest.raises(InvalidInput, match="Collection.setTokenFrozen"):
        send_call(s.collection, s.compliance, "setTokenFrozen", -1, True, 0)


def test_encode_arguments_without_names_still_names_the_position():
    types = ("uint32", "address[]")
    with pytest.raises(InvalidInput, match=r"f: argument 1\[0\] must be a valid address, not 5 \(int\)"):
        encode_arguments(types, (1, [5]), word_plan(types), function="f")
    with pytest.raises(InvalidInput, match="a contract call: argument 0 must be a valid uint32"):
        encode_arguments(types, (2**32, []), word_plan(types))

