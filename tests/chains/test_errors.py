"""Each failure gives a one-line error from the ChainError family that names what fixes it."""

from __future__ import annotations

import socket

import pytest

from bank_collectibles.chains import (
    NODE_MODULES_ENV,
    AnvilChain,
    ChainError,
    ChainNotRunning,
    ChainStartError,
    ConsortiumProfile,
    GanacheChain,
    NodeJsNotFound,
    PackageNotInstalled,
    PortInUse,
    make_chain,
)


@pytest.mark.parametrize("kind", ["anvil", "ganache"])
@pytest.mark.parametrize("via", ["argument", "environment"])
def test_missing_npm_package_names_the_install_command(tmp_path, monkeypatch, kind, via):
    empty = tmp_path / "node_modules"
    empty.mkdir()
    options = {"node_modules": empty} if via == "argument" else {}
    if via == "environment":
        monkeypatch.setenv(NODE_MODULES_ENV, str(empty))
    chain = make_chain(kind, ConsortiumProfile(state_dir=tmp_path / "state"), **options)

    with pytest.raises(PackageNotInstalled) as caught:
        chain.start()

    message = str(caught.value)
    assert "run `make install` (or `npm ci --ignore-scripts`) in " + str(tmp_path) in message
    assert "\n" not in message
    assert not chain.is_running()


def test_missing_node_js_names_the_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    chain = GanacheChain(ConsortiumProfile(state_dir=tmp_path))

    with pytest.raises(NodeJsNotFound, match="Node.js is missing.*apt install nodejs") as caught:
        chain.start()
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("chain_class", [AnvilChain, GanacheChain])
def test_fixed_port_in_use(tmp_path, chain_class):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        chain = chain_class(ConsortiumProfile(state_dir=tmp_path), port=port)

        with pytest.raises(PortInUse, match=f"port {port} .*already in use") as caught:
            chain.start()

    assert "\n" not in str(caught.value)
    assert not chain.is_running()


def test_a_node_that_dies_at_start_up_is_reported_with_its_log(tmp_path):
    (tmp_path / "anvil-state.json").write_text("{not json")  # Anvil refuses to load this
    chain = AnvilChain(ConsortiumProfile(state_dir=tmp_path))

    with pytest.raises(ChainStartError, match="anvil exited with code") as caught:
        chain.start()

    assert "failed to parse json" in str(caught.value)  # the node's own words, from its log
    assert not chain.is_running() and not (tmp_path / "node.json").exists()


@pytest.mark.parametrize("kind", ["anvil", "embedded"])
def test_a_stopped_chain_has_no_connection(tmp_path, kind):
    chain = make_chain(kind, ConsortiumProfile(state_dir=tmp_path))

    chain.stop()  # stopping what is not running does nothing
    with pytest.raises(ChainNotRunning):
        chain.web3()
    assert issubclass(ChainNotRunning, ChainError)
