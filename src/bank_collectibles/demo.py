"""The spring campaign demo (`make demo`, `collectibles demo`): the whole product on a local chain.

It starts a managed Anvil chain (zero gas, state on disk), deploys the suite with one account per
bank role, and runs a Spring Festival campaign: 1,000 numbered Jade Rabbits by campaign mint to
customers it onboards, a blind-box drop of 200 boxes with 10 hidden Moon Rabbits, the reveal and
its independent verification, a set redemption, and a secondary sale in the deposit token after
the holding period. Everything it writes goes to one folder (build/demo by default).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import Client, CollectionSpec, LocalSigner, SuiteRoles, deploy_suite
from .campaign import Campaign, progress_bar
from .chains import AnvilChain, ConsortiumProfile
from .errors import NotTradable

CUSTOMERS = 1_000
BOXES = 200
HIDDEN = 10
HOLDING_PERIOD = 7 * 86_400
DEPOSIT = 10**18  # the deposit token has 18 decimals, like a bank's smallest unit times 10**16


def customer(index: int) -> LocalSigner:
    """Demo customer `index`: a deterministic key, so their wallets are the same on every run."""
    return LocalSigner((0xC0FFEE_0000 + index).to_bytes(32, "big"))


def run_demo(folder: str | Path = "build/demo", console: Console | None = None, quiet: bool = False) -> dict:
    """Runs the whole demo and returns its summary (also written to `<folder>/summary.json`)."""
    out = console or Console(soft_wrap=not sys.stdout.isatty())  # a log keeps paths and URLs on one line
    folder = Path(folder)
    if folder.exists():
        out.print(f"[yellow]Resetting the previous demo[/] in {folder}: a fresh chain, deployment and campaign.")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    profile = ConsortiumProfile(state_dir=folder / "anvil", gas_price=0)  # where `--chains-dir FOLDER` looks
    with AnvilChain(profile) as chain:
        out.print(f"Started a consortium chain (Anvil, chain id {chain.chain_id}, zero gas) at {chain.rpc_url}; "
                  f"its state is kept in {folder / 'anvil'}")
        summary = _Demo(chain, folder, out, quiet).run()
    cli = f"collectibles --chains-dir {folder} --manifest {folder / 'deployment.json'}"
    out.print(f"\nThe chain was stopped; its state stays in {folder / 'anvil'}. To explore it: `{cli} chain up`, "
              f"then e.g. `{cli} edition list`, and `{cli} chain down` when done.")
    return summary


class _Demo:
    def __init__(self, chain: AnvilChain, folder: Path, console: Console, quiet: bool) -> None:
        self.chain = chain
        self.folder = folder
        self.out = console
        self.quiet = quiet
        self.client = Client.connect(chain)
        accounts = [LocalSigner(a.private_key) for a in chain.accounts]
        self.operator, self.issuer, self.kyc, self.compliance, self.regulator, self.treasury, self.minter = accounts[:7]
        self.customers = [customer(i) for i in range(CUSTOMERS)]

    def run(self) -> dict:
        suite = self._deploy()
        jade = self._campaign(suite)
        drop, winners, fairness, lantern, moon = self._blind_box(suite)
        redemption = self._redeem(suite, jade, lantern, winners)
        sale = self._sale(suite, jade)
        summary = {
            "chain": {"chain_id": self.client.chain_id, "state_dir": str(self.chain.state_dir)},  # stopped at the end
            "deployment": str(self.folder / "deployment.json"),
            "collection": suite.collection.address,
            "editions": [asdict(e) | {"uri_commitment": e.uri_commitment.hex()} for e in suite.collection.editions()],
            "hidden_winners": winners,
            "fairness": {"fair": fairness.fair, "boxes_checked": fairness.boxes_checked,
                         "counts_by_edition": fairness.counts_by_edition, "seed": "0x" + fairness.seed.hex()},
            "redemption": redemption,
            "sale": sale,
            "reports": {"jade_campaign": str(self.folder / "jade.report.csv"), "box_campaign": str(self.folder / "boxes.report.csv")},
        }
        summary = json.loads(json.dumps(summary, default=str))  # what the file holds is what callers get
        (self.folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        self._print_summary(suite, summary, drop)
        return summary

    # ---------------------------------------------------------------------------------- steps

    def _deploy(self):
        roles = SuiteRoles(
            operator=self.operator.address, issuer=self.issuer.address, kyc_officer=self.kyc.address,
            compliance_officer=self.compliance.address, regulator=self.regulator.address,
            treasury=self.treasury.address, minter=self.minter.address, fee_bps=250,
        )
        spec = CollectionSpec("Spring Festival 2027", "SPRING", contract_uri="ipfs://spring/collection.json",
                              royalty_bps=500, holding_period=HOLDING_PERIOD, max_transfers=3)
        suite = deploy_suite(self.client, self.operator, self.folder / "deployment.json", roles=roles, issuer=self.issuer, collection=spec)
        # The bank's own accounts receive royalties and fees in deposit tokens: they are onboarded too.
        suite.registry.using(self.kyc).approve_kyc([self.issuer.address, self.operator.address], self._in_years(5), tier=9)
        self.out.print(f"Deployed the suite ({len(suite.manifest['contracts'])} contracts and the collection "
                       f"{suite.collection.address}); manifest: {self.folder / 'deployment.json'}")
        return suite

    def _campaign(self, suite) -> int:
        collection = suite.collection.using(self.issuer)
        jade = collection.create_edition("Jade Rabbit", CUSTOMERS, uri="ipfs://spring/jade-rabbit.json").edition_id
        csv = self.folder / "jade.csv"
        expiry = time.strftime("%Y-%m-%d", time.gmtime(self._in_years(2)))
        csv.write_text("customer,wallet,target,kyc_expires_at\n" + "".join(
            f"CUST-{i + 1:05d},{c.address},edition:Jade Rabbit,{expiry}\n" for i, c in enumerate(self.customers)))
        self.out.print(f"\n[bold]Campaign 1[/]: {CUSTOMERS} customers in {csv} get one numbered Jade Rabbit each "
                       "(their KYC is approved on the way)")
        result = self._run_campaign(suite, csv, self.folder / "jade.db", self.folder / "jade.report.csv")
        self.out.print(f"  {result.confirmed} minted in {result.transactions} transactions, {result.seconds:.1f} s; "
                       f"report: {result.report_path}")
        return jade

    def _blind_box(self, suite):
        collection = suite.collection.using(self.issuer)
        lantern = collection.create_edition("Lantern Rabbit", BOXES - HIDDEN, uri="ipfs://spring/lantern-rabbit.json").edition_id
        moon = collection.create_edition("Moon Rabbit", HIDDEN, hidden_uri="ipfs://spring/moon-rabbit.json").edition_id
        now = self.client.node.block("latest")["timestamp"]
        drop = collection.create_drop("Spring Blind Box", {lantern: BOXES - HIDDEN, moon: HIDDEN},
                                      closes_at=now + 3 * 86_400, placeholder_uri="ipfs://spring/box.json")
        _write_secret(self.folder / "drop-secret.txt", drop.secret)
        self.out.print(f"\n[bold]Blind-box drop[/] {drop.drop_id} (editions and drops share one numbering): {BOXES} boxes, "
                       f"{HIDDEN} of them Moon Rabbits nobody can see; commitment {drop.commitment.hex()[:16]}... "
                       "published before it opened")
        csv = self.folder / "boxes.csv"
        csv.write_text("customer,wallet,target\n" + "".join(
            f"CUST-{i + 1:05d},{c.address},drop:{drop.drop_id}\n" for i, c in enumerate(self.customers[:BOXES])))
        result = self._run_campaign(suite, csv, self.folder / "boxes.db", self.folder / "boxes.report.csv")
        self.out.print(f"  {result.confirmed} boxes minted by campaign; report: {result.report_path}")

        collection.close_drop(drop.drop_id, drop.secret)
        reveal = collection.reveal(drop.drop_id)
        collection.reveal_edition_uri(moon, "ipfs://spring/moon-rabbit.json")
        fairness = suite.collection.verify_reveal(drop.drop_id)
        revealed = Campaign.open(suite.collection, self.folder / "boxes.db")  # the report again, with each box's serial
        try:
            revealed.write_report(self.folder / "boxes.report.csv")
        finally:
            revealed.close()
        self.out.print(f"  Closed with the secret, revealed with block {reveal.reveal_block}'s hash for "
                       f"{reveal.tx.gas_used:,} gas; verification from chain data: "
                       f"{'[green]fair[/]' if fairness.fair else '[red]NOT FAIR[/]'} ({fairness.boxes_checked} boxes checked)")
        boxes = [suite.collection.token(int(row["token_id"])) for row in _report_rows(self.folder / "boxes.report.csv")]
        winners = [{"customer": self._customer(b.owner), "wallet": b.owner, "box": b.token_id & 0xFFFFFFFF,
                    "token_id": b.token_id, "serial": str(b.serial)} for b in boxes if b.serial.edition_id == moon]
        return drop, winners, fairness, lantern, moon

    def _redeem(self, suite, jade: int, lantern: int, winners: list[dict]) -> dict:
        collection = suite.collection.using(self.issuer)
        golden = collection.create_edition("Golden Rabbit", 50, uri="ipfs://spring/golden-rabbit.json").edition_id
        recipe = collection.create_recipe([jade, lantern], golden).recipe_id
        # A customer holding a Jade Rabbit and a Lantern Rabbit (not a Moon Rabbit winner) redeems the set.
        winner_wallets = {w["wallet"] for w in winners}
        holder = next(c for c in self.customers[:BOXES] if c.address not in winner_wallets)
        tokens = {t.serial.edition_id: t.token_id for t in suite.collection.holdings(holder.address) if t.serial}
        result = suite.collection.using(holder).redeem(recipe, [tokens[jade], tokens[lantern]])
        customer = self._customer(holder.address)
        self.out.print(f"\n[bold]Set redemption[/]: {customer} ({holder.address}) burned Jade Rabbit + Lantern Rabbit "
                       f"for Golden Rabbit {result.reward_serial}")
        return {"holder": holder.address, "customer": customer, "burned": list(result.burned_token_ids),
                "reward_token_id": result.reward_token_id, "reward_serial": str(result.reward_serial)}

    def _sale(self, suite, jade: int) -> dict:
        seller, buyer = self.customers[500], self.customers[501]
        token = next(t for t in suite.collection.holdings(seller.address) if t.serial and t.serial.edition_id == jade)
        price = 888 * DEPOSIT
        suite.deposit_token.using(self.treasury).mint(buyer.address, 1_000 * DEPOSIT)
        suite.collection.using(seller).approve_operator(suite.marketplace.address)
        try:
            suite.marketplace.using(seller).list(suite.collection.address, token.token_id, price)
        except NotTradable:
            self.out.print(f"\n[bold]Secondary sale[/]: {token.label} cannot be listed yet: the 7-day holding period "
                           "runs until " + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(token.transferable_at)))
        self.client.web3.provider.make_request("evm_increaseTime", [HOLDING_PERIOD])
        self.client.mine()
        listing = suite.marketplace.using(seller).list(suite.collection.address, token.token_id, price)
        sale = suite.marketplace.using(buyer).buy(listing.listing_id, price)
        self.out.print(f"  Seven days later (chain time moved forward) {self._customer(seller.address)} sells it to "
                       f"{self._customer(buyer.address)} for {price // DEPOSIT} DDEP: royalty {sale.royalty / DEPOSIT:g}, "
                       f"platform fee {sale.platform_fee / DEPOSIT:g}, seller {sale.seller_proceeds / DEPOSIT:g}")
        amounts = {name: getattr(sale, name) for name in ("price", "royalty", "platform_fee", "seller_proceeds")}
        return {"token": token.label, "token_id": token.token_id, "seller": sale.seller, "buyer": sale.buyer,
                "seller_customer": self._customer(sale.seller), "buyer_customer": self._customer(sale.buyer),
                **amounts, **{f"{name}_ddep": f"{value / DEPOSIT:g}" for name, value in amounts.items()},
                "tx_hash": sale.tx.tx_hash}

    # -------------------------------------------------------------------------------- helpers

    def _run_campaign(self, suite, csv: Path, journal: Path, report: Path):
        campaign = Campaign.open(suite.collection, journal, minter=self.minter, csv_path=csv, kyc_officer=self.kyc)
        try:
            with progress_bar("minting", quiet=self.quiet) as progress:
                return campaign.run(progress=progress, report_path=report)
        finally:
            campaign.close()

    def _in_years(self, years: int) -> int:
        return int(self.client.node.block("latest")["timestamp"]) + years * 365 * 86_400

    def _index(self, wallet: str) -> int:
        return next(i for i, c in enumerate(self.customers) if c.address == wallet)

    def _customer(self, wallet: str) -> str:
        """The customer reference the campaign files give `wallet`."""
        return f"CUST-{self._index(wallet) + 1:05d}"

    def _print_summary(self, suite, summary: dict, drop) -> None:
        table = Table(title="Spring Festival 2027: editions", title_justify="left")
        for column in ("edition", "kind", "minted", "serials", "burned"):
            table.add_column(column)
        for edition in suite.collection.editions():
            serials = f"#1-#{edition.allocated} of {edition.max_supply}" if edition.allocated else "-"
            table.add_row(edition.name, edition.kind, f"{edition.minted}/{edition.max_supply}", serials, str(edition.burned))
        self.out.print()
        self.out.print(table)
        winners = Table(title=f"Hidden Moon Rabbits found in drop {drop.drop_id} (fair: {summary['fairness']['fair']})",
                        title_justify="left")
        # 78 columns: whole on a terminal or a pipe of 80. Addresses and customer references are
        # copied and compared whole: they are never wrapped or cut, the other columns give way.
        winners.add_column("customer", no_wrap=True)
        winners.add_column("wallet", no_wrap=True, min_width=42)
        winners.add_column("box")
        winners.add_column("serial")
        for w in summary["hidden_winners"]:
            winners.add_row(w["customer"], w["wallet"], f"box {w['box']}", w["serial"])
        self.out.print(winners)
        sale = summary["sale"]
        self.out.print(f"Sale of Jade Rabbit {sale['token']}: {sale['price'] / DEPOSIT:g} DDEP = royalty "
                       f"{sale['royalty'] / DEPOSIT:g} + platform fee {sale['platform_fee'] / DEPOSIT:g} + seller "
                       f"{sale['seller_proceeds'] / DEPOSIT:g}")
        self.out.print(f"Redemption: Golden Rabbit {summary['redemption']['reward_serial']} for {summary['redemption']['customer']}")
        self.out.print("\nFiles:")
        reports = summary["reports"]
        for name, path in {"deployment manifest": summary["deployment"], "Jade Rabbit campaign report": reports["jade_campaign"],
                           "blind-box campaign report (each box's serial)": reports["box_campaign"],
                           "drop secret": str(self.folder / "drop-secret.txt"), "summary": str(self.folder / "summary.json")}.items():
            self.out.print(f"  {name}: {path}")


def _write_secret(path: Path, secret: bytes) -> None:
    """Writes the drop's secret to a new file only its owner can read (0600), as the CLI does."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secret.hex() + "\n")


def _report_rows(path: Path) -> list[dict]:
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["status"] == "confirmed"]


__all__ = ["run_demo", "customer"]
