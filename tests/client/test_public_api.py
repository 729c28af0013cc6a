"""The public surface changes only on purpose: update this list together with __all__."""

import inspect
from typing import NoReturn

import bank_collectibles

PUBLIC = {
    "Client", "CollectiblesError", "Collection", "CollectionCreated", "CollectionSpec", "ContractError", "Deployment",
    "DeploymentError", "DepositToken", "DropCreated", "DropState", "Edition", "EditionCounts", "EditionCreated",
    "ExternalSigner", "Factory", "FairnessReport", "InvalidAddress", "InvalidInput", "KycRecord",
    "Listing", "ListingCreated", "LocalSigner", "Marketplace", "MintResult", "NodeError", "PlatformFee",
    "NodeUnreachable", "ProvenanceEntry", "Receipt", "Recipe", "RecipeCreated", "RedeemResult", "Registry", "RevealResult",
    "RoyaltyInfo", "Sale", "SaleQuote", "Serial", "Signer", "SignerError", "SuiteRoles", "TokenInfo", "TransactionTimeout", "TxResult",
    "deploy_suite", "drop_commitment", "permute", "token_id",
}


def test_all_is_the_pinned_surface():
    assert set(bank_collectibles.__all__) == PUBLIC
    assert len(bank_collectibles.__all__) == len(PUBLIC), "a name appears twice in __all__"
    for name in bank_collectibles.__all__:
        assert getattr(bank_collectibles, name) is not None


def _own_callables():
    """`(qualified name, function, takes the instance or class first)` of every public function in
    `__all__` and every public method of a class in `__all__`, its own or from the package's
    mixins (`Collection`'s set-up, compliance and queries)."""
    for name in bank_collectibles.__all__:
        obj = getattr(bank_collectibles, name)
        if inspect.isfunction(obj):
            yield name, obj, False
        elif inspect.isclass(obj):
            own = {}
            for base in reversed(obj.__mro__):
                if base.__module__.startswith("bank_collectibles"):
                    own.update(vars(base))
            for attr, raw in own.items():
                if attr.startswith("_"):
                    continue
                if isinstance(raw, classmethod):
                    yield f"{name}.{attr}", raw.__func__, True
                elif isinstance(raw, staticmethod):
                    yield f"{name}.{attr}", raw.__func__, False
                elif inspect.isfunction(raw):
                    yield f"{name}.{attr}", raw, True


def test_public_classes_have_their_own_docstring():
    for name in bank_collectibles.__all__:
        obj = getattr(bank_collectibles, name)
        if inspect.isclass(obj):
            doc = obj.__doc__ or ""
            assert doc.strip(), f"{name} has no docstring"
            assert not doc.startswith(f"{obj.__name__}("), f"{name} has only the dataclass's generated docstring"


def _missing(function, bound):
    """What `function`'s docstring lacks: all of it, or the Args / Returns section it needs."""
    doc = inspect.getdoc(function) or ""
    if not doc:
        return ["a docstring"]
    signature = inspect.signature(function)
    missing = []
    if list(signature.parameters)[1 if bound else 0 :] and "Args:" not in doc:
        missing.append("an Args: section")
    # Annotations are strings in modules with postponed evaluation.
    if signature.return_annotation not in ("None", "NoReturn", None, NoReturn) and "Returns:" not in doc:
        missing.append("a Returns: section")
    return missing


def test_public_callables_are_documented():
    problems, checked = [], 0
    for qualname, function, bound in _own_callables():
        if not function.__module__.startswith("bank_collectibles"):
            continue
        checked += 1
        if missing := _missing(function, bound):
            problems.append(f"{qualname} lacks {' and '.join(missing)}")
    assert checked > 80, f"only {checked} callables checked: the walk over __all__ is broken"
    assert not problems, "\n".join(problems)
