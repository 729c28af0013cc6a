"""Every custom error of the suite's contracts is raised, through the client, as its typed exception.

The covered set is computed, not listed: every error declared in `contracts/**/*.sol` of this
repository, plus the library errors the suite's own paths surface to a bank system (OpenZeppelin
AccessControl, the deposit token's ERC-20 and Pausable errors). Every other generated class is a
library internal that no client path reaches; each is listed with its reason in
`_suite.EXCLUDED_LIBRARY_ERRORS`. The tests raise errors through `_suite.raises`, which asserts the
decoded arguments and records the class; the coverage test runs last (see conftest) and fails
naming every class no test raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bank_collectibles.errors import CONTRACT_ERRORS

from ._suite import (
    COLLECTED,
    DESELECTED,
    EXCLUDED_LIBRARY_ERRORS,
    RAISED,
    SURFACED_LIBRARY_ERRORS,
    covered_error_classes,
    declared_errors,
)


def test_every_generated_error_is_covered_or_excluded_with_a_reason():
    generated = {cls.__name__ for cls in CONTRACT_ERRORS.values()}
    covered = set(covered_error_classes())
    assert declared_errors() <= generated, "run `make artifacts`: a declared error has no class"
    assert covered | set(EXCLUDED_LIBRARY_ERRORS) == generated, "decide: cover the new error or exclude it with a reason"
    assert not covered & set(EXCLUDED_LIBRARY_ERRORS)
    assert set(SURFACED_LIBRARY_ERRORS) <= generated


def test_every_suite_error_is_raised_as_its_typed_exception(request: pytest.FixtureRequest):
    here = Path(__file__).parent
    every_module = {path.name for path in here.glob("test_*.py")}
    if request.config.stash.get(DESELECTED, False) or not every_module <= request.config.stash.get(COLLECTED, set()):
        pytest.skip("a partial run: the error coverage is proven by a run of all of tests/client")
    missing = sorted(name for name, cls in covered_error_classes().items() if cls not in RAISED)
    assert not missing, f"{len(missing)} errors no test raised: {', '.join(missing)}"
