"""What the CLI prints: results as rich tables or one JSON document, errors as exit codes.

Output rules:

- A command's result goes to stdout: human-readable text and tables, or with ``--json`` exactly
  one JSON document (an object). Notes, warnings and progress go to stderr, so that
  ``collectibles --json ... | jq`` always reads clean JSON.
- In JSON, token amounts (prices, balances, in the deposit token's smallest unit) are decimal
  strings, because they exceed what a JSON number carries exactly in most parsers; ids, block
  numbers and Unix times are numbers; bytes are 0x-prefixed hex.
- An error prints one line saying what went wrong and one line saying what to do (on stderr; with
  ``--json`` also as ``{"error": {...}}`` on stdout). ``--debug`` adds the traceback.
- Private keys and passwords are never printed: the CLI only ever handles signer objects, whose
  repr shows the address.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..chains import (
    ChainAlreadyRunning,
    ChainNotRunning,
    ChainStartError,
    InvalidProfile,
    PortInUse,
    ToolNotFound,
    UnsupportedFeature,
)
from ..errors import (
    AlreadyListed,
    CollectiblesError,
    ContractError,
    DeploymentError,
    InvalidInput,
    NoChange,
    NodeError,
    NodeUnreachable,
    WrongChain,
)

# Exit codes (documented in `collectibles --help`).
OK = 0
REFUSED = 1  # a contract (or the chain) refused: a ContractError, an unfair reveal, a running chain
BAD_INPUT = 2  # bad usage or input: click usage errors, InvalidInput
NODE = 3  # the node is unreachable, timed out, refused the transaction, or the chain is down
CONFIG = 4  # configuration: missing or foreign manifest, wrong chain, missing tools
INTERNAL = 70  # a bug in the CLI or the library (EX_SOFTWARE): rerun with --debug and report it
INTERRUPTED = 130
MAX_PROBLEMS = 20

EXIT_CODES_HELP = """\b
Exit codes:
  0   success
  1   refused: a contract error (e.g. HoldingPeriodActive), an unfair reveal
  2   bad usage or input (an unknown option, a malformed address or date, a path that cannot be written)
  3   node problem: unreachable, timed out, transaction refused; chain not running, already running, or not starting
  4   configuration: no manifest, a manifest or campaign journal of something else, tools not installed
  70  internal error (rerun with --debug and report it)"""

_HINTS: list[tuple[type[BaseException], str]] = [
    (WrongChain, "use the manifest of this chain (--manifest) or point --rpc at the manifest's chain"),
    (NodeUnreachable, "start the managed chain (`collectibles chain up`), or give or check --rpc URL (env COLLECTIBLES_RPC)"),
    (ChainNotRunning, "start it with `collectibles chain up`"),
    (ChainAlreadyRunning, "stop it first with `collectibles chain down`"),
    (PortInUse, "choose another --port, or leave it out for a free one"),
    (ChainStartError, "its log (above, or in the chain's folder) says why; `collectibles chain up --fresh` starts a new chain"),
    (ToolNotFound, "install the project's tools with `make install`"),
    (DeploymentError, "check --manifest (env COLLECTIBLES_MANIFEST); `collectibles deploy` writes one"),
    (AlreadyListed, "nothing was sent; cancel that listing (`collectibles cancel LISTING`), then list the token again"),
    (NoChange, "nothing was sent; `collectibles token TOKEN`, `kyc show ADDRESS`, `policy` and `recipe list` show the current state"),
    (InvalidInput, "see the command's --help for the expected input"),
    (UnsupportedFeature, "see `collectibles chain up --help` for the supported settings"),
    (NodeError, "check the node (its log, its URL) and run the command again"),
]
_ROLE_ERRORS = ("AccessControlUnauthorizedAccount", "NotComplianceAuthority", "NotRegulator", "NotConsortiumAuthority",
                "NotIssuer", "NotCollectionIssuer", "NotPlatformOperator", "NotAuthorizedForFreeze")
# What to do about contract errors: the CLI's own advice, in its commands.
_CONTRACT_HINTS = {
    "AccountNotVerified": "`collectibles kyc show ADDRESS` says why; `kyc approve ADDRESS --expires WHEN` approves, "
                          "`freeze --wallet ADDRESS --unfreeze` lifts an issuer freeze",
    "EditionSoldOut": "`collectibles edition show ID` shows what is left",
    "DropSoldOut": "`collectibles drop show ID` shows the boxes left",
    "CollectionPaused": "`collectibles policy` shows who paused it; `collectibles pause --off` lifts it",
    "NonexistentToken": "check the token: its id, or SERIES:NUMBER such as 1:42 (`collectibles holdings ADDRESS` lists them)",
    "UnknownEdition": "`collectibles edition list` shows the editions; a drop's boxes are minted with `collectibles drop mint`",
    "UnknownDrop": "`collectibles drop list` shows the drops; an edition's tokens are minted with `collectibles mint`",
    "UnknownRecipe": "`collectibles recipe list` shows the recipes",
    "RecipeInactive": "the issuer has closed this recipe; `collectibles recipe open ID` reopens it",
    "SetMismatch": "give one token of each of the recipe's editions, in its order (`collectibles recipe list`)",
    "EditionNotDirectlyMintable": "a hidden edition is reached only through a drop's boxes or a set redemption",
    "InvalidDropConfig": "check the drop: --closes after --opens and in the future, its editions limited or hidden, their counts",
    "URIAlreadyRevealed": "the edition's metadata is public already (a limited edition's always is)",
    "UnknownListing": "`collectibles listings` shows the active listings",
    "DropNotOpen": "`collectibles drop show ID` shows when the drop opens and closes",
    "DropNotEnded": "a drop closes once every box is minted or its closing time has passed",
    "DropNotClosed": "close it first with `collectibles drop close ID`",
    "DropNotRevealed": "reveal it first with `collectibles reveal DROP`",
    "DropAlreadyRevealed": "check it with `collectibles verify-reveal DROP`",
    "SecretMismatch": "the secret does not match the drop's commitment: use the secret `drop create` stored",
    "NotTokenOwner": "sign with the token's owner (`collectibles token TOKEN` shows it)",
    "TransferFromIncorrectOwner": "sign with the token's owner (`collectibles token TOKEN` shows it)",
    "SellerNotOwner": "sign with the token's owner (`collectibles token TOKEN` shows it)",
    "TokenSoulbound": "tokens of a soulbound edition never move (only a forced transfer can move them)",
    "TransferLimitReached": "the token has moved as often as the transfer policy allows (`collectibles policy`)",
    "NotTradable": "the token is frozen, locked, or in its holding period (`collectibles token TOKEN`)",
    "ListingExpired": "the listing has lapsed: the seller may list again",
    "ListingStale": "the token changed hands or state since it was listed (a blind box: its draw changed): the seller must list again",
    "InsufficientBalance": "credit the buyer first (`collectibles deposit mint ADDRESS AMOUNT`)",
    "DepositNotVerified": "both accounts need a valid KYC to move deposit tokens",
    "MarketplaceNotApproved": "the seller must approve the marketplace (`collectibles list` does it)",
    "PriceAboveCeiling": "the collection caps resale prices: list at or below the ceiling (`collectibles policy`)",
    "BuyerIsSeller": "buy with another account",
    "URICommitmentMismatch": "that URI is not the one the hidden edition committed to",
    "KycExpiryInPast": "give an expiry in the future",
    "WalletCapExceeded": "the wallet holds as many tokens of this series as its cap allows",
}


class InputProblems(InvalidInput):
    """Bad input with a list of problems (rows of a file), all of which are printed.

    Attributes:
        problems: One line each, e.g. "line 7: wallet: not an address".
    """

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


def exit_code(error: BaseException) -> int:
    """The exit code for an exception (see EXIT_CODES_HELP)."""
    explicit = getattr(error, "cli_exit_code", None)
    if isinstance(explicit, int):
        return explicit
    if isinstance(error, ContractError):
        return REFUSED
    if isinstance(error, (WrongChain, DeploymentError, ToolNotFound)):
        return CONFIG
    if isinstance(error, (InvalidInput, InvalidProfile, UnsupportedFeature, click.UsageError)):
        return BAD_INPUT
    if isinstance(error, (NodeError, ChainNotRunning, ChainAlreadyRunning, PortInUse, ChainStartError, ConnectionError)):
        return NODE
    if isinstance(error, CollectiblesError):
        return REFUSED
    if isinstance(error, OSError):  # a path given (or defaulted) that cannot be read or written
        return BAD_INPUT
    return INTERNAL


def add_hint(error: BaseException, advice: str, *, instead: bool = False) -> BaseException:
    """Attaches a command's own advice to `error`, printed after the usual hint (or `instead` of
    it, when the usual one would be wrong here); returns `error`."""
    error.cli_hint = advice  # type: ignore[attr-defined]
    error.cli_hint_instead = instead  # type: ignore[attr-defined]
    return error


def hint(error: BaseException) -> str | None:
    """What to do about `error`: the usual hint (unless its message already says it), then the
    advice a command attached with `add_hint`."""
    usual = None if getattr(error, "cli_hint_instead", False) else _usual_hint(error)
    extra = getattr(error, "cli_hint", None)
    return "; ".join(text for text in (usual, extra) if text) or None


def _usual_hint(error: BaseException) -> str | None:
    if isinstance(error, ContractError):
        if type(error).__name__ in _ROLE_ERRORS:
            return "sign with an account that holds the role: --key-env VAR, --keystore PATH or --account N"
        name = type(error).__name__
        if name == "HoldingPeriodActive":
            return f"the token can move from {when(getattr(error, 'transferable_at', 0))}"
        if error.hint():  # the message carries the library's hint already: only the commands to use
            return _CONTRACT_HINTS.get(name)
        return _CONTRACT_HINTS.get(name, "the contract refused: nothing changed on chain")
    for kind, text in _HINTS:
        if isinstance(error, kind):
            return text
    if isinstance(error, OSError) and not isinstance(error, ConnectionError):
        return "check the path and its permissions (a folder the command may write to), or choose another"
    return None


class Output:
    """Prints results and messages for one invocation.

    Args:
        json_mode: Print one JSON document instead of text and tables.
    """

    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode

    @property
    def console(self) -> Console:
        # Created on use: click's test runner swaps sys.stdout per invocation. Piped output
        # gets a wide fixed width so that addresses and hashes are never cut.
        terminal = sys.stdout.isatty()
        return Console(file=sys.stdout, width=None if terminal else 200, highlight=False, markup=False,
                       soft_wrap=not terminal)

    @property
    def err_console(self) -> Console:
        err = sys.stderr
        return Console(file=err, width=None if err.isatty() else 200, highlight=False, soft_wrap=True)

    def result(self, data: dict[str, Any], human: Callable[[Console], None] | str | None = None) -> None:
        """Prints a command's result: `data` as JSON, or `human` (text, or a function of the console)."""
        if self.json_mode:
            click.echo(json.dumps(jsonable(data), indent=2))
        elif callable(human):
            human(self.console)
        elif human is not None:
            self.console.print(human, markup=False)

    def note(self, message: str) -> None:
        """A remark for a person (stderr); silent with --json."""
        if not self.json_mode:
            self.err_console.print(message, markup=False)

    def warn(self, message: str) -> None:
        """A warning (stderr), printed in every mode."""
        self.err_console.print("[bold yellow]warning:[/] " + escape(message))

    def error(self, error: BaseException, *, debug: bool) -> int:
        """Reports `error` and returns its exit code."""
        code = exit_code(error)
        message = str(error).strip() or type(error).__name__
        first, _, rest = message.partition("\n")
        advice = hint(error)
        if code == INTERNAL:
            first = f"unexpected {type(error).__name__}: {first}"
            advice = "this is a bug: rerun with --debug and report the traceback"
        shows_rest = debug or isinstance(error, ChainStartError)  # a node's last log lines say why it did not start
        if code != INTERNAL and rest and not shows_rest:
            advice = (advice + "; " if advice else "") + "--debug shows the details"
        if debug:
            traceback.print_exception(error, file=sys.stderr)
        label = type(error).__name__
        err = self.err_console
        plain = code == INTERNAL or isinstance(error, (ContractError, InvalidInput, click.UsageError))
        err.print("[bold red]error:[/] " + escape(first if plain else f"{label}: {first}"))
        if shows_rest and rest:
            err.print(rest, markup=False)
        problems = getattr(error, "problems", [])
        for line in problems[:MAX_PROBLEMS]:
            err.print(f"  {line}", markup=False)
        if len(problems) > MAX_PROBLEMS:
            err.print(f"  ... and {len(problems) - MAX_PROBLEMS} more (--json lists them all)", markup=False)
        if advice:
            err.print("[bold]hint:[/] " + escape(advice))
        if self.json_mode:
            payload: dict[str, Any] = {"type": label, "message": message, "hint": advice, "exit_code": code}
            if problems:
                payload["problems"] = problems
            if isinstance(error, ContractError):
                payload["args"] = dict(zip(error.fields, error.values))
                payload["tx_hash"] = error.tx_hash
            click.echo(json.dumps({"error": jsonable(payload)}, indent=2))
        return code

    def usage_error(self, error: click.UsageError) -> None:
        """The JSON document of a usage error (its two lines go to stderr as well)."""
        payload = {"type": "UsageError", "message": error.format_message(), "hint": "see the command's --help",
                   "exit_code": error.exit_code}
        click.echo(json.dumps({"error": payload}, indent=2))

    def table(
        self,
        title: str | None,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        console: Console | None = None,
        empty: str | None = None,
    ) -> None:
        """A rich table; cells are shown with `show`. With no rows, `empty` instead if given."""
        table = Table(title=title, title_justify="left", header_style="bold")
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(Text(show(cell)) for cell in row))
        (console or self.console).print(empty if empty is not None and not table.rows else table)

    def fields(self, title: str | None, pairs: Iterable[tuple[str, Any]], *, console: Console | None = None) -> None:
        """A two-column key/value listing."""
        table = Table(title=title, title_justify="left", show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for key, value in pairs:
            table.add_row(Text(key), Text(show(value)))
        (console or self.console).print(table)


def show(value: Any) -> str:
    """A cell's text: None as '-', booleans as yes/no, bytes as hex."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return str(value)


def when(timestamp: int | None) -> str:
    """A Unix time as 'YYYY-MM-DD HH:MM:SS UTC' ('-' for 0 or None; the number itself past the
    year 9999, which a contract may hold: it stores up to 2**64-1)."""
    if not timestamp:
        return "-"
    try:
        moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return f"Unix time {timestamp}"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def units(amount: int, decimals: int) -> str:
    """`amount` smallest units as a decimal number of whole tokens ('12.5')."""
    whole, fraction = divmod(amount, 10**decimals)  # in integers: exact for every uint256
    return f"{whole}.{fraction:0{decimals}d}".rstrip("0") if fraction else str(whole)


def jsonable(value: Any) -> Any:
    """`value` in JSON types: dataclasses as objects, bytes as hex, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    return value
