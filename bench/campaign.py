"""Campaign throughput on Anvil: the engine against one transaction per token and against the chain's limit.

- campaign_tokens_per_s: a 10,000-recipient campaign end to end (CSV validation against the chain,
  journal, batches, every receipt confirmed, report written);
- naive_tokens_per_s: one web3.py transaction per token, each built, signed, sent and awaited;
- limit_tokens_per_s: the campaign's own batch transactions (same batch size, same gas), pre-signed
  and sent by a minimal script in one JSON-RPC batch, every receipt awaited: what the chain can do.

All three run in the same process against the same Anvil chain, each on a fresh edition and fresh
KYC-verified wallets.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from eth_account import Account
from web3 import Web3

from bank_collectibles import Client, LocalSigner, SuiteRoles, deploy_suite
from bank_collectibles._contracts import load_artifact
from bank_collectibles.campaign import Campaign, CampaignOptions
from bank_collectibles.campaign._engine import batch_size
from bank_collectibles.chains import AnvilChain, ConsortiumProfile

CAMPAIGN_ROWS = 10_000
NAIVE_TOKENS = 500


def wallets(count: int, start: int) -> list[str]:
    return [Account.from_key((start + i).to_bytes(32, "big")).address for i in range(count)]


def run() -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-campaign-"))
    profile = ConsortiumProfile(state_dir=work / "anvil", persist=False, gas_price=0)
    with AnvilChain(profile) as chain:
        client = Client.connect(chain)
        signers = [LocalSigner(a.private_key) for a in chain.accounts]
        admin, issuer, kyc, minter = signers[0], signers[1], signers[2], signers[6]
        roles = SuiteRoles(admin.address, issuer.address, kyc.address, signers[3].address, signers[4].address,
                           signers[5].address, minter.address)
        suite = deploy_suite(client, admin, work / "deployment.json", roles=roles, issuer=issuer)
        collection = suite.collection.using(issuer)
        registry = suite.registry.using(kyc)

        def onboard(addresses: list[str]) -> None:
            for start in range(0, len(addresses), 500):
                registry.approve_kyc(addresses[start : start + 500], int(time.time()) + 86_400 * 365)

        campaign_wallets, limit_wallets, naive_wallets = wallets(CAMPAIGN_ROWS, 10**6), wallets(CAMPAIGN_ROWS, 2 * 10**6), wallets(NAIVE_TOKENS, 3 * 10**6)
        onboard(campaign_wallets + limit_wallets + naive_wallets)

        # The chain slows as its state grows, so the baselines go first: conservative for both ratios.
        naive_seconds = _naive(client, collection, chain.accounts[6].private_key, naive_wallets)
        edition = collection.create_edition("Campaign", CAMPAIGN_ROWS, uri="ipfs://campaign").edition_id
        sizes, gas = _campaign_batches(client, collection, minter, edition, campaign_wallets)
        limit_seconds = _limit(client, collection, minter, limit_wallets, sizes, gas)

        # The engine, end to end.
        csv = work / "campaign.csv"
        csv.write_text("customer,wallet,target\n" + "".join(f"C{i},{w},edition:{edition}\n" for i, w in enumerate(campaign_wallets)))
        started = time.perf_counter()
        campaign = Campaign.open(suite.collection, work / "campaign.db", minter=minter, csv_path=csv)
        result = campaign.run()
        campaign_seconds = time.perf_counter() - started
        assert result.confirmed == CAMPAIGN_ROWS, result
        batch_sizes = [len(campaign.journal.batch_rows(b)) for b in campaign.journal.batches("confirmed", purpose="mint")]
        assert batch_sizes == sizes, "the limit run did not use the campaign's batches"
        campaign.close()

    campaign_rate = CAMPAIGN_ROWS / campaign_seconds
    naive_rate = NAIVE_TOKENS / naive_seconds
    limit_rate = CAMPAIGN_ROWS / limit_seconds
    figures = {
        "campaign_tokens_per_s": round(campaign_rate, 1),
        "naive_tokens_per_s": round(naive_rate, 1),
        "limit_tokens_per_s": round(limit_rate, 1),
        "campaign_vs_naive_ratio": round(campaign_rate / naive_rate, 2),
        "limit_vs_campaign_ratio": round(limit_rate / campaign_rate, 3),
        "campaign_rows": CAMPAIGN_ROWS,
        "campaign_transactions": len(batch_sizes),
        "campaign_batch_size": max(batch_sizes),
        "naive_tokens": NAIVE_TOKENS,
    }
    print(f"{'run':<42}{'tokens':>8}{'seconds':>10}{'tokens/s':>11}")
    print(f"{'campaign (validate, journal, receipts)':<42}{CAMPAIGN_ROWS:>8}{campaign_seconds:>10.2f}{campaign_rate:>11.0f}")
    print(f"{'limit (pre-signed batches, one send)':<42}{CAMPAIGN_ROWS:>8}{limit_seconds:>10.2f}{limit_rate:>11.0f}")
    print(f"{'naive (one web3.py tx per token)':<42}{NAIVE_TOKENS:>8}{naive_seconds:>10.2f}{naive_rate:>11.0f}")
    print(f"campaign / naive = {figures['campaign_vs_naive_ratio']:.1f}x (target >= 30)")
    print(f"limit / campaign = {figures['limit_vs_campaign_ratio']:.2f} (target <= 1.5)")
    return figures


def _campaign_batches(client: Client, collection, minter: LocalSigner, edition: int, wallets: list[str]) -> tuple[list[int], list[int]]:
    """The batch sizes and gas limits the engine will use for this campaign (its own planner)."""
    sender, minting = client.sender(minter), collection.using(minter)
    size = batch_size(sender, minting, "edition", edition, wallets[:2], CampaignOptions())
    sizes = [size] * (CAMPAIGN_ROWS // size) + ([CAMPAIGN_ROWS % size] if CAMPAIGN_ROWS % size else [])
    gas = {n: sender.estimate(minting.mint_call("mintBatch", edition, wallets[:n])) for n in set(sizes)}
    return sizes, [gas[n] for n in sizes]


def _limit(client: Client, collection, minter: LocalSigner, addresses: list[str], sizes: list[int], gas: list[int]) -> float:
    """The campaign's batches, pre-signed, sent in one JSON-RPC batch, every receipt awaited."""
    edition = collection.create_edition("Limit", len(addresses), uri="ipfs://limit").edition_id
    fn = collection.abi.function("mintBatch")
    nonce = client.node.nonce(minter.address)
    raws, start = [], 0
    for i, (size, limit) in enumerate(zip(sizes, gas)):
        tx = {"chainId": client.chain_id, "nonce": nonce + i, "to": collection.address, "gas": limit, "gasPrice": 0,
              "data": fn.encode(edition, addresses[start : start + size])}
        raws.append(minter.sign_transaction(tx))
        start += size
    provider = client.web3.provider
    started = time.perf_counter()
    hashes = [r["result"] for r in provider.make_batch_request([("eth_sendRawTransaction", ["0x" + raw.hex()]) for raw in raws])]
    pending = set(hashes)
    while pending:
        answers = provider.make_batch_request([("eth_getTransactionReceipt", [h]) for h in pending])
        pending -= {a["result"]["transactionHash"] for a in answers if a.get("result")}
    return time.perf_counter() - started


def _naive(client: Client, collection, minter_key: str, addresses: list[str]) -> float:
    """One plain web3.py transaction per token: build (estimate, fees), sign, send, wait.

    The receipt is polled every 5 ms: web3's default of 0.1 s would add up to 100 ms of sleep per
    token and flatter the campaign's ratio.
    """
    edition = collection.create_edition("Naive", len(addresses), uri="ipfs://naive").edition_id
    w3: Web3 = client.web3
    contract = w3.eth.contract(address=collection.address, abi=load_artifact("Collection")["abi"])
    account = Account.from_key(minter_key)
    started = time.perf_counter()
    for address in addresses:
        tx = contract.functions.mintBatch(edition, [address]).build_transaction(
            {"from": account.address, "nonce": w3.eth.get_transaction_count(account.address), "gasPrice": 0}
        )
        tx_hash = w3.eth.send_raw_transaction(account.sign_transaction(tx).raw_transaction)
        w3.eth.wait_for_transaction_receipt(tx_hash, poll_latency=0.005)
    return time.perf_counter() - started
