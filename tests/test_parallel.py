"""validate shares the vendors between forked processes: the outcome is the same for any number
of them, byte for byte, whatever the data; a process that fails never changes a result."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings

from tests.conftest import PINNED_ENV, TESTS, Run
from tests.fuzzing import Generated, broken_portfolios, portfolios, write
from tests.test_invalid_cases import CASES, _header
from vendorctl.jobs.render import render_portfolio
from vendorctl.jobs.validate import load_and_check, validate
from vendorctl.parallel import workers
from vendorctl.reports.common import InvalidPortfolio, ReportError

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="processes are forked on Linux")

# Around `acme` in name order, so that with 3 processes every one gets a vendor of its own.
OTHERS = ("aardvark", "beta", "zulu")
LATE = "2027-06-01"  # notice deadlines passed, meetings overdue: every vendor has warnings


def spread(root: Path, names: tuple[str, ...] = OTHERS) -> None:
    """Copy vendor `acme` of the test portfolio to other vendors, each with its own ids."""
    for name in names:
        folder = root / "vendors" / name
        shutil.copytree(root / "vendors" / "acme", folder)
        for path, old in (("vendor.yaml", "id: acme\n"), ("contracts/msa.yaml", "id: acme-msa\n")):
            text = (folder / path).read_text(encoding="utf-8")
            new = old.replace("acme", name)
            (folder / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def both(run: Run, root: Path, *args: str) -> tuple[int, str]:
    """validate in one process and in three: the same exit code and output, which is returned."""
    one = run("validate", "--root", root, "--jobs", "1", *args)
    three = run("validate", "--root", root, "--jobs", "3", *args)
    assert (three.exit_code, three.stdout, three.stderr) == (one.exit_code, one.stdout, one.stderr)
    return one.exit_code, one.stdout


def test_the_work_is_shared_between_processes() -> None:
    pids = workers.fork_map(lambda _: os.getpid(), range(3))
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3


def test_a_multi_vendor_portfolio_is_checked_alike(run: Run, portfolio: Path) -> None:
    spread(portfolio)
    code, out = both(run, portfolio, "--as-of", LATE)
    assert code == 0
    assert out.endswith("Checked 33 files: 0 errors, 28 warnings.\n")
    for name in ("aardvark", "acme", "beta", "zulu"):
        assert f"vendors/{name}/vendor.yaml:22:5: warning: the last `service-review`" in out


def test_contract_ids_are_unique_across_processes(run: Run, portfolio: Path) -> None:
    """`beta` reuses acme's contract id; with 3 processes they are checked apart, yet the
    duplicate is found, and beta, now broken, gets no policy findings (as in one process)."""
    spread(portfolio)
    msa = portfolio / "vendors" / "beta" / "contracts" / "msa.yaml"
    msa.write_text(msa.read_text().replace("id: beta-msa", "id: acme-msa"), encoding="utf-8")
    (portfolio / "vendors" / "zulu" / "contracts" / "copy.yaml").write_bytes(msa.read_bytes())
    code, out = both(run, portfolio, "--as-of", LATE)
    assert code == 1
    duplicate = (
        "error: duplicate contract id `acme-msa` (first defined at "
        "vendors/acme/contracts/msa.yaml:1) [duplicate-id]"
    )
    assert f"vendors/beta/contracts/msa.yaml:1:5: {duplicate}" in out
    assert f"vendors/zulu/contracts/copy.yaml:1:5: {duplicate}" in out
    assert "vendors/beta/" not in out.replace(
        f"vendors/beta/contracts/msa.yaml:1:5: {duplicate}", ""
    )
    assert "vendors/acme/vendor.yaml:22:5: warning: " in out
    assert "vendors/aardvark/vendor.yaml:22:5: warning: " in out


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_invalid_case_is_reported_alike(run: Run, portfolio: Path, case: Path) -> None:
    raw = case.read_bytes()
    target, expected = _header(raw)
    spread(portfolio)
    (portfolio / target).parent.mkdir(parents=True, exist_ok=True)
    (portfolio / target).write_bytes(raw)
    code, out = both(run, portfolio)
    assert code == 1
    assert set(expected) <= set(out.splitlines())


@settings(
    max_examples=max(1, settings.default.max_examples // 4),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(case=broken_portfolios(max_vendors=4))
def test_any_broken_portfolio_is_reported_alike(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[Generated, dict[str, bytes], str]
) -> None:
    _, files, what = case
    note(what)
    root = tmp_path_factory.mktemp("portfolio")
    write(root, files)
    _, expected = load_and_check(root)
    assert validate(root, jobs=3) == expected
    assert validate(root, jobs=2) == expected


def test_a_failed_child_has_its_part_done_again_here() -> None:
    parent = os.getpid()

    def square(n: int) -> int:
        if os.getpid() != parent and n == 2:
            os._exit(9)  # dies without a word, as if killed
        return n * n

    assert workers.fork_map(square, [1, 2, 3]) == [1, 4, 9]


def test_an_error_in_a_child_surfaces_here() -> None:
    def fail(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        workers.fork_map(fail, [1, 2, 3])


PARENT = os.getpid()


def _pair(state: int, arg: str) -> tuple[int, str]:
    return state, arg


def _dies_in_a_child(state: int, arg: int) -> int:
    if os.getpid() != PARENT and state == 2 and arg == 2:
        os._exit(3)
    return state * 10 + arg


def test_a_crew_answers_calls_on_the_state_each_process_holds() -> None:
    with workers.Crew(lambda n: n, [1, 2, 3]) as crew:
        # `here` goes to the state held in this process, `arg` travels to the others.
        assert crew.map(_pair, "there", here="here") == [(1, "here"), (2, "there"), (3, "there")]
        assert crew.map(_dies_in_a_child, 1) == [11, 21, 31]
        assert crew.map(_dies_in_a_child, 2) == [12, 22, 32]  # the child with 2 died: made here
        assert crew.map(_pair, "there", here="here") == [(1, "here"), (2, "here"), (3, "there")]


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cpus", lambda: 4)
    assert workers.jobs_for(None, 1000, 25) == 4
    assert workers.jobs_for(None, 60, 25) == 2
    assert workers.jobs_for(None, 24, 25) == 1
    assert workers.jobs_for(8, 3, 25) == 3  # never more processes than vendors
    assert workers.jobs_for(2, 0, 25) == 1
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert workers.jobs_for(None, 1000, 25) == 1
    assert workers.fork_map(lambda _: os.getpid(), range(3)) == [os.getpid()] * 3


def test_jobs_must_be_positive(run: Run, portfolio: Path) -> None:
    result = run("validate", "--root", portfolio, "--jobs", "0")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1"
        in result.stderr
    )


def test_installed_command_in_parallel(tmp_path: Path) -> None:
    """A real process of the installed vendorctl, sharing four vendors between four processes."""
    root = tmp_path / "portfolio"
    shutil.copytree(TESTS / "cases" / "base", root)
    spread(root)
    env = {**os.environ, **PINNED_ENV}

    def validate_with(jobs: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "vendorctl", "validate", "--root", str(root), "-j", jobs]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    one, four = validate_with("1"), validate_with("4")
    assert (four.returncode, four.stdout, four.stderr) == (0, one.stdout, one.stderr)
    assert one.stdout == "Checked 33 files: no problems found.\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def test_reports_are_the_same_from_any_number_of_processes(run: Run, portfolio: Path) -> None:
    spread(portfolio)
    one = run("render", "--root", portfolio, "--out", portfolio / "one", "-j", "1")
    three = run("render", "--root", portfolio, "--out", portfolio / "three", "-j", "3")
    assert (one.exit_code, three.exit_code) == (0, 0)
    assert one.stdout.replace("one/", "three/") == three.stdout
    assert snapshot(portfolio / "one") == snapshot(portfolio / "three")
    assert len(snapshot(portfolio / "one")) == 13  # 3 reports of each of 4 vendors, the index
    index = (portfolio / "three" / "README.md").read_text(encoding="utf-8")
    assert all(f"({name}/scorecard.md)" in index for name in ("aardvark", "acme", "beta", "zulu"))
    check = run("render", "--root", portfolio, "--out", portfolio / "one", "--check", "-j", "3")
    assert check.exit_code == 0, check.stdout


def test_reports_are_refused_for_an_error_found_across_processes(run: Run, portfolio: Path) -> None:
    spread(portfolio)
    msa = portfolio / "vendors" / "zulu" / "contracts" / "msa.yaml"
    msa.write_text(msa.read_text().replace("id: zulu-msa", "id: acme-msa"), encoding="utf-8")
    one = run("render", "--root", portfolio, "-j", "1")
    three = run("render", "--root", portfolio, "-j", "3")
    assert (three.exit_code, three.stdout, three.stderr) == (1, one.stdout, one.stderr)
    assert "vendors/zulu/contracts/msa.yaml:1:5: error: duplicate contract id" in one.stderr
    assert not (portfolio / "reports").exists()


def _rendered(root: Path, jobs: int) -> object:
    try:
        result = render_portfolio(root, root / "reports", None, check=True, jobs=jobs)
    except InvalidPortfolio as exc:
        return ("invalid", exc.outcome)
    except ReportError as exc:
        return ("no report", str(exc))
    return result.planned, result.as_of


@settings(
    max_examples=max(1, settings.default.max_examples // 5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=portfolios(max_vendors=4))
def test_any_portfolio_renders_alike(
    tmp_path_factory: pytest.TempPathFactory, generated: Generated
) -> None:
    root = tmp_path_factory.mktemp("portfolio")
    write(root, generated.texts())
    assert _rendered(root, 3) == _rendered(root, 1)


def test_an_error_while_rendering_is_the_one_one_process_meets(run: Run, portfolio: Path) -> None:
    """A template that fails for `beta` and `zulu`: one process meets beta first; with three,
    zulu is rendered here first. The error reported is beta's either way."""
    spread(portfolio)
    (portfolio / "templates").mkdir()
    (portfolio / "templates" / "scorecard.md.j2").write_text(
        "# {{ vendor.name }}\n{% if vendor.id in ('beta', 'zulu') %}{{ {}[vendor.id] }}{% endif %}\n",
        encoding="utf-8",
    )
    one = run("render", "--root", portfolio, "-j", "1")
    three = run("render", "--root", portfolio, "-j", "3")
    assert one.exit_code != 0
    assert (three.exit_code, three.stdout, three.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert "beta" in one.stderr and "zulu" not in one.stderr


def _child_view(_: int) -> tuple[str, object, object, int]:
    stdout = getattr(sys.stdout, "name", None)
    fds = len(list(Path("/proc/self/fd").iterdir()))
    return str(Path("/proc/self/fd/1").readlink()), stdout, signal.getsignal(signal.SIGINT), fds


def test_a_child_holds_neither_the_terminal_nor_its_siblings_pipes() -> None:
    before = sorted(p.name for p in Path("/proc/self/fd").iterdir())
    views = workers.fork_map(_child_view, range(4))
    for view in views[1:]:
        assert view[:3] == (os.devnull, os.devnull, signal.SIG_DFL)
    # A later child inherits the pipes to the earlier ones, and closes them.
    assert views[1][3] == views[2][3] == views[3][3]
    assert views[0][2] == signal.getsignal(signal.SIGINT)  # this process keeps its own
    assert sorted(p.name for p in Path("/proc/self/fd").iterdir()) == before  # none left open


def test_processes_are_capped_by_the_open_files_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import resource

    monkeypatch.setattr(resource, "getrlimit", lambda _: (64, 4096))
    assert workers.jobs_for(100, 1000, 25) == 4
    monkeypatch.setattr(workers, "cpus", lambda: 256)
    assert workers.jobs_for(None, 100_000, 25) == 4


def test_many_processes_under_a_low_open_file_limit(tmp_path: Path) -> None:
    """60 vendors, 32 processes asked for, 32 open files allowed: no file goes unread."""
    import resource

    root = tmp_path / "portfolio"
    shutil.copytree(TESTS / "cases" / "base", root)
    spread(root, tuple(f"v{n:02d}" for n in range(59)))
    env = {**os.environ, **PINNED_ENV}
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (32, hard))

    def validate_with(jobs: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "vendorctl", "validate", "--root", str(root), "-j", jobs]
        return subprocess.run(
            command, capture_output=True, text=True, env=env, check=False, preexec_fn=low_limit
        )

    one, many = validate_with("1"), validate_with("32")
    assert (many.returncode, many.stdout, many.stderr) == (0, one.stdout, one.stderr)
    assert one.stdout == "Checked 481 files: no problems found.\n"
