"""The command line's shared parts: the Typer app, common options, and how results become
exit statuses. Each command only translates: parse options, call one core function, print."""

import contextlib
import functools
import gc
import inspect
import os
import sys
import types
from collections.abc import Callable, Iterator, MutableMapping
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast

import typer
from typer._click import Context, HelpFormatter  # Typer's own copy of Click
from typer.core import TyperCommand, TyperGroup
from typer.main import get_group

from vendorctl import __version__

if TYPE_CHECKING:
    from vendorctl.render.formats import Display

# `vendorctl --help` imports typer and the command modules, nothing else: every module of the
# core (even vendorctl.errors, which brings the diagnostics and json) is imported inside the
# commands and functions that use it, and each command is made into a Click command with all
# its options only when it runs (see `_Commands`). A command that runs imports its own module
# only, not the other commands' (see `declare`).

# How every Typer of the program looks and fails.
LOOKS: dict[str, Any] = {
    "pretty_exceptions_enable": False,
    # Plain help and usage errors: Rich's formatting tripled the cost of `vendorctl --help`
    # (importing Rich and Markdown parsing), and plain text reads the same in every terminal.
    "rich_markup_mode": None,
}

# The commands and groups of commands (a Typer) by name, in the order `vendorctl --help` lists
# them: filled by vendorctl.cli with `declare`. A command is given as where it is, "MODULE:NAME",
# until it is first asked for, then as itself.
DECLARED: dict[str, Callable[..., Any] | typer.Typer | str] = {}


def declare(name: str, command: Callable[..., Any] | typer.Typer | str) -> None:
    """Add a command (a function) or a group of commands (a Typer) to `vendorctl`, or where it
    is ("vendorctl.cli.checking:validate"): its module is imported when it is first needed (a
    command runs, or a list of commands shows it)."""
    DECLARED[name] = command


def declared(name: str) -> Callable[..., Any] | typer.Typer:
    """The command or group of commands declared as `name`, its module imported if need be."""
    command = DECLARED[name]
    if isinstance(command, str):
        import importlib

        module, _, attribute = command.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        DECLARED[name] = command
    return command


def _click_command(name: str, command: Callable[..., Any] | typer.Typer) -> Any:
    """The Click command of a declared command, made exactly as Typer makes those it holds."""
    holder = typer.Typer(add_completion=False, **LOOKS)
    if isinstance(command, typer.Typer):
        holder.add_typer(command, name=name)
    else:
        holder.command(name)(command)
    return get_group(holder).commands[name]


class _OnFirstUse(MutableMapping[str, Any]):
    """The Click commands of the declared commands by name, each made on first use: reading
    every option of every command took longer than the rest of `vendorctl --help`."""

    def __init__(self) -> None:
        self.names = list(DECLARED)
        self.made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.made:
            if name not in DECLARED:
                raise KeyError(name)
            self.made[name] = _click_command(name, declared(name))
        return self.made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self.names:
            self.names.append(name)
        self.made[name] = command

    def __delitem__(self, name: str) -> None:
        self.names.remove(name)
        self.made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def summary(self, name: str) -> str | None:
        """The text a command list shows for a command not made yet: its docstring (a group's
        help), as Typer takes it; None once it is made (its own help is read then)."""
        if name in self.made or name not in DECLARED:
            return None
        command = declared(name)
        if isinstance(command, typer.Typer):
            return command.info.help if isinstance(command.info.help, str) else None
        return inspect.getdoc(command)


class _Listed(TyperCommand):
    """A command as a list of commands shows it: its name and help, no options."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(name=name, help=text)


class _Commands(TyperGroup):
    """`vendorctl` itself: its commands are made when they are run or asked for their help,
    and listed (`vendorctl --help`) from their docstrings."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _OnFirstUse()

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        # Typer's list of commands, with a summary in place of each command not made yet.
        commands = cast(_OnFirstUse, self.commands)
        rows: list[tuple[str, Any]] = []
        for name in self.list_commands(ctx):
            text = commands.summary(name)
            command = self.get_command(ctx, name) if text is None else _Listed(name, text)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, c.get_short_help_str(limit)) for name, c in rows])


