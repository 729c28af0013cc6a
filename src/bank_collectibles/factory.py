"""The collection factory: member banks create campaign collections, the catalog lists them."""

from __future__ import annotations

from dataclasses import dataclass

from ._contracts import BoundContract, checked_address, positive
from .errors import InvalidInput
from .results import TxResult


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
        if not self.name or not self.symbol:
            raise InvalidInput("a collection needs a name and a symbol")
        positive(self.royalty_bps, "royalty_bps", maximum=1000, allow_zero=True)
        positive(self.holding_period, "holding_period", maximum=2**64 - 1, allow_zero=True)
        positive(self.max_transfers, "max_transfers", maximum=2**32 - 1, allow_zero=True)
        receiver = checked_address(self.royalty_receiver or issuer, "royalty receiver")
        return (
            self.name,
            self.symbol,
            self.contract_uri,
            registry,
            issuer,
            receiver,
            self.royalty_bps,
            self.holding_period,
            self.max_transfers,
        )


class Factory(BoundContract):
    """The consortium's collection factory and catalog (ICollectionFactory)."""

    artifact = "CollectionFactory"

    def create_collection(self, spec: CollectionSpec) -> tuple[str, TxResult]:
        """Deploys a collection clone for the signer, a registry issuer, who becomes its issuer.

        Returns:
            The new collection's address and the transaction.

        Raises:
            NotIssuer: The signer lacks the registry's `ISSUER_ROLE`.
        """
        if self.signer is None:
            raise InvalidInput(f"{self!r} has no signer: use .using(signer) to write")
        registry = self._read("registry")
        receipt = self._send("createCollection", spec.init_params(registry, self.signer.address))
        (event,) = self._events(receipt, "CollectionCreated")
        return event["collection"], TxResult.of(receipt)

    def collections_of(self, issuer: str) -> list[str]:
        return list(self._read("collectionsOf", checked_address(issuer, "issuer")))

    def is_collection(self, address: str) -> bool:
        return bool(self._read("isCollection", checked_address(address, "collection")))

    def collections(self) -> list[str]:
        count = int(self._read("collectionCount"))
        return [str(a) for a in self._read_many("collectionAt", [(i,) for i in range(count)])]
