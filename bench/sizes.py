"""The table by portfolio size: validate, render and scorecard beside the parse floors and the peer,
check-jsonschema, with issue 9's targets.

For each portfolio size every command runs as its own process, several times, interleaved with
the others so that a busy machine slows them all alike, each after the portfolio's files were read
once (a warm page cache); the best wall time is kept (noise only ever adds time) and the largest
peak RSS. vendorctl runs without its cache (`--no-cache`), as before there was one: the cache
section measures it.
"""

from __future__ import annotations

import importlib.util
import math
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from floors import csafe_floor, yaml_rs_floor
from measuring import Run, Sample, measure, vendorctl, warm, yaml_files
from portfolios import middle_vendor, portfolio
from targets import Section, Target

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
# Which exported schema each kind of portfolio file is checked against by the peer.
PEER_KINDS = {
    "settings.schema.json": ["vendorctl.yaml"],
    "vendor.schema.json": ["vendors/*/vendor.yaml"],
    "contract.schema.json": ["vendors/*/contracts/*.yaml"],
    "measurements.schema.json": ["vendors/*/kpis/*.yaml"],
    "health.schema.json": ["vendors/*/health/*.yaml"],
    "meeting.schema.json": ["vendors/*/meetings/*.yaml"],
    "issues.schema.json": ["vendors/*/issues.yaml"],
    "claims.schema.json": ["vendors/*/claims.yaml"],
}


def peer_command() -> list[str] | None:
    """How to run check-jsonschema, or None when it is not installed."""
    if importlib.util.find_spec("check_jsonschema") is not None:
        return [sys.executable, "-m", "check_jsonschema"]
    found = shutil.which("check-jsonschema")
    return [found] if found else None


def run_peer(peer: list[str], root: Path) -> Run:
    """check-jsonschema over every file, one run per file kind and schema: summed wall and CPU
    time, largest peak RSS."""
    wall, cpu, peak, total = 0.0, 0.0, 0, 0
    for schema, patterns in PEER_KINDS.items():
        files = sorted(str(p.relative_to(root)) for pattern in patterns for p in root.glob(pattern))
        if not files:
            continue
        run = measure([*peer, "--schemafile", str(SCHEMAS / schema), *files], cwd=root)
        wall, cpu = wall + run.wall, cpu + run.cpu
        peak, total = max(peak, run.peak), max(total, run.total)
    return Run(wall, cpu, peak, total)


@dataclass
class SizeResult:
    """Everything measured on one portfolio size."""

    vendors: int
    files: int
    megabytes: float
    reports: int
    samples: dict[str, Sample]


# Row order and labels of the table.
LABELS = {
    "validate": "`vendorctl validate`",
    "validate-1": "`vendorctl validate --jobs 1` (one process)",
    "render": "`vendorctl render` (every report, into an empty folder)",
    "render-1": "`vendorctl render --jobs 1` (one process)",
    "scorecard": "`vendorctl scorecard <one vendor>`",
    "floor-yaml-rs": "floor: read + parse only, yaml-rs (the loader's parser)",
    "floor-csafe": "floor: read + parse only, PyYAML CSafeLoader",
    "peer": "peer: `check-jsonschema` with the exported schemas",
}