app = typer.Typer(
    name="vendorctl",
    cls=_Commands,
    help="IT vendor relationship management as code: validate the portfolio, render reports.",
    no_args_is_help=True,
    # Help as wide as the terminal up to 100 columns (Click's default stops at 80), so command
    # summaries are not cut short; examples are marked \b so they are never rewrapped.
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    **LOOKS,
)

F = TypeVar("F", bound=Callable[..., Any])
EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell shows for a tool whose reader left


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a command runs.

    A command loads the portfolio into millions of small, long-lived objects without cycles
    (parsed YAML, models, report contexts) and then only reads them. Each collection would walk
    all of them and free nothing: on 1,000 vendors that cost seconds. Reference counting still
    frees everything that is not in a cycle while the collector rests.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def handled(func: F) -> F:
    """Run a command with the collector paused, and end it by the one rule of exit statuses:
    what stops a job (vendorctl.errors) is printed as an error with its exit status; anything
    else is a bug, shown in one line with exit status 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _collector_paused():
                return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader left (`| head`): end quietly, as Unix tools do, with the status a
            # SIGPIPE gives them; nothing more may reach the closed pipe, not even at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            raise typer.Exit(EXIT_PIPE) from None
        except Exception as exc:
            # Looked up only now (the code that raised one of ours imported them already), so
            # that `vendorctl --help` never imports vendorctl.errors.
            from vendorctl.errors import EXIT_INTERNAL, InvalidPortfolio, VendorctlError

            if isinstance(exc, InvalidPortfolio):
                from vendorctl.render.diagnostics import as_text

                sys.stderr.write(as_text(exc.outcome))
                typer.echo("vendorctl: error: fix the errors above and run it again", err=True)
                raise typer.Exit(exc.exit_code) from None
            if isinstance(exc, VendorctlError):
                typer.echo(f"vendorctl: error: {exc}", err=True)
                raise typer.Exit(exc.exit_code) from None
            typer.echo(
                f"vendorctl: internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in vendorctl; please report it with the command you ran.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from vendorctl.errors import EXIT_OK

        typer.echo(f"vendorctl {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """IT vendor relationship management as code.

    Vendors, contracts, SLAs, KPI data, health checks, meetings, issues and risks live as YAML
    in git; vendorctl validates them and renders reports.
    """


RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Portfolio root (the folder with vendorctl.yaml). Default: found by looking upward.",
        file_okay=False,
    ),
]


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Processes to share the vendors between. Default: up to one per CPU, with 25 "
        "vendors or more each, on Linux; elsewhere 1. The output is the same for any number.",
    ),
]


def _cache_choice(ctx: typer.Context, value: bool) -> bool:
    """`--no-cache`: the cache of per-file results (vendorctl.load.cache) off while the command
    runs, else on; as it was once the command ends."""
    from vendorctl.load.cache import turned

    ctx.with_resource(turned(on=not value))
    return value


NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        callback=_cache_choice,
        help="Load every file afresh: neither read nor write the cache of per-file results "
        "(.vendorctl-cache/ in the portfolio, or $VENDORCTL_CACHE_DIR). The output is the same "
        "either way.",
    ),
]


def complete_vendor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Vendor ids for shell completion: the folders under vendors/ (nothing is parsed)."""
    from vendorctl.load.root import find_root

    given = ctx.params.get("root")
    try:
        root = Path(given) if given else find_root(Path.cwd())
        folders = sorted(p.name for p in (root / "vendors").iterdir() if p.is_dir()) if root else []
    except OSError:
        return []
    return [name for name in folders if name.startswith(incomplete)]


VendorArgument = Annotated[
    str, typer.Argument(help="Vendor id, e.g. nimbus-cloud.", autocompletion=complete_vendor)
]


