"""What a signer returned, checked against what it was asked to sign: decoded (legacy RLP or a
typed-transaction envelope), its sender recovered, and every field compared. About 200 us a
transaction: run for external signers (an HSM or KMS), not for a local key, whose signature
eth-account makes from the dictionary itself."""

from __future__ import annotations

from typing import Any

import rlp
from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from hexbytes import HexBytes

from ._addresses import checksum
from .errors import SignedTransactionMismatch

#: The fields a signed transaction must carry as asked, with their value when the request omits them.
_SIGNED_FIELDS: dict[str, Any] = {
    "chainId": None, "nonce": None, "to": b"", "data": b"", "value": 0, "gas": None,
    "gasPrice": None, "maxFeePerGas": None, "maxPriorityFeePerGas": None,
}  # fmt: skip
_LEGACY_FIELDS = ("nonce", "gasPrice", "gas", "to", "value", "data", "v", "r", "s")


def check_signed(raw: Any, tx: dict[str, Any], address: str) -> bytes:
    """Checks that what a signer returned is transaction `tx` signed for `address` (about 200 us:
    a decoding and a public key recovery).

    Args:
        raw: What the signer returned: a raw signed transaction (legacy RLP, or a typed-transaction
            envelope).
        tx: The transaction dictionary it should encode.
        address: The checksummed address that should have signed it.

    Returns:
        `raw` as bytes.

    Raises:
        SignedTransactionMismatch: `raw` is not bytes or does not decode as a signed transaction,
            another account signed it, or its chain id, nonce, recipient, data, value, gas or fees
            differ from `tx`'s.
    """
    if not isinstance(raw, (bytes, bytearray)):
        raise SignedTransactionMismatch(
            f"the signer for {address} returned {type(raw).__name__} instead of the raw signed transaction "
            "(bytes; eth-account's SignedTransaction has it as .raw_transaction)"
        )
    raw = bytes(raw)
    try:
        signed = _decoded(raw)
        signer = Account.recover_transaction(raw)
    except Exception as error:  # noqa: BLE001  (rlp, eth-account and eth-keys each raise their own)
        raise SignedTransactionMismatch(
            f"the signer for {address} returned {len(raw)} bytes that are not a signed transaction "
            f"({type(error).__name__})"
        ) from None
    if signer != address:
        raise SignedTransactionMismatch(
            f"the signer for {address} returned a transaction signed by {signer}: it must sign "
            f"with the key of {address}"
        )
    differences = []
    for field, default in _SIGNED_FIELDS.items():
        if field in tx or default is not None:
            asked, got = _canonical(field, tx.get(field, default)), signed.get(field)
            if asked != got:
                differences.append(f"{field} {_shown(field, got)} instead of {_shown(field, asked)}")
    if differences:
        raise SignedTransactionMismatch(
            f"the signer for {address} returned another transaction than the one asked: {', '.join(differences)}"
        )
    return raw


def _decoded(raw: bytes) -> dict[str, Any]:
    """The checked fields of raw signed transaction `raw`, named as in a transaction dictionary
    (`to` and `data` as bytes; `chainId` None for a legacy transaction without EIP-155)."""
    if raw and raw[0] <= 0x7F:
        fields = dict(TypedTransaction.from_bytes(HexBytes(raw)).as_dict())
    else:
        items = rlp.decode(raw)
        if not isinstance(items, list) or len(items) != len(_LEGACY_FIELDS) or not all(isinstance(i, bytes) for i in items):
            raise ValueError("not a legacy transaction (an RLP list of 9 strings)")
        fields = {name: item if name in ("to", "data") else int.from_bytes(item, "big") for name, item in zip(_LEGACY_FIELDS, items)}
        fields["chainId"] = (fields["v"] - 35) // 2 if fields["v"] >= 35 else None
    return {name: _canonical(name, value) for name, value in fields.items() if name in _SIGNED_FIELDS}


def _shown(field: str, value: Any) -> str:
    """`value` of field `field` for a message: data by its length, the recipient as an address."""
    if value is None:
        return "none"
    if field == "data":
        return f"{len(value)} bytes"
    if field == "to":
        if not value:
            return "none (a contract creation)"
        return checksum("0x" + value.hex()) if len(value) == 20 else "0x" + value.hex()
    return str(value)


def _canonical(field: str, value: Any) -> Any:
    """`value` of transaction field `field` in one form: bytes for `to` and `data`, else an int."""
    if field in ("to", "data"):
        if value is None:
            return b""
        return bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)
    if isinstance(value, str):
        return int(value, 16)
    return value
