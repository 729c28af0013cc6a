"""The library's build step: compile `contracts/` through py-solc-x and write the artifacts.

The compiler settings (solc, EVM version, optimizer runs, remappings) are read from
`foundry.toml`, the one place they are defined. The artifacts (ABI and bytecode JSON, one file
per contract) are committed under `src/bank_collectibles/artifacts/`, so a bank system that only
uses the client needs neither Node.js nor a compiler; `tests/toolchain` fails when they drift
from the sources. Run with `make artifacts` (or `python -m bank_collectibles._build`).

This module is a development tool: it needs the `dev` extra (py-solc-x) and the npm packages.
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = PACKAGE_DIR / "artifacts"
ERRORS_MODULE = PACKAGE_DIR / "_contract_errors.py"
OUTPUT_SELECTION = ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"]


@dataclass(frozen=True)
class CompilerSettings:
    """Compiler settings as `foundry.toml` defines them."""

    solc: Path
    solc_version: str
    evm_version: str
    optimizer_runs: int
    remappings: tuple[str, ...]
    sources_dir: Path

    @classmethod
    def from_foundry_toml(cls, root: Path = ROOT) -> CompilerSettings:
        profile = tomllib.loads((root / "foundry.toml").read_text())["profile"]["default"]
        solc = root / profile["solc"]
        versions = sorted((root / "tools" / "solcx").glob("solc-v*"))
        if len(versions) != 1:
            raise RuntimeError("tools/solcx must hold exactly one solc-v<version> link to tools/solc")
        return cls(
            solc=solc,
            solc_version=versions[0].name.removeprefix("solc-v"),
            evm_version=profile["evm_version"],
            optimizer_runs=int(profile["optimizer_runs"]),
            remappings=tuple(profile["remappings"]),
            sources_dir=root / profile["src"],
        )


def source_files(settings: CompilerSettings, root: Path = ROOT) -> list[str]:
    """Source unit names (paths relative to the repository root) of every contract file.

    Hidden folders are left out: ape-solidity unpacks dependencies into `contracts/.cache`.
    """
    return sorted(
        path.relative_to(root).as_posix()
        for path in settings.sources_dir.rglob("*.sol")
        if not any(part.startswith(".") for part in path.relative_to(settings.sources_dir).parts)
    )


def standard_input(settings: CompilerSettings, evm_version: str | None = None, root: Path = ROOT) -> dict[str, Any]:
    """The solc standard-JSON input for every contract under the sources folder."""
    return {
        "language": "Solidity",
        "sources": {name: {"content": (root / name).read_text()} for name in source_files(settings, root)},
        "settings": {
            "evmVersion": evm_version or settings.evm_version,
            "optimizer": {"enabled": True, "runs": settings.optimizer_runs},
            "remappings": list(settings.remappings),
            "outputSelection": {"*": {"*": OUTPUT_SELECTION}},
        },
    }


def compile_contracts(evm_version: str | None = None, root: Path = ROOT) -> dict[str, dict[str, Any]]:
    """Compile every contract and return its artifact, keyed by contract name.

    Args:
        evm_version: Target EVM version; `foundry.toml`'s when omitted.
        root: The repository root.

    Returns:
        `{name: {"contractName", "sourceName", "abi", "bytecode", "deployedBytecode", "compiler"}}`
        for each deployable contract under the sources folder (interfaces and abstract contracts
        have no bytecode, internal libraries no ABI: both are left out).

    Raises:
        solcx.exceptions.SolcError: The sources do not compile.
    """
    import solcx  # development dependency

    settings = CompilerSettings.from_foundry_toml(root)
    target = evm_version or settings.evm_version
    output = solcx.compile_standard(
        standard_input(settings, target, root),
        solc_binary=settings.solc,
        base_path=root,
        allow_paths=[root],
    )
    compiler = {"version": settings.solc_version, "evmVersion": target, "optimizerRuns": settings.optimizer_runs}
    artifacts: dict[str, dict[str, Any]] = {}
    for source_name, contracts in output["contracts"].items():
        if not source_name.startswith(settings.sources_dir.relative_to(root).as_posix() + "/"):
            continue
        for name, data in contracts.items():
            if not data["evm"]["bytecode"]["object"] or not data["abi"]:
                continue
            if name in artifacts:
                raise RuntimeError(f"Two contracts are named {name}: contract names must be unique")
            artifacts[name] = {
                "contractName": name,
                "sourceName": source_name,
                "abi": data["abi"],
                "bytecode": "0x" + data["evm"]["bytecode"]["object"],
                "deployedBytecode": "0x" + data["evm"]["deployedBytecode"]["object"],
                "compiler": compiler,
            }
    return artifacts


def write_artifacts(artifacts: dict[str, dict[str, Any]], out_dir: Path = ARTIFACTS_DIR) -> None:
    """Replace the artifacts folder's JSON files with `artifacts`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.json"):
        if stale.stem not in artifacts:
            stale.unlink()
    for name, artifact in artifacts.items():
        (out_dir / f"{name}.json").write_text(json.dumps(artifact, indent=1, sort_keys=True) + "\n")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _python_type(abi_type: str) -> str:
    if abi_type.endswith("]"):
        return f"list[{_python_type(abi_type[: abi_type.rindex('[')])}]"
    if abi_type.startswith(("uint", "int")):
        return "int"
    if abi_type.startswith("bytes"):
        return "bytes"
    return {"address": "str", "bool": "bool", "string": "str"}.get(abi_type, "object")


