"""Signers sign for their address and never reveal a private key."""

import json
import logging
import pickle
import secrets

import pytest
from eth_account import Account

from bank_collectibles._sending import ContractCall
from bank_collectibles.errors import CollectiblesError, InvalidAddress, InvalidInput, SignedTransactionMismatch, SignerError
from bank_collectibles.signers import ExternalSigner, LocalSigner, tx_hash

from ._suite import YEAR, Suite, nothing_sent
from .test_validation import bad_checksum, staff

KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
TX = {"chainId": 8888, "nonce": 0, "to": ADDRESS, "value": 1, "gas": 21000, "gasPrice": 0, "data": b""}


def test_local_signer_signs_for_its_address_and_hides_the_key(caplog):
    signer = LocalSigner(KEY)
    assert signer.address == ADDRESS
    raw = signer.sign_transaction(TX)
    assert Account.recover_transaction(raw) == ADDRESS
    assert tx_hash(raw).startswith("0x") and len(tx_hash(raw)) == 66
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("signer %r %s", signer, signer)
    assert ADDRESS in caplog.text  # the log line was captured: the check below can fail
    for text in (repr(signer), str(signer), caplog.text):
        assert KEY[2:] not in text.lower()
    with pytest.raises(TypeError):
        pickle.dumps(signer)


def test_a_bad_key_is_rejected_without_echoing_it():
    bad = "0x" + "zz" * 32
    with pytest.raises(InvalidInput) as raised:
        LocalSigner(bad)
    assert "zz" not in str(raised.value) and raised.value.__cause__ is None


def test_from_env(monkeypatch):
    monkeypatch.setenv("BANK_KEY", KEY)
    assert LocalSigner.from_env("BANK_KEY").address == ADDRESS
    monkeypatch.delenv("BANK_KEY")
    with pytest.raises(InvalidInput, match="BANK_KEY is not set"):
        LocalSigner.from_env("BANK_KEY")


def test_keystore_round_trip_and_wrong_password(tmp_path):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(LocalSigner(KEY).to_keystore("s3cret")))
    assert LocalSigner.from_keystore(path, "s3cret").address == ADDRESS
    with pytest.raises(InvalidInput, match="wrong password"):
        LocalSigner.from_keystore(path, "guess")
    with pytest.raises(InvalidInput, match="cannot read keystore"):
        LocalSigner.from_keystore(tmp_path / "missing.json", "s3cret")
    for text in ("{}", "[]", '{"version": 3, "crypto": {}}', json.dumps({**json.loads(path.read_text()), "version": 2})):
        (tmp_path / "odd.json").write_text(text)
        with pytest.raises(InvalidInput, match="is not a keystore"):
            LocalSigner.from_keystore(tmp_path / "odd.json", "s3cret")


@pytest.fixture(scope="module")
def keystore() -> dict:
    return LocalSigner(KEY).to_keystore("s3cret")


@pytest.mark.parametrize("password", [1234, None, ["s3cret"], 1.5], ids=repr)
def test_a_keystore_password_must_be_text_or_bytes(tmp_path, keystore, password):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(keystore))
    with pytest.raises(InvalidInput, match=f"the password of keystore .* must be a str or bytes, not {type(password).__name__}"):
        LocalSigner.from_keystore(path, password)
    for good in (b"s3cret", bytearray(b"s3cret")):
        assert LocalSigner.from_keystore(path, good).address == ADDRESS


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c: c.update(kdf="argon2id"), "uses key derivation 'argon2id': only pbkdf2 or scrypt is supported"),
        (lambda c: c.update(cipher="aes-128-cbc"), "uses cipher 'aes-128-cbc': only aes-128-ctr is supported"),
        (lambda c: c.pop("kdfparams"), r"is malformed \(KeyError: 'kdfparams'\)"),
        (lambda c: c["kdfparams"].pop("salt"), r"is malformed \(KeyError: 'salt'\)"),
        (lambda c: c["kdfparams"].update(salt="zz"), "is malformed"),
        (lambda c: c.update(mac="not hex"), "is malformed"),
        (lambda c: c.pop("cipherparams"), r"is malformed \(KeyError: 'cipherparams'\)"),
    ],
)
def test_an_unsupported_or_malformed_keystore_is_invalid_input_not_a_wrong_password(tmp_path, keystore, change, message):
    odd = json.loads(json.dumps(keystore))
    change(odd["crypto"])
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(odd))
    with pytest.raises(InvalidInput, match=message) as raised:
        LocalSigner.from_keystore(path, "s3cret")
    assert raised.value.__cause__ is None and KEY[2:] not in str(raised.value)


