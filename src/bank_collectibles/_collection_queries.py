"""Reading a collection: editions, drops, token info in batches, holdings, provenance, fairness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from eth_utils import keccak, to_checksum_address

from .errors import ContractError, DropNotRevealed, NonexistentToken
from .fairness import assign_boxes, reveal_seed
from .results import DropState, Edition, FairnessReport, ProvenanceEntry, Serial, TokenInfo

PHASES = ("scheduled", "open", "ended", "closed", "revealed")
SERIES_SHIFT = 32
_ZERO = "0x" + "00" * 20


def token_id(series_id: int, number: int) -> int:
    """The token id of serial (or box) `number` of edition (or drop) `series_id`."""
    return (series_id << SERIES_SHIFT) | number


def series_of(token: int) -> int:
    return token >> SERIES_SHIFT


def number_of(token: int) -> int:
    return token & (2**SERIES_SHIFT - 1)


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
    _logs: Any

    # ------------------------------------------------------------------------------ series

    def edition(self, edition_id: int) -> Edition:
        """An edition's settings and supply. Raises `UnknownEdition` if there is none."""
        e = self._read("edition", edition_id)
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

    def editions(self) -> list[Edition]:
        """Every edition of the collection, in creation order."""
        return [self.edition(args["editionId"]) for _, args in self._logs("EditionCreated")]

    def drop(self, drop_id: int) -> DropState:
        """A drop's plan and progress. Raises `UnknownDrop` if there is none."""
        d = self._read("drop", drop_id)
        return DropState(
            drop_id=drop_id,
            name=d["name"],
            phase=PHASES[self._read("dropPhase", drop_id)],
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

    def total_supply(self) -> int:
        return int(self._read("totalSupply"))

    def holding_period(self) -> int:
        """Seconds a holder keeps a token before it can move (0: no holding period)."""
        return int(self._read("holdingPeriod"))

    def max_transfers(self) -> int:
        """Transfers allowed per token (0: unlimited)."""
        return int(self._read("maxTransfers"))

    def paused(self) -> bool:
        return bool(self._read("paused"))

    def is_approved_for_all(self, owner: str, operator: str) -> bool:
        """Whether `owner` lets `operator` (the marketplace) move all of their tokens."""
        return bool(self._read("isApprovedForAll", to_checksum_address(owner), to_checksum_address(operator)))

    def royalty_info(self, token: int, price: int) -> tuple[str, int]:
        receiver, amount = self._read("royaltyInfo", token, price)
        return receiver, amount

    # ------------------------------------------------------------------------------ tokens

    def serial(self, token: int) -> Serial:
        """Edition, serial and supply ("#42/8888"). Raises `DropNotRevealed` for an unrevealed box."""
        edition_id, serial, max_supply = self._read("serialOf", token)
        return Serial(edition_id, serial, max_supply)

    def token(self, token: int) -> TokenInfo:
        """Everything about one token. Raises `NonexistentToken` if it does not exist."""
        (info,) = self.tokens([token], strict=True)
        return info

    def tokens(self, tokens: Sequence[int], *, strict: bool = False) -> list[TokenInfo]:
        """Token info for many tokens in batched round trips (tokens that do not exist are left out,
        or raise `NonexistentToken` when `strict`)."""
        tokens = list(tokens)
        calls = [(fn, (t,)) for t in tokens for fn in ("tokenState", "serialOf", "locked", "tokenURI")]
        results = self._read_batch(calls)
        holding = self.holding_period()
        listed = self._listed_tokens() if self.marketplace is not None else set()
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
                    transferable_at=state["acquiredAt"] + holding,
                    transfer_count=state["transferCount"],
                    locked=bool(locked),
                    frozen=state["frozen"],
                    listed=token in listed,
                    uri=uri,
                )
            )
        return infos

    def holdings(self, account: str, from_block: int = 0) -> list[TokenInfo]:
        """The tokens `account` holds now, found from the Transfer events that reached it."""
        owner = to_checksum_address(account)
        received = dict.fromkeys(args["id"] for _, args in self._logs("Transfer", from_block, [None, _topic(owner)]))
        return [info for info in self.tokens(list(received)) if info.owner == owner]

    def provenance(self, token: int, from_block: int = 0) -> list[ProvenanceEntry]:
        """Every change of hands of `token`, oldest first, from the collection's events."""
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

        Raises:
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
            counts_by_edition=dict(Counter(box.edition_id for box in plan)),
        )

    # ----------------------------------------------------------------------------- helpers

    def _read_batch(self, calls: Sequence[tuple[str, tuple[Any, ...]]]) -> list[Any]:
        """Many different view calls in batched round trips; a reverted call's entry is its error."""
        functions = [self.abi.function(name) for name, _ in calls]  # type: ignore[attr-defined]
        raw = self.client.node.calls([(self.address, fn.encode(*args)) for fn, (_, args) in zip(functions, calls)])
        return [r if isinstance(r, ContractError) else fn.decode(r) for fn, r in zip(functions, raw)]

    def _listed_tokens(self) -> set[int]:
        return {listing.token_id for listing in self.marketplace.listings(collection=self.address)}
