"""The README's Python example runs as printed: a newcomer pastes it and it works."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_example() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Using the Python client") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def _run_example(folder: Path) -> list[str]:
    result = subprocess.run([sys.executable, "example.py"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.splitlines()


def test_the_client_example_runs_and_runs_again(tmp_path):
    (tmp_path / "example.py").write_text(python_example())
    lines = _run_example(tmp_path)
    assert lines[1].startswith("#1/8888 ")
    assert lines[2].startswith("can move at ")
    assert lines[3] == "0x000000000000000000000000000000000000dEaD is not verified"
    assert lines[4] == "Minted" and lines[5] == "['#2/8888']"
    manifest = tmp_path / "build" / "example" / "deployment.json"
    deployed = manifest.read_bytes()

    again = _run_example(tmp_path)  # the same chain, from its state folder, and the same suite
    assert manifest.read_bytes() == deployed
    assert again[1].startswith("#3/8888 ") and again[4] == "Minted"  # the first run's edition, found by its name
    assert again[5] == "['#2/8888', '#4/8888']"  # Bob holds the second serial of each run


def test_the_commands_the_readme_opens_with_are_the_ci_command_and_the_demo():
    first_block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    assert [line.split("#")[0].strip() for line in first_block.splitlines()] == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
