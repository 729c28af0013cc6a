"""A campaign's wallets checked in bulk: verified by the registry, and whether each holds code.

The `CampaignPrecheck` creation code runs in `eth_call`s without a recipient (see the contract),
`CHUNK` wallets per call and every call in one JSON-RPC batch: 10,000 customers are checked in
one round trip instead of 10,000 `eth_getCode` requests and 20 registry calls. A node that cannot
run it (no batch requests, a low gas cap for calls) gets the request-per-wallet path instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._abi import encode_arguments, word_plan
from .._contracts import load_artifact
from ..errors import CollectiblesError, NodeUnreachable
from ..registry import Registry

CHUNK = 500  # about 3M gas of calls and 500 bytes of answer (EIP-170 allows 24,576)
VERIFIED, HAS_CODE = 1, 2
ARGUMENTS = ("address", "address[]")  # the constructor's: the registry, the wallets
WORDS = word_plan(ARGUMENTS)


def bulk_check(registry: Registry, wallets: Sequence[str]) -> tuple[dict[str, bool], dict[str, bool]] | None:
    """`(verified, has_code)` per wallet, or None when the node cannot answer in bulk.

    Raises:
        NodeUnreachable: The node is down.
    """
    node = registry.client.node
    if not node.supports_batch or not wallets:
        return None
    code = bytes.fromhex(load_artifact("CampaignPrecheck")["bytecode"].removeprefix("0x"))
    chunks = [list(wallets[start : start + CHUNK]) for start in range(0, len(wallets), CHUNK)]
    calls = [
        ("eth_call", [{"data": "0x" + (code + encode_arguments(ARGUMENTS, (registry.address, chunk), WORDS)).hex()}, "latest"])
        for chunk in chunks
    ]
    try:
        answers = node.raw_batch(calls)
    except NodeUnreachable:
        raise
    except CollectiblesError:  # the node refused the batch as a whole (its size, say)
        return None
    flags = bytearray()
    for chunk, answer in zip(chunks, answers):
        if isinstance(answer, NodeUnreachable):
            raise answer
        if not isinstance(answer, str):  # refused: out of gas, no calls without a recipient
            return None
        data = bytes.fromhex(answer.removeprefix("0x"))
        if len(data) != len(chunk):
            return None
        flags += data
    verified = {wallet: bool(flag & VERIFIED) for wallet, flag in zip(wallets, flags)}
    has_code = {wallet: bool(flag & HAS_CODE) for wallet, flag in zip(wallets, flags)}
    return verified, has_code
