"""Instructions counted, not time measured: the one-process commands against the parse floor and
against `validate`, by valgrind's callgrind, which counts every instruction a process executes.

On a shared virtual machine the CPU time of the same command varies by 10-20% from run to run,
so that a ratio within a few percent of its bound is no answer either way; an instruction count
does not vary with the machine's load (nor, with a fixed hash seed, from run to run). It is not
the issue's measure (time is: an instruction of the interpreter's takes longer, on average, than
one of a native parser's), but it tells how much work each command does, and whether a change
made less of it. Each command is counted on a portfolio of one vendor (its start-up) and of
`count_vendors` vendors: the difference is its work per vendor, and the two project the count at
the size the timed sections run (start-up plus that many vendors' work).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from floors import schema_floor, yaml_rs_floor
from measuring import CACHE_ENV, CHILD_ENV, Failed, Run, clear_cache, measure
from portfolios import portfolio
from targets import Section, ratio

_COLLECTED = re.compile(r"Collected : (\d+)")


@dataclass(frozen=True)
class _Job:
    """One command to count, on one portfolio."""

    shape: str
    command: str
    vendors: int
    argv: list[str]
    root: Path
    cold: bool = False  # its cache deleted first


def counted(argv: Sequence[str | Path], *, cold_root: Path | None = None) -> int:
    """The instructions a command executes to its end (callgrind's count). Failed if it exits
    with an error; `cold_root`: a portfolio whose cache is deleted first."""
    if cold_root is not None:
        clear_cache(cold_root)
    env = {**os.environ, **CHILD_ENV, "PYTHONHASHSEED": "0"}
    env.pop(CACHE_ENV, None)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *map(str, argv)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
    errors = done.stderr.decode(errors="replace")
    found = _COLLECTED.search(errors)
    if done.returncode != 0 or found is None:
        raise Failed([str(a) for a in argv], done.returncode, errors[-2000:], Run(0, 0, 0, 0))
    return int(found.group(1))


def _jobs(work: Path, seed: int, vendors: int) -> list[_Job]:
    """Every count of the section: each shape at one vendor and at `vendors`."""
    found = []
    for size in (1, vendors):
        for shape in ("full", "small"):
            root = portfolio(work, size, seed, shape)

            def one(name: str, *extra: str, root: Path = root) -> list[str]:
                return [sys.executable, "-m", "vendorctl", name, "--root", str(root), *extra]

            # By name: the command, and whether its cache is deleted first.
            commands = {
                "floor": (yaml_rs_floor(root), False),
                "schema floor": (schema_floor(root), False),
                "validate, cold cache": (one("validate", "--jobs", "1"), True),
                "validate --no-cache": (one("validate", "--jobs", "1", "--no-cache"), False),
            }
            if shape == "full":
                ics = str(work / f"count-{size}.ics")
                for name, extra in (("list", ()), ("renewals", ()), ("calendar", ("--ics", ics))):
                    label = f"{name}{' --ics' if extra else ''} --no-cache"
                    commands[label] = (one(name, *extra, "--jobs", "1", "--no-cache"), False)
            for label, (argv, cold) in commands.items():
                found.append(_Job(shape, label, size, argv, root, cold))
    return found


def instructions_section(work: Path, seed: int, vendors: int, projected: int) -> Section:
    """The counts of one-process commands at one vendor and at `vendors`, projected to
    `projected` vendors, as ratios to the floor and to `validate --no-cache`."""
    if shutil.which("valgrind") is None:
        return Section("Instructions", ["Not counted: valgrind is not installed."])
    jobs = _jobs(work, seed, vendors)
    # Counts do not depend on what else runs: as many at once as there are CPUs. A portfolio's
    # cache is deleted by the cold count alone, which is the only one that writes it.
    by_root: dict[Path, list[_Job]] = {}
    for job in jobs:
        by_root.setdefault(job.root, []).append(job)

    def count_root(chosen: list[_Job]) -> list[tuple[_Job, int]]:
        if chosen:
            clear_cache(chosen[0].root)  # left by another section: no count reads it
        made = []
        for job in chosen:
            print(f"  instructions: {job.shape} {job.vendors} {job.command}", file=sys.stderr)
            # Run once uncounted first: a module no earlier run imported is compiled then, and
            # its bytecode cached, so that no count includes the compiler.
            measure(job.argv)
            made.append((job, counted(job.argv, cold_root=job.root if job.cold else None)))
        if chosen:
            clear_cache(chosen[0].root)
        return made

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = [pair for part in pool.map(count_root, by_root.values()) for pair in part]
    for size in (1, vendors):
        (work / f"count-{size}.ics").unlink(missing_ok=True)
    counts = {(job.shape, job.command, job.vendors): value for job, value in results}
    lines = [
        f"Instructions executed (valgrind's callgrind, `PYTHONHASHSEED=0`), one process "
        f"(`--jobs 1`), on generated portfolios of 1 and {vendors:,} vendors of each shape; "
        f"per vendor: the difference over {vendors - 1:,} vendors; projected to "
        f"{projected:,} vendors: one vendor's count plus {projected - 1:,} vendors' work. "
        "Ratios of the projected counts. Under valgrind, OpenSSL hashes without the "
        "processor's SHA instructions: the cold cache's count (it hashes every file it reads) "
        "overstates what the hashing costs in time.",
        "",
        f"| shape | command | 1 vendor (M) | {vendors:,} vendors (M) | per vendor (M) "
        f"| {projected:,} vendors, projected (M) | x floor | x `validate --no-cache` |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for shape in ("full", "small"):
        names = [job.command for job in jobs if job.shape == shape and job.vendors == 1]
        # Per command: one vendor's count, `vendors`' count, the work per vendor, projected.
        rows = {}
        for name in names:
            one, many = counts[shape, name, 1], counts[shape, name, vendors]
            per = (many - one) / (vendors - 1)
            rows[name] = (one, many, per, one + per * (projected - 1))
        floor, base = rows["floor"][3], rows["validate --no-cache"][3]
        for name, (one, many, per, whole) in rows.items():
            lines.append(
                f"| {shape} | `{name}` | {one / 1e6:,.0f} | {many / 1e6:,.0f} | {per / 1e6:.2f} "
                f"| {whole / 1e6:,.0f} | {ratio(whole / floor)} | {ratio(whole / base)} |"
            )
    return Section(f"Instructions, one process, projected to {projected:,} vendors", lines)
