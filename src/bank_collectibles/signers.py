"""Who signs transactions: a local key, an encrypted keystore, or an external signer (HSM, KMS).

A signer exposes its address and signs a transaction dictionary into raw bytes. Private keys
never appear in a repr, a log line or an exception message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import is_checksum_address, keccak, to_checksum_address

from .errors import InvalidInput


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
            InvalidInput: The file is missing, not a keystore, or the password is wrong.
        """
        keystore = cls.check_keystore(path)
        try:
            key = Account.decrypt(keystore, password)
        except ValueError:
            raise InvalidInput(f"wrong password for keystore {path}") from None
        return cls(key)

    @staticmethod
    def check_keystore(path: str | Path) -> dict[str, Any]:
        """The keystore in `path`, read and checked for shape (nothing is decrypted).

        Args:
            path: The keystore file.

        Returns:
            The keystore's JSON.

        Raises:
            InvalidInput: The file is missing, unreadable, or not a Web3 Secret Storage keystore.
        """
        try:
            keystore = json.loads(Path(path).read_text())
        except (OSError, ValueError) as error:
            raise InvalidInput(f"cannot read keystore {path}: {error}") from None
        crypto = keystore.get("crypto", keystore.get("Crypto")) if isinstance(keystore, dict) else None
        if not isinstance(crypto, dict) or keystore.get("version") != 3 or not {"cipher", "ciphertext", "kdf", "mac"} <= set(crypto):
            raise InvalidInput(f"{path} is not a keystore (Web3 Secret Storage version 3, as `geth account new` writes)")
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

    Args:
        address: The account the external key controls.
        sign: Takes the transaction dictionary (with `chainId`, `nonce`, gas and fee fields) and
            returns the raw signed transaction.
    """

    __slots__ = ("_address", "_sign")

    def __init__(self, address: str, sign: Callable[[dict[str, Any]], bytes]) -> None:
        if not is_checksum_address(address):
            raise InvalidInput(f"{address!r} is not a checksummed address")
        self._address = to_checksum_address(address)
        self._sign = sign

    @property
    def address(self) -> str:
        """The checksummed address the external key controls."""
        return self._address

    def sign_transaction(self, tx: dict[str, Any]) -> bytes:
        """Signs one transaction through the `sign` callable, with a copy of `tx`.

        Args:
            tx: The transaction dictionary, with `chainId`, `nonce`, gas and fee fields.

        Returns:
            The raw signed transaction the callable returned.

        Raises:
            Exception: Whatever the callable raises, unchanged (a send reports it as `SignerError`).
        """
        return bytes(self._sign(dict(tx)))

    def __repr__(self) -> str:
        return f"ExternalSigner({self._address})"


def tx_hash(raw: bytes) -> str:
    """The hash of a raw signed transaction."""
    return "0x" + keccak(raw).hex()
