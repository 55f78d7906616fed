"""validate shares the vendors between forked processes: the outcome is the same for any number
of them, byte for byte, whatever the data; a process that fails never changes a result."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings

from tests.conftest import PINNED_ENV, TESTS, Run
from tests.fuzzing import Generated, broken_portfolios, portfolios, write
from tests.test_invalid_cases import CASES, _header
from vendorctl import parallel
from vendorctl.errors import InvalidPortfolio, ReportError
from vendorctl.jobs.portfolio import load_and_check
from vendorctl.jobs.render import render_portfolio
from vendorctl.jobs.validate import validate
from vendorctl.parallel import HeldStates, count, held, map_in_processes, process_count

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="processes are forked on Linux")

# Around `acme` in name order, so that with 3 processes every one gets a vendor of its own.
OTHERS = ("aardvark", "beta", "zulu")
LATE = "2027-06-01"  # notice deadlines passed, meetings overdue: every vendor has warnings


def spread(root: Path, names: tuple[str, ...] = OTHERS) -> None:
    """Copy vendor `acme` of the test portfolio to other vendors, each with its own ids."""
    for name in names:
        folder = root / "vendors" / name
        shutil.copytree(root / "vendors" / "acme", folder)
        for path, old in (
            ("vendor.yaml", "id: acme\n"),
            ("contracts/msa.yaml", "id: acme-msa\n"),
            ("claims.yaml", "contract: acme-msa\n"),
        ):
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
    pids = map_in_processes(lambda _: os.getpid(), range(3))
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3


def test_a_multi_vendor_portfolio_is_checked_alike(run: Run, portfolio: Path) -> None:
    spread(portfolio)
    code, out = both(run, portfolio, "--as-of", LATE)
    assert code == 0
    assert out.endswith("Checked 37 files: 0 errors, 28 warnings.\n")
    for name in ("aardvark", "acme", "beta", "zulu"):
        assert f"vendors/{name}/vendor.yaml:22:5: warning: the last `service-review`" in out


def test_contract_ids_are_unique_across_processes(run: Run, portfolio: Path) -> None:
    """`beta` reuses acme's contract id; with 3 processes they are checked apart, yet the
    duplicate is found, and beta, now broken, gets no policy findings (as in one process)."""
    spread(portfolio)
    msa = portfolio / "vendors" / "beta" / "contracts" / "msa.yaml"
    msa.write_text(msa.read_text().replace("id: beta-msa", "id: acme-msa"), encoding="utf-8")
    claims = portfolio / "vendors" / "beta" / "claims.yaml"
    claims.write_text(claims.read_text().replace("beta-msa", "acme-msa"), encoding="utf-8")
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

    assert map_in_processes(square, [1, 2, 3]) == [1, 4, 9]


def test_an_error_in_a_child_surfaces_here() -> None:
    def fail(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        map_in_processes(fail, [1, 2, 3])


PARENT = os.getpid()


def _pair(state: int, arg: str) -> tuple[int, str]:
    return state, arg


def _dies_in_a_child(state: int, arg: int) -> int:
    if os.getpid() != PARENT and state == 2 and arg == 2:
        os._exit(3)
    return state * 10 + arg


def test_held_states_answer_calls_on_the_state_each_process_holds() -> None:
    with HeldStates(lambda n: n, [1, 2, 3]) as states:
        # `here` goes to the state held in this process, `arg` travels to the others.
        assert states.map(_pair, "there", here="here") == [(1, "here"), (2, "there"), (3, "there")]
        assert states.map(_dies_in_a_child, 1) == [11, 21, 31]
        assert states.map(_dies_in_a_child, 2) == [12, 22, 32]  # the child with 2 died: made here
        assert states.map(_pair, "there", here="here") == [(1, "here"), (2, "here"), (3, "there")]


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(count, "cpus", lambda: 4)
    assert process_count(None, 1000, 25) == 4
    assert process_count(None, 60, 25) == 2
    assert process_count(None, 24, 25) == 1
    assert process_count(8, 3, 25) == 3  # never more processes than vendors
    assert process_count(2, 0, 25) == 1
    monkeypatch.setattr(count, "can_fork", lambda: False)
    assert process_count(None, 1000, 25) == 1
    monkeypatch.setattr(held, "can_fork", lambda: False)
    assert map_in_processes(lambda _: os.getpid(), range(3)) == [os.getpid()] * 3


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
    assert one.stdout == "Checked 37 files: no problems found.\n"


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
    views = map_in_processes(_child_view, range(4))
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

    # Each child costs three open files here; they may take an eighth of those allowed.
    monkeypatch.setattr(resource, "getrlimit", lambda _: (96, 4096))
    assert process_count(100, 1000, 25) == 4
    monkeypatch.setattr(count, "cpus", lambda: 256)
    assert process_count(None, 100_000, 25) == 4
    monkeypatch.setattr(resource, "getrlimit", lambda _: (20, 4096))
    assert process_count(100, 1000, 25) == 1


def test_many_processes_under_a_low_open_file_limit(tmp_path: Path) -> None:
    """60 vendors, 32 processes asked for, 48 open files allowed (two processes): no file goes
    unread."""
    import resource

    root = tmp_path / "portfolio"
    shutil.copytree(TESTS / "cases" / "base", root)
    spread(root, tuple(f"v{n:02d}" for n in range(59)))
    env = {**os.environ, **PINNED_ENV}
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (48, hard))

    def validate_with(jobs: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "vendorctl", "validate", "--root", str(root), "-j", jobs]
        return subprocess.run(
            command, capture_output=True, text=True, env=env, check=False, preexec_fn=low_limit
        )

    one, many = validate_with("1"), validate_with("32")
    assert (many.returncode, many.stdout, many.stderr) == (0, one.stdout, one.stderr)
    assert one.stdout == "Checked 541 files: no problems found.\n"


class _Unreadable:
    """Pickles in a child, but does not unpickle here."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _refuse, ()


