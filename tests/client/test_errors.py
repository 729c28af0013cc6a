"""Revert data becomes a typed exception carrying its decoded arguments."""

import json
import pickle

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from bank_collectibles import errors
from bank_collectibles._abi import decode_revert
from bank_collectibles._build import error_module_source
from bank_collectibles.errors import CONTRACT_ERRORS

from .._support import ROOT

SAMPLES = {"address": to_checksum_address("0x" + "ab" * 20), "bool": True, "string": "x", "bytes": b"\x02"}


def sample(abi_type: str):
    if abi_type.endswith("]"):
        return []
    if abi_type.startswith("bytes") and abi_type != "bytes":
        return b"\x01" * int(abi_type[5:])
    return SAMPLES.get(abi_type, 7)


def revert_data(cls, *values):
    return cls.selector + encode(list(cls.abi_types), list(values))


def generated(abi_errors):
    namespace: dict = {}
    source = error_module_source({"Contract": {"abi": abi_errors}}).replace("from ._errors_base import", "from bank_collectibles.errors import")
    exec(compile(source, "<generated>", "exec"), namespace)
    return namespace


def test_generator_names_fields_in_snake_case_with_the_solidity_signature():
    inputs = [{"name": "tokenId", "type": "uint256"}, {"name": "transferableAt", "type": "uint64"}]
    cls = generated([{"type": "error", "name": "HoldingPeriodActive", "inputs": inputs}])["HoldingPeriodActive"]
    assert cls.signature == "HoldingPeriodActive(uint256,uint64)"
    assert cls.selector == keccak(text=cls.signature)[:4]
    error = cls(42, 1_700_000_000, tx_hash="0xab")
    assert (error.token_id, error.transferable_at, error.tx_hash) == (42, 1_700_000_000, "0xab")
    assert str(error).startswith("HoldingPeriodActive(token_id=42, transferable_at=1700000000): ")
    assert isinstance(error, errors.ContractError) and isinstance(error, errors.CollectiblesError)


def test_generator_refuses_two_errors_of_one_name_with_different_arguments():
    clash = [
        {"type": "error", "name": "NotTokenOwner", "inputs": [{"name": "a", "type": "uint256"}]},
        {"type": "error", "name": "NotTokenOwner", "inputs": [{"name": "a", "type": "address"}]},
    ]
    try:
        error_module_source({"A": {"abi": clash[:1]}, "B": {"abi": clash[1:]}})
    except RuntimeError as error:
        assert "NotTokenOwner" in str(error)
    else:
        raise AssertionError("the clash was accepted")


def test_every_compiled_error_decodes_from_its_revert_data():
    assert CONTRACT_ERRORS, "no contract errors were generated"
    for selector, cls in CONTRACT_ERRORS.items():
        values = [sample(t) for t in cls.abi_types]
        error = decode_revert(revert_data(cls, *values))
        assert type(error) is cls and error.selector == selector
        assert list(error.values) == values
        assert pickle.loads(pickle.dumps(error)) == error


def test_a_field_that_would_shadow_an_error_attribute_gets_a_trailing_underscore():
    error = decode_revert(revert_data(errors.BatchLengthMismatch, 1, 2))
    assert (error.accounts, error.values_) == (1, 2)
    assert error.values == (1, 2) and error.attribute_names() == ("accounts", "values_")
    assert str(error) == "BatchLengthMismatch(accounts=1, values=2)"
    assert pickle.loads(pickle.dumps(error)) == error


def test_an_enum_argument_is_named_in_the_message_and_stays_a_number():
    error = decode_revert(revert_data(errors.DropNotOpen, 3, 4))
    assert type(error) is errors.DropNotOpen and (error.drop_id, error.phase) == (3, 4)
    assert str(error) == "DropNotOpen(drop_id=3, phase=4 (revealed))"
    assert str(errors.DropNotOpen(3, 99)) == "DropNotOpen(drop_id=3, phase=99)"  # a phase this client does not know
    account = "0x" + "ab" * 20
    assert str(errors.AccountNotVerified(account, 1)).startswith(f"AccountNotVerified(account={account}, reason=1 (KYC expired))")
    assert str(errors.NotAuthorizedForFreeze(account, 1)).startswith(f"NotAuthorizedForFreeze(caller={account}, authority=1 (operator))")


def test_builtin_reverts():
    assert decode_revert(revert_data(errors.RevertedWithReason, "no")).reason == "no"
    assert decode_revert(revert_data(errors.Panic, 0x11)).code == 0x11
    unknown = decode_revert(b"\xde\xad\xbe\xef")
    assert isinstance(unknown, errors.UnknownRevert) and unknown.data == b"\xde\xad\xbe\xef"
    assert isinstance(decode_revert(None), errors.UnknownRevert)


def test_generated_module_matches_the_artifacts():
    artifacts = {p.stem: json.loads(p.read_text()) for p in (ROOT / "src/bank_collectibles/artifacts").glob("*.json")}
    committed = (ROOT / "src/bank_collectibles/_contract_errors.py").read_text()
    assert committed == error_module_source(artifacts), "run `make artifacts`"