def test_external_signer_delegates_with_a_copy_of_the_transaction():
    seen = []
    local = LocalSigner(KEY)

    def hsm(tx):
        seen.append(tx)
        return local.sign_transaction(tx)

    signer = ExternalSigner(ADDRESS, hsm)
    raw = signer.sign_transaction(TX)
    assert Account.recover_transaction(raw) == ADDRESS and seen == [TX] and seen[0] is not TX
    assert repr(signer) == f"ExternalSigner({ADDRESS})"


def test_external_signer_takes_an_address_as_every_entry_point_does():
    local = LocalSigner(KEY)
    for form in (ADDRESS, ADDRESS.lower(), "0x" + ADDRESS[2:].upper()):
        assert ExternalSigner(form, local.sign_transaction).address == ADDRESS
    with pytest.raises(InvalidAddress, match="external signer address .* has a bad EIP-55 checksum"):
        ExternalSigner(bad_checksum(ADDRESS), local.sign_transaction)
    with pytest.raises(InvalidAddress, match="external signer address 'bob' is not an address"):
        ExternalSigner("bob", local.sign_transaction)
    with pytest.raises(InvalidInput, match="sign must be a callable"):
        ExternalSigner(ADDRESS, b"not a function")


LEGACY = TX
EIP1559 = {k: v for k, v in TX.items() if k != "gasPrice"} | {"maxFeePerGas": 7, "maxPriorityFeePerGas": 1, "data": b"\x01\x02"}
OTHER = LocalSigner("0x" + "11" * 32)


def _resigned(**changes):
    """A callable that signs the transaction it is given with `changes` (None: the field left out)."""

    def sign(tx):
        changed = {**tx, **changes}
        return LocalSigner(KEY).sign_transaction({k: v for k, v in changed.items() if v is not None})

    return sign


@pytest.mark.parametrize("tx", [LEGACY, EIP1559], ids=["legacy", "eip1559"])
@pytest.mark.parametrize(
    "sign, message",
    [
        (OTHER.sign_transaction, f"returned a transaction signed by {OTHER.address}: it must sign with the key of {ADDRESS}"),
        (lambda tx: b"garbage", "returned 7 bytes that are not a signed transaction"),
        (lambda tx: b"", "returned 0 bytes that are not a signed transaction"),
        (lambda tx: LocalSigner(KEY).sign_transaction(tx)[:-3], "bytes that are not a signed transaction"),
        (lambda tx: "0x" + LocalSigner(KEY).sign_transaction(tx).hex(), "returned str instead of the raw signed transaction"),
        (lambda tx: Account.sign_transaction(tx, KEY), "returned SignedTransaction instead of the raw signed transaction"),
        (lambda tx: 5, "returned int instead of the raw signed transaction"),
        (_resigned(nonce=1), "another transaction than the one asked: nonce 1 instead of 0"),
        (_resigned(chainId=1), "chainId 1 instead of 8888"),
        (_resigned(chainId=None), "chainId (none|0) instead of 8888"),  # legacy without EIP-155; typed: eth-account's 0
        (_resigned(to=OTHER.address), f"to {OTHER.address} instead of {ADDRESS}"),
        (_resigned(to=None), f"to none \\(a contract creation\\) instead of {ADDRESS}"),
        (_resigned(data=b"\x01" * 68), "data 68 bytes instead of [02] bytes"),
        (_resigned(value=10**18), "value 1000000000000000000 instead of 1"),
        (_resigned(gas=5_000_000), "gas 5000000 instead of 21000"),
        (_resigned(nonce=3, gas=30_000), "nonce 3 instead of 0, gas 30000 instead of 21000"),
    ],
)
def test_external_signer_refuses_anything_but_the_transaction_asked_signed_for_its_address(tx, sign, message):
    signer = ExternalSigner(ADDRESS, sign)
    with pytest.raises(SignedTransactionMismatch, match=message) as raised:
        signer.sign_transaction(tx)
    assert isinstance(raised.value, CollectiblesError) and KEY[2:] not in str(raised.value)


