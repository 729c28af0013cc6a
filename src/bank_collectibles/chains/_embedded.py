"""The embedded chain: eth-tester with py-evm, inside this Python process."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ._base import ChainStatus, LocalChain
from ._errors import ChainAlreadyRunning, ChainNotRunning, ToolNotFound, UnsupportedFeature
from ._profile import DERIVATION_PATH, ConsortiumProfile

if TYPE_CHECKING:
    from web3 import Web3

_EXTRA_HINT = "pip install 'bank-collectibles[embedded]'"
# What web3's tester provider reports for eth_gasPrice and the priority fee when the profile
# keeps the node's default fees.
_DEFAULT_GAS_PRICE = 10**9


class EmbeddedChain(LocalChain):
    """An in-process chain (eth-tester on py-evm, Prague rules, so Shanghai bytecode runs).

    Needs no node and no Node.js, but it is several times slower than Anvil and it **keeps
    nothing**: every ``start()`` (and ``restart()``) begins from a new genesis, so the profile's
    ``state_dir``, ``persist`` and ``state_interval`` are ignored. It has no RPC URL and no log:
    connect with ``web3()``. Blocks are mined one per transaction.

    Args:
        profile: The consortium profile; the default one when None. ``block_time`` must be None.

    Raises:
        UnsupportedFeature: The profile asks for interval mining.
    """

    kind = "embedded"

    def __init__(self, profile: ConsortiumProfile | None = None) -> None:
        super().__init__(profile)
        if self._profile.block_time is not None:
            raise UnsupportedFeature(
                "the embedded chain mines each transaction at once: use AnvilChain or GanacheChain for block_time"
            )
        self._tester: Any = None

    @property
    def rpc_url(self) -> None:
        """Always None: the embedded chain has no server; use ``web3()``."""
        return None

    @property
    def log_path(self) -> Path | None:
        """Always None: the embedded chain writes no log."""
        return None

    def start(self, *, detach: bool = False) -> Self:
        """Create the chain at genesis with the profile's accounts, chain id, gas limit and fees.

        Args:
            detach: Must be False: the chain lives in this process.

        Returns:
            self, running.

        Raises:
            UnsupportedFeature: ``detach`` is True.
            ChainAlreadyRunning: It already runs.
            ToolNotFound: eth-tester or py-evm is not installed.
        """
        if detach:
            raise UnsupportedFeature(
                "the embedded chain lives in this Python process: use AnvilChain or GanacheChain to detach"
            )
        if self._tester is not None:
            raise ChainAlreadyRunning("the embedded chain is already running")
        self._tester = _new_tester(self._profile)
        return self

    def stop(self) -> None:
        """Discard the chain and all its state."""
        self._tester = None

    def kill(self) -> None:
        """Same as ``stop()``: there is no process to kill."""
        self.stop()

    def is_running(self) -> bool:
        """Whether the chain exists (between ``start()`` and ``stop()``)."""
        return self._tester is not None

    def status(self) -> ChainStatus:
        """The chain's state (no URL, pid, state folder or log)."""
        return ChainStatus(kind=self.kind, running=self.is_running(), rpc_url=None, chain_id=self.chain_id)

    def web3(self) -> Web3:
        """A web3 connection to the chain; every connection from one ``start()`` shares its state.

        Raises:
            ChainNotRunning: The chain is not started.
        """
        if self._tester is None:
            raise ChainNotRunning("the embedded chain is not running: call start() first")
        from web3 import Web3
        from web3.providers.eth_tester import EthereumTesterProvider

        return Web3(EthereumTesterProvider(self._tester, api_endpoints=_endpoints(self._profile)))


def _new_tester(profile: ConsortiumProfile) -> Any:
    try:
        from eth_tester import EthereumTester, PyEVMBackend  # type: ignore[import-untyped]
        from eth_tester.backends.pyevm.main import get_default_genesis_params  # type: ignore[import-untyped]
        from eth_tester.exceptions import BackendDistributionNotFound  # type: ignore[import-untyped]
    except ImportError:
        raise ToolNotFound(f"the embedded chain needs eth-tester and py-evm: {_EXTRA_HINT}") from None

    chain_id = profile.chain_id

    class Backend(PyEVMBackend):  # type: ignore[misc]
        def reset_to_genesis(self, *args: Any, **kwargs: Any) -> None:
            super().reset_to_genesis(*args, **kwargs)
            # eth-tester hard-codes a chain id on a chain class it creates per chain, so this
            # changes ours only; the CHAINID opcode (EIP-712 domains) reads it.
            type(self.chain).chain_id = chain_id

    genesis = get_default_genesis_params()
    genesis["gas_limit"] = profile.gas_limit
    if profile.gas_price == 0:
        genesis["base_fee_per_gas"] = 0  # a zero-gas chain: gasPrice-0 legacy transactions pass
    try:
        backend = Backend.from_mnemonic(
            profile.mnemonic,
            num_accounts=profile.account_count,
            hd_path=DERIVATION_PATH,  # eth-tester's own default path differs from Anvil's and Ganache's
            genesis_parameters=genesis,
            genesis_state_overrides={"balance": profile.balance_eth * 10**18},
        )
    except BackendDistributionNotFound:
        raise ToolNotFound(f"the embedded chain needs py-evm: {_EXTRA_HINT}") from None
    return EthereumTester(backend)


def _endpoints(profile: ConsortiumProfile) -> dict[str, dict[str, Any]]:
    """web3's tester endpoints with the profile's chain id and gas price (it hard-codes its own)."""
    from web3.providers.eth_tester.defaults import API_ENDPOINTS, static_return

    gas_price = _DEFAULT_GAS_PRICE if profile.gas_price is None else profile.gas_price
    endpoints = {namespace: dict(methods) for namespace, methods in API_ENDPOINTS.items()}
    endpoints["eth"]["chainId"] = static_return(profile.chain_id)
    endpoints["eth"]["gasPrice"] = static_return(gas_price)
    endpoints["eth"]["maxPriorityFeePerGas"] = static_return(min(gas_price, _DEFAULT_GAS_PRICE))
    endpoints["net"]["version"] = static_return(str(profile.chain_id))
    return endpoints
