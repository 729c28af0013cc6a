"""Sending when things fail: lost answers, a node that stops answering, a failing signer, many
threads, and gateway URLs whose API keys must never show."""

from __future__ import annotations

import dataclasses
import json
import pickle
import secrets
import threading
import traceback
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bank_collectibles._rpc import READ_METHODS, Receipt, redact_url
from bank_collectibles._sending import ContractCall
from bank_collectibles.chains import LocalChain
from bank_collectibles.chains._process import free_port
from bank_collectibles.client import Client
from bank_collectibles.errors import (
    CollectiblesError,
    InvalidInput,
    NodeUnreachable,
    RpcError,
    SignerError,
    TransactionTimeout,
    UnknownRevert,
)
from bank_collectibles.signers import ExternalSigner, LocalSigner

HTTP_TIMEOUT = 0.5  # the client's HTTP timeout through the gateway; a stalled answer outlasts it
SECRET_PATH, SECRET_QUERY, SECRET_PASSWORD = "/v3/PATHKEY7f3a", "apikey=QUERYKEY91c2", "PASSWORDc4d"


def transfer(to: str, value: int = 1) -> ContractCall:
    return ContractCall(to=to, data=b"", shape="transfer", label="transfer", value=value)


class Gateway:
    """A JSON-RPC gateway in front of a node that loses answers on request, as a load balancer
    or a flaky network does. It takes any path and query (where gateways put API keys).

    Faults (each for the next `eth_sendRawTransaction` requests, then off):
        deliver: forward the transaction to the node, then never answer (the client times out).
        lose: never forward it, and never answer.
    `blackout_after_delivery`: after a delivered fault, every request goes unanswered until
    `restore()`. `unauthorized`: answer everything with HTTP 401, as a gateway with a bad key.
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.faults: list[str] = []
        self.delivered: list[str] = []  # raw transactions the node received through the gateway
        self.blackout_after_delivery = False
        self.unauthorized = False
        self._blackout = threading.Event()
        self._restored = threading.Event()
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                gateway._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://user:{SECRET_PASSWORD}@127.0.0.1:{self.port}{SECRET_PATH}?{SECRET_QUERY}"

    def restore(self) -> None:
        self._blackout.clear()
        self._restored.set()

    def close(self) -> None:
        self.restore()
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers["Content-Length"]))
        payload = json.loads(body)
        methods = [call["method"] for call in (payload if isinstance(payload, list) else [payload])]
        if self.unauthorized:
            request.send_response(401)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        if self._blackout.is_set():
            self._restored.wait(30)
            return  # no answer: the connection closes
        fault = None
        with self._lock:
            if methods == ["eth_sendRawTransaction"] and self.faults:
                fault = self.faults.pop(0)
        if fault == "lose":
            self._restored.wait(HTTP_TIMEOUT * 3)
            return
        answer = self._forward(body)
        if "eth_sendRawTransaction" in methods:
            self.delivered.append(payload["params"][0] if isinstance(payload, dict) else "batch")
        if fault == "deliver":
            if self.blackout_after_delivery:
                self._restored.clear()
                self._blackout.set()
            self._restored.wait(HTTP_TIMEOUT * 3)
            return
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(answer)))
        request.end_headers()
        request.wfile.write(answer)

    def _forward(self, body: bytes) -> bytes:
        forwarded = urllib.request.Request(self.upstream, data=body, headers={"Content-Type": "application/json"})
        with self._opener.open(forwarded, timeout=60) as response:
            return response.read()


def _http_only(chain: LocalChain) -> None:
    if chain.kind == "embedded":
        pytest.skip("the embedded chain runs in this process: no request to it can lose its answer")


@pytest.fixture
def gateway(any_chain: LocalChain) -> Iterator[Gateway]:
    _http_only(any_chain)
    gateway = Gateway(any_chain.rpc_url)
    yield gateway
    gateway.close()


def fresh_signer(client: Client, funder: LocalSigner) -> LocalSigner:
    """A new account with 1 ether and no transaction yet: its next nonce is 0, the one Ganache 7
    executes again when it is replayed (ganache#3794)."""
    signer = LocalSigner(secrets.token_bytes(32))
    client.sender(funder).send(transfer(signer.address, 10**18))
    return signer


def _funder(chain: LocalChain) -> LocalSigner:
    return LocalSigner(chain.accounts[0].private_key)


# ------------------------------------------------------------------------- B1: lost answers


@pytest.mark.parametrize("fault", ["deliver", "lose"])
def test_a_send_whose_answer_is_lost_is_sent_exactly_once(any_chain, gateway, fault):
    # "deliver": the node took the transaction and its answer was lost; resending it blindly
    # (web3's retry, or the sender's) executes it twice on Ganache. "lose": it never arrived,
    # and the sender sends it again.
    client = Client.connect(gateway.url, timeout=HTTP_TIMEOUT)
    signer = fresh_signer(client, _funder(any_chain))
    to = any_chain.accounts[2].address
    sender = client.sender(signer)
    for nonce, value in ((0, 5), (1, 7)):  # nonce 0, which Ganache does not check on a replay, then 1
        before = client.node.balance(to)
        gateway.faults.append(fault)
        gateway.delivered.clear()
        assert sender.send(transfer(to, value)).status == 1
        client.mine()
        assert client.node.balance(to) == before + value  # moved once
        assert client.node.nonce(signer.address, "latest") == nonce + 1
        assert len(gateway.delivered) == 1  # the node received it once: never resent once delivered


def test_providers_never_retry_a_send_by_themselves(any_chain):
    _http_only(any_chain)
    for w3 in (Client.connect(any_chain.rpc_url).web3, any_chain.web3()):
        retry = w3.provider.exception_retry_configuration
        assert retry is None or "eth_sendRawTransaction" not in retry.method_allowlist
        assert retry is None or not any(m.startswith("evm") for m in retry.method_allowlist)
    assert "eth_sendRawTransaction" not in READ_METHODS


# ------------------------------------------------------------ B5: a safe way to retry a send


def test_a_send_to_a_node_that_stops_answering_names_its_transaction_and_can_be_awaited(any_chain, gateway):
    client = Client.connect(gateway.url, timeout=HTTP_TIMEOUT)
    signer = fresh_signer(client, _funder(any_chain))
    to = any_chain.accounts[2].address
    before = client.node.balance(to)
    gateway.delivered.clear()
    gateway.faults.append("deliver")
    gateway.blackout_after_delivery = True
    with pytest.raises(NodeUnreachable) as raised:
        client.sender(signer).send(transfer(to, 3))
    error = raised.value
    assert error.nonce == 0 and error.tx_hash and error.tx_hash.startswith("0x")
    assert "may have reached the node" in str(error)
    assert f"client.wait_for_receipt('{error.tx_hash}')" in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.tx_hash, copy.nonce, str(copy)) == (error.tx_hash, 0, str(error))
    gateway.blackout_after_delivery = False
    gateway.restore()
    receipt = client.wait_for_receipt(error.tx_hash, timeout=10)
    assert isinstance(receipt, Receipt) and receipt.tx_hash == error.tx_hash and receipt.status == 1
    assert client.node.balance(to) == before + 3
    assert client.sender(signer).send(transfer(to, 1)).status == 1  # the counter was re-read: nonce 1
    assert client.node.nonce(signer.address, "latest") == 2
    assert len(gateway.delivered) == 2


