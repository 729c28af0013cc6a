"""The click classes every command uses: error handling and the options shared by all commands.

- :class:`CliGroup` turns every exception into a short message and an exit code (see
  ``_output``), so no command handles errors itself and none prints a traceback unless
  ``--debug``.
- :class:`CliCommand` adds ``--json`` and ``--debug`` to every command, so they may be given after
  the command as well as before it (``collectibles token 1:1 --json``).
- :func:`signer_options` adds ``--account``, ``--key-env`` and ``--keystore`` to the commands that
  sign, for the same reason. Values given after the command override those given before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource
from click.parser import OptionParser, ParsingState

from ._context import State, state
from ._output import INTERRUPTED, Output

F = TypeVar("F", bound=Callable[..., Any])


def _set_state(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """A callback storing an option given on a command into the invocation's State."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if param.name and ctx.get_parameter_source(param.name) == ParameterSource.COMMANDLINE:
            setattr(state(ctx), attribute, value)

    return callback


def _late_options() -> list[click.Option]:
    return [
        click.Option(["--json", "json_output"], is_flag=True, default=False, expose_value=False, is_eager=True,
                     callback=_set_state("json"), help="Print one JSON document (for scripts)."),
        click.Option(["--debug"], is_flag=True, default=False, expose_value=False, is_eager=True,
                     callback=_set_state("debug"), help="Show tracebacks of errors."),
    ]


def signer_options(function: F | None = None, *, account_flag: str = "--account") -> Any:
    """Adds --account, --key-env and --keystore to a command that signs.

    Args:
        account_flag: The name of the dev-account option, for a command whose own --account
            means something else (``freeze --account ADDRESS``, an alias of ``--wallet``).
    """

    def decorate(function: F) -> F:
        options = [
            click.option("--keystore", type=click.Path(dir_okay=False, path_type=Path), expose_value=False,
                         callback=_set_state("keystore"), help="Sign with this encrypted JSON keystore."),
            click.option("--key-env", metavar="VAR", expose_value=False, callback=_set_state("key_env"),
                         help="Sign with the private key in environment variable VAR."),
            click.option(account_flag, "signer_account", type=int, metavar="N", expose_value=False,
                         callback=_set_state("account"), help="Sign with dev account N of a local chain."),
        ]
        for option in options:
            function = option(function)
        return function

    return decorate(function) if function is not None else decorate


_NEGATIVE_NUMBER = re.compile(r"-[0-9.]")


class _Parser(OptionParser):
    """click's parser, except that a negative number (-5, -1.5, -1:2) is an argument, not an
    unknown option: it reaches the argument's own check ("the amount must be positive") instead of
    stopping at "No such option: -5". No option of ours starts with a dash and a digit. (This
    overrides a method of click 8.1's parser, the version pinned.)"""

    def _process_opts(self, arg: str, state: ParsingState) -> None:
        if _NEGATIVE_NUMBER.match(arg):
            state.largs.append(arg)
        else:
            super()._process_opts(arg, state)


class CliCommand(click.Command):
    """A command with --json and --debug, whose arguments may be negative numbers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_late_options())

    def make_parser(self, ctx: click.Context) -> OptionParser:
        parser = _Parser(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser


class CliGroup(click.Group):
    """A group whose commands are CliCommands and whose errors become exit codes."""

    command_class = CliCommand
    group_class = type  # subgroups are CliGroups too

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:  # two lines on stderr, as every error; --json gets it on stdout too
            current = ctx.find_object(State) or State()
            if current.json or ctx.params.get("json_output") or "--json" in (*ctx.protected_args, *ctx.args):
                Output(json_mode=True).usage_error(error)
            command = error.ctx.command_path if error.ctx is not None else ctx.command_path
            click.echo(f"error: {error.format_message()}\nhint: `{command} --help` shows the expected input", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(INTERRUPTED)
        except Exception as error:  # noqa: BLE001 - every error becomes a message and an exit code
            current = ctx.find_object(State) or State()
            ctx.exit(Output(current.json).error(error, debug=current.debug))
