"""Resuming a campaign: the journal reconciled with the chain before anything new is sent.

1. The chain's mint events since the campaign began are authoritative: a row whose wallet
   received a token in one of the campaign's own transactions is confirmed, with that token,
   whatever the journal said (a node that lost blocks, a crash before the journal write).
2. KYC approvals are checked against the registry's records, not the journal (done by the engine).
3. A signed batch without mint events is still *live* if its nonce is unused on chain: the same
   signed transaction is broadcast again (never a new one), after filling any nonce gap with
   empty transactions. If its nonce is used, its receipt decides: mined (perhaps just after the
   events were read) it is settled.
4. A used nonce without a receipt is not proof that the batch minted nothing: a node restarted
   from a state file can keep a block's effects and lose its receipts and logs (Anvil's periodic
   dump does). The chain's state decides: the serials of the batch's series minted since the
   campaign began that no mint event explains are read with their owners, and a run of them held
   by the batch's wallets, in its order, is the batch (a batch mints consecutive serials). Only when
   no such token exists are its rows planned again; tokens nobody can explain stop the campaign.
5. A pending row whose wallet received a token of its target outside this journal (the file run
   again under a journal taken for lost) fails instead of being minted a second one, unless the
   options allow repeat recipients.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .._sending import ContractCall, SignedTx
from .._collection_queries import number_of, series_of
from ..collection import TRANSFER_TOPIC, mints_in
from ..signers import tx_hash
from ..errors import ContractError, SignerError
from ._errors import CampaignError
from ._journal import Batch
from ._validate import earlier_mints

if TYPE_CHECKING:
    from ..collection import Collection
    from ._engine import Campaign

ZERO_TOPIC = b"\x00" * 32


def mint_call(collection: Collection, kind: str, series_id: int, wallets: Sequence[str]) -> ContractCall:
    """The mint of one campaign batch: an edition's serials or a drop's boxes to `wallets`."""
    return collection.mint_call("mintBatch" if kind == "edition" else "mintBoxes", series_id, wallets)


class Recovery:
    """The resume steps of :class:`Campaign` (see the module doc)."""

    def _reconcile_with_events(self: Campaign) -> None:
        """Step 1 of a resume (see the module doc): the chain's mint events decide which batches minted.

        Batches planned but never signed (a crash in between) are released first: nothing of
        theirs can exist on chain.
        """
        for batch in self.journal.batches("planned"):
            self.journal.release_batch(batch.id, "abandoned", "planned, never signed")
        ours = [b for b in self.journal.batches("signed", "confirmed", purpose="mint") if b.tx_hash]
        if not ours:
            return  # nothing was ever signed: no event on chain can be the campaign's
        mints = self._mints_on_chain()
        for batch in ours:
            if batch.tx_hash in mints:
                block, tokens = mints[batch.tx_hash]
                if batch.state != "confirmed" or self._journal_disagrees(batch, tokens):
                    self.journal.reopen_batch(batch.id)
                    self.journal.confirm_mint(batch.id, batch.tx_hash, block, tokens)
            elif batch.state == "confirmed":
                self.journal.reopen_batch(batch.id)  # the node lost it

    def _fail_repeat_recipients(self: Campaign) -> None:
        """Before a resume mints its pending rows: a row whose wallet received a token of its
        target that this journal does not record (another run of the file, under a journal taken
        for lost, minted it) fails instead of receiving a second one."""
        pending = self.journal.rows("pending")
        if not pending:
            return
        ours = {row.token_id for row in self.journal.rows("confirmed")}
        received = earlier_mints(self.collection, [row.wallet for row in pending])
        for row in pending:
            other = next((m for m in received.get(row.wallet, ()) if series_of(m.token_id) == row.series_id
                          and m.token_id not in ours), None)
            if other is not None:
                self.journal.fail_rows([row.line], (
                    f"{row.wallet} received {row.kind} {row.series_id} #{number_of(other.token_id)} in block "
                    f"{other.block_number} (tx {other.tx_hash}), a mint this journal does not record (another run "
                    "of the file?): not minted again"
                ))

    def _resend_live(self: Campaign) -> int:
        """Step 3 of a resume: signed batches are settled from their receipts once their nonces are
        used, and otherwise sent again (the same transactions) while their nonces are free."""
        unsettled = sorted(self.journal.batches("signed", purpose="mint"), key=lambda b: b.nonce or 0)
        if not unsettled:
            return 0
        # Read the nonce first: a batch below it is final, mined (it has a receipt, maybe only
        # since the events were read) or replaced by another transaction.
        chain_nonce = self.client.node.nonce(self.minter.address, "latest")
        used = [b for b in unsettled if (b.nonce or 0) < chain_nonce]
        live = [b for b in unsettled if (b.nonce or 0) >= chain_nonce]
        mined, unknown = [], []
        for batch, receipt in zip(used, self.client.node.receipts([b.tx_hash or "" for b in used])):
            if receipt is None:
                unknown.append(batch)
            else:
                mined.append((batch, receipt))
        if unknown:
            self._settle_from_state(unknown)
        if mined:
            self._settle([b for b, _ in mined], [self._journaled_tx(b) for b, _ in mined], [r for _, r in mined])
        if not live:
            return 0
        signed = [self._journaled_tx(b) for b in live]
        fillers = self._fill_gaps(chain_nonce, [tx.nonce for tx in signed])
        refused = [o for o in self._sender.broadcast_many(fillers + signed, resend=True) if o is not None]
        if refused:  # a node that will not take them back would only be waited for until the timeout
            raise refused[0]
        receipts = self._sender.wait(fillers + signed)[len(fillers):]
        self._settle(live, signed, receipts)
        self._sender.nonces.resync(self.minter.address)
        return len(fillers) + len(live)

    def _settle_from_state(self: Campaign, batches: Sequence[Batch]) -> None:
        """Step 4 (see the module doc): batches whose nonce was used and whose receipt is missing."""
        held = self._tokens_without_mint_events({(b.kind or "", b.series_id or 0) for b in batches})
        minted, lost = [], []
        for batch in batches:
            tokens = _run_held_by(held, [r.wallet for r in self.journal.batch_rows(batch)])
            if tokens is None:
                lost.append(batch)
                continue
            minted.append((batch.id, batch.tx_hash or "", None, tokens))
            for token in tokens.values():
                del held[token]
        self.journal.confirm_mints(minted)
        if lost and held:
            first = lost[0]
            raise CampaignError(
                f"the node has no receipt for batch {first.id} (tx {first.tx_hash}, nonce {first.nonce}) and holds "
                f"{len(held)} token(s) of this campaign's series that no mint event explains (first: {min(held)}): "
                "the node lost part of its history, so the journal cannot prove the batch minted nothing. "
                "Nothing was sent: check who holds those tokens, then reconcile the journal by hand"
            )
        for batch in lost:
            self.journal.release_batch(batch.id, "dropped", "its nonce was used by another transaction")

    def _tokens_without_mint_events(self: Campaign, series: Iterable[tuple[str, int]]) -> dict[int, str]:
        """Token id -> holder of the existing tokens of `series` minted since the campaign began
        (serials above the count it saw at start) that no mint event on chain accounts for."""
        meta = self.journal.meta()
        floors = json.loads(meta.get("series_floor", "{}"))
        start = int(meta.get("start_block", 0)) if floors else 0  # an older journal: every mint
        explained = {t for _, tokens in self._mints_on_chain(start).values() for t in tokens.values()}
        candidates = []
        for kind, series_id in series:
            # Serials handed out (reserved ones of drops included) or boxes sold so far.
            count = self.collection.edition(series_id).allocated if kind == "edition" else self.collection.drop(series_id).minted
            first = floors.get(f"{kind}:{series_id}", 0) + 1
            candidates += [t for t in range((series_id << 32) + first, (series_id << 32) + count + 1) if t not in explained]
        owners = self.collection._read_many("ownerOf", [(t,) for t in candidates])
        # Serials reserved for a drop's boxes or burned have no owner: nobody holds them now.
        return {t: owner for t, owner in zip(candidates, owners) if not isinstance(owner, ContractError)}

    def _journaled_tx(self: Campaign, batch: Batch) -> SignedTx:
        """A signed batch as the journal holds it, with its call rebuilt from its rows (the same
        rows in the same order give the same data) to explain a revert."""
        call = mint_call(self.collection, batch.kind or "", batch.series_id or 0, [r.wallet for r in self.journal.batch_rows(batch)])
        return SignedTx(call, self.minter.address, batch.nonce or 0, batch.gas or 0, batch.raw or b"", batch.tx_hash or "")

    def _journal_disagrees(self: Campaign, batch: Batch, tokens: dict[str, int]) -> bool:
        return any(row.token_id != tokens.get(row.wallet) for row in self.journal.batch_rows(batch))

    def _mints_on_chain(self: Campaign, start: int | None = None) -> dict[str, tuple[int, dict[str, int]]]:
        """Tx hash -> (block, wallet -> token id) of the collection's mints since the campaign began
        (or since block `start`)."""
        if start is None:
            start = int(self.journal.meta().get("start_block", 0))
        logs = self.client.node.rpc_logs(
            {"address": self.collection.address, "fromBlock": start, "toBlock": "latest",
             "topics": ["0x" + TRANSFER_TOPIC.hex(), "0x" + ZERO_TOPIC.hex()]}
        )
        mints: dict[str, tuple[int, dict[str, int]]] = {}
        for mint in mints_in(logs, self.collection.address):
            mints.setdefault(mint.tx_hash, (mint.block_number, {}))[1][mint.recipient] = mint.token_id
        return mints

    def _fill_gaps(self: Campaign, chain_nonce: int, nonces: Sequence[int]) -> list[SignedTx]:
        """Empty self-transfers for the nonces between the chain's and our first live transaction."""
        missing = sorted(set(range(chain_nonce, max(nonces))) - set(nonces))
        fees = self.client.fees.quote().fields
        fillers = []
        for nonce in missing:
            tx = {"chainId": self.client.chain_id, "nonce": nonce, "to": self.minter.address, "value": 0, "gas": 21_000, **fees}
            call = ContractCall(self.minter.address, b"", "filler", "nonce gap filler")
            try:
                raw = self.minter.sign_transaction(tx)
            except Exception as error:  # noqa: BLE001  (whatever an HSM or KMS client raises): nothing was sent
                raise SignerError(self.minter.address, nonce, call.label, type(error).__name__) from error
            fillers.append(SignedTx(call, self.minter.address, nonce, 21_000, raw, tx_hash(raw)))
        return fillers

    def audit(self: Campaign) -> dict[str, Any]:
        """Compares the journal with the chain: the confirmed rows the chain shows (by mint event,
        or by state where the node kept a token and lost its event), the wallets holding more
        than one of the campaign's tokens, and the wallets that received their target outside the
        campaign too (another run of the file, or before it)."""
        ours = {b.tx_hash for b in self.journal.batches("confirmed", purpose="mint")}
        minted: Counter[str] = Counter()
        on_chain: dict[str, int] = {}
        for tx, (_, tokens) in self._mints_on_chain().items():
            if tx in ours:
                minted.update(tokens.keys())
                on_chain.update(tokens)
        rows = self.journal.rows()
        by_wallet = {r.wallet.lower(): r for r in rows}
        for token, holder in self._tokens_without_mint_events({(r.kind, r.series_id) for r in rows}).items():
            row = by_wallet.get(holder.lower())
            if row is not None:
                minted[row.wallet] += 1
                if row.token_id == token:
                    on_chain.setdefault(row.wallet, token)
        confirmed = [r for r in rows if r.state == "confirmed"]
        received = earlier_mints(self.collection, [r.wallet for r in rows]) if rows else {}
        elsewhere = [r.wallet for r in rows if any(series_of(m.token_id) == r.series_id and m.tx_hash not in ours
                                                   for m in received.get(r.wallet, ()))]
        return {
            "rows": len(rows),
            "confirmed": len(confirmed),
            "chain_agrees": sum(1 for r in confirmed if on_chain.get(r.wallet) == r.token_id),
            "wallets_minted_twice": sorted(w for w, n in minted.items() if n > 1),
            "wallets_also_minted_elsewhere": sorted(elsewhere),
        }

def _run_held_by(holders: dict[int, str], wallets: Sequence[str]) -> dict[str, int] | None:
    """Wallet -> token of a run of consecutive token ids in `holders` held by `wallets` in order
    (how one batch mints), or None when there is none."""
    wanted = [w.lower() for w in wallets]
    for first, holder in holders.items():
        if holder.lower() == wanted[0] and all(holders.get(first + i, "").lower() == w for i, w in enumerate(wanted)):
            return {wallet: first + i for i, wallet in enumerate(wallets)}
    return None
