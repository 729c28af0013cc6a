"""Who signs transactions: a local key, an encrypted keystore, or an external signer (HSM, KMS).

A signer exposes its address and signs a transaction dictionary into raw bytes. Private keys
never appear in a repr, a log line or an exception message. What an external signer returns is
checked against what it was asked to sign (by `ExternalSigner`, and by the sender for any other
signer but `LocalSigner`); a local key's signature is not: eth-account makes it from the
dictionary, and the check would add more than half of a signature's time to every campaign batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from ._addresses import checked_address
from ._signed_check import check_signed
from .errors import InvalidInput

#: The Web3 Secret Storage algorithms eth-account decrypts.
KEYSTORE_KDFS = ("pbkdf2", "scrypt")
KEYSTORE_CIPHER = "aes-128-ctr"


@runtime_checkable
class Signer(Protocol):
    """Anything that can sign transactions for one address."""

    @property
    def address(self) -> str:
        """The checksummed address the signer signs for."""
        ...

    def sign_transaction(self, tx: dict[str, Any]) -> bytes:
        """Signs one transaction.

        Args:
            tx: The transaction dictionary, with `chainId`, `nonce`, gas and fee fields.

        Returns:
            The raw signed transaction (RLP, typed-transaction envelope where applicable).
        """
        ...


class LocalSigner:
    """Signs with a private key held in memory (eth-account, with coincurve when installed)."""

    __slots__ = ("_account",)

    def __init__(self, private_key: str | bytes) -> None:
        try:
            self._account: LocalAccount = Account.from_key(private_key)
        except Exception:  # noqa: BLE001  (eth-account's message may echo the key)
            raise InvalidInput("not a valid private key (32 bytes, hex)") from None

    @classmethod
    def from_env(cls, variable: str = "COLLECTIBLES_PRIVATE_KEY") -> LocalSigner:
        """The key in environment variable `variable`.

        Args:
            variable: The variable's name.

        Returns:
            A signer for that key.

        Raises:
            InvalidInput: The variable is unset or does not hold a valid key.
        """
        value = os.environ.get(variable)
        if not value:
            raise InvalidInput(f"environment variable {variable} is not set: export the signer's private key there")
        try:
            return cls(value.strip())
        except InvalidInput:
            raise InvalidInput(f"environment variable {variable} does not hold a private key (32 bytes, hex)") from None

    @classmethod
    def from_keystore(cls, path: str | Path, password: str | bytes) -> LocalSigner:
        """The key in an encrypted JSON keystore (Web3 Secret Storage, as `geth account new` writes).

        Args:
            path: The keystore file.
            password: Its password.

        Returns:
            A signer for that key.

        Raises:
            InvalidInput: The file is missing, not a keystore or malformed, the password is not a
                str or bytes, or it is wrong.
        """
        if not isinstance(password, (str, bytes, bytearray)):
            raise InvalidInput(f"the password of keystore {path} must be a str or bytes, not {type(password).__name__}")
        keystore = cls.check_keystore(path)
        try:
            key = Account.decrypt(keystore, password)
        except Exception as error:  # noqa: BLE001  (eth-keyfile: KeyError, TypeError, ValueError on a malformed file)
            if isinstance(error, ValueError) and str(error) == "MAC mismatch":
                raise InvalidInput(f"wrong password for keystore {path}") from None
            raise InvalidInput(f"keystore {path} is malformed ({type(error).__name__}: {error})") from None
        return cls(key)

    @staticmethod
    def check_keystore(path: str | Path) -> dict[str, Any]:
        """The keystore in `path`, read and checked for shape (nothing is decrypted).

        Args:
            path: The keystore file.

        Returns:
            The keystore's JSON.

        Raises:
            InvalidInput: The file is missing, unreadable, not a Web3 Secret Storage keystore, or
                encrypted with a key derivation or cipher eth-account does not decrypt.
        """
        try:
            keystore = json.loads(Path(path).read_text())
        except (OSError, ValueError) as error:
            raise InvalidInput(f"cannot read keystore {path}: {error}") from None
        crypto = keystore.get("crypto", keystore.get("Crypto")) if isinstance(keystore, dict) else None
        if not isinstance(crypto, dict) or keystore.get("version") != 3 or not {"cipher", "ciphertext", "kdf", "mac"} <= set(crypto):
            raise InvalidInput(f"{path} is not a keystore (Web3 Secret Storage version 3, as `geth account new` writes)")
        if crypto["kdf"] not in KEYSTORE_KDFS:
            raise InvalidInput(f"keystore {path} uses key derivation {crypto['kdf']!r}: only {' or '.join(KEYSTORE_KDFS)} is supported")
        if crypto["cipher"] != KEYSTORE_CIPHER:
            raise InvalidInput(f"keystore {path} uses cipher {crypto['cipher']!r}: only {KEYSTORE_CIPHER} is supported")
        return keystore

    @property
    def address(self) -> str:
        """The key's checksummed address."""
        return self._account.address

    def sign_transaction(self, tx: dict[str, Any]) -> bytes:
        """Signs one transaction with the key.

        Args:
            tx: The transaction dictionary, with `chainId`, `nonce`, gas and fee fields.

        Returns:
            The raw signed transaction.
        """
        return bytes(self._account.sign_transaction(tx).raw_transaction)

    def to_keystore(self, password: str | bytes) -> dict[str, Any]:
        """The key encrypted as a JSON keystore, as :meth:`from_keystore` reads it.

        Args:
            password: The keystore's password.

        Returns:
            The keystore (Web3 Secret Storage), ready for `json.dump`.
        """
        return dict(Account.encrypt(self._account.key, password))

    def __repr__(self) -> str:
        return f"LocalSigner({self.address})"

    def __reduce__(self) -> Any:
        raise TypeError("a LocalSigner holds a private key and cannot be pickled")


class ExternalSigner:
    """Delegates signing to a callable, such as an HSM or a cloud KMS client.

    What the callable returns is decoded and checked before anything is sent: it must be the
    transaction asked for, signed for `address`.

    Args:
        address: The account the external key controls: EIP-55, or all lower (or upper) case.
        sign: Takes the transaction dictionary (with `chainId`, `nonce`, gas and fee fields) and
            returns the raw signed transaction (bytes).

    Raises:
        InvalidAddress: `address` is not an address, or is mixed case with a bad EIP-55 checksum.
        InvalidInput: `sign` is not callable.
    """

    __slots__ = ("_address", "_sign")

    def __init__(self, address: str, sign: Callable[[dict[str, Any]], bytes]) -> None:
        self._address = checked_address(address, "external signer address")
        if not callable(sign):
            raise InvalidInput(f"sign must be a callable that returns the raw signed transaction, not {sign!r}")
        self._sign = sign

    @property
    def address(self) -> str:
        """The checksummed address the external key controls."""
        return self._address

    def sign_transaction(self, tx: dict[str, Any]) -> bytes:
        """Signs one transaction through the `sign` callable, with a copy of `tx`, and checks the result.

        Args:
            tx: The transaction dictionary, with `chainId`, `nonce`, gas and fee fields.

        Returns:
            The raw signed transaction the callable returned.

        Raises:
            SignedTransactionMismatch: The callable returned something other than `tx` signed
                for this signer's address (a send reports it as `SignerError`).
            Exception: Whatever the callable raises, unchanged (a send reports it as `SignerError`).
        """
        return check_signed(self._sign(dict(tx)), tx, self._address)

    def __repr__(self) -> str:
        return f"ExternalSigner({self._address})"


def tx_hash(raw: bytes) -> str:
    """The hash of a raw signed transaction."""
    return "0x" + keccak(raw).hex()
