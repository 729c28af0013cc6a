"""Gas of the collection's hot paths, from transaction receipts on a managed Anvil chain.

Measures, through an EIP-1167 clone as the factory deploys it:

- ``mint_gas_per_token``: one ``mintBatch`` to 100 distinct new verified holders, receipt gas / 100,
  in steady state (an earlier batch has already touched the edition's counters);
- ``oz_baseline_mint_gas_per_token``: the same batch on ``bench/contracts/OzBaselineCollection.sol``,
  a plain OpenZeppelin ERC721 with the same registry KYC check and the acquisition time in a
  ``mapping(uint256 => uint64)``; ``oz_single_mint_gas``: that baseline minting one token per
  transaction;
- ``reveal_gas_100`` and ``reveal_gas_10000``: ``reveal`` of a drop of 100 and of 10,000 boxes;
- ``redeem_gas``: ``redeem`` of a two-edition set into a hidden reward.

Contract ABIs and bytecode come from ``src/bank_collectibles/artifacts`` (``make artifacts``); the
baseline, which is not part of the suite, is compiled here with the project's compiler settings.
A benchmark measures and prints; it never fails on a figure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_utils import keccak, to_checksum_address

from bank_collectibles._build import CompilerSettings
from bank_collectibles.chains import AnvilChain, ConsortiumProfile, DevAccount

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "src" / "bank_collectibles" / "artifacts"
BASELINE_SOURCE = "bench/contracts/OzBaselineCollection.sol"
STATE_DIR = ROOT / "build" / "bench" / "gas_collection"
HOLDERS = 100
SECRET = keccak(text="bench drop secret")
# EIP-1167 minimal proxy: creation code around the implementation address.
CLONE_PREFIX = "3d602d80600a3d3981f3363d3d373d3d3d363d73"
CLONE_SUFFIX = "5af43d82803e903d91602b57fd5bf3"
# What the design aims at (printed next to the figures, never asserted).
TARGETS = {"mint_gas_per_token": 50_500, "reveal_gas_100": 80_000, "reveal_gas_10000": 80_000}


def run() -> dict[str, Any]:
    """Start Anvil, deploy, measure, print a table and return the figures (gas units)."""
    profile = ConsortiumProfile(persist=False, state_dir=STATE_DIR)
    with AnvilChain(profile) as chain:
        bench = _Bench(chain.web3(), chain.accounts)
        figures = bench.measure()
    _print_table(figures)
    return figures


class _Bench:
    def __init__(self, w3: Any, accounts: tuple[DevAccount, ...]) -> None:
        self.w3 = w3
        self.admin = accounts[0]
        self.holders = accounts[1:3]
        self._serial = 0

    # ------------------------------------------------------------------ scenario

    def measure(self) -> dict[str, Any]:
        registry = self.deploy(_artifact("ConsortiumRegistry"), self.admin.address)
        for role in ("KYC_OFFICER_ROLE", "ISSUER_ROLE"):
            self.send(registry.functions.grantRole(registry.functions[role]().call(), self.admin.address))
        self.verify(registry, [self.admin.address, *(h.address for h in self.holders)])
        collection = self.collection(registry)
        baseline = self.deploy(_baseline_artifact(), registry.address, self.admin.address)

        figures: dict[str, Any] = {}
        edition = self.create_edition(collection, 1_000_000)
        first = self.send(collection.functions.mintBatch(edition, self.fresh_holders(registry, HOLDERS)))
        steady = self.send(collection.functions.mintBatch(edition, self.fresh_holders(registry, HOLDERS)))
        figures["mint_gas_per_token_first_batch"] = first["gasUsed"] // HOLDERS
        figures["mint_gas_per_token"] = steady["gasUsed"] // HOLDERS

        self.send(baseline.functions.mintBatch(self.fresh_holders(registry, HOLDERS)))
        steady = self.send(baseline.functions.mintBatch(self.fresh_holders(registry, HOLDERS)))
        figures["oz_baseline_mint_gas_per_token"] = steady["gasUsed"] // HOLDERS
        singles = [self.send(baseline.functions.mint(a))["gasUsed"] for a in self.fresh_holders(registry, 3)]
        figures["oz_single_mint_gas"] = singles[-1]

        figures["reveal_gas_100"], figures["reveal_gas_10000"] = self.reveals(registry, collection)
        figures["redeem_gas"] = self.redeem(collection)
        return figures

    def collection(self, registry: Any) -> Any:
        """A clone of a fresh implementation, initialized as the factory does."""
        implementation = self.deploy(_artifact("Collection"))
        receipt = self.send_raw(None, bytes.fromhex(CLONE_PREFIX + implementation.address[2:].lower() + CLONE_SUFFIX))
        clone = self.w3.eth.contract(address=receipt["contractAddress"], abi=_artifact("Collection")["abi"])
        params = ("Bench", "BENCH", "ipfs://bench", registry.address, self.admin.address, self.admin.address, 500, 0, 0)
        self.send(clone.functions.initialize(params))
        return clone

    def create_edition(self, collection: Any, max_supply: int, hidden: bool = False) -> int:
        uri, commitment = ("", keccak(text="ipfs://hidden")) if hidden else ("ipfs://limited", b"\0" * 32)
        config = ("Edition", max_supply, 1 if hidden else 0, uri, commitment, 0, False)
        receipt = self.send(collection.functions.createEdition(config))
        return collection.events.EditionCreated().process_receipt(receipt)[0]["args"]["editionId"]

    def reveals(self, registry: Any, collection: Any) -> tuple[int, int]:
        """Reveal gas of a 100-box and a 10,000-box drop (a few boxes sold in each)."""
        limited = self.create_edition(collection, 20_000)
        hidden = self.create_edition(collection, 200, hidden=True)
        now = self.w3.eth.get_block("latest")["timestamp"]
        drops = []
        for boxes in (100, 10_000):
            config = ("Drop", [limited, hidden], [boxes - boxes // 100, boxes // 100], keccak(SECRET),
                      now + 10, now + 3_600, 0, "ipfs://box")
            receipt = self.send(collection.functions.createDrop(config))
            drops.append(collection.events.DropCreated().process_receipt(receipt)[0]["args"]["dropId"])
        self.advance(20)
        buyers = self.fresh_holders(registry, 10)
        for drop_id in drops:
            self.send(collection.functions.mintBoxes(drop_id, buyers))
        self.advance(3_600)
        for drop_id in drops:
            self.send(collection.functions.closeDrop(drop_id, SECRET))
        self.w3.provider.make_request("evm_mine", [])  # the reveal blocks now exist
        small, large = (self.send(collection.functions.reveal(d))["gasUsed"] for d in drops)
        return small, large

    def redeem(self, collection: Any) -> int:
        """Gas of a redemption (two burns, one reward mint), the second one of the collection."""
        a = self.create_edition(collection, 100)
        b = self.create_edition(collection, 100)
        reward = self.create_edition(collection, 10, hidden=True)
        receipt = self.send(collection.functions.createRecipe([a, b], reward))
        recipe_id = collection.events.RecipeCreated().process_receipt(receipt)[0]["args"]["recipeId"]
        gas = 0
        for holder in self.holders:
            ids = [self._first_token(self.send(collection.functions.mintBatch(e, [holder.address])), collection)
                   for e in (a, b)]
            gas = self.send(collection.functions.redeem(recipe_id, ids), holder)["gasUsed"]
        return gas

    # ------------------------------------------------------------------ helpers

    def fresh_holders(self, registry: Any, n: int) -> list[str]:
        """`n` new addresses (never seen on chain), KYC-approved."""
        addresses = []
        for _ in range(n):
            self._serial += 1
            addresses.append(to_checksum_address(keccak(text=f"bench holder {self._serial}")[-20:]))
        self.verify(registry, addresses)
        return addresses

    def verify(self, registry: Any, addresses: list[str]) -> None:
        expiry = self.w3.eth.get_block("latest")["timestamp"] + 365 * 86_400
        self.send(registry.functions.approveKyc(addresses, [expiry] * len(addresses), [1] * len(addresses)))

    def advance(self, seconds: int) -> None:
        self.w3.provider.make_request("evm_increaseTime", [seconds])
        self.w3.provider.make_request("evm_mine", [])

    def deploy(self, artifact: dict[str, Any], *args: Any) -> Any:
        factory = self.w3.eth.contract(abi=artifact["abi"], bytecode=artifact["bytecode"])
        data = factory.constructor(*args).data_in_transaction
        receipt = self.send_raw(None, bytes.fromhex(data[2:]))
        return self.w3.eth.contract(address=receipt["contractAddress"], abi=artifact["abi"])

    def send(self, call: Any, sender: DevAccount | None = None) -> Any:
        sender = sender or self.admin
        return self.send_raw(call.address, bytes.fromhex(call._encode_transaction_data()[2:]), sender)

    def send_raw(self, to: str | None, data: bytes, sender: DevAccount | None = None) -> Any:
        sender = sender or self.admin
        tx: dict[str, Any] = {"from": sender.address, "data": data, "chainId": self.w3.eth.chain_id,
                              "nonce": self.w3.eth.get_transaction_count(sender.address)}
        if to is not None:
            tx["to"] = to
        tx["gas"] = self.w3.eth.estimate_gas(tx) * 12 // 10
        tx["maxFeePerGas"] = 2 * self.w3.eth.get_block("latest")["baseFeePerGas"] + 10**9
        tx["maxPriorityFeePerGas"] = 10**9
        signed = Account.sign_transaction(tx, sender.private_key)
        receipt = self.w3.eth.wait_for_transaction_receipt(self.w3.eth.send_raw_transaction(signed.raw_transaction))
        if receipt["status"] != 1:
            raise RuntimeError(f"transaction {receipt['transactionHash'].hex()} reverted")
        return receipt

    @staticmethod
    def _first_token(receipt: Any, collection: Any) -> int:
        return collection.events.Transfer().process_receipt(receipt)[0]["args"]["id"]


def _artifact(name: str) -> dict[str, Any]:
    path = ARTIFACTS / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make artifacts`")
    return json.loads(path.read_text())


def _baseline_artifact() -> dict[str, Any]:
    """Compile the OpenZeppelin baseline with the compiler settings of foundry.toml."""
    import solcx  # development dependency, as for `make artifacts`

    settings = CompilerSettings.from_foundry_toml(ROOT)
    standard_input = {
        "language": "Solidity",
        "sources": {BASELINE_SOURCE: {"content": (ROOT / BASELINE_SOURCE).read_text()}},
        "settings": {
            "evmVersion": settings.evm_version,
            "optimizer": {"enabled": True, "runs": settings.optimizer_runs},
            "remappings": list(settings.remappings),
            "outputSelection": {BASELINE_SOURCE: {"OzBaselineCollection": ["abi", "evm.bytecode.object"]}},
        },
    }
    output = solcx.compile_standard(standard_input, solc_binary=settings.solc, base_path=ROOT, allow_paths=[ROOT])
    contract = output["contracts"][BASELINE_SOURCE]["OzBaselineCollection"]
    return {"abi": contract["abi"], "bytecode": "0x" + contract["evm"]["bytecode"]["object"]}


def _print_table(figures: dict[str, Any]) -> None:
    mint, oz_batch, oz_single = figures["mint_gas_per_token"], figures["oz_baseline_mint_gas_per_token"], figures[
        "oz_single_mint_gas"]
    rows = [
        ("mint per token, 100-holder batch", mint, f"{mint / oz_batch:.2f}x OZ batch, {mint / oz_single:.2f}x OZ single"),
        ("  same, first batch of the edition", figures["mint_gas_per_token_first_batch"], ""),
        ("OZ baseline per token, same batch", oz_batch, "KYC check + mapping(uint256 => uint64)"),
        ("OZ baseline, one token per tx", oz_single, f"{oz_single / oz_batch:.2f}x OZ batch per token"),
        ("reveal, 100 boxes", figures["reveal_gas_100"], ""),
        ("reveal, 10,000 boxes", figures["reveal_gas_10000"],
         f"{figures['reveal_gas_10000'] / figures['reveal_gas_100']:.3f}x the 100-box reveal"),
        ("redeem (2 burns + reward)", figures["redeem_gas"], ""),
    ]
    print(f"{'collection gas (receipts, Anvil)':<38}{'gas':>10}  notes")
    for label, gas, note in rows:
        print(f"{label:<38}{gas:>10,}  {note}")
    for key, target in TARGETS.items():
        verdict = "within" if figures[key] <= target else "ABOVE"
        print(f"target {key} <= {target:,}: {verdict} ({figures[key]:,})")