def bench_size(
    work: Path, vendors: int, seed: int, repeat: int, peer: list[str] | None, peer_repeat: int
) -> SizeResult:
    """Measure every command on a portfolio of `vendors` vendors."""
    root = portfolio(work, vendors, seed)
    files = yaml_files(root)
    size = sum(p.stat().st_size for p in files) / 1e6
    one = middle_vendor(root)
    cli = vendorctl()
    out_base = Path(tempfile.mkdtemp(prefix="reports-", dir=work))

    def render(*options: str, memory: bool = False) -> Run:
        # A fresh, empty folder every time: every report is rendered and written.
        out = out_base / "reports"
        shutil.rmtree(out, ignore_errors=True)
        argv = [*cli, "render", "--root", str(root), "--out", str(out), "--no-cache", *options]
        return measure(argv, memory=memory)

    def command(*args: str, memory: bool = False) -> Run:
        return measure([*cli, *args, "--root", str(root), "--no-cache"], memory=memory)

    commands: dict[str, Callable[..., Run]] = {
        "floor-yaml-rs": lambda: measure(yaml_rs_floor(root)),
        "validate": partial(command, "validate"),
        "validate-1": partial(command, "validate", "--jobs", "1"),
        "render": render,
        "render-1": partial(render, "--jobs", "1"),
        "scorecard": partial(command, "scorecard", one),
        "floor-csafe": lambda: measure(csafe_floor(root)),
    }
    samples = {name: Sample() for name in commands}
    for rep in range(repeat):
        for name, run_one in commands.items():
            # The slow PyYAML floor is steady; fewer runs of it keep the benchmark short.
            if name == "floor-csafe" and rep >= max(1, repeat // 2):
                continue
            warm(files)
            run = run_one()
            samples[name].runs.append(run)
            print(f"  {vendors} vendors, run {rep + 1}: {name} {run.wall:.2f} s", file=sys.stderr)
    for name in ("validate", "validate-1", "render", "render-1", "scorecard"):
        warm(files)
        # One more run of each, for its memory only: not timed.
        samples[name].runs.append(replace(commands[name](memory=True), wall=math.inf))
        print(f"  {vendors} vendors: memory of {name}", file=sys.stderr)
    if peer is not None and peer_repeat > 0:
        samples["peer"] = Sample()
        for _ in range(peer_repeat):
            warm(files)
            run = run_peer(peer, root)
            samples["peer"].runs.append(run)
            print(f"  {vendors} vendors: peer {run.wall:.2f} s", file=sys.stderr)
    reports = sum(1 for _ in (out_base / "reports").rglob("*.md"))
    shutil.rmtree(out_base, ignore_errors=True)
    return SizeResult(vendors, len(files), size, reports, samples)


def targets(sizes: dict[int, SizeResult]) -> list[Target]:
    """The targets of issue 9 that this run's sizes allow to judge (its start-up target, 1.3x,
    is issue 23's 1.2x now, judged by the start-up section)."""
    found = []
    at_1000 = sizes.get(1000)
    how = "wall, best against best"
    if at_1000 is not None:
        s = at_1000.samples
        found.append(
            Target(
                "validate / yaml-rs parse floor, 1,000 vendors, no cache",
                s["validate"].best / s["floor-yaml-rs"].best,
                2.0,
                how=how,
            )
        )
        if "peer" in s:
            found.append(
                Target(
                    "check-jsonschema / validate, 1,000 vendors, no cache",
                    s["peer"].best / s["validate"].best,
                    20.0,
                    ">=",
                    how=how,
                )
            )
        found.append(
            Target(
                "render / validate, 1,000 vendors, no cache",
                s["render"].best / s["validate"].best,
                5.0,
                how=how,
            )
        )
        found.append(
            Target(
                "peak memory of validate, render, scorecard (largest RSS, all processes' PSS), "
                "1,000 vendors, no cache",
                max(
                    max(s[name].peak_mb, s[name].total_mb or 0)
                    for name in ("validate", "validate-1", "render", "render-1", "scorecard")
                ),
                500.0,
                unit=" MB",
                how="largest of one sampled run each",
            )
        )
    at_3000 = sizes.get(3000)
    if at_1000 is not None and at_3000 is not None:
        found.append(
            Target(
                "render 3,000 / render 1,000 vendors (linear: 3.0), no cache",
                at_3000.samples["render"].best / at_1000.samples["render"].best,
                3.3,
                how=how,
            )
        )
    return found


def section(sizes: dict[int, SizeResult], repeat: int) -> Section:
    """The results by size as Markdown, with issue 9's targets."""
    lines = [
        f"Every vendorctl command with `--no-cache`. Wall time is the best of {repeat} runs (the "
        "PyYAML floor: of fewer, the peer: of its runs), CPU time (user + system, of every "
        "process) that of the same run; peak RSS that of its largest process, the largest in any "
        "run; peak PSS that of all its processes together, each shared page counted once, "
        "sampled every 20 ms in one more, untimed run. Ratios are of wall times, to the floors of "
        "the same size.",
        "",
        "| vendors (files, MB) | command | wall (s) | CPU (s) | peak RSS, largest process (MB) "
        "| peak PSS, all processes (MB) | x yaml-rs floor | x CSafeLoader floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for vendors, result in sorted(sizes.items()):
        s = result.samples
        floor, csafe = s["floor-yaml-rs"].best, s["floor-csafe"].best
        where = f"{vendors:,} ({result.files:,}, {result.megabytes:.0f})"
        for name, label in LABELS.items():
            if name not in s:
                continue
            if name == "render":
                label = f"`vendorctl render` ({result.reports:,} reports, into an empty folder)"
            wall, total = s[name].best, s[name].total_mb
            shown = "—" if total is None else f"{total:.0f}"
            lines.append(
                f"| {where} | {label} | {wall:.2f} | {s[name].cpu:.2f} | {s[name].peak_mb:.0f} "
                f"| {shown} | {wall / floor:.2f} | {wall / csafe:.2f} |"
            )
    return Section("By portfolio size", lines, targets(sizes))