def error_module_source(artifacts: dict[str, dict[str, Any]]) -> str:
    """Python source of one exception class per custom error found in `artifacts`' ABIs.

    Raises:
        RuntimeError: Two errors share a name but not their arguments (the Python class would be
            ambiguous); rename one in the contracts.
    """
    from eth_utils import keccak

    from ._errors_base import _RESERVED

    errors: dict[str, tuple[dict[str, Any], set[str]]] = {}
    for name, artifact in sorted(artifacts.items()):
        for entry in artifact["abi"]:
            if entry["type"] != "error":
                continue
            types = ",".join(i["type"] for i in entry["inputs"])
            signature = f"{entry['name']}({types})"
            known = errors.setdefault(entry["name"], (entry, set()))
            if f"{known[0]['name']}({','.join(i['type'] for i in known[0]['inputs'])})" != signature:
                raise RuntimeError(f"two errors named {entry['name']} with different arguments: rename one")
            known[1].add(name)

    lines = [
        '"""The suite\'s Solidity custom errors as Python exceptions.',
        "",
        "Generated by `make artifacts` from the contracts' ABIs: do not edit by hand.",
        '"""',
        "",
        "from ._errors_base import ContractError",
        "",
    ]
    for error_name, (entry, contracts) in sorted(errors.items()):
        inputs = entry["inputs"]
        types = tuple(i["type"] for i in inputs)
        fields = tuple(_snake(i["name"]) or f"arg{n}" for n, i in enumerate(inputs))
        declaration = ", ".join(f"{i['type']} {i['name']}".strip() for i in inputs)
        signature = f"{error_name}({','.join(types)})"
        lines += [
            "",
            f"class {error_name}(ContractError):",
            f'    """`error {error_name}({declaration})` in {", ".join(sorted(contracts))}."""',
            "",
            f"    signature = {signature!r}",
            f"    selector = bytes.fromhex({keccak(text=signature)[:4].hex()!r})",
            f"    fields = {fields!r}",
            f"    abi_types = {types!r}",
        ]
        # Annotated under the attribute each field gets (ContractError.attribute_names).
        lines += [f"    {field + '_' if field in _RESERVED else field}: {_python_type(t)}" for field, t in zip(fields, types)]
        lines.append("")
    names = sorted(errors)
    lines += [
        "",
        "CONTRACT_ERRORS: dict[bytes, type[ContractError]] = {",
        *[f"    {name}.selector: {name}," for name in names],
        "}",
        "",
        "__all__ = [",
        *[f"    {name!r}," for name in names],
        "]",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evm-version", help="override foundry.toml's evm_version (e.g. paris)")
    parser.add_argument("--out", type=Path, default=ARTIFACTS_DIR, help="artifacts folder")
    args = parser.parse_args()
    artifacts = compile_contracts(args.evm_version)
    write_artifacts(artifacts, args.out)
    print(f"wrote {len(artifacts)} artifacts to {args.out}")
    if args.out.resolve() == ARTIFACTS_DIR:
        ERRORS_MODULE.write_text(error_module_source(artifacts))
        print(f"wrote their errors to {ERRORS_MODULE}")


if __name__ == "__main__":
    main()