def test_wait_for_receipt_returns_a_frozen_receipt_and_says_when_the_node_never_had_it(client, any_chain):
    signer = LocalSigner(any_chain.accounts[3].private_key)
    receipt = client.sender(signer).send(transfer(any_chain.accounts[4].address))
    awaited = client.wait_for_receipt(receipt.tx_hash.upper().replace("0X", "0x"), timeout=5)
    assert awaited == receipt
    with pytest.raises(dataclasses.FrozenInstanceError):
        awaited.status = 0  # type: ignore[misc]
    unknown = "0x" + "ab" * 32
    with pytest.raises(TransactionTimeout) as raised:
        client.wait_for_receipt(unknown, timeout=0.1)
    assert (raised.value.tx_hash, raised.value.known, raised.value.nonce) == (unknown, False, None)
    assert "sending the call again is safe" in str(raised.value)
    with pytest.raises(InvalidInput):
        client.wait_for_receipt("0x1234")


def test_wait_for_receipt_raises_the_failure_of_a_reverted_transaction(client, any_chain):
    sender = client.sender(LocalSigner(any_chain.accounts[3].private_key))
    # Init code that reverts at once with no data: PUSH1 0, PUSH1 0, REVERT.
    creation = ContractCall(to="", data=bytes.fromhex("60006000fd"), shape="revert", label="reverting creation")
    (signed,) = sender.sign([creation], gas_limits=[100_000])
    sender.broadcast(signed)
    with pytest.raises(UnknownRevert) as raised:
        client.wait_for_receipt(signed.hash, timeout=10)
    assert raised.value.tx_hash == signed.hash


# --------------------------------------------------------------- B3: a signer that fails


def test_a_failing_external_signer_raises_signer_error_and_leaves_no_nonce_gap(client, any_chain):
    local = fresh_signer(client, _funder(any_chain))
    failures = [ConnectionError(f"HSM unavailable (key {local._account.key.hex()})")]

    def hsm(tx: dict) -> bytes:
        if failures:
            raise failures.pop()
        return local.sign_transaction(tx)

    sender = client.sender(ExternalSigner(local.address, hsm))
    to = any_chain.accounts[2].address
    with pytest.raises(SignerError) as raised:
        sender.send(transfer(to, 2))
    error = raised.value
    assert isinstance(error, CollectiblesError) and isinstance(error.__cause__, ConnectionError)
    assert (error.address, error.nonce, error.label, error.cause) == (local.address, 0, "transfer", "ConnectionError")
    assert local._account.key.hex() not in str(error) and local._account.key.hex() not in repr(error)
    assert "nothing was sent" in str(error) and "HSM" in str(error)
    assert str(pickle.loads(pickle.dumps(error))) == str(error)  # crosses process boundaries intact
    receipt = sender.send(transfer(to, 2))  # not stalled behind a gap: it takes nonce 0
    assert client.node.transaction(receipt.tx_hash)["nonce"] == 0
    assert client.node.nonce(local.address, "latest") == 1