def _refuse() -> None:
    raise RuntimeError("cannot be read here")


def _does_not_travel(state: int, _: object) -> object:
    if os.getpid() != PARENT and state == 2:
        return lambda: state  # does not pickle: the child fails to send it
    if os.getpid() != PARENT and state == 3:
        return _Unreadable()
    return state * 10


def test_an_answer_that_cannot_travel_is_made_again_here() -> None:
    with HeldStates(lambda n: n, [1, 2, 3, 4]) as states:
        assert states.map(_does_not_travel) == [10, 20, 30, 40]
        assert sorted(states.children) == [3]  # the others are done here from now on
        assert states.map(_pair, "there", here="here")[1:3] == [(2, "here"), (3, "here")]


def _fails_here(state: int, _: object) -> int:
    if os.getpid() == PARENT:
        raise ValueError("here")
    return state


def test_an_error_here_ends_the_children_whose_answers_are_unread() -> None:
    with HeldStates(lambda n: n, [1, 2, 3]) as states:
        with pytest.raises(ValueError, match="here"):
            states.map(_fails_here)
        # Their answers would otherwise be taken for those of the next call.
        assert states.children == {}
        assert states.map(_pair, "x") == [(1, "x"), (2, "x"), (3, "x")]


def test_a_last_call_lets_every_state_go() -> None:
    with HeldStates(lambda n: n, [1, 2, 3]) as states:
        assert states.map(_dies_in_a_child, 2, last=True) == [12, 22, 32]
        # Neither the states held here nor the one made again for the child that died are
        # kept, and the children have left.
        assert states.states == {}
        assert states.children == {}
        assert states.map(_pair, "x") == [(1, "x"), (2, "x"), (3, "x")]  # made again, here


def _children() -> set[int]:
    """The processes this one started (and has not yet waited for)."""
    tasks = Path("/proc/self/task").iterdir()
    return {int(pid) for task in tasks for pid in (task / "children").read_text().split()}


