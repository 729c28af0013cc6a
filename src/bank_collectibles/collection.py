"""A collection: editions, mints, blind-box drops, set redemption, transfers and compliance."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from ._collection_queries import CollectionQueries, token_id
from ._contracts import (
    BoundContract,
    checked_address,
    checked_addresses,
    checked_bytes32,
    checked_flag,
    checked_id,
    checked_ids,
    checked_text,
    positive,
)
from ._rpc import Receipt
from .errors import EditionNotDirectlyMintable, InvalidInput, RevealTooEarly, UnknownDrop, UnknownEdition
from .results import DropCreated, EditionCreated, MintResult, RecipeCreated, RedeemResult, RevealResult, TxResult

if TYPE_CHECKING:
    from .marketplace import Marketplace

UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1
MAX_ROYALTY_BPS = 1000
TRANSFER_TOPIC = keccak(text="Transfer(address,address,uint256)")
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


class Collection(CollectionQueries, BoundContract):
    """One campaign collection (ICollection). Writes need the role each method names.

    Every write raises `InvalidInput` when no signer is bound, and may raise `SignerError` and
    `NodeError` (`TransactionTimeout` among them); reads may raise `NodeError`. A write the
    contract would reject raises that contract error by name, normally from the pre-flight
    (`eth_estimateGas`), before anything is sent.

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
            InvalidInput: No name, a supply outside 1..2**32-1, both or neither URI, a value of
                the wrong type.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        checked_text(name, "an edition's name", required=True)
        positive(max_supply, "max_supply", maximum=UINT32_MAX)
        positive(wallet_cap, "wallet_cap", maximum=UINT32_MAX, allow_zero=True)
        checked_text(uri, "uri")
        if hidden_uri is not None:
            checked_text(hidden_uri, "hidden_uri", required=True)
        checked_flag(soulbound, "soulbound")
        if bool(uri) == (hidden_uri is not None):
            raise InvalidInput("give uri for a limited edition or hidden_uri for a hidden one (not both)")
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
        checked_text(name, "a drop's name", required=True)
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
            raise InvalidInput(f"closes_at ({closes_at}) must come after opens_at ({opens_at})")
        if secret is not None and commitment is not None:
            raise InvalidInput("give the secret or its commitment, not both")
        if commitment is None:
            secret = checked_bytes32(secret, "a drop secret") if secret is not None else secrets.token_bytes(32)
            commitment = drop_commitment(secret)
        else:
            commitment = checked_bytes32(commitment, "a commitment")
        config = (name, list(editions), list(editions.values()), commitment, opens_at, closes_at, wallet_cap, placeholder_uri)
        receipt = self._send("createDrop", config)
        (event,) = self._events(receipt, "DropCreated")
        self._series_kinds[event["dropId"]] = 2
        return DropCreated(event["dropId"], commitment, secret, TxResult.of(receipt))

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
            AccessControlUnauthorizedAccount: The signer is not the issuer.
            UnknownRecipe: No such recipe.
        """
        recipe = checked_id(recipe_id, "recipe id", maximum=UINT32_MAX)
        return self._transact("setRecipeActive", recipe, checked_flag(active, "active"))

    def set_transfer_policy(self, holding_period: int, max_transfers: int = 0) -> TxResult:
        """Sets the transfer policy of every token, existing ones included. Requires `ISSUER_ROLE`.

        Args:
            holding_period: Seconds a holder must keep a token before it can move (0 = off).
            max_transfers: Transfers between holders per token (0 = unlimited).

        Returns:
            The transaction.

        Raises:
            InvalidInput: A value that is negative or does not fit (uint64, uint32).
            AccessControlUnauthorizedAccount: The signer is not the issuer.
        """
        positive(holding_period, "holding_period", maximum=2**64 - 1, allow_zero=True)
        positive(max_transfers, "max_transfers", maximum=UINT32_MAX, allow_zero=True)
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
        positive(bps, "bps", maximum=MAX_ROYALTY_BPS, allow_zero=True)
        return self._transact("setDefaultRoyalty", checked_address(receiver, "receiver", allow_zero=bps == 0), bps)

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
        positive(bps, "bps", maximum=MAX_ROYALTY_BPS, allow_zero=True)
        return self._transact(
            "setEditionRoyalty", edition_id, checked_address(receiver, "receiver", allow_zero=bps == 0), bps
        )

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

    def grant_role(self, role: str, account: str) -> TxResult:
        """Grants a role on this collection. Requires `DEFAULT_ADMIN_ROLE`.

        Args:
            role: "ISSUER_ROLE", "MINTER_ROLE" or "DEFAULT_ADMIN_ROLE".
            account: Who receives it.

        Returns:
            The transaction.

        Raises:
            InvalidInput: An unknown role.
            InvalidAddress: A bad account.
            AccessControlUnauthorizedAccount: The signer is not the collection's admin.
        """
        from .registry import role_id

        if role not in COLLECTION_ROLES:
            raise InvalidInput(f"unknown collection role {role!r}: one of {', '.join(COLLECTION_ROLES)}")
        return self._transact("grantRole", role_id(role), checked_address(account, "account"))

    # ------------------------------------------------------------------------------- minting

    def mint(self, edition_id: int, recipients: Sequence[str]) -> MintResult:
        """Mints one token of limited edition `edition_id` to each recipient, with consecutive serials.

        Requires `MINTER_ROLE`. All or nothing: every recipient verified, enough supply left.

        Args:
            edition_id: A limited edition.
            recipients: Verified customers, one token each, in serial order.

        Returns:
            The token ids in recipient order, and the transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad edition id, no recipients or a bad one.
            UnknownEdition, EditionNotDirectlyMintable: Checked before sending.
            AccessControlUnauthorizedAccount: The signer is not a minter.
            EditionSoldOut, AccountNotVerified, WalletCapExceeded, CollectionPaused: From the
                pre-flight; nothing is sent.
        """
        if self._known_edition(edition_id) != "limited":
            raise EditionNotDirectlyMintable(edition_id)
        return self._mint("mintBatch", edition_id, recipients)

    def mint_boxes(self, drop_id: int, recipients: Sequence[str]) -> MintResult:
        """Mints one blind box of `drop_id` to each recipient. Requires `MINTER_ROLE`; the drop open.

        Args:
            drop_id: The drop.
            recipients: Verified customers, one box each.

        Returns:
            The box token ids in recipient order, and the transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad drop id, no recipients or a bad one.
            UnknownDrop: Checked before sending.
            AccessControlUnauthorizedAccount: The signer is not a minter.
            DropNotOpen, DropSoldOut, AccountNotVerified, WalletCapExceeded, CollectionPaused:
                From the pre-flight; nothing is sent.
        """
        self._known_series(drop_id, 2)
        return self._mint("mintBoxes", drop_id, recipients)

    def mint_call(self, function: str, series_id: int, recipients: Sequence[str]) -> Any:
        """The unsent call of a mint (for pipelines: the campaign engine); nothing is read or sent.

        Args:
            function: "mintBatch" (an edition) or "mintBoxes" (a drop).
            series_id: The edition or drop.
            recipients: One token each.

        Returns:
            The `ContractCall` to sign and send.

        Raises:
            InvalidInput, InvalidAddress: Another function, a bad series id, no recipients or a bad one.
        """
        if function not in ("mintBatch", "mintBoxes"):
            raise InvalidInput(f"mint_call makes mintBatch or mintBoxes calls, not {function!r}")
        series = checked_id(series_id, "series id", maximum=UINT32_MAX)
        return self._call(function, series, checked_addresses(recipients, "recipient"))

    def _mint(self, function: str, series_id: int, recipients: Sequence[str]) -> MintResult:
        addresses = checked_addresses(recipients, "recipient")
        receipt = self._send(function, series_id, addresses)
        return MintResult(tuple(minted_token_ids(receipt, self.address)), tuple(addresses), TxResult.of(receipt))

    # --------------------------------------------------------------------------------- drops

    def close_drop(self, drop_id: int, secret: bytes) -> TxResult:
        """Publishes the drop's secret; the reveal block is the next one. Requires `ISSUER_ROLE`.

        Args:
            drop_id: The drop, sold out or past `closes_at`.
            secret: The 32-byte secret behind the drop's commitment.

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownDrop: Checked before sending.
            AccessControlUnauthorizedAccount: The signer is not the issuer.
            DropAlreadyClosed, DropNotEnded, SecretMismatch: From the pre-flight.
        """
        self._known_series(drop_id, 2)
        return self._transact("closeDrop", drop_id, checked_bytes32(secret, "a drop secret"))

    def close_drop_after_deadline(self, drop_id: int) -> TxResult:
        """Closes a drop its issuer left open past the deadline; anyone may send it.

        The commitment stands in for the secret.

        Args:
            drop_id: The drop.

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownDrop: Checked before sending.
            DropAlreadyClosed, DeadlineNotReached: From the pre-flight.
        """
        self._known_series(drop_id, 2)
        return self._transact("closeDropAfterDeadline", drop_id)

    def reveal(self, drop_id: int, *, mine: bool | None = None, timeout: float = 60.0) -> RevealResult:
        """Reveals a closed drop as soon as its reveal block exists; anyone may send it.

        Args:
            drop_id: The drop.
            mine: Mine the missing block (development chains only); by default when the client
                was connected to a managed chain.
            timeout: Seconds to wait for the reveal block on a chain that mines by itself.

        Returns:
            The drop's seed and reveal block, and the transaction.

        Raises:
            InvalidInput, UnknownDrop: Checked before sending.
            DropNotClosed, DropAlreadyRevealed, RevealWindowMissed: From the pre-flight.
            RevealTooEarly: The block did not come within `timeout`.
        """
        self._known_series(drop_id, 2)
        if mine is not None:
            checked_flag(mine, "mine")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            raise InvalidInput(f"timeout must be a number of seconds, not {timeout!r}")
        reveal_block = self._read("drop", drop_id)["revealBlock"]
        if reveal_block:
            self._await_block(reveal_block + 1, mine, timeout, RevealTooEarly(drop_id, reveal_block))
        receipt = self._send("reveal", drop_id)
        (event,) = self._events(receipt, "DropRevealed")
        return RevealResult(drop_id, event["seed"], event["revealBlock"], TxResult.of(receipt))

    def move_reveal_target(self, drop_id: int) -> TxResult:
        """Moves a closed drop's reveal block forward after it was missed; anyone may send it.

        Args:
            drop_id: The drop.

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownDrop: Checked before sending.
            DropNotClosed, DropAlreadyRevealed, RevealWindowOpen: From the pre-flight.
        """
        self._known_series(drop_id, 2)
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
        """Burns a full set held by the signer, in recipe order, for one reward token.

        Args:
            recipe_id: The recipe.
            token_ids: One token of each of the recipe's editions, in the recipe's order.

        Returns:
            The burned token ids, the reward token and its serial, and the transaction.

        Raises:
            InvalidInput: A bad recipe or token id, or no tokens, before sending.
            UnknownRecipe, RecipeInactive, SetMismatch, NonexistentToken, NotTokenOwner,
                DropNotRevealed, TokenFrozen, CollectionPaused, AccountNotVerified,
                EditionSoldOut, WalletCapExceeded: From the pre-flight.
        """
        recipe = checked_id(recipe_id, "recipe id", maximum=UINT32_MAX)
        receipt = self._send("redeem", recipe, checked_ids(token_ids, "token id"))
        (event,) = self._events(receipt, "SetRedeemed")
        reward = event["rewardTokenId"]
        return RedeemResult(recipe_id, tuple(event["burnedTokenIds"]), reward, self.serial(reward), TxResult.of(receipt))

    def transfer(self, token_id: int, to: str) -> TxResult:
        """Gives the signer's token to `to` (a verified customer), under the transfer policy.

        Args:
            token_id: A token the signer holds.
            to: The recipient.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad token id or recipient, or no signer, before sending.
            CollectionPaused, TokenFrozen, TokenSoulbound, HoldingPeriodActive,
                TransferLimitReached, AccountNotVerified: The transfer policy, from the pre-flight.
            TokenDoesNotExist, TransferFromIncorrectOwner: No such token, or the signer does
                not hold it.
        """
        if self.signer is None:
            raise InvalidInput(f"{self!r} has no signer: use .using(signer) to write")
        token = checked_id(token_id, "token id")
        return self._transact("transferFrom", self.signer.address, checked_address(to, "recipient"), token)

    gift = transfer

    def approve_operator(self, operator: str, approved: bool = True) -> TxResult:
        """Lets `operator` (the marketplace) move all of the signer's tokens; it must be registry-approved.

        Args:
            operator: The marketplace.
            approved: False withdraws the approval (always allowed).

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad operator or flag.
            OperatorNotApproved: The registry has not approved `operator`.
        """
        return self._transact("setApprovalForAll", checked_address(operator, "operator"), checked_flag(approved, "approved"))

    # ---------------------------------------------------------------------------- compliance

    def pause(self) -> TxResult:
        """Stops every mint, transfer and redemption. Requires `ISSUER_ROLE` or a compliance authority.

        A compliance authority's pause can only be lifted by a compliance authority.

        Returns:
            The transaction.

        Raises:
            NotComplianceAuthority: The signer is neither the issuer nor a compliance authority.
        """
        return self._transact("pause")

    def unpause(self) -> TxResult:
        """Lifts the pause. Requires a compliance authority, or `ISSUER_ROLE` for the issuer's own pause.

        Returns:
            The transaction.

        Raises:
            NotComplianceAuthority: The signer may not lift this pause.
        """
        return self._transact("unpause")

    def freeze_token(self, token_id: int, reason_code: int = 0) -> TxResult:
        """Freezes a token (no transfer, no sale, no redemption). Requires a compliance authority.

        Args:
            token_id: The token.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad token id or reason code.
            NotComplianceAuthority, NonexistentToken: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        return self._transact("setTokenFrozen", token, True, positive(reason_code, "reason", maximum=255, allow_zero=True))

    def unfreeze_token(self, token_id: int, reason_code: int = 0) -> TxResult:
        """Lifts a token's freeze. Requires a compliance authority.

        Args:
            token_id: The token.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad token id or reason code.
            NotComplianceAuthority, NonexistentToken: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        return self._transact("setTokenFrozen", token, False, positive(reason_code, "reason", maximum=255, allow_zero=True))

    def force_transfer(self, token_id: int, to: str, reason_code: int) -> TxResult:
        """Moves a token whatever its policy (a court order, a lost wallet). Requires a compliance authority.

        Args:
            token_id: The token.
            to: The verified recipient.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput, InvalidAddress: A bad token id, recipient or reason code.
            NotComplianceAuthority, NonexistentToken, AccountNotVerified: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        return self._transact("forceTransfer", token, checked_address(to, "recipient"), reason_code)

    def force_burn(self, token_id: int, reason_code: int) -> TxResult:
        """Burns a token whatever its policy. Requires a compliance authority.

        Args:
            token_id: The token.
            reason_code: The bank's reason (0-255), recorded in the event.

        Returns:
            The transaction.

        Raises:
            InvalidInput: A bad token id or reason code.
            NotComplianceAuthority, NonexistentToken: From the pre-flight.
        """
        token = checked_id(token_id, "token id")
        positive(reason_code, "reason", maximum=255, allow_zero=True)
        return self._transact("forceBurn", token, reason_code)

    # ------------------------------------------------------------------------------- helpers

    def _known_edition(self, edition_id: int) -> str:
        """The edition's kind, read once: raises `UnknownEdition` for an edition that does not exist."""
        checked_id(edition_id, "edition series id", maximum=UINT32_MAX)
        if edition_id not in self._edition_kinds:
            self._known_series(edition_id, 1)
            self._edition_kinds[edition_id] = self.edition(edition_id).kind
        return self._edition_kinds[edition_id]

    def _known_series(self, series_id: int, kind: int) -> None:
        checked_id(series_id, f"{'edition' if kind == 1 else 'drop'} series id", maximum=UINT32_MAX)
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