def test_a_signer_failing_inside_a_pipeline_gives_back_every_nonce_of_it(client, any_chain):
    local = fresh_signer(client, _funder(any_chain))
    calls: list[int] = []

    def hsm(tx: dict) -> bytes:
        calls.append(tx["nonce"])
        if len(calls) == 2:
            raise TimeoutError("KMS timed out")
        return local.sign_transaction(tx)

    sender = client.sender(ExternalSigner(local.address, hsm))
    to = any_chain.accounts[2].address
    with pytest.raises(SignerError) as raised:
        sender.sign([transfer(to), transfer(to), transfer(to)], gas_limits=[21_000] * 3)
    assert raised.value.nonce == 1
    signed = sender.sign([transfer(to), transfer(to)], gas_limits=[21_000] * 2)
    assert [tx.nonce for tx in signed] == [0, 1]
    assert sender.broadcast_many(signed) == [None, None]
    assert all(r.status == 1 for r in sender.wait(signed))


# ---------------------------------------------------------------------- B4: many threads


def test_many_threads_sending_for_one_signer_land_every_transaction_with_consecutive_nonces(any_chain):
    threads, sends = 8, 10
    client = Client.connect(any_chain)
    # eth-tester is not thread-safe, and Ganache leaves an estimate made while it mines unanswered:
    # requests to those two are serialised; other nodes take them concurrently.
    assert (client.node._lock is not None) == (any_chain.kind in ("embedded", "ganache"))
    signer = fresh_signer(client, _funder(any_chain))
    to = any_chain.accounts[2].address
    before = client.node.balance(to)
    receipts: list[Receipt] = []
    errors: list[BaseException] = []

    def work() -> None:
        for _ in range(sends):
            try:
                receipts.append(client.sender(signer).send(transfer(to)))
            except Exception as error:  # noqa: BLE001  (collected, asserted below)
                errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    assert len(receipts) == threads * sends and all(r.status == 1 for r in receipts)
    nonces = sorted(client.node.transaction(r.tx_hash)["nonce"] for r in receipts)
    assert nonces == list(range(threads * sends))
    assert client.node.nonce(signer.address, "latest") == threads * sends
    assert client.node.balance(to) == before + threads * sends


# ------------------------------------------------------------ B9: API keys in gateway URLs


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@mainnet.example.io/v3/KEY?apikey=K2#x", "https://mainnet.example.io"),
        ("http://127.0.0.1:8545", "http://127.0.0.1:8545"),
        ("http://[::1]:8545/rpc/KEY", "http://[::1]:8545"),
        ("https://node.example.com:443/", "https://node.example.com:443"),
    ],
)
def test_a_url_is_shown_as_scheme_host_and_port_only(url, shown):
    assert redact_url(url) == shown


def _shows_a_secret(text: str) -> bool:
    return any(secret in text for secret in ("PATHKEY", "QUERYKEY", SECRET_PASSWORD))


def _everything_shown(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error)


def test_a_gateway_url_never_shows_its_keys(any_chain, gateway):
    client = Client.connect(gateway.url, timeout=HTTP_TIMEOUT)
    assert repr(client) == f"Client(chain_id={client.chain_id}, node=http://127.0.0.1:{gateway.port})"
    assert client.node.url == f"http://127.0.0.1:{gateway.port}"
    gateway.unauthorized = True  # a gateway refusing the key answers 401 with the URL in requests' message
    with pytest.raises(RpcError) as refused:
        client.node.block_number()
    assert not _shows_a_secret(_everything_shown(refused.value)) and "401" in str(refused.value)
    gateway.close()
    with pytest.raises(NodeUnreachable) as down:
        client.node.block_number()
    assert f"http://127.0.0.1:{gateway.port}" in str(down.value)
    assert not _shows_a_secret(_everything_shown(down.value))
    with pytest.raises(NodeUnreachable) as batch_down:
        client.node.receipts(["0x" + "00" * 32])
    assert not _shows_a_secret(_everything_shown(batch_down.value))


def test_connecting_to_a_dead_gateway_never_shows_its_keys():
    url = f"https://user:{SECRET_PASSWORD}@127.0.0.1:{free_port()}{SECRET_PATH}?{SECRET_QUERY}"
    with pytest.raises(NodeUnreachable, match="is not answering: start it") as raised:
        Client.connect(url, timeout=HTTP_TIMEOUT)
    assert not _shows_a_secret(_everything_shown(raised.value))