def find_portfolio(root: Path | None) -> Path:
    from vendorctl.load.root import SETTINGS_FILE, find_root

    if root is not None:
        if not (root / SETTINGS_FILE).is_file():
            usage_error(f"no {SETTINGS_FILE} in {root}; pass the folder that holds it")
        return root.absolute()
    try:
        here = Path.cwd()
    except OSError:
        usage_error("the current folder no longer exists; pass --root DIR")
    found = find_root(here)
    if found is None:
        usage_error(
            f"no {SETTINGS_FILE} here or in any parent folder; run inside a portfolio, "
            "pass --root DIR, or create one with `vendorctl init DIR`"
        )
    return found


def parse_date(text: str) -> datetime:
    """Every date option's parser: YYYY-MM-DD, or `today`, the local date as
    vendorctl.compute.as_of.today reads it (the one place the clock enters vendorctl)."""
    text = text.strip()
    if text == "today":
        from vendorctl.compute import as_of  # looked up at each call: a test can pin it

        return datetime.combine(as_of.today(), time())
    try:
        return datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date: give YYYY-MM-DD or today") from None


def date_option(value: datetime | None, option: str = "--as-of") -> date | None:
    """A date option as a date, within the years the data may use."""
    if value is None:
        return None
    if not 1900 <= value.year <= 2999:
        usage_error(f"{option} {value.date()} is outside the years 1900 to 2999")
    return value.date()


def date_or_today(value: datetime | None, option: str) -> date:
    """A date option, else today: the local date, from the one clock (compute.as_of.today)."""
    day = date_option(value, option)
    if day is not None:
        return day
    from vendorctl.compute import as_of

    return as_of.today()


def write_output(path: Path, data: str | bytes) -> None:
    """Write an output file the user named (see `write_named`), or fail as a usage error naming
    the file."""
    from vendorctl.jobs.files import write_named

    try:
        write_named(path, data)
    except OSError as exc:
        usage_error(f"cannot write {path}: {exc.strerror or exc}")


def usage_error(message: str) -> NoReturn:
    from vendorctl.errors import EXIT_USAGE

    typer.echo(f"vendorctl: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


class ReportFormat(StrEnum):
    """Output formats of reports."""

    md = "md"
    json = "json"
    text = "text"


class AudienceChoice(StrEnum):
    """Who a report is for."""

    internal = "internal"
    vendor = "vendor"


AudienceOption = Annotated[
    AudienceChoice,
    typer.Option(
        "--audience",
        help="internal (default), or vendor: leaves out everything the schema marks internal "
        "(commercial notes, decisions, budget, internal risks, health comments).",
    ),
]


MarkdownFormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="md, json or text (a terminal view).")
]
AsOfOption = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="DATE",
        help="Date to report for (YYYY-MM-DD, or today). Default: as_of in vendorctl.yaml, "
        "else the end of the latest period with data.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write the report to this file instead of printing it."),
]


