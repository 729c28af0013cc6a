"""The entry point: a connection to one chain, and the signers that act on it."""

from __future__ import annotations

from typing import Any

from web3 import Web3
from web3.types import RPCEndpoint

from ._fees import FeeOracle
from ._nonces import NonceManager
from ._rpc import Node
from ._sending import GasCache, Sender
from .errors import InvalidInput, NodeUnreachable
from .signers import Signer


class Client:
    """A connection to an EVM chain (any JSON-RPC node, a managed local chain, or the embedded one).

    One client holds the node connection, the nonce counters, the fee oracle and the gas cache;
    signers share them, so several bank roles (KYC officer, issuer, minter) can act through one
    client without nonce races. Create it with :meth:`connect`.

    Attributes:
        node: Low-level JSON-RPC access with the library's error mapping.
        web3: The underlying `web3.Web3`, for anything the library does not cover.
        chain_id: The chain's id, read once.
    """

    def __init__(
        self,
        w3: Web3,
        *,
        url: str | None = None,
        fee_mode: str = "auto",
        receipt_timeout: float = 120.0,
        chain: Any = None,
    ) -> None:
        self.web3 = w3
        self.node = Node(w3, url)
        self.chain = chain
        self.chain_id = self.node.chain_id
        self.receipt_timeout = receipt_timeout
        self.nonces = NonceManager(self.node)
        self.fees = FeeOracle(self.node, fee_mode)
        self.gas = GasCache()
        self._senders: dict[str, Sender] = {}

    @classmethod
    def connect(cls, target: Any, *, fee_mode: str = "auto", receipt_timeout: float = 120.0, timeout: float = 30.0) -> Client:
        """Connects to a chain.

        Args:
            target: An HTTP(S) JSON-RPC URL; the string ``"embedded"`` for a fresh in-process chain;
                a managed chain from :mod:`bank_collectibles.chains` (started); or a `web3.Web3`
                (used as it is configured: the client changes nothing in a Web3 it is given).
            fee_mode: ``"auto"`` (EIP-1559 when the node reports a base fee, else legacy),
                ``"legacy"`` or ``"eip1559"``.
            receipt_timeout: Seconds to wait for a transaction to be mined.
            timeout: Seconds for one HTTP request.

        Returns:
            A connected client.

        Raises:
            NodeUnreachable: Nothing answers at the URL, or the managed chain is not running.
            InvalidInput: `target` is none of the above.
        """
        if isinstance(target, Web3):
            return cls(target, fee_mode=fee_mode, receipt_timeout=receipt_timeout)
        if isinstance(target, str) and target == "embedded":
            from .chains import EmbeddedChain

            target = EmbeddedChain()
            target.start()
        if isinstance(target, str):
            if not target.startswith(("http://", "https://")):
                raise InvalidInput(f"{target!r} is not an http(s) URL, 'embedded', a managed chain or a Web3")
            w3 = _cache_chain_id(Web3(Web3.HTTPProvider(target, request_kwargs={"timeout": timeout})))
            return cls(w3, url=target, fee_mode=fee_mode, receipt_timeout=receipt_timeout)
        if hasattr(target, "web3"):
            # Asked first: a stopped node chain has no URL (its `rpc_url` raises ChainNotRunning).
            if not target.is_running():
                raise NodeUnreachable("the managed chain is not running: start it first (`collectibles chain up`)")
            url = target.rpc_url
            w3 = _cache_chain_id(target.web3())
            return cls(w3, url=url, fee_mode=fee_mode, receipt_timeout=receipt_timeout, chain=target)
        raise InvalidInput(f"cannot connect to {target!r}: give a URL, 'embedded', a managed chain or a Web3")

    def sender(self, signer: Signer) -> Sender:
        """The sender for `signer`, sharing this client's nonces, fees and gas cache."""
        if not isinstance(signer, Signer):
            raise InvalidInput(f"{signer!r} is not a signer (it needs .address and .sign_transaction)")
        sender = self._senders.get(signer.address)
        if sender is None or sender.signer is not signer:
            sender = Sender(self.node, signer, self.chain_id, self.nonces, self.fees, self.gas, self.receipt_timeout)
            self._senders[signer.address] = sender
        return sender

    def mine(self, blocks: int = 1) -> None:
        """Mines empty blocks on a development chain (Anvil, Ganache, embedded)."""
        self.node.mine(blocks)

    def __repr__(self) -> str:
        return f"Client(chain_id={self.chain_id}, node={self.node.url})"


def _cache_chain_id(w3: Web3) -> Web3:
    """`w3` with its provider answering `eth_chainId` from memory after the first request.

    web3's validation middleware asks the chain id before every `eth_call` and `eth_estimateGas`,
    doubling the round trips of the client's reads and pre-flights; the id of a connection never
    changes. Only `eth_chainId` is cached, and only in a Web3 the client made itself.
    """
    provider = w3.provider
    if hasattr(provider, "cache_allowed_requests"):
        provider.cacheable_requests = {RPCEndpoint("eth_chainId")}
        provider.cache_allowed_requests = True
    return w3
