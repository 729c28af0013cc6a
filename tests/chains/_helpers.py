"""Transactions and process checks shared by the chain tests."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_typing import ChecksumAddress
from web3 import Web3

from bank_collectibles.chains import DevAccount

# Runtime code that returns block.chainid: CHAINID PUSH0 MSTORE PUSH1 32 PUSH0 RETURN.
# PUSH0 (0x5f) exists from Shanghai on, so deploying and calling it proves Shanghai bytecode runs.
RUNTIME = bytes.fromhex("465f5260205ff3")
# Init code: CODECOPY the 7 runtime bytes that follow these 10 bytes to memory 0 and RETURN them.
INITCODE = bytes.fromhex("6007600a5f3960075ff3") + RUNTIME
ETHER = 10**18


def send(w3: Web3, account: DevAccount, **fields: Any) -> Any:
    """Sign ``fields`` locally as ``account``, send, and return the mined receipt.

    EIP-1559 fees from the node unless ``gasPrice`` is given (then a legacy transaction).
    """
    tx: dict[str, Any] = {
        "chainId": w3.eth.chain_id,
        "nonce": w3.eth.get_transaction_count(account.address, "pending"),
        "gas": 100_000,
        **fields,
    }
    if "gasPrice" not in tx:
        tip = w3.eth.max_priority_fee
        tx.setdefault("maxPriorityFeePerGas", tip)
        tx.setdefault("maxFeePerGas", 2 * w3.eth.get_block("latest")["baseFeePerGas"] + tip)
    signed = Account.from_key(account.private_key).sign_transaction(tx)
    return w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(signed.raw_transaction), timeout=30)


def deploy_reporter(w3: Web3, account: DevAccount, **fields: Any) -> ChecksumAddress:
    """Deploy the chain-id reporter and return its address."""
    receipt = send(w3, account, data=INITCODE, **fields)
    assert receipt["status"] == 1
    return ChecksumAddress(receipt["contractAddress"])


def gone(pid: int) -> bool:
    """Whether ``pid`` has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_until(predicate: Any, timeout: float, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return bool(predicate())
        time.sleep(interval)
    return True
