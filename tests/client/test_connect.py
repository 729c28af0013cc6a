"""Connecting to a chain (URL, embedded, managed chain, Web3) and the fees the client pays."""

from __future__ import annotations

import pytest

from bank_collectibles import Client, Collection, Deployment, DeploymentError, NodeUnreachable
from bank_collectibles.chains import AnvilChain, ConsortiumProfile, EmbeddedChain

from ._suite import Suite, nothing_sent


def test_connect_to_the_chain_by_url_object_and_web3_reads_the_same_deployment(any_suite: Suite):
    chain = any_suite.chain
    targets = [chain, chain.web3()] + ([chain.rpc_url] if chain.rpc_url else [])
    for target in targets:
        client = Client.connect(target)
        assert client.chain_id == 8888
        # Reads only: a second client writing as the suite's signers would race their nonces.
        deployment = Deployment.load(client, any_suite.deployment.manifest_path)
        assert deployment.registry.is_verified(any_suite.issuer.address)
        assert deployment.collection.address == any_suite.collection.address
    assert Client.connect(chain).chain is chain
    assert Client.connect(chain.web3()).chain is None  # a bare Web3: reveal() will not mine blocks
    if chain.rpc_url:
        assert Client.connect(chain.rpc_url).node.url == chain.rpc_url


def test_a_read_is_one_round_trip_and_a_given_web3_is_left_as_it_is(suite: Suite, monkeypatch: pytest.MonkeyPatch):
    client = Client.connect(suite.chain.rpc_url)
    provider = type(client.web3.provider)
    posts: list[str] = []
    real = provider._make_request

    def counting(self, method, params):
        posts.append(method)
        return real(self, method, params)

    monkeypatch.setattr(provider, "_make_request", counting)
    for _ in range(3):
        Collection(client, suite.collection.address).total_supply()
    assert posts == ["eth_call"] * 3  # web3's own chain-id lookup before each call is answered from memory
    given = suite.chain.web3()
    assert Client.connect(given).web3 is given and not given.provider.cache_allowed_requests


def test_a_contract_object_at_the_wrong_address_says_so_and_sends_nothing(any_suite: Suite):
    s = any_suite
    (customer,) = s.addresses(1)
    nowhere = Collection(s.client, customer, s.issuer)
    with pytest.raises(DeploymentError, match=f"{customer} is not a Collection on chain 8888 \\(no contract there\\)"):
        nowhere.total_supply()
    with nothing_sent(s.client, s.issuer.address), pytest.raises(DeploymentError, match="no contract there"):
        nowhere.pause()  # a transaction to an account without code would succeed and do nothing


def test_connect_embedded_starts_a_fresh_in_process_chain():
    client = Client.connect("embedded")
    try:
        assert isinstance(client.chain, EmbeddedChain) and client.chain.is_running()
        assert client.chain_id == 8888
        assert client.node.block_number() == 0
        assert "embedded" in repr(client)
    finally:
        client.chain.stop()


def test_connecting_to_a_managed_chain_that_is_not_running_says_so(tmp_path):
    with pytest.raises(NodeUnreachable, match="not running"):
        Client.connect(AnvilChain(ConsortiumProfile(state_dir=tmp_path, persist=False)))


def test_a_node_that_stops_answering_raises_node_unreachable_with_what_to_do(tmp_path):
    chain = AnvilChain(ConsortiumProfile(state_dir=tmp_path, persist=False)).start()
    try:
        client = Client.connect(chain)
        assert client.node.block_number() == 0
    finally:
        chain.stop()
    with pytest.raises(NodeUnreachable, match="is not answering: start it"):
        client.node.block_number()


def test_fees_follow_the_chain_profile(any_suite: Suite):
    """Zero-gas chains take transactions at price 0 from customers holding no ether; Ganache
    charges EIP-1559 fees, which the customer pays."""
    client = any_suite.client
    (customer,) = any_suite.customers(1)
    (token,) = any_suite.mint(any_suite.edition(), [customer])
    (friend,) = any_suite.customers(1)
    before = client.node.balance(customer.address)
    tx = any_suite.collection.using(customer).transfer(token, friend.address)
    sent = client.node.transaction(tx.tx_hash)
    assert client.fees.mode == "eip1559" and sent["type"] == 2
    receipt = client.web3.eth.get_transaction_receipt(tx.tx_hash)
    if any_suite.charges_gas:
        assert sent["maxFeePerGas"] > 0
        assert client.node.balance(customer.address) == before - tx.gas_used * receipt["effectiveGasPrice"]
    else:
        assert before == 0 and sent["maxFeePerGas"] == 0
        assert client.node.balance(customer.address) == 0


def test_a_legacy_zero_gas_client_sends_type_0_transactions_at_price_0(suite: Suite):
    # A separate client for a customer only this client signs for (no nonce shared with the suite's).
    client = Client.connect(suite.chain, fee_mode="legacy")
    (customer, friend) = suite.customers(2)
    (token,) = suite.mint(suite.edition(), [customer])
    tx = Collection(client, suite.collection.address, customer).transfer(token, friend.address)
    sent = client.node.transaction(tx.tx_hash)
    assert sent["type"] == 0 and sent["gasPrice"] == 0
    assert client.fees.quote().fields == {"gasPrice": 0}
    assert suite.collection.token(token).owner == friend.address
