"""A collection: editions, mints, blind-box drops, set redemption, transfers and compliance."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from ._collection_queries import CollectionQueries, token_id
from ._contracts import BoundContract, checked_address, checked_addresses, positive
from ._rpc import Receipt
from .errors import EditionNotDirectlyMintable, InvalidInput, RevealTooEarly, UnknownDrop, UnknownEdition
from .results import DropCreated, EditionCreated, MintResult, RecipeCreated, RedeemResult, RevealResult, TxResult

if TYPE_CHECKING:
    from .marketplace import Marketplace

UINT32_MAX = 2**32 - 1
MAX_ROYALTY_BPS = 1000
TRANSFER_TOPIC = keccak(text="Transfer(address,address,uint256)")
COLLECTION_ROLES = ("DEFAULT_ADMIN_ROLE", "ISSUER_ROLE", "MINTER_ROLE")


def drop_commitment(secret: bytes) -> bytes:
    """The commitment a drop publishes for `secret`: keccak256(abi.encode(bytes32 secret))."""
    if len(secret) != 32:
        raise InvalidInput("a drop secret is 32 bytes")
    return keccak(secret)


class Collection(CollectionQueries, BoundContract):
    """One campaign collection (ICollection). Writes need the role each method names.

    Args:
        client: The connection.
        address: The collection (a clone made by the factory).
        signer: Who signs writes.
        marketplace: The suite's marketplace, so that token queries can say whether a token is listed.
    """

    artifact = "Collection"

    def __init__(self, client: Any, address: str, signer: Any = None, marketplace: Marketplace | None = None) -> None:
        super().__init__(client, address, signer)
        self.marketplace = marketplace
        self._series_kinds: dict[int, int] = {}  # series id -> 1 edition, 2 drop (never changes)
        self._edition_kinds: dict[int, str] = {}  # edition id -> "limited" or "hidden" (never changes)

    # -------------------------------------------------------------------------------- set-up

    def create_edition(
        self,
        name: str,
        max_supply: int,
        *,
        uri: str = "",
        hidden_uri: str | None = None,
        wallet_cap: int = 0,
        soulbound: bool = False,
    ) -> EditionCreated:
        """Creates a limited edition (with `uri`) or a hidden one (with `hidden_uri`). Requires `ISSUER_ROLE`.

        A hidden edition publishes only `keccak256(hidden_uri)` now; :meth:`reveal_edition_uri`
        publishes the URI later and the contract checks it against the commitment.

        Returns:
            The new edition's id and the transaction.

        Raises:
            InvalidInput: No name, a supply outside 1..2**32-1, both or neither URI.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        if not name.strip():
            raise InvalidInput("an edition needs a name")
        positive(max_supply, "max_supply", maximum=UINT32_MAX)
        positive(wallet_cap, "wallet_cap", maximum=UINT32_MAX, allow_zero=True)
        if bool(uri) == (hidden_uri is not None):
            raise InvalidInput("give uri for a limited edition or hidden_uri for a hidden one (not both)")
        hidden = hidden_uri is not None
        commitment = keccak(text=hidden_uri) if hidden else b"\x00" * 32
        config = (name, max_supply, 1 if hidden else 0, "" if hidden else uri, commitment, wallet_cap, bool(soulbound))
        receipt = self._send("createEdition", config)
        (event,) = self._events(receipt, "EditionCreated")
        self._series_kinds[event["editionId"]] = 1
        self._edition_kinds[event["editionId"]] = "hidden" if hidden else "limited"
        return EditionCreated(event["editionId"], TxResult.of(receipt))

    def set_edition_uri(self, edition_id: int, uri: str) -> TxResult:
        """Replaces an edition's metadata URI (emits ERC-4906 events). Requires `ISSUER_ROLE`."""
        self._known_edition(edition_id)
        return self._transact("setEditionURI", edition_id, uri)

    def reveal_edition_uri(self, edition_id: int, uri: str) -> TxResult:
        """Publishes a hidden edition's URI; anyone may send it, the commitment authenticates it."""
        self._known_edition(edition_id)
        return self._transact("revealEditionURI", edition_id, uri)

    def create_drop(
        self,
        name: str,
        editions: Mapping[int, int],
        *,
        closes_at: int,
        placeholder_uri: str,
        opens_at: int = 0,
        secret: bytes | None = None,
        commitment: bytes | None = None,
        wallet_cap: int = 0,
    ) -> DropCreated:
        """Creates a blind-box drop and reserves each edition's serials for it. Requires `ISSUER_ROLE`.

        Args:
            name: The drop's name.
            editions: Edition id to number of boxes holding it, in drop order (e.g. 190 limited
                and 10 hidden); the drop has their sum of boxes.
            closes_at: When minting ends (Unix time, after the opening).
            placeholder_uri: Metadata of an unrevealed box.
            opens_at: When boxes can be minted (Unix time, not in the past); 0 opens the drop in
                the block that creates it.
            secret: The issuer's 32-byte secret; generated (and returned) when neither it nor a
                `commitment` is given.
            commitment: `keccak256(secret)` for a secret kept outside this process (an HSM).
            wallet_cap: Boxes one wallet may receive (0 = no cap).

        Returns:
            The drop id, the commitment, the secret if this call generated or was given it.
        """
        if not editions:
            raise InvalidInput("a drop needs at least one edition")
        for edition_id, count in editions.items():
            self._known_edition(edition_id)
            positive(count, f"count of edition {edition_id}", maximum=UINT32_MAX)
        positive(wallet_cap, "wallet_cap", maximum=UINT32_MAX, allow_zero=True)
        if not placeholder_uri:
            raise InvalidInput("a drop needs a placeholder URI for its unrevealed boxes")
        if opens_at and closes_at <= opens_at:
            raise InvalidInput(f"closes_at ({closes_at}) must come after opens_at ({opens_at})")
        if secret is not None and commitment is not None:
            raise InvalidInput("give the secret or its commitment, not both")
        if commitment is None:
            secret = secret if secret is not None else secrets.token_bytes(32)
            commitment = drop_commitment(secret)
        elif len(commitment) != 32:
            raise InvalidInput("a commitment is 32 bytes")
        config = (name, list(editions), list(editions.values()), commitment, opens_at, closes_at, wallet_cap, placeholder_uri)
        receipt = self._send("createDrop", config)
        (event,) = self._events(receipt, "DropCreated")
        self._series_kinds[event["dropId"]] = 2
        return DropCreated(event["dropId"], commitment, secret, TxResult.of(receipt))

    def create_recipe(self, edition_ids: Sequence[int], reward_edition_id: int) -> RecipeCreated:
        """A set redemption: one token of each of `edition_ids` buys one of `reward_edition_id`."""
        for edition_id in [*edition_ids, reward_edition_id]:
            self._known_edition(edition_id)
        receipt = self._send("createRecipe", list(edition_ids), reward_edition_id)
        (event,) = self._events(receipt, "RecipeCreated")
        return RecipeCreated(event["recipeId"], TxResult.of(receipt))

    def set_recipe_active(self, recipe_id: int, active: bool) -> TxResult:
        return self._transact("setRecipeActive", recipe_id, bool(active))

    def set_transfer_policy(self, holding_period: int, max_transfers: int = 0) -> TxResult:
        """Holding period in seconds (0 = off) and transfers per token (0 = unlimited). Requires `ISSUER_ROLE`."""
        positive(holding_period, "holding_period", maximum=2**64 - 1, allow_zero=True)
        positive(max_transfers, "max_transfers", maximum=UINT32_MAX, allow_zero=True)
        return self._transact("setTransferPolicy", holding_period, max_transfers)

    def set_default_royalty(self, receiver: str, bps: int) -> TxResult:
        """ERC-2981 royalty for every token without an edition override (at most 1000 bps)."""
        positive(bps, "bps", maximum=MAX_ROYALTY_BPS, allow_zero=True)
        return self._transact("setDefaultRoyalty", checked_address(receiver, "receiver", allow_zero=bps == 0), bps)

    def set_edition_royalty(self, edition_id: int, receiver: str, bps: int) -> TxResult:
        self._known_edition(edition_id)
        positive(bps, "bps", maximum=MAX_ROYALTY_BPS, allow_zero=True)
        return self._transact(
            "setEditionRoyalty", edition_id, checked_address(receiver, "receiver", allow_zero=bps == 0), bps
        )

    def set_contract_uri(self, uri: str) -> TxResult:
        return self._transact("setContractURI", uri)

    def grant_role(self, role: str, account: str) -> TxResult:
        """Grants `ISSUER_ROLE`, `MINTER_ROLE` or `DEFAULT_ADMIN_ROLE` on this collection."""
        from .registry import role_id

        if role not in COLLECTION_ROLES:
            raise InvalidInput(f"unknown collection role {role!r}: one of {', '.join(COLLECTION_ROLES)}")
        return self._transact("grantRole", role_id(role), checked_address(account, "account"))

    # ------------------------------------------------------------------------------- minting

    def mint(self, edition_id: int, recipients: Sequence[str]) -> MintResult:
        """Mints one token of limited edition `edition_id` to each recipient, with consecutive serials.

        Requires `MINTER_ROLE`. All or nothing: every recipient verified, enough supply left.

        Raises:
            UnknownEdition, EditionNotDirectlyMintable: Checked before sending.
            EditionSoldOut, AccountNotVerified, WalletCapExceeded, CollectionPaused: From the
                pre-flight; nothing is sent.
        """
        if self._known_edition(edition_id) != "limited":
            raise EditionNotDirectlyMintable(edition_id)
        return self._mint("mintBatch", edition_id, recipients)

    def mint_boxes(self, drop_id: int, recipients: Sequence[str]) -> MintResult:
        """Mints one blind box of `drop_id` to each recipient. Requires `MINTER_ROLE`; the drop open."""
        self._known_series(drop_id, 2)
        return self._mint("mintBoxes", drop_id, recipients)

    def mint_call(self, function: str, series_id: int, recipients: Sequence[str]) -> Any:
        """The unsent call of a mint (for pipelines: the campaign engine)."""
        return self._call(function, series_id, checked_addresses(recipients, "recipient"))

    def _mint(self, function: str, series_id: int, recipients: Sequence[str]) -> MintResult:
        addresses = checked_addresses(recipients, "recipient")
        receipt = self._send(function, series_id, addresses)
        return MintResult(tuple(minted_token_ids(receipt, self.address)), tuple(addresses), TxResult.of(receipt))

    # --------------------------------------------------------------------------------- drops

    def close_drop(self, drop_id: int, secret: bytes) -> TxResult:
        """Publishes the drop's secret; the reveal block is the next one. Requires `ISSUER_ROLE`."""
        self._known_series(drop_id, 2)
        if len(secret) != 32:
            raise InvalidInput("a drop secret is 32 bytes")
        return self._transact("closeDrop", drop_id, secret)

    def close_drop_after_deadline(self, drop_id: int) -> TxResult:
        """Closes a drop its issuer left open past the deadline; anyone may send it."""
        self._known_series(drop_id, 2)
        return self._transact("closeDropAfterDeadline", drop_id)

    def reveal(self, drop_id: int, *, mine: bool | None = None, timeout: float = 60.0) -> RevealResult:
        """Reveals a closed drop as soon as its reveal block exists; anyone may send it.

        Args:
            drop_id: The drop.
            mine: Mine the missing block (development chains only); by default when the client
                was connected to a managed chain.
            timeout: Seconds to wait for the reveal block on a chain that mines by itself.

        Raises:
            DropNotClosed, DropAlreadyRevealed, RevealWindowMissed: From the pre-flight.
            RevealTooEarly: The block did not come within `timeout`.
        """
        self._known_series(drop_id, 2)
        reveal_block = self._read("drop", drop_id)["revealBlock"]
        if reveal_block:
            self._await_block(reveal_block + 1, mine, timeout, RevealTooEarly(drop_id, reveal_block))
        receipt = self._send("reveal", drop_id)
        (event,) = self._events(receipt, "DropRevealed")
        return RevealResult(drop_id, event["seed"], event["revealBlock"], TxResult.of(receipt))

    def move_reveal_target(self, drop_id: int) -> TxResult:
        return self._transact("moveRevealTarget", drop_id)

    def _await_block(self, number: int, mine: bool | None, timeout: float, error: Exception) -> None:
        """Returns once block `number` is mined (nodes estimate gas in the context of the latest block)."""
        node = self.client.node
        mine = self.client.chain is not None if mine is None else mine
        deadline = time.monotonic() + timeout
        while (current := node.block_number()) < number:
            if mine:
                node.mine(number - current)
            elif time.monotonic() > deadline:
                raise error
            else:
                time.sleep(0.2)

    # --------------------------------------------------------------------- holders' actions

    def redeem(self, recipe_id: int, token_ids: Sequence[int]) -> RedeemResult:
        """Burns a full set held by the signer, in recipe order, for one reward token."""
        if not token_ids:
            raise InvalidInput("no tokens given")
        receipt = self._send("redeem", recipe_id, [positive(t, "token id") for t in token_ids])
        (event,) = self._events(receipt, "SetRedeemed")
        reward = event["rewardTokenId"]
        return RedeemResult(recipe_id, tuple(event["burnedTokenIds"]), reward, self.serial(reward), TxResult.of(receipt))

    def transfer(self, token_id: int, to: str) -> TxResult:
        """Gives the signer's token to `to` (a verified customer), under the transfer policy."""
        if self.signer is None:
            raise InvalidInput(f"{self!r} has no signer: use .using(signer) to write")
        return self._transact("transferFrom", self.signer.address, checked_address(to, "recipient"), token_id)

    gift = transfer

    def approve_operator(self, operator: str, approved: bool = True) -> TxResult:
        """Lets `operator` (the marketplace) move all of the signer's tokens; it must be registry-approved."""
        return self._transact("setApprovalForAll", checked_address(operator, "operator"), bool(approved))

    # ---------------------------------------------------------------------------- compliance

    def pause(self) -> TxResult:
        """Stops every mint and transfer. Requires `ISSUER_ROLE` or a compliance authority."""
        return self._transact("pause")

    def unpause(self) -> TxResult:
        return self._transact("unpause")

    def freeze_token(self, token_id: int, reason_code: int = 0) -> TxResult:
        """Freezes a token (no transfer, no sale). Requires a compliance authority."""
        return self._transact("setTokenFrozen", token_id, True, positive(reason_code, "reason", maximum=255, allow_zero=True))

    def unfreeze_token(self, token_id: int, reason_code: int = 0) -> TxResult:
        return self._transact("setTokenFrozen", token_id, False, positive(reason_code, "reason", maximum=255, allow_zero=True))

    def force_transfer(self, token_id: int, to: str, reason_code: int) -> TxResult:
        """Moves a token whatever its policy (a court order, a lost wallet). Requires a compliance authority."""
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        return self._transact("forceTransfer", token_id, checked_address(to, "recipient"), reason_code)

    def force_burn(self, token_id: int, reason_code: int) -> TxResult:
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        return self._transact("forceBurn", token_id, reason_code)

    # ------------------------------------------------------------------------------- helpers

    def _known_edition(self, edition_id: int) -> str:
        """The edition's kind, read once: raises `UnknownEdition` for an edition that does not exist."""
        if edition_id not in self._edition_kinds:
            self._known_series(edition_id, 1)
            self._edition_kinds[edition_id] = self.edition(edition_id).kind
        return self._edition_kinds[edition_id]

    def _known_series(self, series_id: int, kind: int) -> None:
        positive(series_id, "series id", maximum=UINT32_MAX)
        if series_id not in self._series_kinds:
            self._series_kinds[series_id] = self._read("seriesKind", series_id)
        if self._series_kinds[series_id] != kind:
            if self._series_kinds[series_id] == 0:
                self._series_kinds.pop(series_id)  # it may be created later
            raise (UnknownEdition if kind == 1 else UnknownDrop)(series_id)


def minted_token_ids(receipt: Receipt, collection: str) -> list[int]:
    """Token ids of the collection's mints (Transfer from the zero address) in `receipt`, in log order."""
    zero = b"\x00" * 32
    return [
        int.from_bytes(log.topics[3], "big")
        for log in receipt.logs
        if log.address == collection and len(log.topics) == 4 and log.topics[0] == TRANSFER_TOPIC and log.topics[1] == zero
    ]


__all__ = ["Collection", "drop_commitment", "minted_token_ids", "token_id"]