@contextlib.contextmanager
def report_errors(goal: str) -> Iterator[None]:
    """Say what invalid data stops (`goal`): the data errors are listed, then the goal (exit 1);
    the other errors are mapped by `handled`."""
    from vendorctl.errors import EXIT_INVALID, InvalidPortfolio
    from vendorctl.render.diagnostics import as_text

    try:
        yield
    except InvalidPortfolio as exc:
        sys.stderr.write(as_text(exc.outcome))
        typer.echo(f"vendorctl: error: fix the errors above to {goal}", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def run_report(
    kind: str,
    root: Path | None,
    fmt: ReportFormat,
    out: Path | None,
    as_of: datetime | None,
    **options: Any,
) -> None:
    """Make one report and print or write it; map each failure to its exit status."""
    from vendorctl.jobs.report import report

    folder = find_portfolio(root)
    if options.get("vendor") is not None:
        known_vendor(folder, options["vendor"])
    display = display_for(fmt, out)
    with report_errors(f"make a {kind}"):
        text = report(kind, folder, fmt.value, date_option(as_of), display, **options)
    print_or_write(text, out)


def display_for(fmt: ReportFormat, out: Path | None) -> "Display":
    """How a report in `fmt` is drawn: colours only for text on a terminal without NO_COLOR."""
    from vendorctl.render.formats import Display

    colour = (
        fmt == "text" and out is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    return Display(width=terminal_width(), colour=colour)


def known_vendor(folder: Path, vendor: str) -> None:
    """Stop at a vendor id with no folder under vendors/ that is close to one that has:
    `did you mean northbridge?` says more than the list of every vendor the job would give.
    (Only folder names are read, as for shell completion; the job judges the rest.)"""
    import difflib

    vendors = folder / "vendors"
    try:
        if (vendors / vendor).is_dir():
            return
        names = sorted(p.name for p in vendors.iterdir() if p.is_dir())
    except OSError:
        return
    close = difflib.get_close_matches(vendor, names, n=1, cutoff=0.6)
    if close:
        usage_error(f"no vendor {vendor!r} in this portfolio; did you mean {close[0]}?")


def print_or_write(text: str, out: Path | None) -> None:
    """A report on standard output, or written to `out` (saying so on standard error)."""
    if out is None:
        sys.stdout.write(text)
        return
    write_output(out, text)
    typer.echo(f"wrote {out}", err=True)


def terminal_width() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() else None


# Pydantic's plugin loader, and what PYDANTIC_DISABLE_PLUGINS says to turn every plugin off.
_PLUGIN_LOADER = "pydantic.plugin._loader"
_NO_PLUGINS = ("1", "true", "__all__")


class _NoPluginLoader(types.ModuleType):
    """Pydantic's plugin loader when every plugin is off: it finds none, as the real one does
    then, without importing importlib.metadata (10 ms of every command that builds a model,
    only to look plugins up). Anything else asked of it comes from the real loader, imported
    then."""

    @staticmethod
    def get_plugins() -> tuple[()]:
        """No plugins."""
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            # What the import system asks of every module (`__path__`: is it a package?).
            raise AttributeError(name)
        if _NoPluginSearch in sys.meta_path:
            sys.meta_path.remove(_NoPluginSearch)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        import importlib

        return getattr(importlib.import_module(self.__name__), name)


class _NoPluginSearch:
    """What imports Pydantic's plugin loader as `_NoPluginLoader` (when Pydantic first needs
    it: a command that builds no model, such as `--help`, imports nothing of Pydantic)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> Any:
        """The stand-in's spec for the plugin loader; None (not ours) for every other module."""
        if name != _PLUGIN_LOADER:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, _NoPluginSearch)  # type: ignore[arg-type]

    @staticmethod
    def create_module(spec: Any) -> types.ModuleType:
        """The stand-in itself."""
        return _NoPluginLoader(spec.name)

    @staticmethod
    def exec_module(module: types.ModuleType) -> None:
        """Nothing to run: the stand-in is whole once made."""


def _plugins_unsought() -> None:
    """Stand in for Pydantic's plugin loader if PYDANTIC_DISABLE_PLUGINS turns them all off as
    the command starts (and only then: a user who wants plugins has them)."""
    off = os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _NO_PLUGINS
    if off and _PLUGIN_LOADER not in sys.modules and _NoPluginSearch not in sys.meta_path:
        sys.meta_path.insert(0, _NoPluginSearch)


def main() -> None:
    """Console-script entry point."""
    # Pydantic looks for plugins in the metadata of every installed distribution when it
    # builds its first model: 14 ms of every run, for plugins vendorctl never uses. Whoever
    # wants them sets PYDANTIC_DISABLE_PLUGINS themselves (to "" for all of them).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    _plugins_unsought()
    # Paused from the start, not only once the command runs: reading the options imports
    # Pydantic (Typer checks option values with it), thousands of long-lived objects.
    with _collector_paused():
        try:
            app()
        finally:
            # The process ends with the command (app() exits): what is alive now is put out of
            # the collector's reach, or the collections Python makes at exit would walk every
            # object of every module loaded, to free nothing the exit does not free anyway.
            gc.freeze()
