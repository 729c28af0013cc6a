"""The issuer's side of a collection: editions, drops, recipes, transfer policy, royalties, roles."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any

from eth_utils import keccak

from ._contracts import (
    checked_address,
    checked_bytes32,
    checked_flag,
    checked_ids,
    checked_text,
    positive,
)
from .errors import InvalidInput, NoChange
from .results import DropCreated, EditionCreated, RecipeCreated, TxResult

UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1
MAX_ROYALTY_BPS = 1000
COLLECTION_ROLES = ("DEFAULT_ADMIN_ROLE", "ISSUER_ROLE", "MINTER_ROLE")


def drop_commitment(secret: bytes) -> bytes:
    """The commitment a drop publishes for `secret`: keccak256(abi.encode(bytes32 secret)).

    Args:
        secret: The issuer's 32-byte drop secret.

    Returns:
        The 32-byte commitment, as `create_drop(commitment=...)` takes it.

    Raises:
        InvalidInput: `secret` is not 32 bytes.
    """
    return keccak(checked_bytes32(secret, "a drop secret"))


class CollectionSetup:
    """The set-up writes of :class:`bank_collectibles.collection.Collection` (its issuer's)."""

    _series_kinds: dict[int, int]
    _edition_kinds: dict[int, str]
    _send: Any
    _events: Any
    _transact: Any
    _known_edition: Any
    _known_series: Any
    _logs: Any
    _read_batch: Any
    _preflight: Any
    address: str

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

        Args:
            name: The edition's name.
            max_supply: Serials the edition will ever have.
            uri: Metadata URI of a limited edition.
            hidden_uri: Metadata URI of a hidden edition, published later.
            wallet_cap: Tokens of the edition one wallet may receive by mint (0 = no cap).
            soulbound: Its tokens never move between holders (and cannot be put in a drop).

        Returns:
            The new edition's id and the transaction.

        Raises:
            InvalidInput: No name, the name of an edition the collection has already, a supply
                outside 1..2**32-1, both or neither URI, a value of the wrong type.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        name = checked_text(name, "an edition's name", required=True).strip()  # as campaign files spell it
        positive(max_supply, "max_supply", maximum=UINT32_MAX)
        positive(wallet_cap, "wallet_cap", maximum=UINT32_MAX, allow_zero=True)
        checked_text(uri, "uri")
        if hidden_uri is not None:
            checked_text(hidden_uri, "hidden_uri", required=True)
        checked_flag(soulbound, "soulbound")
        if bool(uri) == (hidden_uri is not None):
            raise InvalidInput("give uri for a limited edition or hidden_uri for a hidden one (not both)")
        self._require_new_name("edition", name)
        hidden = hidden_uri is not None
        commitment = keccak(text=hidden_uri) if hidden else b"\x00" * 32
        config = (name, max_supply, 1 if hidden else 0, "" if hidden else uri, commitment, wallet_cap, soulbound)
        receipt = self._send("createEdition", config)
        (event,) = self._events(receipt, "EditionCreated")
        self._series_kinds[event["editionId"]] = 1
        self._edition_kinds[event["editionId"]] = "hidden" if hidden else "limited"
        return EditionCreated(event["editionId"], TxResult.of(receipt))

    def set_edition_uri(self, edition_id: int, uri: str) -> TxResult:
        """Replaces an edition's metadata URI (emits ERC-4906 events). Requires `ISSUER_ROLE`.

        Args:
            edition_id: The edition.
            uri: The new metadata URI (not empty).

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownEdition: Checked before sending.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
            InvalidEditionConfig: A hidden edition whose URI is not revealed yet.
        """
        self._known_edition(edition_id)
        return self._transact("setEditionURI", edition_id, checked_text(uri, "uri", required=True))

    def reveal_edition_uri(self, edition_id: int, uri: str) -> TxResult:
        """Publishes a hidden edition's URI; anyone may send it, the commitment authenticates it.

        Args:
            edition_id: The hidden edition.
            uri: The URI whose keccak256 the edition committed to.

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownEdition: Checked before sending.
            URICommitmentMismatch: `uri` does not match the commitment.
            URIAlreadyRevealed: The URI is already public (or the edition is a limited one).
        """
        self._known_edition(edition_id)
        return self._transact("revealEditionURI", edition_id, checked_text(uri, "uri", required=True))

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

        Raises:
            InvalidInput, UnknownEdition: Checked before sending.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
            InvalidDropConfig: More than 16 editions, a soulbound edition, an opening in the past
                or a closing not after it, a zero commitment, more than 2**32-1 boxes.
            EditionSoldOut: An edition has fewer serials left than its count.
        """
        name = checked_text(name, "a drop's name", required=True).strip()
        if not isinstance(editions, Mapping) or not editions:
            raise InvalidInput("a drop needs at least one edition: a mapping of edition id to box count")
        for edition_id, count in editions.items():
            self._known_edition(edition_id)
            positive(count, f"count of edition {edition_id}", maximum=UINT32_MAX)
        positive(wallet_cap, "wallet_cap", maximum=UINT32_MAX, allow_zero=True)
        positive(opens_at, "opens_at", maximum=UINT64_MAX, allow_zero=True)
        positive(closes_at, "closes_at", maximum=UINT64_MAX)
        if not checked_text(placeholder_uri, "placeholder_uri"):
            raise InvalidInput("a drop needs a placeholder URI for its unrevealed boxes")
        if opens_at and closes_at <= opens_at:
            shown = [time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t)) for t in (closes_at, opens_at)]
            raise InvalidInput(f"closes_at ({closes_at}, {shown[0]}) must come after opens_at ({opens_at}, {shown[1]})")
        if secret is not None and commitment is not None:
            raise InvalidInput("give the secret or its commitment, not both")
        if commitment is None:
            secret = checked_bytes32(secret, "a drop secret") if secret is not None else secrets.token_bytes(32)
            commitment = drop_commitment(secret)
        else:
            commitment = checked_bytes32(commitment, "a commitment")
        self._require_new_name("drop", name)
        config = (name, list(editions), list(editions.values()), commitment, opens_at, closes_at, wallet_cap, placeholder_uri)
        receipt = self._send("createDrop", config)
        (event,) = self._events(receipt, "DropCreated")
        self._series_kinds[event["dropId"]] = 2
        return DropCreated(event["dropId"], commitment, secret, TxResult.of(receipt))

    def _require_new_name(self, kind: str, name: str) -> None:
        """Campaign files and operators name editions and drops by name: a second one of the same
        name would make that name ambiguous, so every later reference to it would be refused."""
        event, id_field = ("EditionCreated", "editionId") if kind == "edition" else ("DropCreated", "dropId")
        for _, created in self._logs(event):
            if created["name"].strip() == name:
                raise InvalidInput(f"{kind} {created[id_field]} is already named {created['name']!r}: "
                                   f"give the new {kind} a name of its own")

    def create_recipe(self, edition_ids: Sequence[int], reward_edition_id: int) -> RecipeCreated:
        """Creates a set redemption: one token of each edition buys one of the reward edition.

        Requires `ISSUER_ROLE`. The recipe starts active.

        Args:
            edition_ids: The editions of a set (2 to 16), in the order `redeem` takes the tokens.
            reward_edition_id: The edition a set is redeemed for.

        Returns:
            The new recipe's id and the transaction.

        Raises:
            InvalidInput, UnknownEdition: Checked before sending.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
            InvalidRecipe: Fewer than 2 or more than 16 editions.
        """
        ids = checked_ids(edition_ids, "edition id", maximum=UINT32_MAX)
        for edition_id in [*ids, reward_edition_id]:
            self._known_edition(edition_id)
        receipt = self._send("createRecipe", ids, reward_edition_id)
        (event,) = self._events(receipt, "RecipeCreated")
        return RecipeCreated(event["recipeId"], TxResult.of(receipt))

    def set_recipe_active(self, recipe_id: int, active: bool) -> TxResult:
        """Opens or closes a set redemption. Requires `ISSUER_ROLE`.

        Args:
            recipe_id: The recipe.
            active: Whether sets can be redeemed.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad recipe id or flag, before sending.
            UnknownRecipe: No such recipe.
            NoChange: The recipe is already open (or closed), after the role check.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        active = checked_flag(active, "active")
        recipe = self.recipe(recipe_id)
        if recipe.active == active:
            self._preflight("setRecipeActive", recipe.recipe_id, active)
            state = "active" if active else "inactive"
            raise NoChange(f"recipe {recipe.recipe_id} is {state} already: setting it again would change nothing",
                           [recipe.recipe_id], state)
        return self._transact("setRecipeActive", recipe.recipe_id, active)

    def set_transfer_policy(self, holding_period: int, max_transfers: int = 0) -> TxResult:
        """Sets the transfer policy of every token, existing ones included. Requires `ISSUER_ROLE`.

        Args:
            holding_period: Seconds a holder must keep a token before it can move (0 = off).
            max_transfers: Transfers between holders per token (0 = unlimited).

        Returns:
            The transaction.

        Raises:
            InvalidInput: A value that is negative or does not fit (uint64, uint32).
            NoChange: The policy is already this one (nothing is sent).
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        positive(holding_period, "holding_period", maximum=2**64 - 1, allow_zero=True)
        positive(max_transfers, "max_transfers", maximum=UINT32_MAX, allow_zero=True)
        if self._read_batch([("holdingPeriod", ()), ("maxTransfers", ())]) == [holding_period, max_transfers]:
            self._preflight("setTransferPolicy", holding_period, max_transfers)
            raise NoChange(f"collection {self.address} has this transfer policy already (holding period {holding_period} s, "
                           f"{max_transfers or 'unlimited'} transfers per token): setting it again would change nothing",
                           [self.address], "the same policy")
        return self._transact("setTransferPolicy", holding_period, max_transfers)

    def set_default_royalty(self, receiver: str, bps: int) -> TxResult:
        """Sets the ERC-2981 royalty of every token without an edition override. Requires `ISSUER_ROLE`.

        Args:
            receiver: Who receives the royalty; the zero address with 0 bps turns it off.
            bps: The royalty in basis points (at most 1000).

        Returns:
            The transaction.

        Raises:
            InvalidInput: `bps` is not an int from 0 to 1000.
            InvalidAddress: A bad receiver (the zero address unless `bps` is 0).
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        return self._transact("setDefaultRoyalty", *_royalty(receiver, bps))

    def set_edition_royalty(self, edition_id: int, receiver: str, bps: int) -> TxResult:
        """Overrides the ERC-2981 royalty for one edition (and boxes revealed to it). Requires `ISSUER_ROLE`.

        Args:
            edition_id: The edition.
            receiver: Who receives the royalty; the zero address with 0 bps removes the override.
            bps: The royalty in basis points (at most 1000).

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownEdition: A bad edition or `bps`, checked before sending.
            InvalidAddress: A bad receiver (the zero address unless `bps` is 0).
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        self._known_edition(edition_id)
        return self._transact("setEditionRoyalty", edition_id, *_royalty(receiver, bps))

    def set_contract_uri(self, uri: str) -> TxResult:
        """Replaces the collection-level metadata URI (ERC-7572). Requires `ISSUER_ROLE`.

        Args:
            uri: The new URI (may be empty).

        Returns:
            The transaction.

        Raises:
            InvalidInput: `uri` is not a string.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        return self._transact("setContractURI", checked_text(uri, "contract uri"))



def _royalty(receiver: str, bps: int) -> tuple[str, int]:
    """A royalty's checked (receiver, bps): the zero address only with 0 bps (no royalty)."""
    positive(bps, "bps", maximum=MAX_ROYALTY_BPS, allow_zero=True)
    return checked_address(receiver, "receiver", allow_zero=bps == 0), bps
