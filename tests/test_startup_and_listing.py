"""`vendorctl --help` imports typer and the command modules only; `list`, `renewals` and
`calendar` share the vendors between processes as `validate` does, with the same output for any
number of them, and `list` shows each vendor's scorecard headline as the scorecard does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings

from tests.conftest import PINNED_ENV, REPO, Run
from tests.fuzzing import Generated, portfolios, write
from tests.test_parallel import LATE, spread
from vendorctl import parallel
from vendorctl.cli import COMMANDS, app
from vendorctl.errors import InvalidPortfolio, ReportError
from vendorctl.jobs.calendar import calendar
from vendorctl.jobs.report import report

# What a command's run may import, and `--help` must not: the model, the loader, the templates,
# the terminal tables, the calendar writer, the numbers, the processes.
HEAVY = {
    "pydantic",
    "yaml",
    "yaml_rs",
    "jinja2",
    "rich",
    "icalendar",
    "decimal",
    "json",
    "multiprocessing",
}
_IMPORTED = """
import sys
from vendorctl.cli import main
sys.argv = ["vendorctl", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
found = sorted(m for m in sys.modules if m.split(".")[0] in TOPS)
import json  # after the list is made
print(json.dumps(found), file=sys.stderr)
""".replace("TOPS", repr(sorted({"vendorctl", *HEAVY})))


def _imported(*args: str) -> tuple[str, set[str]]:
    """What a run of `vendorctl ARGS` printed, and the vendorctl modules and heavy libraries it
    loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**PINNED_ENV, "PATH": "/usr/bin:/bin"},
    )
    *printed, imported = done.stderr.splitlines()
    return done.stdout + "\n".join(printed), set(json.loads(imported))


CLI_MODULES = {
    "vendorctl",
    "vendorctl.cli",
    "vendorctl.cli.base",
    *(f"vendorctl.cli.{name}" for name in ("checking", "claiming", "deadlines", "drafting")),
    *(f"vendorctl.cli.{name}" for name in ("importing", "render", "reports", "reviewing")),
}


@pytest.mark.parametrize("args", [["--help"], ["-h"], []])
def test_help_imports_nothing_but_typer_and_the_command_line(args: list[str]) -> None:
    printed, imported = _imported(*args)
    assert printed.startswith("Usage: vendorctl [OPTIONS] COMMAND [ARGS]...")
    assert imported == CLI_MODULES


@pytest.mark.parametrize(
    ("args", "own"), [(["list", "--help"], "reports"), (["new", "vendor", "--help"], "drafting")]
)
def test_a_commands_help_imports_none_of_the_core(args: list[str], own: str) -> None:
    # Typer itself converts the options of `vendorctl` (--install-completion) with Pydantic
    # before it reaches a command's --help, so Pydantic may come; the rest of the core may not,
    # nor the other commands' modules.
    printed, found = _imported(*args)
    assert printed.startswith(f"Usage: vendorctl {' '.join(args[:-1])} [OPTIONS]")
    assert {m for m in found if m.startswith("vendorctl")} == {
        "vendorctl",
        "vendorctl.cli",
        "vendorctl.cli.base",
        f"vendorctl.cli.{own}",
    }
    assert not {m.split(".")[0] for m in found} & (HEAVY - {"pydantic", "decimal", "json"})


def test_a_command_imports_what_it_needs() -> None:
    # The same probe sees the core once a command runs: the test above can fail.
    printed, found = _imported("list", "--root", str(REPO), "--format", "json")
    assert json.loads(printed)["report"] == "list"
    assert {"pydantic", "vendorctl.jobs.report", "vendorctl.model"} <= found