def test_no_process_is_started_but_the_children() -> None:
    """No resource tracker or manager process: only one child per item but the first, all
    waited for when done."""
    import multiprocessing

    before = _children()
    with HeldStates(lambda _: os.getpid(), range(4)) as states:
        pids = [pid for pid, _ in states.map(_pair, "")]
        assert _children() - before == set(pids[1:])
    assert _children() == before
    assert multiprocessing.active_children() == []


def test_when_forking_fails_the_items_left_are_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fork, forks = os.fork, []

    def fork() -> int:
        forks.append(1)
        if len(forks) > 1:
            raise OSError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    before = sorted(p.name for p in Path("/proc/self/fd").iterdir())
    pids = map_in_processes(lambda _: os.getpid(), range(4))
    assert pids[0] == pids[2] == pids[3] == os.getpid() != pids[1]
    assert sorted(p.name for p in Path("/proc/self/fd").iterdir()) == before  # none left open


def _run_python(code: str, **kwargs: object) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", code]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.Popen(command, text=True, **pipes, **kwargs)  # type: ignore[call-overload]


def test_children_leave_without_running_this_process_cleanup(tmp_path: Path) -> None:
    """Buffered output and atexit handlers of this process are written and run once, here
    alone, whether a child answers or fails."""
    log = tmp_path / "log"
    code = (
        "import atexit, os, sys\n"
        "from vendorctl.parallel import map_in_processes\n"
        "parent = os.getpid()\n"
        f"log = open({str(log)!r}, 'a')\n"
        "log.write('buffered\\n')\n"  # still in the buffer when the children are forked
        "atexit.register(lambda: log.write(f'atexit here: {os.getpid() == parent}\\n'))\n"
        "sys.stdout.write('out ')\n"
        "print(map_in_processes(lambda n: 1 // (os.getpid() == parent or n != 2) * n, range(4)))\n"
    )
    process = _run_python(code)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, out, err) == (0, "out [0, 1, 2, 3]\n", "")
    assert log.read_text() == "buffered\natexit here: True\n"


def test_ctrl_c_ends_the_children_at_once() -> None:
    code = (
        "import operator, sys, time\n"
        "from vendorctl.parallel import HeldStates\n"
        "with HeldStates(lambda _: time.sleep(120), range(3)) as states:\n"
        "    print('forked', flush=True)\n"
        "    states.map(operator.is_)\n"
    )
    process = _run_python(code, start_new_session=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "forked\n"
        children = Path("/proc") / str(process.pid) / "task" / str(process.pid) / "children"
        pids = [int(pid) for pid in children.read_text().split()]
        assert len(pids) == 2

        def catches_sigint(pid: int) -> bool:
            status = (Path("/proc") / str(pid) / "status").read_text()
            caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
            return bool(int(caught.split()[1], 16) & (1 << (signal.SIGINT - 1)))

        # A child started a moment ago may still run the parent's handler: wait (on a busy
        # machine) until it has given Ctrl-C back its default action, as it does first thing.
        waited = 0.0
        while any(catches_sigint(pid) for pid in pids) and waited < 10:
            time.sleep(0.05)
            waited += 0.05
        for pid in pids:
            os.kill(pid, signal.SIGINT)  # as Ctrl-C would: the parent, still busy, waits for none

        def ended(pid: int) -> bool:
            try:
                return (Path("/proc") / str(pid) / "stat").read_text().split(") ")[1][0] == "Z"
            except FileNotFoundError:
                return True

        waited = 0.0
        while not all(ended(pid) for pid in pids) and waited < 10:
            time.sleep(0.05)
            waited += 0.05
        assert all(ended(pid) for pid in pids)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert "KeyboardInterrupt" in err
        assert not any((Path("/proc") / str(pid)).exists() for pid in pids)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_help_does_not_import_multiprocessing() -> None:
    code = (
        "import sys\n"
        "from vendorctl.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "import vendorctl.parallel\n"
        "print(sorted(m for m in sys.modules if m.startswith('multiprocessing')))\n"
    )
    process = _run_python(code)
    out, _ = process.communicate(timeout=60)
    assert out.splitlines()[-1] == "[]"
