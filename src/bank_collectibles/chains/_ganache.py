"""Ganache 7.9, run with ``node`` from the project's ``node_modules``."""

from __future__ import annotations

import shutil
from pathlib import Path

from ._errors import NodeJsNotFound, PackageNotInstalled, UnsupportedFeature
from ._node import NodeChain
from ._paths import install_hint
from ._process import HOST
from ._profile import ConsortiumProfile


def ganache_command(node_modules: Path) -> list[str]:
    """``node`` and Ganache's command-line script.

    Args:
        node_modules: The project's ``node_modules`` folder.

    Returns:
        ``[<path of node>, <node_modules>/ganache/dist/node/cli.js]``; Ganache serves from the
        ``node`` process itself, so that process is the one to signal.

    Raises:
        NodeJsNotFound: ``node`` is not on PATH.
        PackageNotInstalled: Ganache is not in ``node_modules``.
    """
    node = shutil.which("node")
    if node is None:
        raise NodeJsNotFound(
            "Node.js is missing: Ganache runs on `node` 18 or newer; install it "
            "(Debian/Ubuntu: `apt install nodejs`, macOS: `brew install node`) and put `node` on PATH"
        )
    cli = node_modules / "ganache" / "dist" / "node" / "cli.js"
    if not cli.is_file():
        raise PackageNotInstalled(f"Ganache is not installed ({cli} is missing): {install_hint(node_modules)}")
    return [node, str(cli)]


class GanacheChain(NodeChain):
    """A local chain on Ganache (hardfork Shanghai, its newest).

    State: with ``profile.persist`` the chain lives in the database folder
    ``<state_dir>/ganache-db``, written at every block, so even a ``kill()`` keeps it.
    A zero-gas profile is refused: see ``_check_profile``.

    Args:
        profile, port, node_modules, start_timeout, stop_timeout: See ``NodeChain``.
    """

    kind = "ganache"

    @staticmethod
    def _check_profile(profile: ConsortiumProfile) -> None:
        if profile.gas_price == 0:
            # Ganache's genesis base fee is a fixed 1 gwei and EIP-1559 never lowers it below
            # 7 wei, so `--miner.defaultGasPrice 0` alone still rejects every gasPrice-0 transaction.
            raise UnsupportedFeature(
                "Ganache cannot run a zero-gas chain (its base fee starts at 1 gwei and never reaches 0): "
                "use AnvilChain or EmbeddedChain for gas_price=0"
            )

    def _command(self, port: int) -> list[str]:
        profile = self._profile
        argv = ganache_command(self._node_modules) + [
            "--server.host", HOST,
            "--server.port", str(port),
            "--chain.chainId", str(profile.chain_id),
            "--chain.networkId", str(profile.chain_id),
            "--chain.hardfork", "shanghai",
            "--wallet.mnemonic", profile.mnemonic,
            "--wallet.totalAccounts", str(profile.account_count),
            "--wallet.defaultBalance", str(profile.balance_eth),
            "--miner.blockGasLimit", str(profile.gas_limit),
        ]  # fmt: skip
        if profile.block_time is not None:
            argv += ["--miner.blockTime", str(profile.block_time)]
        if profile.gas_price is not None:
            argv += ["--miner.defaultGasPrice", str(profile.gas_price)]
        if profile.persist:
            argv += ["--database.dbPath", str(self.state_dir / "ganache-db")]
        return argv
