"""`collectibles demo` (the README's first command, through `make demo`) runs and reports in JSON."""

import json

from click.testing import CliRunner

from bank_collectibles.cli import cli


def test_demo_command_prints_its_summary_as_json(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(cli, ["demo", "--folder", str(tmp_path / "demo"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["fairness"]["fair"] is True
    assert len(summary["hidden_winners"]) == 10
    assert (tmp_path / "demo" / "jade.report.csv").exists()