def test_external_signer_refuses_a_transaction_with_other_fees():
    as_legacy = _resigned(gasPrice=7, maxFeePerGas=None, maxPriorityFeePerGas=None)
    with pytest.raises(SignedTransactionMismatch, match="maxFeePerGas none instead of 7, maxPriorityFeePerGas none instead of 1"):
        ExternalSigner(ADDRESS, as_legacy).sign_transaction(EIP1559)
    with pytest.raises(SignedTransactionMismatch, match="gasPrice 1 instead of 0"):
        ExternalSigner(ADDRESS, _resigned(gasPrice=1)).sign_transaction(LEGACY)


def test_external_signer_returns_the_bytes_when_they_are_the_transaction_asked():
    local = LocalSigner(KEY)
    for tx in (LEGACY, EIP1559, {**LEGACY, "to": bytes.fromhex(ADDRESS[2:]), "data": "0x0102"}):
        assert ExternalSigner(ADDRESS, lambda t: bytearray(local.sign_transaction(t))).sign_transaction(tx) == local.sign_transaction(tx)
    creation = {k: v for k, v in LEGACY.items() if k != "to"} | {"data": b"\x60\x00"}
    assert ExternalSigner(ADDRESS, local.sign_transaction).sign_transaction(creation) == local.sign_transaction(creation)


# ------------------------------------------------------- through a send: SignerError, nothing sent


def _fresh(client, funder: LocalSigner) -> LocalSigner:
    """A new account with 1 ether and no transaction yet (its next nonce is 0)."""
    signer = LocalSigner(secrets.token_bytes(32))
    client.sender(funder).send(ContractCall(signer.address, b"", "transfer", "transfer", value=10**18))
    return signer


def test_a_send_through_a_signer_with_the_wrong_key_raises_signer_error_and_sends_nothing(client, signers):
    # Both accounts are new, so their nonces match: unchecked, the other account's transaction
    # would be sent and reported as the declared account's success.
    declared, actual = _fresh(client, signers[0]), _fresh(client, signers[0])
    sender = client.sender(ExternalSigner(declared.address.lower(), actual.sign_transaction))
    transfer = ContractCall(signers[2].address, b"", "transfer", "transfer", value=1)
    with nothing_sent(client, declared.address, actual.address), pytest.raises(SignerError) as raised:
        sender.send(transfer)
    error = raised.value
    assert (error.address, error.nonce, error.label, error.cause) == (declared.address, 0, "transfer", "SignedTransactionMismatch")
    assert f"signed by {actual.address}" in str(error.__cause__)
    # The nonce was given back: the declared account's own key then sends with nonce 0.
    receipt = client.sender(ExternalSigner(declared.address, declared.sign_transaction)).send(transfer)
    assert client.node.transaction(receipt.tx_hash)["nonce"] == 0


def test_a_signer_of_ones_own_is_checked_by_the_sender(client, signers):
    class Kms:
        address = signers[3].address

        def sign_transaction(self, tx):
            return signers[4].sign_transaction(tx)

    transfer = ContractCall(signers[2].address, b"", "transfer", "transfer", value=1)
    with nothing_sent(client, signers[3].address, signers[4].address), pytest.raises(SignerError) as raised:
        client.sender(Kms()).send(transfer)
    assert isinstance(raised.value.__cause__, SignedTransactionMismatch)


def test_the_wrong_officer_behind_an_external_signer_is_refused_before_sending(suite: Suite):
    s = suite
    officer = ExternalSigner(s.kyc_officer.address, lambda tx: s.issuer.sign_transaction(tx))
    (customer,) = s.customers(1, verified=False)
    with nothing_sent(s.client, *staff(s)), pytest.raises(SignerError, match="with SignedTransactionMismatch") as raised:
        s.registry.using(officer).approve_kyc([customer.address], s.now() + YEAR)
    assert f"signed by {s.issuer.address}" in str(raised.value.__cause__)
    assert not s.registry.is_verified(customer.address)