def test_the_command_list_shows_each_commands_own_summary() -> None:
    """`vendorctl --help` lists the commands from their docstrings, without making each one's
    options: the list is the one the commands give once they are made."""
    group = typer.main.get_command(app)
    with group.make_context("vendorctl", [], resilient_parsing=True, terminal_width=100) as ctx:
        listed = group.get_help(ctx)
        assert isinstance(group, typer.core.TyperGroup)
        made = dict(group.commands.items())  # every command made, as before
        assert list(made) == [name for name, _ in COMMANDS]
        assert group.get_help(ctx) == listed
    lines = listed.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in lines] == [name for name, _ in COMMANDS]
    assert "  list       The portfolio at a glance, one line per vendor." in lines


def test_every_command_still_runs_and_explains_itself(run: Run) -> None:
    assert run("list", "--help").stdout.startswith("Usage: vendorctl list [OPTIONS]")
    assert "--ics <path>" in run("renewals", "--help").stdout
    assert "Example: vendorctl kpi import" in run("kpi", "import", "--help").stdout
    wrong = run("lst")
    assert wrong.exit_code == 2
    assert "No such command 'lst'. Did you mean 'list'?" in wrong.stderr
    assert run("new").exit_code == 2  # a group with no command shows its help


# -- the same reports from any number of processes ---------------------------------------------

pytestmark_fork = pytest.mark.skipif(not parallel.can_fork(), reason="processes fork on Linux")

NAMES = ("aardvark", "acme", "beta", "zulu")


def vendors(root: Path) -> None:
    """Copies of the test portfolio's vendor `acme`, each with its own ids and name."""
    spread(root)
    for name in NAMES[:1] + NAMES[2:]:
        path = root / "vendors" / name / "vendor.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("name: Acme", f"name: {name.title()}", 1), encoding="utf-8")


RUNS = [
    ("list",),
    ("list", "--format", "json", "--sort", "score"),
    ("list", "--format", "md", "--status", "active", "--sort", "deadline"),
    ("renewals",),
    ("renewals", "--format", "json", "--within", "400"),
    ("renewals", "--format", "md", "--as-of", LATE),
]


def _alike(run: Run, root: Path, *args: str | Path) -> tuple[int, str, str]:
    """A command with 1, 2 and 3 processes: the same exit code and output, which is returned."""
    one = run(*args, "--root", root, "--jobs", "1")
    for jobs in ("2", "3"):
        many = run(*args, "--root", root, "--jobs", jobs)
        assert (many.exit_code, many.stdout, many.stderr) == (one.exit_code, one.stdout, one.stderr)
    return one.exit_code, one.stdout, one.stderr


@pytestmark_fork
@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_list_and_renewals_are_alike_from_any_number_of_processes(
    run: Run, portfolio: Path, args: tuple[str, ...]
) -> None:
    vendors(portfolio)
    code, out, _ = _alike(run, portfolio, *args)
    assert code == 0
    assert all(name.title() in out for name in NAMES)


@pytestmark_fork
def test_the_list_has_every_vendor_once_in_order(run: Run, portfolio: Path) -> None:
    vendors(portfolio)
    _, out, _ = _alike(run, portfolio, "list", "--format", "json")
    assert [v["id"] for v in json.loads(out)["vendors"]] == list(NAMES)


@pytestmark_fork
@pytest.mark.parametrize("command", ["calendar", "renewals"])
def test_calendars_are_alike_from_any_number_of_processes(
    run: Run, portfolio: Path, command: str
) -> None:
    spread(portfolio)
    written = []
    for jobs in ("1", "2", "3"):
        target = portfolio / f"{command}-{jobs}.ics"
        result = run(
            command, "--ics", target, "--root", portfolio, "--as-of", "2026-01-01", "-j", jobs
        )
        assert (result.exit_code, result.stderr) == (0, f"wrote {target}\n")
        written.append((result.stdout, target.read_bytes()))
    assert written[1] == written[0] == written[2]
    ics = written[0][1].decode()
    assert all(f"UID:notice-{name}-msa-" in ics for name in ("aardvark", "beta", "zulu"))
    assert ("UID:meeting-" in ics) == (command == "calendar")


