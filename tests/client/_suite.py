"""A deployed suite per chain kind, and the helpers the client tests share.

- :class:`Suite`: one deployment with a distinct signer per role, its client and its contracts,
  and fresh customers (new keys, KYC-approved in one batch, funded with ether only where the
  chain charges gas).
- :func:`raises`: ``pytest.raises`` for a contract error that also asserts every decoded argument
  and records the class, so that ``test_error_coverage`` can prove each error was raised.
- :func:`nothing_sent`: asserts that a block ran without any transaction reaching the chain.
- :func:`send_call` / :func:`call_view`: the client's lower-level path (a `ContractCall` through
  `client.sender(...)`, an `eth_call` through `client.node`) for reverts the typed API rules out
  before sending.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bank_collectibles import (
    Client,
    Collection,
    CollectionSpec,
    Deployment,
    DepositToken,
    LocalSigner,
    Marketplace,
    Registry,
    SuiteRoles,
    deploy_suite,
)
from bank_collectibles._sending import ContractCall
from bank_collectibles.chains import ConsortiumProfile, LocalChain, make_chain
from bank_collectibles.errors import CONTRACT_ERRORS, ContractError

from .._support import ROOT

YEAR = 365 * 86_400
FEE_BPS = 250
ROYALTY_BPS = 500
CUSTOMER_ETHER = 10**18  # on a chain that charges gas (Ganache): plenty for a test's transactions

# --------------------------------------------------------------------------- error coverage

#: Every error class some test raised, with its arguments checked (this process).
RAISED: set[type[ContractError]] = set()
COLLECTED = pytest.StashKey[set[str]]()  # file names of the collected tests
DESELECTED = pytest.StashKey[bool]()  # whether -k, -m or --deselect removed a test


def declared_errors() -> set[str]:
    """Names of the custom errors declared in this repository's contracts (not its libraries)."""
    pattern = re.compile(r"^\s*error\s+(\w+)\s*\(", re.MULTILINE)
    folder = ROOT / "contracts"
    sources = [p for p in folder.rglob("*.sol") if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return {name for path in sources for name in pattern.findall(path.read_text())}  # not ape's .cache copies


#: Library errors the suite's own paths surface to a bank system, covered like our own.
SURFACED_LIBRARY_ERRORS = {
    "AccessControlUnauthorizedAccount": "OpenZeppelin AccessControl: every role-gated write",
    "ERC20InsufficientAllowance": "the deposit token: a buy without allowance",
    "ERC20InsufficientBalance": "the deposit token: a buy without funds",
    "EnforcedPause": "the deposit token (OpenZeppelin Pausable): a payment while paused",
    "ExpectedPause": "the deposit token: unpausing a running token",
}

#: Library errors no client path can reach, and why.
EXCLUDED_LIBRARY_ERRORS = {
    "AccessControlBadConfirmation": "renounceRole is not part of the client API",
    "AccountBalanceOverflow": "solady ERC721: a wallet would need 2**32 tokens",
    "BalanceQueryForZeroAddress": "solady ERC721: the client never asks balanceOf(0)",
    "ERC20InvalidApprover": "OpenZeppelin ERC20: msg.sender is never the zero address",
    "ERC20InvalidSender": "OpenZeppelin ERC20: msg.sender is never the zero address",
    "ERC20InvalidReceiver": "OpenZeppelin ERC20: the client refuses a zero recipient (InvalidAddress)",
    "ERC20InvalidSpender": "OpenZeppelin ERC20: the client refuses a zero spender (InvalidAddress)",
    "FailedDeployment": "OpenZeppelin Clones: a failed CREATE, unreachable with the factory's code",
    "InsufficientBalance": "OpenZeppelin Errors: no ether-sending path in the suite",
    "InvalidInitialization": "OpenZeppelin Initializable: the factory initializes each clone in its creating transaction",
    "NotInitializing": "OpenZeppelin Initializable: no onlyInitializing function is reachable",
    "NotOwnerNorApproved": "solady ERC721: the collection's policy hook rejects the caller first (OperatorNotApproved)",
    "Reentrancy": "solady ReentrancyGuard: needs a hostile receiver contract (tested with forge)",
    "ReentrancyGuardReentrantCall": "OpenZeppelin ReentrancyGuard: needs a hostile token (tested with forge)",
    "SafeERC20FailedOperation": "OpenZeppelin SafeERC20: the deposit token always returns true",
    "TokenAlreadyExists": "solady ERC721: serials are allocated once, an id is never minted twice",
    "TokenDoesNotExist": "solady ERC721: the collection's own NonexistentToken is raised first",
    "TransferFromIncorrectOwner": "solady ERC721: the client transfers the signer's token as its owner",
    "TransferToNonERC721ReceiverImplementer": "solady ERC721: needs a contract holder (tested with forge)",
    "TransferToZeroAddress": "solady ERC721: the client refuses a zero recipient (InvalidAddress)",
}


def covered_error_classes() -> dict[str, type[ContractError]]:
    """The classes the client tests must raise: our contracts' errors and the surfaced library ones."""
    wanted = declared_errors() | set(SURFACED_LIBRARY_ERRORS)
    return {cls.__name__: cls for cls in CONTRACT_ERRORS.values() if cls.__name__ in wanted}


@contextmanager
def raises(cls: type[ContractError], **expected: Any) -> Iterator[pytest.ExceptionInfo[ContractError]]:
    """Expects exactly `cls` with every decoded argument equal to the value given, and records it.

    `expected` must name all of the error's fields (by attribute: `values_` for a field named
    `values`): an error is asserted by its name and its arguments, never by "it reverted".
    """
    names = cls.attribute_names()
    assert set(expected) == set(names), f"{cls.__name__} has fields {names}, the test gave {sorted(expected)}"
    with pytest.raises(cls) as info:
        yield info
    error = info.value
    assert type(error) is cls, f"expected {cls.__name__}, got {type(error).__name__}: {error}"
    for name, want in expected.items():
        got = getattr(error, name)
        assert got == want, f"{cls.__name__}.{name} = {got!r}, expected {want!r}"
    RAISED.add(cls)


# ----------------------------------------------------------------------- sending helpers


def send_call(contract: Any, signer: Any, function: str, *args: Any, value: int = 0) -> Any:
    """Sends `function(*args)` of a bound contract through the client's sender (no argument checks)."""
    fn = contract.abi.function(function)
    call = ContractCall(contract.address, fn.encode(*args), (function, "raw"), f"{type(contract).__name__}.{function}", value)
    return contract.client.sender(signer).send(call)


def call_view(contract: Any, function: str, *args: Any) -> Any:
    """The decoded result of a view, through `client.node.call`."""
    fn = contract.abi.function(function)
    return fn.decode(contract.client.node.call(contract.address, fn.encode(*args)))


@contextmanager
def nothing_sent(client: Client, *accounts: str) -> Iterator[None]:
    """Asserts that no block was mined and that no account's nonce (pending included) moved."""
    block = client.node.block_number()
    nonces = {a: client.node.nonce(a, "pending") for a in accounts}
    yield
    assert client.node.block_number() == block, "a transaction was mined"
    assert {a: client.node.nonce(a, "pending") for a in accounts} == nonces, "a transaction was sent"


# ---------------------------------------------------------------------------------- suite


@dataclass
class Suite:
    """A deployed suite on one chain, with one signer per role."""

    kind: str
    chain: LocalChain
    client: Client
    deployment: Deployment
    roles: SuiteRoles
    admin: LocalSigner  # also the consortium operator and the platform fee recipient
    issuer: LocalSigner  # issuer of the first collection, and its royalty receiver
    kyc_officer: LocalSigner
    compliance: LocalSigner
    regulator: LocalSigner
    treasury: LocalSigner
    minter: LocalSigner
    spare: LocalSigner  # a funded account with no role (pays ether where a test needs it)
    _collection: Collection = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._collection = self.deployment.collection

    @property
    def charges_gas(self) -> bool:
        return self.chain.profile.gas_price != 0

    @property
    def collection(self) -> Collection:
        """The first collection, signed by the issuer (one object: its edition cache is shared)."""
        return self._collection.using(self.issuer)

    @property
    def registry(self) -> Registry:
        return self.deployment.registry.using(self.kyc_officer)

    @property
    def marketplace(self) -> Marketplace:
        return self.deployment.marketplace

    @property
    def deposit(self) -> DepositToken:
        return self.deployment.deposit_token.using(self.treasury)

    def warp(self, seconds: int) -> None:
        """Moves chain time forward by at least `seconds` and mines a block (development chains only:
        `evm_increaseTime` + `evm_mine` on Anvil and Ganache, `testing_timeTravel` on the embedded one)."""
        provider = self.client.web3.provider
        if self.kind == "embedded":
            provider.make_request("testing_timeTravel", [self.now() + seconds])  # type: ignore[arg-type]
        else:
            provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
        self.client.mine(1)

    def now(self) -> int:
        """The latest block's timestamp (chain time; it runs ahead of the clock after a warp)."""
        return int(self.client.node.block("latest")["timestamp"])

    def next_time(self) -> int:
        """The timestamp the next block will have at least (the embedded chain adds 1 s per block)."""
        return int(self.client.node.block("pending")["timestamp"])

    def customers(self, count: int, *, verified: bool = True) -> list[LocalSigner]:
        """`count` new accounts, KYC-approved in one batch unless not `verified`; funded where gas costs."""
        made = [LocalSigner(secrets.token_bytes(32)) for _ in range(count)]
        if verified:
            self.registry.approve_kyc([c.address for c in made], self.now() + YEAR)
        if self.charges_gas:
            self.fund([c.address for c in made])
        return made

    def holders(self, count: int) -> list[str]:
        """`count` new KYC-approved accounts that only receive (they never sign: no ether needed)."""
        made = self.addresses(count)
        self.registry.approve_kyc(made, self.now() + YEAR)
        return made

    def addresses(self, count: int) -> list[str]:
        """`count` new accounts that will never sign (no KYC, no ether)."""
        return [LocalSigner(secrets.token_bytes(32)).address for _ in range(count)]

    def fund(self, addresses: Sequence[str], value: int = CUSTOMER_ETHER) -> None:
        """Sends ether from the spare account to each address, pipelined."""
        sender = self.client.sender(self.spare)
        calls = [ContractCall(a, b"", "fund", "fund", value) for a in addresses]
        with sender.nonces.lock(sender.address):
            signed = sender.sign(calls, gas_limits=[21_000] * len(calls))
            assert sender.broadcast_many(signed) == [None] * len(signed)
        assert all(r.status == 1 for r in sender.wait(signed))

    def edition(self, max_supply: int = 100, **options: Any) -> int:
        """A new limited edition of the first collection (or hidden, with `hidden_uri`)."""
        if "hidden_uri" not in options:
            options.setdefault("uri", f"ipfs://edition-{secrets.token_hex(4)}")
        return self.collection.create_edition(f"Edition {secrets.token_hex(3)}", max_supply, **options).edition_id

    def mint(self, edition_id: int, owners: Sequence[Any], collection: Collection | None = None) -> list[int]:
        """Mints one token of `edition_id` per owner (signers or addresses); the token ids."""
        coll = collection or self.collection.using(self.minter)
        addresses = [getattr(o, "address", o) for o in owners]
        return list(coll.mint(edition_id, addresses).token_ids)

    def new_collection(self, **spec: Any) -> Collection:
        """A fresh collection of the issuer (issuer and minter), for tests that change collection-wide state."""
        spec.setdefault("royalty_bps", ROYALTY_BPS)
        address = self.deployment.factory.using(self.issuer).create_collection(
            CollectionSpec(f"Campaign {secrets.token_hex(3)}", "CMP", **spec)
        ).address
        return self.deployment.collection_at(address).using(self.issuer)


def deploy(kind: str, chain: LocalChain, manifest: Path) -> Suite:
    """Deploys the suite on `chain` with distinct role signers and approves the roles' KYC."""
    client = Client.connect(chain)
    admin, issuer, kyc, compliance, regulator, treasury, minter, spare = (
        LocalSigner(a.private_key) for a in chain.accounts[:8]
    )
    roles = SuiteRoles(
        operator=admin.address,
        issuer=issuer.address,
        kyc_officer=kyc.address,
        compliance_officer=compliance.address,
        regulator=regulator.address,
        treasury=treasury.address,
        minter=minter.address,
        fee_bps=FEE_BPS,
    )
    deployment = deploy_suite(
        client, admin, manifest, roles=roles, issuer=issuer,
        collection=CollectionSpec("Spring Festival", "SPRING", royalty_bps=ROYALTY_BPS),
    )  # fmt: skip
    suite = Suite(kind, chain, client, deployment, roles, admin, issuer, kyc, compliance, regulator, treasury, minter, spare)
    staff = [s.address for s in (admin, issuer, kyc, compliance, regulator, treasury, minter, spare)]
    suite.registry.approve_kyc(staff, suite.now() + 10 * YEAR)
    return suite


def zero_gas(kind: str) -> bool:
    """Whether the suite runs this chain kind with the zero-gas profile (Ganache cannot)."""
    return kind != "ganache"


class SuitePool:
    """Starts one chain per kind on first use, deploys the suite on it, and stops them all at the end."""

    def __init__(self, tmp: Callable[[str], Path]) -> None:
        self._tmp = tmp
        self._suites: dict[str, Suite] = {}

    def get(self, kind: str) -> Suite:
        if kind not in self._suites:
            folder = self._tmp(f"suite-{kind}")
            profile = ConsortiumProfile(state_dir=folder, persist=False, gas_price=0 if zero_gas(kind) else None)
            chain = make_chain(kind, profile).start()
            try:
                self._suites[kind] = deploy(kind, chain, folder / "deployment.json")
            except BaseException:
                chain.stop()
                raise
        return self._suites[kind]

    def close(self) -> None:
        for suite in self._suites.values():
            suite.chain.stop()
        self._suites.clear()
