"""Anvil (Foundry's local node), run from its npm platform package."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

from ._errors import PackageNotInstalled, UnsupportedFeature
from ._node import NodeChain
from ._paths import install_hint
from ._process import HOST

# npm's names for the machines @foundry-rs/anvil ships a binary for (see its const.mjs).
_ARCHES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
_PLATFORMS = {"linux": "linux", "darwin": "darwin"}


def anvil_binary(node_modules: Path) -> Path:
    """The native Anvil binary inside ``node_modules`` for this machine.

    The binary is launched directly rather than through ``node_modules/.bin/anvil``, a Node.js
    wrapper that would run it as a grandchild we could neither signal nor tie to our lifetime.

    Args:
        node_modules: The project's ``node_modules`` folder.

    Returns:
        ``<node_modules>/@foundry-rs/anvil-<platform>-<arch>/bin/anvil``.

    Raises:
        UnsupportedFeature: No Anvil build exists for this operating system or CPU.
        PackageNotInstalled: The binary is not there.
    """
    system = _PLATFORMS.get(sys.platform)
    arch = _ARCHES.get(platform.machine().lower())
    if system is None or arch is None:
        raise UnsupportedFeature(
            f"no Anvil build for {sys.platform}/{platform.machine()}: use GanacheChain or EmbeddedChain"
        )
    binary = node_modules / "@foundry-rs" / f"anvil-{system}-{arch}" / "bin" / "anvil"
    if not os.access(binary, os.X_OK):
        raise PackageNotInstalled(f"Anvil is not installed ({binary} is missing): {install_hint(node_modules)}")
    return binary


class AnvilChain(NodeChain):
    """A local chain on Anvil.

    State: with ``profile.persist`` the chain lives in ``<state_dir>/anvil-state.json``,
    written every ``profile.state_interval`` seconds and on a graceful stop, and loaded at start.
    Zero gas (``profile.gas_price == 0``) runs with base fee 0 and no minimum priority fee.
    Anvil's newest hardfork is used; it runs Shanghai bytecode.

    Args:
        profile, port, node_modules, start_timeout, stop_timeout: See ``NodeChain``.
    """

    kind = "anvil"

    @property
    def state_file(self) -> Path:
        """The file Anvil loads its state from and dumps it to (used when ``profile.persist``)."""
        return self.state_dir / "anvil-state.json"

    def _command(self, port: int) -> list[str]:
        profile = self._profile
        argv = [
            str(anvil_binary(self._node_modules)),
            "--host", HOST,
            "--port", str(port),
            "--chain-id", str(profile.chain_id),
            "--mnemonic", profile.mnemonic,
            "--accounts", str(profile.account_count),
            "--balance", str(profile.balance_eth),
            "--gas-limit", str(profile.gas_limit),
            "--color", "never",
        ]  # fmt: skip
        if profile.block_time is not None:
            argv += ["--block-time", str(profile.block_time)]
        if profile.gas_price == 0:
            # A base fee of 0 stays 0 under EIP-1559 (unless a block is over half full), so
            # legacy transactions with gasPrice 0 pass; eth_gasPrice then suggests 0 as well.
            argv += ["--gas-price", "0", "--base-fee", "0", "--disable-min-priority-fee"]
        elif profile.gas_price is not None:
            argv += ["--gas-price", str(profile.gas_price)]
        if profile.persist:
            argv += ["--state", str(self.state_file), "--state-interval", str(profile.state_interval)]
        return argv
