"""Runs a campaign in its own process, so tests can kill it: python _driver.py RPC MANIFEST JOURNAL [CSV]."""

import os
import sys

from bank_collectibles import Client, Deployment, LocalSigner
from bank_collectibles.campaign import Campaign, CampaignOptions

MINTER_KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"  # dev account 6
KYC_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"  # dev account 2


def main(rpc: str, manifest: str, journal: str, csv: str | None = None) -> None:
    client = Client.connect(rpc)
    suite = Deployment.load(client, manifest)
    campaign = Campaign.open(
        suite.collection, journal, minter=LocalSigner(MINTER_KEY), csv_path=csv, kyc_officer=LocalSigner(KYC_KEY),
        options=CampaignOptions(gas_budget=int(os.environ.get("CAMPAIGN_GAS_BUDGET", 12_000_000)),
                                window=int(os.environ.get("CAMPAIGN_WINDOW", 8))),
    )
    result = campaign.run()
    print(f"confirmed={result.confirmed} total={result.total}")


if __name__ == "__main__":
    main(*sys.argv[1:])
