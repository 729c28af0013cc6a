"""A collection: editions, mints, blind-box drops, set redemption, transfers and compliance."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from eth_utils import keccak

from ._collection_compliance import CollectionCompliance
from ._collection_queries import CollectionQueries, token_id
from ._collection_setup import COLLECTION_ROLES, UINT32_MAX, CollectionSetup, drop_commitment
from ._contracts import (
    BoundContract,
    checked_address,
    checked_addresses,
    checked_bytes32,
    checked_flag,
    checked_id,
    checked_ids,
)
from ._addresses import checksum
from ._roles import AccessControlled
from ._rpc import _hex, _int
from .errors import EditionNotDirectlyMintable, InvalidInput, NotTokenOwner, RevealTooEarly, UnknownDrop, UnknownEdition
from .results import MintResult, RedeemResult, RevealResult, TxResult

if TYPE_CHECKING:
    from .marketplace import Marketplace

TRANSFER_TOPIC = keccak(text="Transfer(address,address,uint256)")
_TRANSFER_HEX, _ZERO_HEX = "0x" + TRANSFER_TOPIC.hex(), "0x" + "00" * 32


class Collection(CollectionSetup, CollectionCompliance, CollectionQueries, AccessControlled, BoundContract):
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
    ROLE_NAMES = COLLECTION_ROLES
    ROLE_SCOPE = "collection"

    def __init__(self, client: Any, address: str, signer: Any = None, marketplace: Marketplace | None = None) -> None:
        super().__init__(client, address, signer)
        self.marketplace = marketplace
        self._series_kinds: dict[int, int] = {}  # series id -> 1 edition, 2 drop (never changes)
        self._edition_kinds: dict[int, str] = {}  # edition id -> "limited" or "hidden" (never changes)

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
        token_ids = tuple(mint.token_id for mint in mints_in(receipt.rpc_logs, self.address))
        return MintResult(token_ids, tuple(addresses), TxResult.of(receipt))

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
        """Moves a closed drop's reveal block forward after its 256-block window was missed.

        This draws a new seed, so it is the consortium's decision: the signer holds the registry's
        `REGULATOR_ROLE` or `OPERATOR_ROLE` (never the issuer, who may have seen the first outcome).

        Args:
            drop_id: The drop.

        Returns:
            The transaction.

        Raises:
            InvalidInput, UnknownDrop: Checked before sending.
            NotConsortiumAuthority, DropNotClosed, DropAlreadyRevealed, RevealWindowOpen: From the
                pre-flight.
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
            InvalidInput, InvalidAddress: A bad token id or recipient, the signer as recipient, or
                no signer, before sending.
            CollectionPaused, TokenFrozen, TokenSoulbound, HoldingPeriodActive,
                TransferLimitReached, AccountNotVerified: The transfer policy, from the pre-flight.
            TokenDoesNotExist, TransferFromIncorrectOwner: No such token, or the signer does
                not hold it (NotTokenOwner when `to` is the signer).
        """
        signer = self._signer()
        token = checked_id(token_id, "token id")
        recipient = checked_address(to, "recipient")
        if recipient == signer.address:
            owner = self._read("ownerOf", token)  # a stranger's token is refused as such, not as a self-transfer
            if owner != signer.address:
                raise NotTokenOwner(token, signer.address, owner)
            raise InvalidInput(f"{recipient} is the signer: a transfer to oneself would only restart the token's "
                               "holding period and count as one of its moves")
        return self._transact("transferFrom", signer.address, recipient, token)

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


class Mint(NamedTuple):
    """One token minted, as its Transfer event from the zero address shows it."""

    recipient: str
    token_id: int
    tx_hash: str
    block_number: int


def mints_in(rpc_logs: Iterable[Any], collection: str) -> list[Mint]:
    """The mints of `collection` (Transfer from the zero address) among undecoded logs
    (`Receipt.rpc_logs`, `Node.rpc_logs`: hex strings or web3's values), in log order. Only the
    fields a mint needs are read: a campaign's receipts carry ten thousand logs."""
    address = collection.lower()
    mints = []
    for log in rpc_logs:
        topics = log["topics"]
        if len(topics) == 4 and _hex(topics[0]) == _TRANSFER_HEX and _hex(topics[1]) == _ZERO_HEX and _hex(log["address"]) == address:
            recipient = checksum("0x" + _hex(topics[2])[26:])
            mints.append(Mint(recipient, int(_hex(topics[3]), 16), _hex(log["transactionHash"]), _int(log["blockNumber"])))
    return mints


__all__ = ["Collection", "Mint", "drop_commitment", "mints_in", "token_id"]
