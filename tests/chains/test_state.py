"""State on disk across restarts, interval mining and zero-gas chains."""

from __future__ import annotations

import pytest
from eth_account import Account

from bank_collectibles.chains import EmbeddedChain, GanacheChain, UnsupportedFeature
from bank_collectibles.chains._process import free_port

from ._helpers import RUNTIME, deploy_reporter, send, wait_until


@pytest.mark.parametrize("kind", ["anvil", "ganache"])
def test_graceful_restart_keeps_the_chain(start_chain, kind):
    port = free_port()
    # A long dump interval: only the graceful stop can have saved the contract (Anvil).
    chain = start_chain(kind, port=port, state_interval=3600)
    w3 = chain.web3()
    address = deploy_reporter(w3, chain.accounts[0])
    height = w3.eth.block_number

    chain.restart()

    w3 = chain.web3()
    assert chain.rpc_url == f"http://127.0.0.1:{port}"  # the fixed port is kept
    assert bytes(w3.eth.get_code(address)) == RUNTIME
    assert w3.eth.block_number >= height
    # The deployer's nonce survived too, so it can carry on sending.
    assert send(w3, chain.accounts[0], to=Account.create().address, value=1)["status"] == 1


def test_kill_loses_what_anvil_has_not_dumped(start_chain):
    chain = start_chain("anvil", state_interval=3600)
    kept = deploy_reporter(chain.web3(), chain.accounts[0])
    chain.restart()  # graceful: dumps `kept`
    lost = deploy_reporter(chain.web3(), chain.accounts[0])

    chain.kill()
    assert not chain.is_running()
    chain.start()

    w3 = chain.web3()
    assert bytes(w3.eth.get_code(kept)) == RUNTIME
    assert bytes(w3.eth.get_code(lost)) == b""


def test_state_is_not_kept_without_persist(start_chain):
    chain = start_chain("anvil", persist=False)
    address = deploy_reporter(chain.web3(), chain.accounts[0])

    chain.restart()

    assert bytes(chain.web3().eth.get_code(address)) == b""
    assert not (chain.state_dir / "anvil-state.json").exists()


@pytest.mark.parametrize("kind", ["anvil", "ganache"])
def test_interval_mining_makes_blocks_without_transactions(start_chain, kind):
    chain = start_chain(kind, block_time=1, persist=False)
    w3 = chain.web3()
    first = w3.eth.block_number

    assert wait_until(lambda: w3.eth.block_number > first, timeout=15, interval=0.2)
    # A transaction still gets mined, in the next interval block.
    assert send(w3, chain.accounts[0], to=Account.create().address, value=1)["status"] == 1


@pytest.mark.parametrize("kind", ["anvil", "embedded"])
def test_zero_gas_chain_accepts_gas_price_zero(start_chain, kind):
    chain = start_chain(kind, gas_price=0, persist=False)
    w3 = chain.web3()
    sender = chain.accounts[0]
    before = w3.eth.get_balance(sender.address)

    receipt = send(w3, sender, to=Account.create().address, value=1_000, gasPrice=0)
    address = deploy_reporter(w3, sender, gasPrice=0)

    assert receipt["status"] == 1 and receipt["effectiveGasPrice"] == 0
    assert w3.eth.get_balance(sender.address) == before - 1_000  # no fee paid at all
    assert bytes(w3.eth.get_code(address)) == RUNTIME
    assert w3.eth.gas_price == 0


def test_ganache_refuses_a_zero_gas_profile(tmp_path):
    from bank_collectibles.chains import ConsortiumProfile

    with pytest.raises(UnsupportedFeature, match="AnvilChain or EmbeddedChain"):
        GanacheChain(ConsortiumProfile(gas_price=0, state_dir=tmp_path))


def test_embedded_chain_refuses_what_it_cannot_do():
    from bank_collectibles.chains import ConsortiumProfile

    with pytest.raises(UnsupportedFeature, match="block_time"):
        EmbeddedChain(ConsortiumProfile(block_time=1))
    with pytest.raises(UnsupportedFeature, match="detach"):
        EmbeddedChain().start(detach=True)


def test_embedded_restart_begins_a_new_chain(start_chain):
    chain = start_chain("embedded")
    address = deploy_reporter(chain.web3(), chain.accounts[0])

    chain.restart()

    assert chain.web3().eth.block_number == 0
    assert bytes(chain.web3().eth.get_code(address)) == b""
