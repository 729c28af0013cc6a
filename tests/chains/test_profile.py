"""The consortium profile, the public surface and where node_modules is found (no node started)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bank_collectibles.chains as chains
from bank_collectibles.chains import (
    DEFAULT_MNEMONIC,
    NODE_MODULES_ENV,
    AnvilChain,
    ConsortiumProfile,
    InvalidProfile,
    UnsupportedFeature,
    make_chain,
)
from bank_collectibles.chains._paths import resolve_node_modules

from .._support import ROOT


def test_public_surface_is_pinned():
    assert sorted(chains.__all__) == [
        "AnvilChain", "CHAIN_KINDS", "ChainAlreadyRunning", "ChainError", "ChainNotRunning",
        "ChainStartError", "ChainStatus", "ConsortiumProfile", "DEFAULT_MNEMONIC", "DevAccount",
        "EmbeddedChain", "GanacheChain", "InvalidProfile", "LocalChain", "NODE_MODULES_ENV",
        "NodeChain", "NodeJsNotFound", "PackageNotInstalled", "PortInUse", "ToolNotFound",
        "UnsupportedFeature", "make_chain",
    ]  # fmt: skip
    assert all(hasattr(chains, name) for name in chains.__all__)
    # Every chain error shares one root, so a caller can catch them all.
    errors = [getattr(chains, name) for name in chains.__all__ if isinstance(getattr(chains, name), type)]
    assert {e for e in errors if issubclass(e, Exception)} <= {e for e in errors if issubclass(e, chains.ChainError)}


def test_default_profile():
    profile = ConsortiumProfile()

    assert profile.chain_id == 8888
    assert profile.mnemonic == DEFAULT_MNEMONIC
    assert profile.block_time is None and profile.gas_price is None
    assert profile.gas_limit >= 30_000_000
    assert len(profile.accounts()) >= 10


def test_accounts_are_the_well_known_development_accounts():
    first, second = ConsortiumProfile().accounts()[:2]

    # The addresses and keys Anvil, Hardhat and Ganache (with this mnemonic) print.
    assert first.address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    assert first.private_key == "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    assert second.address == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    assert len(ConsortiumProfile(account_count=25).accounts()) == 25


def test_repr_hides_keys_and_mnemonic():
    profile = ConsortiumProfile()
    shown = repr(profile) + repr(profile.accounts())

    assert "junk" not in shown
    assert "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" not in shown
    assert "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" in shown


@pytest.mark.parametrize(
    "fields",
    [
        {"chain_id": 0}, {"account_count": 0}, {"balance_eth": 0}, {"block_time": 0},
        {"gas_price": -1}, {"gas_limit": 100}, {"state_interval": 0},
    ],  # fmt: skip
)
def test_out_of_range_settings_are_refused(fields):
    with pytest.raises(InvalidProfile, match=next(iter(fields))):
        ConsortiumProfile(**fields)


def test_invalid_mnemonic_is_refused():
    with pytest.raises(InvalidProfile, match="mnemonic"):
        ConsortiumProfile(mnemonic="not a real phrase at all").accounts()


def test_profile_round_trips_through_json_values(tmp_path):
    profile = ConsortiumProfile(chain_id=7, block_time=1, gas_price=0, state_dir=tmp_path)

    assert ConsortiumProfile.from_dict(profile.to_dict()) == profile
    assert ConsortiumProfile(state_dir=str(tmp_path)).state_dir == tmp_path  # type: ignore[arg-type]


def test_node_modules_resolution_order(tmp_path, monkeypatch):
    monkeypatch.delenv(NODE_MODULES_ENV, raising=False)
    assert resolve_node_modules() == ROOT / "node_modules"

    monkeypatch.setenv(NODE_MODULES_ENV, str(tmp_path / "from-env"))
    assert resolve_node_modules() == tmp_path / "from-env"
    assert resolve_node_modules(tmp_path / "explicit") == tmp_path / "explicit"


def test_default_state_dir_is_under_the_project_build_folder():
    assert AnvilChain().state_dir == ROOT / "build" / "chains" / "anvil"
    assert AnvilChain(ConsortiumProfile(state_dir=Path("elsewhere"))).state_dir == Path("elsewhere")


def test_unknown_kind_is_refused():
    with pytest.raises(UnsupportedFeature, match="anvil, ganache, embedded"):
        make_chain("besu")
