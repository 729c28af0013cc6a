"""Why a campaign cannot start or go on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CollectiblesError, InvalidInput

if TYPE_CHECKING:
    from ._validate import ValidationReport


class CampaignError(CollectiblesError):
    """A campaign cannot start or go on; the message says why and what to do."""


class CampaignJournalError(CampaignError):
    """The journal does not fit: it belongs to another campaign (another CSV, chain, collection or
    minter), or there is none to resume. Nothing was read from the chain or sent. (Exit code 4 in
    the CLI: a configuration problem, like a manifest of another chain.)"""


class CampaignBusy(CampaignError):
    """Another process runs this campaign now (its journal is locked): wait for it to finish, or
    stop it; a second process would race it for the minter's nonces."""


class CampaignFileError(CampaignError, InvalidInput):
    """The campaign file cannot be used as a whole: unreadable, not UTF-8, no header row, a
    required column missing, or no rows. Nothing was sent and no campaign was started.

    It is bad input (an `InvalidInput`, exit code 2 in the CLI) as much as a campaign that cannot
    start (a `CampaignError`): catching either catches it.
    """


class CampaignInvalid(CampaignError):
    """Validation found problems; nothing was sent. `report.errors` lists them per row."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(
            f"{len(report.errors)} problem(s) in the campaign file, nothing was sent: fix the rows "
            "(see the error report) or open the campaign with CampaignOptions(skip_invalid=True) to mint only the valid rows"
        )
