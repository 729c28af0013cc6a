"""Campaign mints: a CSV of customers in, exactly one token each, a report out, crash or not.

    from bank_collectibles.campaign import Campaign

    campaign = Campaign.open(collection, "campaigns/spring.db", minter=minter, csv_path="spring.csv")
    report = campaign.validate()          # per-row problems, nothing sent
    result = campaign.run(progress=bar)   # resumes from the journal if it already exists

See ``_recovery`` for how a resume reconciles the journal with the chain.
"""

from ._csv import REPEAT_RECIPIENT, Row, RowError, Target
from ._engine import Campaign, CampaignOptions, CampaignResult
from ._errors import CampaignBusy, CampaignError, CampaignFileError, CampaignInvalid, CampaignJournalError
from ._progress import progress_bar
from ._validate import ValidationReport

__all__ = [
    "Campaign",
    "CampaignBusy",
    "CampaignError",
    "CampaignFileError",
    "CampaignInvalid",
    "CampaignJournalError",
    "CampaignOptions",
    "CampaignResult",
    "REPEAT_RECIPIENT",
    "Row",
    "RowError",
    "Target",
    "ValidationReport",
    "progress_bar",
]
