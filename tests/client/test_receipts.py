"""Receipts and mint events as nodes send them: JSON-RPC hex strings, or web3's formatted values."""

from __future__ import annotations

from hexbytes import HexBytes

from bank_collectibles._rpc import Log, Receipt
from bank_collectibles.chains import LocalChain
from bank_collectibles.client import Client
from bank_collectibles.collection import TRANSFER_TOPIC, Mint, mints_in

COLLECTION = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
OTHER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
ALICE, BOB = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
APPROVAL_TOPIC = bytes.fromhex("8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925")
TX = "0x" + "ab" * 32


def _word(value: int | str) -> bytes:
    return (int(value, 16) if isinstance(value, str) else value).to_bytes(32, "big")


def _log(address: str, topics: list[bytes], index: int) -> dict:
    """A log as a JSON-RPC node sends it: hex strings, the address in lower case."""
    return {"address": address.lower(), "topics": ["0x" + t.hex() for t in topics], "data": "0x",
            "logIndex": hex(index), "blockNumber": "0x2a", "transactionHash": TX}


def _formatted(log: dict) -> dict:
    """The same log as web3 formats it (the embedded chain): bytes, ints, a checksummed address."""
    address = next(a for a in (COLLECTION, OTHER) if a.lower() == log["address"])
    return {**log, "address": address, "topics": [HexBytes(t) for t in log["topics"]],
            "logIndex": int(log["logIndex"], 16), "blockNumber": 42, "transactionHash": HexBytes(TX)}


LOGS = [
    _log(COLLECTION, [TRANSFER_TOPIC, _word(0), _word(ALICE), _word(7)], 0),
    _log(OTHER, [TRANSFER_TOPIC, _word(0), _word(ALICE), _word(8)], 1),  # another collection's mint
    _log(COLLECTION, [TRANSFER_TOPIC, _word(ALICE), _word(BOB), _word(7)], 2),  # a transfer, not a mint
    _log(COLLECTION, [APPROVAL_TOPIC, _word(ALICE), _word(BOB), _word(7)], 3),
    _log(OTHER, [TRANSFER_TOPIC, _word(0), _word(BOB)], 4),  # an ERC-20 mint: three topics
    _log(COLLECTION, [TRANSFER_TOPIC, _word(0), _word(BOB), _word(2**200 + 9)], 5),
]


def test_mints_are_the_collections_transfers_from_zero_in_log_order():
    expected = [Mint(ALICE, 7, TX, 42), Mint(BOB, 2**200 + 9, TX, 42)]
    assert mints_in(LOGS, COLLECTION) == expected
    assert mints_in(LOGS, COLLECTION.lower()) == expected
    assert mints_in([_formatted(log) for log in LOGS], COLLECTION) == expected
    assert mints_in(LOGS, OTHER) == [Mint(ALICE, 8, TX, 42)]


def test_a_receipt_decodes_its_logs_on_first_use_and_keeps_them():
    receipt = Receipt.from_rpc({"transactionHash": TX, "status": "0x1", "blockNumber": "0x2a", "gasUsed": "0x5208",
                                "contractAddress": None, "logs": LOGS})
    assert "logs" not in vars(receipt)
    assert receipt.logs == tuple(Log.from_rpc(log) for log in LOGS)
    assert receipt.logs[5].topics[3] == _word(2**200 + 9) and receipt.logs[0].address == COLLECTION
    assert receipt.logs is receipt.logs
    assert "LOGS" not in repr(receipt) and "topics" not in repr(receipt)


def test_a_batch_in_concurrent_parts_answers_in_call_order(anvil: LocalChain):
    node = Client.connect(anvil).node
    node.mine(12)
    calls = [("eth_getBlockByNumber", [hex(n), False]) for n in range(12, -1, -1)]
    for parts in (1, 4, 20):
        blocks = node.raw_batch(calls, parts=parts)
        assert [int(block["number"], 16) for block in blocks] == list(range(12, -1, -1))
