"""Runs the benchmarks and writes their figures: `python -m bench [suite ...]` (`make bench`).

Each suite is a module with `run() -> dict` that prints its own table. Figures go to
bench/out/<file>.json, merged when several suites share a file (the gas suites share gas.json).
Benchmarks measure; they never pass or fail on a figure.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
SUITES = {
    "gas_collection": "gas.json",
    "gas_market": "gas.json",
    "client": "client.json",
    "campaign": "campaign.json",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="*", help=f"suites to run: {', '.join(SUITES)} (default: all)")
    args = parser.parse_args()
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error(f"unknown suite(s) {', '.join(unknown)}: choose from {', '.join(SUITES)}")
    OUT.mkdir(exist_ok=True)
    for suite in args.suites or list(SUITES):
        print(f"\n== {suite}")
        started = time.time()
        figures = importlib.import_module(f"bench.{suite}").run()
        path = OUT / SUITES[suite]
        merged = json.loads(path.read_text()) if path.exists() else {}
        measured = merged.pop("_measured", {})
        # The figures of the suites sharing the file stay; this suite's earlier ones are replaced.
        others = {key for name, record in measured.items() if name != suite for key in record.get("figures", [])}
        merged = {key: value for key, value in merged.items() if key in others}
        merged.update(figures)
        merged["_measured"] = {
            **measured,
            suite: {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)), "machine": platform.machine(),
                    "python": platform.python_version(), "seconds": round(time.time() - started, 1),
                    "figures": sorted(figures)},
        }
        path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
        print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
