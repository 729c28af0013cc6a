"""The collection factory: member banks create campaign collections, the catalog lists them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._contracts import BoundContract, checked_address, checked_text, positive
from ._sending import ContractCall
from .errors import InvalidInput
from .results import CollectionCreated, TxResult

if TYPE_CHECKING:
    from ._rpc import Receipt


@dataclass(frozen=True)
class CollectionSpec:
    """The settings of a new collection.

    Attributes:
        name, symbol: ERC-721 name and symbol.
        contract_uri: Collection-level metadata (ERC-7572).
        royalty_receiver: Receives the default ERC-2981 royalty (None: the issuer).
        royalty_bps: Default royalty in basis points (at most 1000).
        holding_period: Seconds a holder must keep a token before it can move (0 = off).
        max_transfers: Transfers per token (0 = unlimited).
    """

    name: str
    symbol: str
    contract_uri: str = ""
    royalty_receiver: str | None = None
    royalty_bps: int = 0
    holding_period: int = 0
    max_transfers: int = 0

    def init_params(self, registry: str, issuer: str) -> tuple:
        """The `initialize` struct for a collection of `issuer` on `registry`.

        Args:
            registry: The consortium registry.
            issuer: The bank that will hold the collection's roles.

        Returns:
            The `InitParams` tuple, in ABI order.

        Raises:
            InvalidInput, InvalidAddress: A setting of the wrong type or out of range.
        """
        checked_text(self.name, "a collection's name", required=True)
        checked_text(self.symbol, "a collection's symbol", required=True)
        checked_text(self.contract_uri, "contract_uri")
        positive(self.royalty_bps, "royalty_bps", maximum=1000, allow_zero=True)
        positive(self.holding_period, "holding_period", maximum=2**64 - 1, allow_zero=True)
        positive(self.max_transfers, "max_transfers", maximum=2**32 - 1, allow_zero=True)
        receiver = checked_address(self.royalty_receiver or issuer, "royalty receiver")
        return (
            self.name,
            self.symbol,
            self.contract_uri,
            checked_address(registry, "registry"),
            checked_address(issuer, "issuer"),
            receiver,
            self.royalty_bps,
            self.holding_period,
            self.max_transfers,
        )


class Factory(BoundContract):
    """The consortium's collection factory and catalog (ICollectionFactory).

    Every method may raise `NodeError`; `create_collection` also `SignerError` and
    `TransactionTimeout`.
    """

    artifact = "CollectionFactory"

    def create_collection(self, spec: CollectionSpec) -> CollectionCreated:
        """Deploys a collection clone for the signer, a registry issuer, who becomes its issuer.

        Args:
            spec: The new collection's settings.

        Returns:
            The new collection's address and the transaction.

        Raises:
            InvalidInput, InvalidAddress: No signer, or a bad setting; nothing is sent.
            NotIssuer: The signer lacks the registry's `ISSUER_ROLE` (from the pre-flight).
        """
        return self._created(self.client.sender(self._signer()).send(self.create_collection_call(spec)))

    def create_collection_call(self, spec: CollectionSpec) -> ContractCall:
        """The unsent `createCollection` call for the signer (a deployment records it before sending).

        Args:
            spec: The new collection's settings.

        Returns:
            The `ContractCall` to sign and send.

        Raises:
            InvalidInput, InvalidAddress: No signer, or a bad setting.
        """
        signer = self._signer()
        if not isinstance(spec, CollectionSpec):
            raise InvalidInput(f"a collection is described by a CollectionSpec, not {spec!r}")
        return self._call("createCollection", spec.init_params(self._read("registry"), signer.address))

    def _created(self, receipt: Receipt) -> CollectionCreated:
        """The collection a mined `createCollection` transaction made."""
        (event,) = self._events(receipt, "CollectionCreated")
        return CollectionCreated(event["collection"], TxResult.of(receipt))

    def collections_of(self, issuer: str) -> list[str]:
        """The collections `issuer` created.

        Args:
            issuer: A member bank.

        Returns:
            Their addresses, oldest first.

        Raises:
            InvalidAddress: A bad issuer.
        """
        return list(self._read("collectionsOf", checked_address(issuer, "issuer")))

    def is_collection(self, address: str) -> bool:
        """Whether `address` is a collection of the catalog (made by this factory).

        Args:
            address: Any contract.

        Returns:
            True for a catalog collection.

        Raises:
            InvalidAddress: A bad address.
        """
        return bool(self._read("isCollection", checked_address(address, "collection")))

    def collections(self) -> list[str]:
        """Every collection of the catalog.

        Returns:
            Their addresses, oldest first.
        """
        count = int(self._read("collectionCount"))
        return [str(a) for a in self._read_many("collectionAt", [(i,) for i in range(count)])]
