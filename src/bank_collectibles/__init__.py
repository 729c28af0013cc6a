"""Permissioned digital collectibles for banks: deploy, operate and query the suite from Python.

    from bank_collectibles import Client, LocalSigner, deploy_suite
    from bank_collectibles.chains import AnvilChain

    with AnvilChain() as chain:
        client = Client.connect(chain)
        admin = LocalSigner(chain.accounts[0].private_key)
        suite = deploy_suite(client, admin, "deployments/local.json")

Every exception derives from :class:`CollectiblesError`; the contracts' custom errors are
classes of the same name in :mod:`bank_collectibles.errors`.
"""

from ._rpc import Receipt
from .client import Client
from .collection import Collection, drop_commitment
from ._collection_queries import token_id
from .deployment import Deployment, SuiteRoles, deploy_suite
from .errors import (
    CollectiblesError,
    ContractError,
    DeploymentError,
    InvalidAddress,
    InvalidInput,
    NodeError,
    NodeUnreachable,
    SignerError,
    TransactionTimeout,
)
from .factory import CollectionSpec, Factory
from .fairness import permute
from .marketplace import DepositToken, Marketplace
from .registry import Registry
from .results import (
    CollectionCreated,
    DropCreated,
    DropState,
    Edition,
    EditionCounts,
    EditionCreated,
    FairnessReport,
    KycRecord,
    Listing,
    ListingCreated,
    MintResult,
    PlatformFee,
    ProvenanceEntry,
    Recipe,
    RecipeCreated,
    RedeemResult,
    RevealResult,
    RoyaltyInfo,
    Sale,
    SaleQuote,
    Serial,
    TokenInfo,
    TxResult,
)
from .signers import ExternalSigner, LocalSigner, Signer

__version__ = "0.1.0"

__all__ = [
    "Client",
    "CollectiblesError",
    "Collection",
    "CollectionCreated",
    "CollectionSpec",
    "ContractError",
    "Deployment",
    "DeploymentError",
    "DepositToken",
    "DropCreated",
    "DropState",
    "Edition",
    "EditionCounts",
    "EditionCreated",
    "ExternalSigner",
    "Factory",
    "FairnessReport",
    "InvalidAddress",
    "InvalidInput",
    "KycRecord",
    "Listing",
    "ListingCreated",
    "LocalSigner",
    "Marketplace",
    "MintResult",
    "NodeError",
    "NodeUnreachable",
    "PlatformFee",
    "ProvenanceEntry",
    "Receipt",
    "Recipe",
    "RecipeCreated",
    "RedeemResult",
    "Registry",
    "RevealResult",
    "RoyaltyInfo",
    "Sale",
    "SaleQuote",
    "Serial",
    "Signer",
    "SignerError",
    "SuiteRoles",
    "TokenInfo",
    "TransactionTimeout",
    "TxResult",
    "deploy_suite",
    "drop_commitment",
    "permute",
    "token_id",
]
