"""The demo (`make demo`) runs end to end, twice, and tells a consistent story."""

import csv
import json

from rich.console import Console

from bank_collectibles.demo import BOXES, CUSTOMERS, HIDDEN, run_demo


def test_the_demo_runs_twice_and_its_summary_adds_up(tmp_path):
    folder = tmp_path / "demo"
    with open(tmp_path / "first.txt", "w") as piped:  # not a terminal: rich's default width of 80
        first = run_demo(folder, Console(file=piped), quiet=True)
    printed = (tmp_path / "first.txt").read_text()
    assert len(first["hidden_winners"]) == HIDDEN
    for winner in first["hidden_winners"]:  # the winners' table shows every address whole
        assert winner["wallet"] in printed and winner["customer"] in printed
    console_log = tmp_path / "second.txt"
    with open(console_log, "w") as log:
        summary = run_demo(folder, Console(file=log, width=200), quiet=True)

    assert "Resetting the previous demo" in console_log.read_text()
    assert (folder / "drop-secret.txt").stat().st_mode & 0o777 == 0o600  # a secret, as the CLI writes them
    assert summary == json.loads((folder / "summary.json").read_text())
    assert summary["fairness"]["fair"] and summary["fairness"]["boxes_checked"] == BOXES
    assert len(summary["hidden_winners"]) == HIDDEN
    assert sorted(w["serial"] for w in summary["hidden_winners"]) == sorted(f"#{i}/{HIDDEN}" for i in range(1, HIDDEN + 1))
    sale = summary["sale"]
    assert sale["royalty"] + sale["platform_fee"] + sale["seller_proceeds"] == sale["price"]
    assert sale["royalty"] == sale["price"] * 500 // 10_000 and sale["platform_fee"] == sale["price"] * 250 // 10_000
    assert summary["redemption"]["reward_serial"] == "#1/50"
    with open(folder / "jade.report.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == CUSTOMERS and {r["status"] for r in rows} == {"confirmed"}
    assert sorted(int(r["serial"].split("/")[0][1:]) for r in rows) == list(range(1, CUSTOMERS + 1))
    with open(folder / "boxes.report.csv", newline="") as handle:
        boxes = list(csv.DictReader(handle))  # written again after the reveal: each box with its serial
    moon = next(e["edition_id"] for e in summary["editions"] if e["name"] == "Moon Rabbit")
    hidden = [r for r in boxes if r["serial"].endswith(f"/{HIDDEN} of edition {moon}")]
    assert len(boxes) == BOXES and len(hidden) == HIDDEN and all(": #" in r["serial"] for r in boxes)
