"""Typed, frozen results of operations and queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ._rpc import Receipt

#: The contract's `DropPhase` values by number, as `DropState.phase` and error messages name them.
DROP_PHASES = ("scheduled", "open", "ended", "closed", "revealed")


@dataclass(frozen=True)
class TxResult:
    """A mined transaction: where it landed and what it cost.

    Attributes:
        tx_hash: The transaction's hash.
        block: The number of the block that holds it.
        gas_used: The gas it used.
    """

    tx_hash: str
    block: int
    gas_used: int

    @classmethod
    def of(cls, receipt: Receipt) -> TxResult:
        """The result of a mined transaction.

        Args:
            receipt: Its receipt.

        Returns:
            Its hash, block and gas used.
        """
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
    """An account's KYC record in the consortium registry.

    Attributes:
        account: The account.
        expires_at: When the approval lapses (Unix time; 0 when there is no record).
        tier: The bank's KYC tier.
        issuer_frozen: The issuer's (or compliance team's) freeze flag.
        operator_frozen: The consortium operator's (or regulator's) freeze flag.
        verified: An approval that has not lapsed and neither flag set, at the time of the read.
        compliance_hold: The issuer flag was set by a compliance officer: only one lifts it.
        regulator_hold: The operator flag was set by the regulator: only the regulator lifts it.
    """

    account: str
    expires_at: int  # Unix time; 0 when there is no record
    tier: int
    issuer_frozen: bool
    operator_frozen: bool
    verified: bool
    compliance_hold: bool = False
    regulator_hold: bool = False


@dataclass(frozen=True)
class EditionCreated:
    """A new edition and the transaction that created it."""

    edition_id: int
    tx: TxResult


@dataclass(frozen=True)
class DropCreated:
    """A new drop. `secret` is returned when the client generated it: keep it (a vault, an HSM)
    until the drop closes, and never before; without it only the deadline path can close the drop.
    It is an attribute only: the repr (and so a printed or logged result) leaves it out."""

    drop_id: int
    commitment: bytes
    secret: bytes | None = field(repr=False)
    tx: TxResult


@dataclass(frozen=True)
class RecipeCreated:
    """A new set-redemption recipe and the transaction that created it."""

    recipe_id: int
    tx: TxResult


@dataclass(frozen=True)
class Recipe:
    """A set redemption: one token of each edition, burned together, buys one of the reward edition.

    Attributes:
        recipe_id: The recipe.
        edition_ids: The editions of a set, in the order `Collection.redeem` takes the tokens.
        reward_edition_id: The edition a set is redeemed for.
        active: Whether sets can be redeemed now.
    """

    recipe_id: int
    edition_ids: tuple[int, ...]
    reward_edition_id: int
    active: bool


@dataclass(frozen=True)
class MintResult:
    """Tokens minted in one transaction, in recipient order."""

    token_ids: tuple[int, ...]
    recipients: tuple[str, ...]
    tx: TxResult


@dataclass(frozen=True)
class RevealResult:
    """A revealed drop: the seed that fixes every box's content.

    Attributes:
        drop_id: The drop.
        seed: The seed stored by the reveal.
        reveal_block: The block whose hash went into the seed.
        tx: The reveal's transaction.
    """

    drop_id: int
    seed: bytes
    reveal_block: int
    tx: TxResult


@dataclass(frozen=True)
class RedeemResult:
    """A redeemed set: the tokens burned and the reward minted for them.

    Attributes:
        recipe_id: The recipe.
        burned_token_ids: The set's tokens, in recipe order.
        reward_token_id: The reward token, now the signer's.
        reward_serial: Its serial.
        tx: The redemption's transaction.
    """

    recipe_id: int
    burned_token_ids: tuple[int, ...]
    reward_token_id: int
    reward_serial: Serial
    tx: TxResult


@dataclass(frozen=True)
class Edition:
    """An edition's settings and supply.

    Attributes:
        edition_id: The edition.
        name: Its name.
        kind: "limited" or "hidden".
        max_supply: Serials it will ever have.
        allocated: Serials handed out, or reserved by drops.
        minted: Serials issued (a drop's reserved serials count from its reveal).
        burned: Its tokens burned.
        wallet_cap: Tokens one wallet may receive by mint (0 = no cap).
        soulbound: Its tokens never move between holders.
        uri: Its metadata URI (empty for a hidden edition until revealed).
        uri_commitment: keccak256 of a hidden edition's URI (zero for a limited one).
        uri_revealed: Whether the URI is public.
    """

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
    """A blind-box drop's plan and progress.

    Attributes:
        drop_id: The drop.
        name: Its name.
        phase: "scheduled", "open", "ended", "closed" or "revealed".
        edition_ids: Its editions, in drop order.
        counts: Boxes holding each edition.
        first_serials: The first serial each edition reserved for the drop.
        commitment: keccak256 of the issuer's secret, fixed at creation.
        opens_at: When boxes can be minted (Unix time).
        closes_at: When minting ends (Unix time).
        box_count: The drop's boxes (the sum of `counts`).
        minted: Boxes minted so far.
        wallet_cap: Boxes one wallet may receive (0 = no cap).
        secret: The secret published at close (the commitment itself when closed after the deadline).
        reveal_block: The block whose hash goes into the seed (0 until closed).
        seed: The reveal's seed (zero until revealed).
        placeholder_uri: Metadata of an unrevealed box.
    """

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
    transferable_at: int | None  # None: its holder can never move it (soulbound, or at the transfer cap)
    transfer_count: int
    locked: bool  # soulbound
    frozen: bool
    listed: bool | None  # None when the collection was opened without its marketplace (unknown)
    uri: str

    @property
    def label(self) -> str:
        """The serial as shown to customers ("#42/8888"), or "unrevealed box"."""
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


class EditionCounts(dict[int, int]):
    """Boxes per edition id: a read-only dict (it compares, iterates and serialises to JSON as a
    dict does, and is hashable; every mutating method raises `TypeError`)."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refuses any change: the counts are read-only.

        Args:
            *args: Ignored.
            **kwargs: Ignored.

        Raises:
            TypeError: Always.
        """
        raise TypeError(f"{type(self).__name__} is read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (dict(self),)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


@dataclass(frozen=True)
class FairnessReport:
    """The outcome of recomputing a drop's reveal from public chain data."""

    drop_id: int
    seed: bytes
    # The published secret hashes to the commitment made before the drop; or, for a drop closed
    # at the deadline without its secret, the commitment stands in for it (`closed_without_secret`).
    commitment_honoured: bool
    seed_recomputed: bool  # the seed equals keccak(secret, blockhash(revealBlock), chain, collection, drop)
    boxes_checked: int  # minted boxes that still exist, each compared with the recomputation
    mismatches: tuple[int, ...]  # box numbers whose on-chain edition or serial differs
    counts_by_edition: EditionCounts  # over all planned boxes, from the recomputation (read-only)
    closed_without_secret: bool = False  # closed by anyone at the deadline: the issuer never published it

    @property
    def fair(self) -> bool:
        """Whether the commitment was honoured, the seed recomputes and no box differs."""
        return self.commitment_honoured and self.seed_recomputed and not self.mismatches


@dataclass(frozen=True)
class CollectionCreated:
    """A new collection (a clone made by the factory) and the transaction that created it."""

    address: str
    tx: TxResult


@dataclass(frozen=True)
class RoyaltyInfo:
    """The ERC-2981 royalty on one sale: who receives it and how much (in the price's units)."""

    receiver: str
    amount: int


@dataclass(frozen=True)
class PlatformFee:
    """The marketplace's platform fee: its recipient and its rate in basis points."""

    recipient: str
    bps: int


@dataclass(frozen=True)
class SaleQuote:
    """How a price would be split by a sale: royalty, platform fee and what the seller receives."""

    royalty_receiver: str
    royalty: int
    platform_fee: int
    seller_proceeds: int


@dataclass(frozen=True)
class ListingCreated:
    """A new listing and the transaction that created it."""

    listing_id: int
    tx: TxResult


@dataclass(frozen=True)
class Listing:
    """A marketplace listing and whether it can be bought now.

    Attributes:
        listing_id: The listing.
        seller: Who listed the token.
        collection: The token's collection.
        token_id: The token.
        price: In the deposit token's smallest units.
        expires_at: When the listing lapses (Unix time).
        active: Whether a verified buyer could buy it now (not expired or stale, the token
            tradable, the marketplace approved; the buyer's payment is not considered).
    """

    listing_id: int
    seller: str
    collection: str
    token_id: int
    price: int
    expires_at: int
    active: bool


@dataclass(frozen=True)
class Sale:
    """A completed purchase and how its price was split (amounts in the deposit token's smallest units).

    Attributes:
        listing_id: The listing bought.
        seller: Who sold the token.
        buyer: Who bought it.
        collection: The token's collection.
        token_id: The token.
        price: What the buyer paid.
        royalty_receiver: Who received the royalty.
        royalty: The ERC-2981 royalty.
        platform_fee: The marketplace's fee.
        seller_proceeds: What the seller received.
        tx: The purchase's transaction.
    """

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
