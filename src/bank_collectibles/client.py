"""The entry point: a connection to one chain, and the signers that act on it."""

from __future__ import annotations

from typing import Any

from web3 import Web3
from web3.types import RPCEndpoint

from ._contracts import positive
from ._fees import FeeOracle
from ._nonces import NonceManager
from ._rpc import Node, Receipt, http_provider
from ._sending import GasCache, Sender, wait_for_receipt
from .errors import InvalidInput, NodeUnreachable, TransactionTimeout
from .signers import Signer


class Client:
    """A connection to an EVM chain (any JSON-RPC node, a managed local chain, or the embedded one).

    One client holds the node connection, the nonce counters, the fee oracle and the gas cache;
    signers share them, so several bank roles (KYC officer, issuer, minter) can act through one
    client without nonce races. Create it with :meth:`connect`.

    Its repr and messages show the node's URL as scheme://host:port only: the path, query and
    user info of a gateway URL (where API keys go) never appear.

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
                (used as it is configured: the client changes nothing in a Web3 it is given, so
                give it an HTTP provider with ``exception_retry_configuration`` that does not
                retry ``eth_sendRawTransaction``, as the client's own providers do).
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
            w3 = _cache_chain_id(Web3(http_provider(target, timeout=timeout)))
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
        """The sender for `signer`, sharing this client's nonces, fees and gas cache.

        Args:
            signer: A local, keystore or external signer.

        Returns:
            The one `Sender` of this client for `signer`'s address (a new signer object for the
            same address gets a new sender, with the same nonces).

        Raises:
            InvalidInput: `signer` is not a signer.
        """
        if not isinstance(signer, Signer):
            raise InvalidInput(f"{signer!r} is not a signer (it needs .address and .sign_transaction)")
        sender = self._senders.get(signer.address)
        if sender is None or sender.signer is not signer:
            sender = Sender(self.node, signer, self.chain_id, self.nonces, self.fees, self.gas, self.receipt_timeout)
            self._senders[signer.address] = sender
        return sender

    def wait_for_receipt(self, tx_hash: str, timeout: float | None = None) -> Receipt:
        """Waits for a transaction sent before, such as one a failed send names.

        A send that raised `NodeUnreachable` or `TransactionTimeout` with a `tx_hash` may still
        have delivered its transaction: wait for it here before retrying, and send the call again
        only when this says the node does not have it.

        Args:
            tx_hash: The transaction's hash (``error.tx_hash``).
            timeout: Seconds to wait; the client's ``receipt_timeout`` when None.

        Returns:
            The receipt of the mined transaction (status 1).

        Raises:
            TransactionTimeout: Not mined in time. Its ``known`` is False when the node does not
                have the transaction (never received, or dropped): then sending the call again
                is safe; otherwise it may still land, so wait again.
            ContractError: It was mined and reverted: the contract's error, with ``tx_hash``.
            OutOfGas: It was mined and ran out of gas.
            NodeUnreachable: The node does not answer.
            InvalidInput: `tx_hash` is not a transaction hash.

        Example:
            try:
                collection.mint(edition, [customer])
            except NodeUnreachable as error:
                if error.tx_hash:
                    client.wait_for_receipt(error.tx_hash)
        """
        try:
            return wait_for_receipt(self.node, tx_hash, self.receipt_timeout if timeout is None else timeout)
        except TransactionTimeout as error:
            if error.known is False:  # a lost transaction's nonce is free again: read every counter anew
                self.nonces.resync_all()
            raise

    def mine(self, blocks: int = 1) -> None:
        """Mines empty blocks on a development chain (Anvil, Ganache, embedded).

        Args:
            blocks: How many: a positive int.

        Raises:
            InvalidInput: `blocks` is not a positive int; nothing is mined.
            NodeError: The node has no mining method (a production node).
        """
        self.node.mine(positive(blocks, "blocks"))

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
