"""Transaction fees chosen from what the node reports.

Consortium chains often run with a zero gas price and legacy transactions; public-style nodes
(and Anvil, Ganache by default) price gas with EIP-1559. The mode is read once from the latest
block: a base fee means EIP-1559, none means legacy. Prices are refreshed at most every
`max_age` seconds, so a burst of transactions costs one fee lookup.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from ._rpc import Node
from .errors import InvalidInput

MODES = ("auto", "legacy", "eip1559")


@dataclass(frozen=True)
class FeeQuote:
    """The fee fields to put into a transaction."""

    fields: dict[str, int]

    @property
    def max_price(self) -> int:
        return self.fields.get("maxFeePerGas", self.fields.get("gasPrice", 0))


class FeeOracle:
    """Fee fields for the next transactions, EIP-1559 or legacy as the node supports.

    Raises:
        InvalidInput: `mode` is not one of auto, legacy or eip1559.
    """

    def __init__(self, node: Node, mode: str = "auto", max_age: float = 2.0) -> None:
        if not isinstance(mode, str) or mode not in MODES:
            raise InvalidInput(f"fee mode must be {', '.join(MODES[:-1])} or {MODES[-1]}, not {mode!r}")
        self._node = node
        self._mode = mode
        self._max_age = max_age
        self._quote: FeeQuote | None = None
        self._at = 0.0
        self._lock = threading.Lock()

    @property
    def mode(self) -> str:
        if self._mode == "auto":
            self._mode = "eip1559" if self._node.block("latest").get("baseFeePerGas") is not None else "legacy"
        return self._mode

    def quote(self) -> FeeQuote:
        with self._lock:
            if self._quote is None or time.monotonic() - self._at > self._max_age:
                self._quote = self._fetch()
                self._at = time.monotonic()
            return self._quote

    def _fetch(self) -> FeeQuote:
        if self.mode == "legacy":
            return FeeQuote({"gasPrice": self._node.gas_price()})
        base_fee = int(self._node.block("latest").get("baseFeePerGas") or 0)
        tip = self._node.max_priority_fee() if base_fee else 0
        # Twice the base fee survives six full blocks of base-fee increases.
        return FeeQuote({"maxFeePerGas": 2 * base_fee + tip, "maxPriorityFeePerGas": tip})

    def describe(self) -> dict[str, Any]:
        return {"mode": self.mode, **self.quote().fields}
