"""A local, thread-safe nonce counter per account.

Asking the node for a nonce before every transaction is slow and races with our own pending
transactions; the counter starts from the node's pending count and then advances locally.
`resync` drops it after a failure that may or may not have used a nonce, so the next
allocation reads the node again; `release` gives back nonces that certainly were not used (the
signer failed before anything was sent).
"""

from __future__ import annotations

import threading

from ._rpc import Node


class NonceManager:
    def __init__(self, node: Node) -> None:
        self._node = node
        self._next: dict[str, int] = {}
        self._locks: dict[str, threading.RLock] = {}
        self._guard = threading.Lock()

    def lock(self, address: str) -> threading.RLock:
        """The account's lock: hold it from allocation to broadcast to keep sends in nonce order."""
        with self._guard:
            return self._locks.setdefault(address, threading.RLock())

    def allocate(self, address: str, count: int = 1) -> int:
        """The first of `count` consecutive nonces, now reserved for the caller."""
        with self.lock(address):
            first = self._next.get(address)
            if first is None:
                first = self._node.nonce(address, "pending")
            self._next[address] = first + count
            return first

    def release(self, address: str, first: int, count: int) -> None:
        """Gives back the `count` nonces from `first`, allocated but never sent.

        Only the latest allocation can be rewound; if another came after it, the counter is read
        from the node again instead (`resync`).
        """
        with self.lock(address):
            if self._next.get(address) == first + count:
                self._next[address] = first
            else:
                self._next.pop(address, None)

    def resync(self, address: str) -> None:
        """Forgets the counter: the next allocation reads the node's pending count again."""
        with self.lock(address):
            self._next.pop(address, None)

    def resync_all(self) -> None:
        """Forgets every counter (after a transaction of an unknown sender was lost)."""
        with self._guard:
            addresses = list(self._next)
        for address in addresses:
            self.resync(address)
