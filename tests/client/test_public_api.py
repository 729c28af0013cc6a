"""The public surface changes only on purpose: update this list together with __all__."""

import bank_collectibles

PUBLIC = {
    "Client", "CollectiblesError", "Collection", "CollectionSpec", "ContractError", "Deployment",
    "DeploymentError", "DepositToken", "DropCreated", "DropState", "Edition", "EditionCreated",
    "ExternalSigner", "Factory", "FairnessReport", "InvalidAddress", "InvalidInput", "KycRecord",
    "Listing", "ListingCreated", "LocalSigner", "Marketplace", "MintResult", "NodeError",
    "NodeUnreachable", "ProvenanceEntry", "RecipeCreated", "RedeemResult", "Registry", "RevealResult",
    "Sale", "Serial", "Signer", "SuiteRoles", "TokenInfo", "TransactionTimeout", "TxResult",
    "deploy_suite", "drop_commitment", "permute", "token_id",
}


def test_all_is_the_pinned_surface():
    assert set(bank_collectibles.__all__) == PUBLIC
    assert len(bank_collectibles.__all__) == len(PUBLIC), "a name appears twice in __all__"
    for name in bank_collectibles.__all__:
        assert getattr(bank_collectibles, name) is not None


def test_public_callables_are_documented():
    for name in bank_collectibles.__all__:
        assert getattr(bank_collectibles, name).__doc__, f"{name} has no docstring"