def test_renewals_with_a_calendar_file_prints_the_same_report(run: Run, tmp_path: Path) -> None:
    alone = run("renewals", "--root", REPO, "--as-of", "2026-06-30")
    target = tmp_path / "deadlines.ics"
    both = run("renewals", "--root", REPO, "--as-of", "2026-06-30", "--ics", target)
    assert (both.exit_code, both.stdout) == (0, alone.stdout)
    calendar = run(
        "calendar", "--ics", tmp_path / "all.ics", "--root", REPO, "--as-of", "2026-06-30"
    )
    assert calendar.exit_code == 0
    events = (tmp_path / "all.ics").read_text().split("BEGIN:VEVENT")[1:]
    kept = [e for e in events if "UID:meeting-" not in e]
    assert 0 < len(kept) < len(events)
    assert target.read_text().split("BEGIN:VEVENT")[1:] == kept


@pytestmark_fork
def test_an_error_across_processes_refuses_the_report_alike(run: Run, portfolio: Path) -> None:
    spread(portfolio)
    msa = portfolio / "vendors" / "zulu" / "contracts" / "msa.yaml"
    msa.write_text(msa.read_text().replace("id: zulu-msa", "id: acme-msa"), encoding="utf-8")
    code, _, err = _alike(run, portfolio, "list")
    assert code == 1
    assert "vendors/zulu/contracts/msa.yaml:1:5: error: duplicate contract id" in err
    assert err.endswith("vendorctl: error: fix the errors above to make a list\n")
    target = portfolio / "deadlines.ics"
    code, _, err = _alike(run, portfolio, "calendar", "--ics", target)
    assert code == 1 and err.endswith("fix the errors above to write the calendar\n")
    assert not target.exists()


def _made(root: Path, jobs: int) -> object:
    """Every shared report of a portfolio, or the error that stops them."""
    made: list[object] = []
    for kind, options in (
        ("list", {"segment": None, "status": None, "sort": "score"}),
        ("renewals", {"within": None}),
    ):
        try:
            made.append(report(kind, root, "json", None, jobs=jobs, **options))
        except InvalidPortfolio as exc:
            made.append(("invalid", exc.outcome))
        except ReportError as exc:
            made.append(("no report", str(exc)))
    try:
        made.append(calendar(root, None, None, meetings=True, jobs=jobs))
    except (InvalidPortfolio, ReportError) as exc:
        made.append(("refused", type(exc).__name__))
    return made


@pytestmark_fork
@settings(
    max_examples=max(1, settings.default.max_examples // 5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=portfolios(max_vendors=4))
def test_any_portfolio_is_listed_alike(
    tmp_path_factory: pytest.TempPathFactory, generated: Generated
) -> None:
    root = tmp_path_factory.mktemp("portfolio")
    write(root, generated.texts())
    assert _made(root, 3) == _made(root, 1)


# -- list shows what the scorecard shows --------------------------------------------------------

HEADLINE = ("period", "score", "standing", "sla_summary", "change", "direction")


@pytest.mark.parametrize("as_of", ["2026-10-31", "2026-04-15"])
def test_each_row_shows_its_vendors_scorecard_headline(run: Run, as_of: str) -> None:
    listed = json.loads(run("list", "--root", REPO, "-f", "json", "--as-of", as_of).stdout)
    assert len(listed["vendors"]) == 7
    for row in listed["vendors"]:
        card = json.loads(
            run(
                "scorecard",
                row["id"],
                "--root",
                REPO,
                "--period",
                row["period"],
                "--as-of",
                as_of,
                "-f",
                "json",
            ).stdout
        )
        assert {key: row[key] for key in HEADLINE} == {key: card[key] for key in HEADLINE}
    assert any(row["change"] is not None for row in listed["vendors"])
    assert any(row["standing"] is not None for row in listed["vendors"])
