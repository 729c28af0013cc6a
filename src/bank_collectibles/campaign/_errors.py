"""Why a campaign cannot start or go on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CollectiblesError

if TYPE_CHECKING:
    from ._validate import ValidationReport


class CampaignError(CollectiblesError):
    """A campaign cannot start or go on; the message says why and what to do."""


class CampaignInvalid(CampaignError):
    """Validation found problems; nothing was sent. `report.errors` lists them per row."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(
            f"{len(report.errors)} problem(s) in the campaign file, nothing was sent: fix the rows "
            "(see the error report) or run with skip_invalid to mint only the valid rows"
        )
