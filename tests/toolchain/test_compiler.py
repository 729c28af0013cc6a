"""One compiler, four consumers: py-solc-x (the library's build), ape, forge and slither.

Every path compiles the real contracts (which import OpenZeppelin and solady) with the repository's
solc wrapper and the settings of foundry.toml, and must give the same runtime bytecode.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bank_collectibles._build import ARTIFACTS_DIR, CompilerSettings, compile_contracts

from .._support import ROOT, strip_metadata, tool_env

SETTINGS = CompilerSettings.from_foundry_toml()
PUSH0 = 0x5F


@pytest.fixture(scope="module")
def shanghai_build():
    return compile_contracts()


@pytest.fixture(scope="module")
def paris_build():
    return compile_contracts("paris")


def opcodes(bytecode_hex: str) -> list[int]:
    """The opcodes of `bytecode_hex`, PUSH data skipped."""
    code = bytes.fromhex(bytecode_hex.removeprefix("0x"))
    ops, i = [], 0
    while i < len(code):
        op = code[i]
        ops.append(op)
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return ops


def test_settings_are_defined_once_and_agree():
    ape = yaml.safe_load((ROOT / "ape-config.yaml").read_text())["solidity"]
    package = json.loads((ROOT / "package.json").read_text())["devDependencies"]

    assert ape["version"] == SETTINGS.solc_version == package["solc"]
    assert ape["evm_version"] == SETTINGS.evm_version == "shanghai"
    assert ape["optimize"] is True
    assert ape["optimization_runs"] == SETTINGS.optimizer_runs
    # ape resolves the same two libraries, at the versions npm installs, under the same prefixes.
    ape_prefixes = {entry.split("=")[0] for entry in ape["import_remapping"]}
    forge_prefixes = {entry.split("=")[0].rstrip("/") for entry in SETTINGS.remappings}
    assert ape_prefixes == {"@openzeppelin/contracts", "solady"} == forge_prefixes
    deps = {dep["npm"]: dep["version"] for dep in yaml.safe_load((ROOT / "ape-config.yaml").read_text())["dependencies"]}
    assert deps == {name: package[name] for name in ("@openzeppelin/contracts", "solady")}


def test_wrapper_answers_like_native_solc():
    out = subprocess.run([SETTINGS.solc, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1].startswith(f"Version: {SETTINGS.solc_version}+commit.")


def test_wrapper_writes_only_json_even_on_errors():
    source = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0; import "does/not/Exist.sol"; contract A {}'
    request = {"language": "Solidity", "sources": {"A.sol": {"content": source}}}
    result = subprocess.run(
        [SETTINGS.solc, "--standard-json", "--base-path", ROOT, "--allow-paths", ROOT],
        input=json.dumps(request), capture_output=True, text=True, check=True,
    )
    (error,) = json.loads(result.stdout)["errors"]
    assert error["type"] == "ParserError"
    assert "does/not/Exist.sol" in error["message"]


def test_wrapper_refuses_imports_outside_the_allowed_paths(tmp_path):
    secret = tmp_path / "Outside.sol"
    secret.write_text("pragma solidity ^0.8.0; contract Outside {}")
    request = {"language": "Solidity", "sources": {"A.sol": {"content": f'import "{secret}"; contract A {{}}'}}}
    result = subprocess.run(
        [SETTINGS.solc, "--standard-json", "--base-path", ROOT], input=json.dumps(request),
        capture_output=True, text=True, check=True,
    )
    errors = [e for e in json.loads(result.stdout)["errors"] if e["severity"] == "error"]
    assert errors[0]["message"].startswith(f'Source "{secret}" not found')


def test_wrapper_rejects_unknown_options():
    result = subprocess.run([SETTINGS.solc, "--bin", "x.sol"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Unsupported option: --bin" in result.stderr


def test_committed_artifacts_match_the_sources(shanghai_build):
    committed = {path.stem: json.loads(path.read_text()) for path in ARTIFACTS_DIR.glob("*.json")}
    assert set(committed) == set(shanghai_build), "artifacts out of date: run `make artifacts`"
    for name, artifact in shanghai_build.items():
        assert committed[name] == artifact, f"{name} artifact out of date: run `make artifacts`"


def test_every_contract_compiles_for_shanghai_and_paris(shanghai_build, paris_build):
    assert set(paris_build) == set(shanghai_build)
    for name in shanghai_build:
        for key in ("bytecode", "deployedBytecode"):
            assert PUSH0 not in opcodes(strip_metadata(paris_build[name][key])), f"{name} has PUSH0 for paris"
    # The check above can fail: the shanghai build does use PUSH0.
    assert any(PUSH0 in opcodes(strip_metadata(a["deployedBytecode"])) for a in shanghai_build.values())


def test_ape_compile_gives_the_same_runtime_bytecode(shanghai_build, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    ape_cache = ROOT / "contracts" / ".cache"  # where ape-solidity unpacks dependencies
    had_cache = ape_cache.exists()
    try:
        subprocess.run(
            [ROOT / ".venv" / "bin" / "ape", "compile", "--force"], cwd=ROOT, env=tool_env(home=home), check=True,
            capture_output=True,
        )
    finally:
        if not had_cache:
            shutil.rmtree(ape_cache, ignore_errors=True)
    contract_types = json.loads((ROOT / ".build" / "__local__.json").read_text())["contractTypes"]
    for name, artifact in shanghai_build.items():
        ape_runtime = contract_types[name]["runtimeBytecode"]["bytecode"]
        assert strip_metadata(ape_runtime) == strip_metadata(artifact["deployedBytecode"]), name
    assert list(home.iterdir()) == [], "ape wrote to the home folder"


def test_forge_build_gives_the_same_runtime_bytecode(shanghai_build, tmp_path):
    out = tmp_path / "forge-out"
    env = tool_env(FOUNDRY_OUT=str(out), FOUNDRY_CACHE_PATH=str(tmp_path / "forge-cache"))
    subprocess.run(["forge", "build", "--skip", "tests/**"], cwd=ROOT, env=env, check=True, capture_output=True)
    for name, artifact in shanghai_build.items():
        source = Path(artifact["sourceName"]).name
        forge_runtime = json.loads((out / source / f"{name}.json").read_text())["deployedBytecode"]["object"]
        assert strip_metadata(forge_runtime) == strip_metadata(artifact["deployedBytecode"]), name


def test_slither_compiles_through_forge(shanghai_build, tmp_path):
    # crytic-compile is slither's front end: it runs `forge build --build-info` and parses the result.
    env = tool_env(FOUNDRY_OUT=str(tmp_path / "out"), FOUNDRY_CACHE_PATH=str(tmp_path / "cache"))
    subprocess.run(
        [ROOT / ".venv" / "bin" / "crytic-compile", ".", "--export-format", "solc", "--export-dir", tmp_path / "export"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    contracts = json.loads((tmp_path / "export" / "combined_solc.json").read_text())["contracts"]
    runtime = {key.rsplit(":", 1)[1]: value["bin-runtime"] for key, value in contracts.items()}
    for name, artifact in shanghai_build.items():
        assert strip_metadata(runtime[name]) == strip_metadata(artifact["deployedBytecode"]), name
