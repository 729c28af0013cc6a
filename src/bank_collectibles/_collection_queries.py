"""Reading a collection: editions, drops, token info in batches, holdings, provenance, fairness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from eth_utils import keccak

from ._contracts import UINT256_MAX, checked_address, checked_id, checked_text, positive
from .errors import ContractError, DropNotRevealed, InvalidInput, NonexistentToken
from .fairness import assign_boxes, reveal_seed
from .results import DROP_PHASES, DropState, Edition, EditionCounts, FairnessReport, ProvenanceEntry, Recipe, RoyaltyInfo, Serial, TokenInfo

SERIES_SHIFT = 32
PAUSE_HOLDERS = (None, "issuer", "compliance", "regulator")  # by `pauseLevel()`: each lifts the ones before
_ZERO = "0x" + "00" * 20
_UINT32_MAX = 2**32 - 1


def token_id(series_id: int, number: int) -> int:
    """The token id of serial (or box) `number` of edition (or drop) `series_id`.

    Args:
        series_id: The edition or drop id (from 1).
        number: The serial or box number (from 1).

    Returns:
        ``(series_id << 32) | number``, as the contract encodes it.

    Raises:
        InvalidInput: Either is not an integer from 1 to 2**32 - 1.
    """
    series_id = checked_id(series_id, "series id", maximum=2**32 - 1)
    return (series_id << SERIES_SHIFT) | checked_id(number, "serial or box number", maximum=2**32 - 1)


def series_of(token: int) -> int:
    return token >> SERIES_SHIFT


def number_of(token: int) -> int:
    return token & (2**SERIES_SHIFT - 1)


def token_label(token: int) -> str:
    """A token as the CLI spells it (edition:serial, or drop:box), and its id."""
    return f"{series_of(token)}:{number_of(token)} (id {token})"


def _topic(value: int | str) -> str:
    """A 32-byte log topic for an int or an address."""
    number = int(value, 16) if isinstance(value, str) else value
    return "0x" + number.to_bytes(32, "big").hex()


class CollectionQueries:
    """The read side of :class:`bank_collectibles.collection.Collection`."""

    client: Any
    address: str
    marketplace: Any
    _read: Any
    _read_many: Any
    _read_batch: Any
    _logs: Any

    # ------------------------------------------------------------------------------ series

    def edition(self, edition_id: int) -> Edition:
        """An edition's settings and supply.

        Args:
            edition_id: The edition.

        Returns:
            Its name, kind, supply counts, wallet cap, soulbound flag and URI (or its commitment).

        Raises:
            InvalidInput: `edition_id` is not an edition id (a positive uint32).
            UnknownEdition: There is no such edition.
        """
        return _edition(edition_id, self._read("edition", checked_id(edition_id, "edition id", maximum=_UINT32_MAX)))

    def editions(self) -> list[Edition]:
        """Every edition of the collection, in creation order (from its EditionCreated events).

        Returns:
            One :class:`Edition` per edition, as :meth:`edition` gives it, read in one batch.
        """
        ids = [args["editionId"] for _, args in self._logs("EditionCreated")]
        return [_edition(i, raw) for i, raw in zip(ids, self._read_many("edition", [(i,) for i in ids]))]

    def drop(self, drop_id: int) -> DropState:
        """A drop's plan and progress.

        Args:
            drop_id: The drop.

        Returns:
            Its phase, editions and counts, times, boxes minted, commitment and, once published,
            its secret, reveal block and seed.

        Raises:
            InvalidInput: `drop_id` is not a drop id (a positive uint32).
            UnknownDrop: There is no such drop.
        """
        raw = self._read("drop", checked_id(drop_id, "drop id", maximum=_UINT32_MAX))
        return _drop(drop_id, raw, self._read("dropPhase", drop_id))

    def drops(self) -> list[DropState]:
        """Every drop of the collection, in creation order (from its DropCreated events).

        Returns:
            One :class:`DropState` per drop, as :meth:`drop` gives it, read in one batch.
        """
        ids = [args["dropId"] for _, args in self._logs("DropCreated")]
        reads = self._read_batch([(fn, (i,)) for i in ids for fn in ("drop", "dropPhase")])
        return [_drop(i, raw, phase) for i, raw, phase in zip(ids, reads[::2], reads[1::2])]

    def series_named(self, kind: str, name: str) -> int:
        """The id of the edition or drop called `name` (surrounding spaces aside), from the
        creation events: the client gives each a name of its own in a collection.

        Args:
            kind: "edition" or "drop".
            name: Its name.

        Returns:
            Its id.

        Raises:
            InvalidInput: `kind` is neither; no edition (or drop) has that name, or several have
                (made by another tool): then name it by its id.
        """
        if kind not in ("edition", "drop"):
            raise InvalidInput(f"kind must be 'edition' or 'drop', not {kind!r}")
        wanted = checked_text(name, f"{kind} name", required=True).strip()
        event, field = ("EditionCreated", "editionId") if kind == "edition" else ("DropCreated", "dropId")
        ids = [args[field] for _, args in self._logs(event) if args["name"].strip() == wanted]
        if len(ids) != 1:
            raise InvalidInput(f"{len(ids)} {kind}s are named {wanted!r} (ids {', '.join(map(str, ids))}): give its id"
                               if ids else f"no {kind} is named {wanted!r} in this collection")
        return ids[0]

    def recipe(self, recipe_id: int) -> Recipe:
        """A set redemption's editions, reward and state.

        Args:
            recipe_id: The recipe.

        Returns:
            Its editions in redemption order, its reward edition, and whether it is active.

        Raises:
            InvalidInput: `recipe_id` is not a recipe id (a positive uint32).
            UnknownRecipe: There is no such recipe.
        """
        return _recipe(recipe_id, self._read("recipe", checked_id(recipe_id, "recipe id", maximum=_UINT32_MAX)))

    def recipes(self) -> list[Recipe]:
        """Every set redemption of the collection, in creation order (from its RecipeCreated events).

        Returns:
            One :class:`Recipe` per recipe, read in one batch.
        """
        ids = [args["recipeId"] for _, args in self._logs("RecipeCreated")]
        return [_recipe(i, raw) for i, raw in zip(ids, self._read_many("recipe", [(i,) for i in ids]))]

    def total_supply(self) -> int:
        """Tokens that exist now: minted (boxes included) less burned.

        Returns:
            The number of tokens.
        """
        return int(self._read("totalSupply"))

    def holding_period(self) -> int:
        """Seconds a holder keeps a token before it can move.

        Returns:
            The holding period in seconds (0: none).
        """
        return int(self._read("holdingPeriod"))

    def max_transfers(self) -> int:
        """Transfers allowed per token.

        Returns:
            The transfer cap (0: unlimited).
        """
        return int(self._read("maxTransfers"))

    def paused(self) -> bool:
        """Whether the collection is paused (by its issuer or a compliance authority).

        Returns:
            True while mints, transfers and redemptions are stopped.
        """
        return bool(self._read("paused"))

    def paused_by(self) -> str | None:
        """Who holds the pause, which decides who may lift it.

        Returns:
            None when not paused; "issuer" (the issuer, a compliance officer or a regulator lifts
            it), "compliance" (a compliance officer or a regulator) or "regulator" (a regulator only).
        """
        return PAUSE_HOLDERS[self._read("pauseLevel")]

    def is_approved_for_all(self, owner: str, operator: str) -> bool:
        """Whether `owner` lets `operator` (the marketplace) move all of their tokens.

        Args:
            owner: The token holder.
            operator: The account that would move the tokens.

        Returns:
            True if the approval is in place.

        Raises:
            InvalidAddress: Either is not an address, has a bad EIP-55 checksum, or is the zero
                address.
        """
        return bool(self._read("isApprovedForAll", checked_address(owner, "owner"), checked_address(operator, "operator")))

    def royalty_info(self, token: int, price: int) -> RoyaltyInfo:
        """The ERC-2981 royalty on a sale of `token` at `price` (token 0: the collection's default).

        Args:
            token: The token id (need not exist): its edition's royalty if the edition has one,
                else the collection's default (also for an unrevealed box and for 0).
            price: The sale price, in any unit.

        Returns:
            The royalty's receiver and amount (in `price`'s unit).

        Raises:
            InvalidInput: A token id or price that is not an int, negative or above 2**256 - 1.
            Panic: `price` so large that price times the royalty rate overflows uint256.
        """
        token = checked_id(token, "token id", allow_zero=True)
        receiver, amount = self._read("royaltyInfo", token, positive(price, "price", maximum=UINT256_MAX, allow_zero=True))
        return RoyaltyInfo(receiver, amount)

    # ------------------------------------------------------------------------------ tokens

    def serial(self, token: int) -> Serial:
        """Edition, serial and supply ("#42/8888").

        Args:
            token: The token id (a box's: the edition and serial it revealed to).

        Returns:
            The edition id, the serial and the edition's maximum supply.

        Raises:
            InvalidInput: `token` is not a token id.
            DropNotRevealed: An unrevealed box.
            NonexistentToken: No such token.
        """
        edition_id, serial, max_supply = self._read("serialOf", checked_id(token, "token id"))
        return Serial(edition_id, serial, max_supply)

    def token(self, token: int) -> TokenInfo:
        """Everything about one token.

        Args:
            token: The token id.

        Returns:
            Its owner, serial (None for an unrevealed box), drop, holding and transfer state,
            lock, freeze, listing and URI.

        Raises:
            InvalidInput: `token` is not a token id.
            NonexistentToken: No such token.
        """
        (info,) = self.tokens([checked_id(token, "token id")], strict=True)
        return info

    def tokens(self, tokens: Sequence[int], *, strict: bool = False) -> list[TokenInfo]:
        """Token info for many tokens, in batched round trips.

        Args:
            tokens: The token ids.
            strict: Raise for a token that does not exist, instead of leaving it out.

        Returns:
            A :class:`TokenInfo` per existing token, in the order given.

        Raises:
            InvalidInput: `tokens` is not a list of token ids.
            NonexistentToken: With `strict`, a token that does not exist (or was burned).
        """
        if isinstance(tokens, (str, bytes)) or not isinstance(tokens, Iterable):
            raise InvalidInput(f"tokens must be a list of token ids, not {tokens!r}")
        tokens = [checked_id(t, "token id") for t in tokens]
        calls = [(fn, (t,)) for t in tokens for fn in ("tokenState", "serialOf", "locked", "tokenURI")]
        results = self._read_batch([*calls, ("holdingPeriod", ()), ("maxTransfers", ())])
        holding, cap = results[-2:]
        listed = self._listed_tokens() if self.marketplace is not None else None
        infos = []
        for i, token in enumerate(tokens):
            state, serial, locked, uri = results[4 * i : 4 * i + 4]
            if isinstance(state, ContractError):
                if strict:
                    raise state
                continue
            if isinstance(serial, DropNotRevealed):
                serial = None
            elif isinstance(serial, ContractError):
                raise serial
            else:
                serial = Serial(*serial)
            drop_id = series_of(token) if serial is None or serial.edition_id != series_of(token) else None
            infos.append(
                TokenInfo(
                    token_id=token,
                    collection=self.address,
                    owner=state["owner"],
                    serial=serial,
                    drop_id=drop_id,
                    acquired_at=state["acquiredAt"],
                    transferable_at=None if locked or (cap and state["transferCount"] >= cap) else state["acquiredAt"] + holding,
                    transfer_count=state["transferCount"],
                    locked=bool(locked),
                    frozen=state["frozen"],
                    listed=None if listed is None else token in listed,
                    uri=uri,
                )
            )
        return infos

    def holdings(self, account: str, from_block: int = 0) -> list[TokenInfo]:
        """The tokens `account` holds now, found from the Transfer events that reached it.

        Args:
            account: The holder.
            from_block: The first block to search for transfers; a token received before it is
                not found.

        Returns:
            A :class:`TokenInfo` per token found that `account` still holds.

        Raises:
            InvalidAddress: `account` is not an address, has a bad EIP-55 checksum, or is the zero
                address.
            InvalidInput: `from_block` is not an int, or is negative.
        """
        owner = checked_address(account, "account")
        positive(from_block, "from_block", allow_zero=True)
        received = dict.fromkeys(args["id"] for _, args in self._logs("Transfer", from_block, [None, _topic(owner)]))
        return [info for info in self.tokens(list(received)) if info.owner == owner]

    def provenance(self, token: int, from_block: int = 0) -> list[ProvenanceEntry]:
        """Every change of hands of `token`, oldest first, from the collection's events.

        Args:
            token: The token id.
            from_block: The first block to search.

        Returns:
            One entry per Transfer event (Minted, Transferred, ForcedTransfer, Burned, ForcedBurn
            or Redeemed), with the reason code of a forced move; empty for a token never minted.

        Raises:
            InvalidInput: `token` is not a token id, or `from_block` is not an int or is negative.
        """
        checked_id(token, "token id")
        positive(from_block, "from_block", allow_zero=True)
        transfers = self._logs("Transfer", from_block, [None, None, _topic(token)])
        forced = {log.tx_hash: args for log, args in self._logs("ForcedTransfer", from_block, [_topic(token)])}
        burned = {log.tx_hash: args for log, args in self._logs("ForcedBurn", from_block, [_topic(token)])}
        redeemed = {log.tx_hash for log, args in self._logs("SetRedeemed", from_block) if token in args["burnedTokenIds"]}
        entries = []
        for log, args in transfers:
            source, target = args["from"], args["to"]
            reason = None
            if source == _ZERO:
                kind = "Minted"
            elif target == _ZERO:
                kind = "ForcedBurn" if log.tx_hash in burned else "Redeemed" if log.tx_hash in redeemed else "Burned"
                reason = burned[log.tx_hash]["reasonCode"] if log.tx_hash in burned else None
            elif log.tx_hash in forced:
                kind, reason = "ForcedTransfer", forced[log.tx_hash]["reasonCode"]
            else:
                kind = "Transferred"
            entries.append(
                ProvenanceEntry(
                    block=log.block_number,
                    tx_hash=log.tx_hash,
                    event=kind,
                    from_address=None if source == _ZERO else source,
                    to_address=None if target == _ZERO else target,
                    reason_code=reason,
                )
            )
        return entries

    # ---------------------------------------------------------------------------- fairness

    def verify_reveal(self, drop_id: int) -> FairnessReport:
        """Recomputes a revealed drop from public data and compares it with the contract.

        Checks that the published secret matches the commitment made before the drop opened, that
        the seed is the hash of that secret with the reveal block's hash, and that every existing
        box holds the edition and serial the permutation gives it.

        Args:
            drop_id: The revealed drop.

        Returns:
            Whether the commitment was honoured and the seed recomputes, the boxes checked, the
            box numbers that differ, and the planned boxes per edition, sold or not (`.fair` sums it up).

        Raises:
            InvalidInput: `drop_id` is not a drop id.
            UnknownDrop: There is no such drop.
            DropNotRevealed: The drop has no seed yet.
        """
        drop = self.drop(drop_id)
        if drop.seed == b"\x00" * 32:
            raise DropNotRevealed(drop_id)
        block_hash = bytes(self.client.node.block(drop.reveal_block)["hash"])
        recomputed = reveal_seed(drop.secret, block_hash, self.client.chain_id, self.address, drop_id)
        honoured = drop.secret == drop.commitment or keccak(drop.secret) == drop.commitment
        plan = assign_boxes(drop.seed, drop.edition_ids, drop.counts, drop.first_serials)
        boxes = [box for box in plan if box.box_number <= drop.minted]
        on_chain = self._read_batch([("serialOf", (token_id(drop_id, box.box_number),)) for box in boxes])
        mismatches, checked = [], 0
        for box, result in zip(boxes, on_chain):
            if isinstance(result, NonexistentToken):
                continue  # burned (redeemed or forced): nothing left to compare
            checked += 1
            if isinstance(result, ContractError) or tuple(result[:2]) != (box.edition_id, box.serial):
                mismatches.append(box.box_number)
        return FairnessReport(
            drop_id=drop_id,
            seed=drop.seed,
            commitment_honoured=honoured,
            seed_recomputed=recomputed == drop.seed,
            boxes_checked=checked,
            mismatches=tuple(mismatches),
            counts_by_edition=EditionCounts(Counter(box.edition_id for box in plan)),
            closed_without_secret=drop.secret == drop.commitment,
        )

    # ----------------------------------------------------------------------------- helpers

    def _listed_tokens(self) -> set[int]:
        return {listing.token_id for listing in self.marketplace.listings(collection=self.address)}


def _edition(edition_id: int, e: Any) -> Edition:
    return Edition(
        edition_id=edition_id,
        name=e["name"],
        kind="hidden" if e["kind"] == 1 else "limited",
        max_supply=e["maxSupply"],
        allocated=e["allocated"],
        minted=e["minted"],
        burned=e["burned"],
        wallet_cap=e["walletCap"],
        soulbound=e["soulbound"],
        uri=e["uri"],
        uri_commitment=e["uriCommitment"],
        uri_revealed=e["uriRevealed"],
    )


def _drop(drop_id: int, d: Any, phase: int) -> DropState:
    return DropState(
        drop_id=drop_id,
        name=d["name"],
        phase=DROP_PHASES[phase],
        edition_ids=tuple(d["editionIds"]),
        counts=tuple(d["counts"]),
        first_serials=tuple(d["firstSerials"]),
        commitment=d["commitment"],
        opens_at=d["opensAt"],
        closes_at=d["closesAt"],
        box_count=d["boxCount"],
        minted=d["minted"],
        wallet_cap=d["walletCap"],
        secret=d["secret"],
        reveal_block=d["revealBlock"],
        seed=d["seed"],
        placeholder_uri=d["placeholderURI"],
    )


def _recipe(recipe_id: int, r: Any) -> Recipe:
    return Recipe(recipe_id=recipe_id, edition_ids=tuple(r["editionIds"]), reward_edition_id=r["rewardEditionId"],
                  active=r["active"])
