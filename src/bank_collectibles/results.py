"""Typed, frozen results of operations and queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._rpc import Receipt


@dataclass(frozen=True)
class TxResult:
    """A mined transaction: where it landed and what it cost."""

    tx_hash: str
    block: int
    gas_used: int

    @classmethod
    def of(cls, receipt: Receipt) -> TxResult:
        return cls(receipt.tx_hash, receipt.block_number, receipt.gas_used)


@dataclass(frozen=True)
class Serial:
    """A token's place in its edition: #42/8888."""

    edition_id: int
    serial: int
    max_supply: int

    def __str__(self) -> str:
        return f"#{self.serial}/{self.max_supply}"


@dataclass(frozen=True)
class KycRecord:
    account: str
    expires_at: int  # Unix time; 0 when there is no record
    tier: int
    issuer_frozen: bool
    operator_frozen: bool
    verified: bool


@dataclass(frozen=True)
class EditionCreated:
    edition_id: int
    tx: TxResult


@dataclass(frozen=True)
class DropCreated:
    """A new drop. `secret` is returned when the client generated it: keep it (a vault, an HSM)
    until the drop closes, and never before; without it only the deadline path can close the drop."""

    drop_id: int
    commitment: bytes
    secret: bytes | None
    tx: TxResult


@dataclass(frozen=True)
class RecipeCreated:
    recipe_id: int
    tx: TxResult


@dataclass(frozen=True)
class MintResult:
    """Tokens minted in one transaction, in recipient order."""

    token_ids: tuple[int, ...]
    recipients: tuple[str, ...]
    tx: TxResult


@dataclass(frozen=True)
class RevealResult:
    drop_id: int
    seed: bytes
    reveal_block: int
    tx: TxResult


@dataclass(frozen=True)
class RedeemResult:
    recipe_id: int
    burned_token_ids: tuple[int, ...]
    reward_token_id: int
    reward_serial: Serial
    tx: TxResult


@dataclass(frozen=True)
class Edition:
    edition_id: int
    name: str
    kind: str  # "limited" or "hidden"
    max_supply: int
    allocated: int  # serials handed out or reserved by drops
    minted: int
    burned: int
    wallet_cap: int
    soulbound: bool
    uri: str
    uri_commitment: bytes
    uri_revealed: bool

    @property
    def remaining(self) -> int:
        """Serials not yet allocated to anyone."""
        return self.max_supply - self.allocated


@dataclass(frozen=True)
class DropState:
    drop_id: int
    name: str
    phase: str  # scheduled, open, ended, closed, revealed
    edition_ids: tuple[int, ...]
    counts: tuple[int, ...]
    first_serials: tuple[int, ...]
    commitment: bytes
    opens_at: int
    closes_at: int
    box_count: int
    minted: int
    wallet_cap: int
    secret: bytes
    reveal_block: int
    seed: bytes
    placeholder_uri: str


@dataclass(frozen=True)
class TokenInfo:
    """Everything a bank app shows about one token."""

    token_id: int
    collection: str
    owner: str
    serial: Serial | None  # None for an unrevealed box
    drop_id: int | None  # the drop a box came from
    acquired_at: int
    transferable_at: int
    transfer_count: int
    locked: bool  # soulbound
    frozen: bool
    listed: bool
    uri: str

    @property
    def label(self) -> str:
        return str(self.serial) if self.serial else "unrevealed box"


@dataclass(frozen=True)
class ProvenanceEntry:
    """One change of hands of a token, from its events."""

    block: int
    tx_hash: str
    event: str  # Minted, Transferred, ForcedTransfer, Burned, ForcedBurn, Redeemed
    from_address: str | None
    to_address: str | None
    reason_code: int | None = None


@dataclass(frozen=True)
class FairnessReport:
    """The outcome of recomputing a drop's reveal from public chain data."""

    drop_id: int
    seed: bytes
    commitment_honoured: bool  # the published secret hashes to the commitment made before the drop
    seed_recomputed: bool  # the seed equals keccak(secret, blockhash(revealBlock), chain, collection, drop)
    boxes_checked: int  # minted boxes that still exist, each compared with the recomputation
    mismatches: tuple[int, ...]  # box numbers whose on-chain edition or serial differs
    counts_by_edition: dict[int, int]  # over all planned boxes, from the recomputation

    @property
    def fair(self) -> bool:
        return self.commitment_honoured and self.seed_recomputed and not self.mismatches


@dataclass(frozen=True)
class ListingCreated:
    listing_id: int
    tx: TxResult


@dataclass(frozen=True)
class Listing:
    listing_id: int
    seller: str
    collection: str
    token_id: int
    price: int
    expires_at: int
    active: bool


@dataclass(frozen=True)
class Sale:
    listing_id: int
    seller: str
    buyer: str
    collection: str
    token_id: int
    price: int
    royalty_receiver: str
    royalty: int
    platform_fee: int
    seller_proceeds: int
    tx: TxResult
