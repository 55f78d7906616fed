"""Running a command as a process and measuring it: wall and CPU time, peak memory, medians."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Plain, stable output in every child: no colours, no terminal-width guessing, no CI detection.
CHILD_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "GITHUB_ACTIONS": ""}
# The cache of loaded files goes where the benchmark looks for it: in the portfolio's root.
CACHE_ENV = "VENDORCTL_CACHE_DIR"
CACHE_DIR = ".vendorctl-cache"


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    wall: float  # seconds
    cpu: float  # user + system seconds, of the command and every process it started
    peak: int  # bytes: the peak RSS of its largest process (os.wait4)
    total: int = 0  # bytes: the peak PSS of all its processes together (sampled), or 0


class Failed(Exception):
    """A command exited with a status it should not have: never a figure."""

    def __init__(self, argv: Sequence[str], status: int, errors: str, run: Run) -> None:
        self.argv, self.status, self.errors, self.run = list(argv), status, errors, run
        super().__init__(f"benchmark command failed ({status}): {' '.join(self.argv)}\n{errors}")

    @property
    def words(self) -> str:
        """The command without its program and paths: `validate --jobs 1`, say."""
        return " ".join(arg for arg in self.argv[1:] if os.sep not in arg and "\n" not in arg)

    @property
    def last_line(self) -> str:
        """The last line the command wrote to stderr: usually what stopped it."""
        lines = self.errors.strip().splitlines()
        return lines[-1] if lines else "(nothing on stderr)"


@dataclass
class Sample:
    """The runs of one command, in the order they ran."""

    runs: list[Run] = field(default_factory=list)

    @property
    def timed(self) -> list[Run]:
        """The runs that were timed (not the untimed runs that sampled memory)."""
        return [run for run in self.runs if run.wall != float("inf")]

    @property
    def best(self) -> float:
        """The fastest run: what the command costs when nothing else gets in its way."""
        return min(run.wall for run in self.timed)

    @property
    def cpu(self) -> float:
        """The CPU seconds of the fastest run."""
        return min(self.timed, key=lambda run: run.wall).cpu

    @property
    def median_cpu(self) -> float:
        """The median CPU seconds of the timed runs."""
        return statistics.median(run.cpu for run in self.timed)

    @property
    def peak_mb(self) -> float:
        """The largest peak RSS of one process in any run, in MB."""
        return max(run.peak for run in self.runs) / 1e6

    @property
    def total_mb(self) -> float | None:
        """The largest peak PSS of all processes of a run together, in MB, if sampled."""
        totals = [run.total for run in self.runs if run.total]
        return max(totals) / 1e6 if totals else None


def paired(numerator: Sample, denominator: Sample, what: str = "cpu") -> float:
    """The median of the ratios of runs made side by side (the n-th run of each, one right after
    the other): what a busy machine does to both cancels out of each ratio. `what` is "cpu" or
    "wall"."""
    pairs = list(zip(numerator.timed, denominator.timed, strict=True))
    return statistics.median(getattr(a, what) / getattr(b, what) for a, b in pairs)


def _descendants(pid: int) -> set[int]:
    """A process and every process below it, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_bytes()
        except OSError:
            continue
        parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, ()))
    return found


def _pss(pid: int) -> int:
    """A process's proportional set size: its private pages, and its share of pages it shares
    with others (a forked worker shares the parent's, until either writes to them)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_bytes().splitlines():
            if line.startswith(b"Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the PSS of a process and of every process below it, summed, every 20 ms (the
    processes are looked up every 100 ms): the memory a command that forks workers takes in
    all, each page counted once. Reading PSS takes milliseconds, so this runs apart from the
    timed runs. Nothing is sampled where /proc is missing."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        if not Path("/proc").is_dir():
            return
        pids = {self.pid}
        tick = 0
        while not self.done.wait(0.02):
            if tick % 5 == 0:
                pids = _descendants(self.pid)
            tick += 1
            self.peak = max(self.peak, sum(_pss(pid) for pid in pids))


def _maxrss_bytes(usage: resource.struct_rusage) -> int:
    # Linux reports kilobytes, macOS bytes.
    kilo = 1 if sys.platform == "darwin" else 1024
    return int(usage.ru_maxrss) * kilo


def measure(argv: Sequence[str | Path], cwd: Path | None = None, *, memory: bool = False) -> Run:
    """Run a command to its end: wall and CPU seconds, the peak RSS of its largest process
    (os.wait4's rusage) and, with `memory`, the peak PSS of all its processes together (then
    its times are not figures: the sampling weighs on them).

    A non-zero exit status raises Failed, which still carries what was measured.
    """
    argv = [str(arg) for arg in argv]
    env = {**os.environ, **CHILD_ENV}
    env.pop(CACHE_ENV, None)
    start = time.perf_counter()
    child = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    sampler = TreeMemory(child.pid)
    if memory:
        sampler.start()
    assert child.stderr is not None
    # Read stderr before waiting, so a chatty child never blocks on a full pipe.
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if memory:
        sampler.done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    run = Run(wall, usage.ru_utime + usage.ru_stime, _maxrss_bytes(usage), sampler.peak)
    if child.returncode != 0:
        raise Failed(argv, child.returncode, errors.decode(errors="replace")[-2000:], run)
    return run


def cache_bytecode(work: Path) -> None:
    """Let every child cache compiled bytecode, as an installed package has it, and compile it now.

    A development shell may set PYTHONDONTWRITEBYTECODE, which makes every run compile its
    sources again: that would time the compiler, for vendorctl (run from its sources) and not for
    Typer (installed with its bytecode). The cache goes to the work folder, not the source tree.
    Every module of vendorctl is compiled, so that no command's first run pays for it.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    every = (
        "import importlib, pkgutil, typer, yaml, yaml_rs, vendorctl\n"
        "for module in pkgutil.walk_packages(vendorctl.__path__, 'vendorctl.'):\n"
        "    if module.name != 'vendorctl.__main__':\n"
        "        importlib.import_module(module.name)\n"
    )
    measure([sys.executable, "-c", every])


def vendorctl() -> list[str]:
    """The installed console script beside this interpreter, else `python -m vendorctl`."""
    script = Path(sys.executable).parent / "vendorctl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vendorctl"]


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file of a portfolio."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def warm(files: list[Path]) -> None:
    """Read every file once, unmeasured, so that each command finds them in the page cache: on a
    shared machine whose cache other work empties, cold reads would decide the figures."""
    for path in files:
        path.read_bytes()


def clear_cache(root: Path) -> None:
    """Delete the portfolio's cache of loaded files: the next run starts cold."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
