"""Signers sign for their address and never reveal a private key."""

import logging
import pickle

import pytest
from eth_account import Account

from bank_collectibles.errors import InvalidInput
from bank_collectibles.signers import ExternalSigner, LocalSigner, tx_hash

KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
TX = {"chainId": 8888, "nonce": 0, "to": ADDRESS, "value": 1, "gas": 21000, "gasPrice": 0, "data": b""}


def test_local_signer_signs_for_its_address_and_hides_the_key(caplog):
    signer = LocalSigner(KEY)
    assert signer.address == ADDRESS
    raw = signer.sign_transaction(TX)
    assert Account.recover_transaction(raw) == ADDRESS
    assert tx_hash(raw).startswith("0x") and len(tx_hash(raw)) == 66
    logging.getLogger("test").info("signer %r %s", signer, signer)
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
    import json

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
    with pytest.raises(InvalidInput, match="not a checksummed address"):
        ExternalSigner(ADDRESS.lower(), hsm)
