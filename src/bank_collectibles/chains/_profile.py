"""The consortium profile: one description of a local chain that Anvil, Ganache and the embedded
chain all start from, so the same chain id and the same funded operator accounts exist on each.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress

from ._errors import InvalidProfile

# Hardhat's and Foundry's well-known development mnemonic: its first address is
# 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 on every tool. Never use it outside a local chain.
DEFAULT_MNEMONIC = "test test test test test test test test test test test junk"
# BIP-44 path for Ethereum accounts; Anvil, Ganache and MetaMask all append the account index.
DERIVATION_PATH = "m/44'/60'/0'/0"


@dataclass(frozen=True)
class DevAccount:
    """A funded operator account of a local chain.

    Attributes:
        address: Checksummed address.
        private_key: ``0x``-prefixed hex key; left out of ``repr`` so it never reaches a log.
    """

    address: ChecksumAddress
    private_key: str = field(repr=False)


@dataclass(frozen=True)
class ConsortiumProfile:
    """How a local chain is set up: chain id, accounts, mining, fees and where its state lives.

    Attributes:
        chain_id: The chain id every node reports (``eth_chainId``) and transactions must sign.
        mnemonic: BIP-39 phrase the funded accounts derive from (not shown in ``repr``).
        account_count: How many funded accounts to create (index 0 upwards on ``DERIVATION_PATH``).
        balance_eth: Starting balance of each account, in ether.
        block_time: Seconds between blocks (interval mining, like a Besu QBFT chain's block
            period); None mines each transaction at once.
        gas_price: None keeps the node's EIP-1559 fees; 0 makes a zero-gas consortium chain where
            legacy transactions with ``gasPrice`` 0 are accepted (base fee 0); another value is the
            gas price in wei the node suggests.
        gas_limit: Block gas limit. Consortium chains set it high; it also keeps a zero base fee at
            zero under EIP-1559, which raises the base fee only after a block more than half full.
        state_dir: Folder for the node's state, log and pid file; None means
            ``<project>/build/chains/<kind>/``.
        persist: Keep the chain's state on disk so that a restart continues it (where the node
            supports it); False starts from genesis every time (logs still go to ``state_dir``).
        state_interval: Seconds between state dumps for nodes that dump periodically (Anvil):
            a ``kill()`` loses at most this much; a graceful ``stop()`` loses nothing.
    """

    chain_id: int = 8888
    mnemonic: str = field(default=DEFAULT_MNEMONIC, repr=False)
    account_count: int = 10
    balance_eth: int = 1_000_000
    block_time: int | None = None
    gas_price: int | None = None
    gas_limit: int = 1_000_000_000
    state_dir: Path | None = None
    persist: bool = True
    state_interval: int = 1

    def __post_init__(self) -> None:
        checks = [
            (self.chain_id > 0, "chain_id must be positive"),
            (self.account_count >= 1, "account_count must be at least 1"),
            (self.balance_eth > 0, "balance_eth must be positive"),
            (self.block_time is None or self.block_time >= 1, "block_time must be None or at least 1 s"),
            (self.gas_price is None or self.gas_price >= 0, "gas_price must be None or at least 0"),
            (self.gas_limit >= 21_000, "gas_limit must be at least 21000"),
            (self.state_interval >= 1, "state_interval must be at least 1 s"),
        ]
        for ok, message in checks:
            if not ok:
                raise InvalidProfile(f"ConsortiumProfile: {message}")
        if self.state_dir is not None and not isinstance(self.state_dir, Path):
            object.__setattr__(self, "state_dir", Path(self.state_dir))

    def accounts(self) -> tuple[DevAccount, ...]:
        """The funded accounts, derived from ``mnemonic``; the same on every chain kind.

        Returns:
            ``account_count`` accounts, index 0 first.

        Raises:
            InvalidProfile: ``mnemonic`` is not a valid BIP-39 phrase.
        """
        return _derive_accounts(self.mnemonic, self.account_count)

    def to_dict(self) -> dict[str, Any]:
        """The profile as JSON-ready values (``state_dir`` as a string), for the node's pid file."""
        data = asdict(self)
        data["state_dir"] = None if self.state_dir is None else str(self.state_dir)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConsortiumProfile:
        """The profile ``to_dict`` wrote.

        Raises:
            InvalidProfile: A value is out of range or a key is unknown.
        """
        try:
            return cls(**data)
        except TypeError as exc:
            raise InvalidProfile(f"ConsortiumProfile: {exc}") from None


@functools.cache
def _derive_accounts(mnemonic: str, count: int) -> tuple[DevAccount, ...]:
    # Imported here: deriving costs a PBKDF2 run, and only callers that need keys should pay for it.
    from eth_account import Account
    from eth_account.hdaccount import key_from_seed, seed_from_mnemonic
    from eth_utils.exceptions import ValidationError

    try:
        seed = seed_from_mnemonic(mnemonic, "")
    except (ValidationError, ValueError):
        raise InvalidProfile("ConsortiumProfile: mnemonic is not a valid BIP-39 phrase") from None
    keys = (key_from_seed(seed, f"{DERIVATION_PATH}/{index}") for index in range(count))
    return tuple(DevAccount(Account.from_key(key).address, "0x" + key.hex()) for key in keys)
