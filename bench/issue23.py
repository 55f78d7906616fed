"""Issue 23's measurements: start-up, the cache after one change, one process against the parse
floor on two shapes, the list commands against validate, and memory up to 20,000 vendors.

Every timed comparison is of runs made side by side, interleaved, each after the portfolio's
files were read once (a warm page cache); a ratio is the median of the ratios of the pairs, of
CPU time (user and system, of the command and every process it started), which a busy machine
disturbs far less than wall time; the wall-time ratio is shown beside it. Absolute figures are
the best wall time and the median CPU time.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from floors import schema_floor, yaml_rs_floor
from measuring import (
    CACHE_DIR,
    Failed,
    Run,
    Sample,
    clear_cache,
    measure,
    paired,
    vendorctl,
    warm,
    yaml_files,
)
from portfolios import Size, middle_vendor, portfolio, size_of
from targets import Section, Target, ratio

CACHE_STATES = ("none", "cold", "warm")


@dataclass(frozen=True)
class Settings:
    """What the issue-23 sections measure, and how often."""

    work: Path
    seed: int
    repeat: int  # timed runs of each command
    vendors: int  # the full (and small) portfolios' size
    help_repeat: int  # pairs of start-up runs
    bare_sizes: tuple[int, ...]  # the bare portfolios' sizes, for memory
    memory_cache: tuple[str, ...]  # cache states the memory runs are made in
    memory_repeat: int  # sampled runs of each command, the largest kept


def _progress(text: str) -> None:
    print(f"  {text}", file=sys.stderr, flush=True)


def _jobs_label(jobs: list[str]) -> str:
    return "one (`--jobs 1`)" if jobs else "default `--jobs`"


# The two ways of sharing work: one process, and the default (up to one per CPU, 25 vendors each).
_JOBS: tuple[list[str], ...] = (["--jobs", "1"], [])


def _how(pairs: int) -> str:
    return f"CPU, median of {pairs} pairs"


def help_section(settings: Settings) -> Section:
    """`vendorctl --help` against `python -c "import typer"`: paired runs, which goes first
    alternating, the median of the ratios."""
    commands = {
        "import typer": [sys.executable, "-c", "import typer"],
        "vendorctl --help": [*vendorctl(), "--help"],
    }
    samples = {name: Sample() for name in commands}
    for rep in range(settings.help_repeat):
        order = list(commands) if rep % 2 == 0 else list(reversed(commands))
        for name in order:
            samples[name].runs.append(measure(commands[name]))
    typer, shown = samples["import typer"], samples["vendorctl --help"]
    cpu, wall = paired(shown, typer, "cpu"), paired(shown, typer, "wall")
    lines = [
        f"{settings.help_repeat} pairs of runs, interleaved, which of the two goes first "
        "alternating. Ratios: the median of the pairs' ratios.",
        "",
        "| start-up | wall, best (s) | CPU, median (s) | peak RSS (MB) | x `import typer`, CPU "
        "| x `import typer`, wall |",
        "|---|---:|---:|---:|---:|---:|",
        f'| `python -c "import typer"` | {typer.best:.3f} | {typer.median_cpu:.3f} '
        f"| {typer.peak_mb:.0f} | 1.00x | 1.00x |",
        f"| `vendorctl --help` | {shown.best:.3f} | {shown.median_cpu:.3f} | {shown.peak_mb:.0f} "
        f"| {ratio(cpu)} | {ratio(wall)} |",
    ]
    target = Target(
        '`vendorctl --help` / `python -c "import typer"`',
        cpu,
        1.2,
        how=_how(settings.help_repeat),
    )
    return Section("Start-up", lines, [target])


class KpiEdit:
    """One measurement value of one vendor's KPI file, switched between its value and another
    valid one: the small change a commit makes. The last line of the middle vendor's latest
    `kpis/*.yaml` file, the latest month of one KPI, whose credit (if any) is not claimed yet."""

    _VALUE = re.compile(r"(value: )([0-9]+(?:\.[0-9]+)?)")

    def __init__(self, root: Path) -> None:
        vendor = middle_vendor(root)
        self.path = sorted((root / "vendors" / vendor / "kpis").glob("*.yaml"))[-1]
        self.rel = self.path.relative_to(root).as_posix()
        self.text = self.path.read_text(encoding="utf-8")
        found = list(self._VALUE.finditer(self.text))[-1]
        value = Decimal(found[2])
        unit = Decimal(1).scaleb(value.as_tuple().exponent)  # one in its last decimal
        other = value - unit if value >= unit else value + unit
        self.values = (found[2], str(other))
        self.span = found.span(2)
        self.state = 0  # which of the two values the file holds

    def toggle(self) -> None:
        """Write the other value into the file."""
        self.state = 1 - self.state
        start, end = self.span
        text = self.text[:start] + self.values[self.state] + self.text[end:]
        self.path.write_text(text, encoding="utf-8")


_STATES = {
    "none": "none (`--no-cache`)",
    "cold": "cold (deleted before)",
    "changed": "warm, one KPI file changed",
    "unchanged": "warm, nothing changed",
}


def cache_section(settings: Settings) -> Section:
    """`validate` and `render --check` at each state of the cache, one process and the default
    jobs; the target is the run after one changed KPI file against the cold run."""
    source = portfolio(settings.work, settings.vendors, settings.seed)
    # A copy: one of its KPI files is changed back and forth.
    root = settings.work / f"cache-portfolio-{settings.vendors}-seed{settings.seed}"
    reports = settings.work / "cache-reports"
    for old in (root, reports):
        shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(source, root)
    edit = KpiEdit(root)
    files = yaml_files(root)
    cli = vendorctl()
    rendered = [-1]  # the value the reports in `reports` were rendered from

    def render_reports() -> None:
        # Untimed, and without the cache, which it would otherwise warm with the change.
        if rendered[0] != edit.state:
            measure([*cli, "render", "--root", root, "--out", reports, "--no-cache"])
            rendered[0] = edit.state

    commands = {
        "validate": [*cli, "validate", "--root", root],
        "render --check": [*cli, "render", "--check", "--root", root, "--out", reports],
    }
    samples: dict[tuple[str, int, str], Sample] = {}
    try:
        for rep in range(settings.repeat):
            for name, argv in commands.items():
                for jobs_index, jobs in enumerate(_JOBS):
                    for state in _STATES:
                        if state == "cold":
                            clear_cache(root)
                        if state == "changed":
                            edit.toggle()
                        if name == "render --check":
                            render_reports()
                        warm(files)
                        options = ["--no-cache"] if state == "none" else []
                        run = measure([*argv, *jobs, *options])
                        key = (name, jobs_index, state)
                        samples.setdefault(key, Sample()).runs.append(run)
                        _progress(
                            f"cache, run {rep + 1}: {name}, {_jobs_label(jobs)}, {state}: "
                            f"{run.wall:.2f} s, CPU {run.cpu:.2f} s"
                        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(reports, ignore_errors=True)
    size = size_of(source)
    lines = [
        f"{size}. Each state of the cache in turn, interleaved, {settings.repeat} times: no cache "
        "(`--no-cache`); cold (the cache folder deleted before the run, which writes it); warm "
        f"after one change (one measurement value, the latest month of one KPI in `{edit.rel}`, "
        "switched between "
        f"{edit.values[0]} and {edit.values[1]} before the run, so that each such run finds one "
        "file changed since the cache was written); warm with nothing changed (the run right "
        "after). `render --check` compares with reports rendered before each of its runs from "
        "the files as they are then (rendered with `--no-cache`, untimed, so the cache never "
        "sees the change first): every run finds the reports up to date and exits 0. Ratios "
        "to the cold run of the same command and processes: the median of the pairs' ratios.",
        "",
        "| command | processes | cache | wall, best (s) | CPU, median (s) | x cold, CPU "
        "| x cold, wall |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    found = []
    for name in commands:
        for jobs_index, jobs in enumerate(_JOBS):
            cold = samples[name, jobs_index, "cold"]
            for state, label in _STATES.items():
                sample = samples[name, jobs_index, state]
                lines.append(
                    f"| `vendorctl {name}` | {_jobs_label(jobs)} | {label} | {sample.best:.2f} "
                    f"| {sample.median_cpu:.2f} | {ratio(paired(sample, cold))} "
                    f"| {ratio(paired(sample, cold, 'wall'))} |"
                )
            found.append(
                Target(
                    f"`{name}`, {_jobs_label(jobs)}, warm after one KPI file changed / cold "
                    f"cache, {settings.vendors:,} vendors",
                    paired(samples[name, jobs_index, "changed"], cold),
                    0.15 if name == "validate" else 0.2,
                    how=_how(settings.repeat),
                )
            )
    return Section(f"The cache, {settings.vendors:,} vendors", lines, found)


def shapes_section(settings: Settings) -> Section:
    """One-process `validate`, cold cache (and without it), against the yaml-rs parse floor, on
    the full and the small shape."""
    roots = {
        shape: portfolio(settings.work, settings.vendors, settings.seed, shape)
        for shape in ("full", "small")
    }
    cli = vendorctl()
    commands: dict[str, Callable[[Path], list[str | Path]]] = {
        "floor": lambda root: list(yaml_rs_floor(root)),
        "schema": lambda root: list(schema_floor(root)),
        "cold": lambda root: [*cli, "validate", "--root", root, "--jobs", "1"],
        "none": lambda root: [*cli, "validate", "--root", root, "--jobs", "1", "--no-cache"],
    }
    samples = {(shape, name): Sample() for shape in roots for name in commands}
    files = {shape: yaml_files(root) for shape, root in roots.items()}
    for rep in range(settings.repeat):
        for shape, root in roots.items():
            for name, command in commands.items():
                # Before every run: the floor walks the whole folder, a cache folder included.
                clear_cache(root)
                warm(files[shape])
                run = measure(command(root))
                samples[shape, name].runs.append(run)
                _progress(f"shapes, run {rep + 1}: {shape} {name}: {run.wall:.2f} s")
    for root in roots.values():
        clear_cache(root)
    labels = {
        "floor": "floor: read + parse only, yaml-rs (the loader's parser)",
        "schema": "schema floor: start-up with Typer and the models, read + the loader's parse "
        "+ schema validation only",
        "cold": "`vendorctl validate --jobs 1`, cold cache (deleted before)",
        "none": "`vendorctl validate --jobs 1 --no-cache`",
    }
    lines = [
        f"`bench/generate.py --shape full` (19 files per vendor) and `--shape small` (5: "
        "vendor.yaml, one contract, a year of monthly KPIs in one file, one health check, one "
        f"meeting), {settings.repeat} runs of each, interleaved. Ratios to the floor: the median "
        "of the pairs' ratios.",
        "",
        "| shape | command | wall, best (s) | CPU, median (s) | peak RSS (MB) | x floor, CPU "
        "| x floor, wall |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    found = []
    for shape, root in roots.items():
        size = size_of(root)
        floor = samples[shape, "floor"]
        for name, label in labels.items():
            sample = samples[shape, name]
            lines.append(
                f"| {shape} ({size}) | {label} | {sample.best:.2f} | {sample.median_cpu:.2f} "
                f"| {sample.peak_mb:.0f} | {ratio(paired(sample, floor))} "
                f"| {ratio(paired(sample, floor, 'wall'))} |"
            )
        per_vendor = size.files // size.vendors
        found.append(
            Target(
                f"`validate --jobs 1`, cold cache / yaml-rs parse floor, {shape} shape "
                f"({per_vendor} files per vendor), {settings.vendors:,} vendors",
                paired(samples[shape, "cold"], floor),
                2.0,
                how=_how(settings.repeat),
            )
        )
    return Section(
        f"One process against the parse floor, two shapes, {settings.vendors:,} vendors",
        lines,
        found,
    )


def lists_section(settings: Settings) -> Section:
    """`list`, `renewals` and `calendar --ics` against `validate`, without the cache, one process
    and the default jobs."""
    root = portfolio(settings.work, settings.vendors, settings.seed)
    ics = settings.work / "calendar.ics"
    cli = vendorctl()
    commands = {
        "validate": [*cli, "validate", "--root", root],
        "list": [*cli, "list", "--root", root],
        "renewals": [*cli, "renewals", "--root", root],
        "calendar --ics": [*cli, "calendar", "--root", root, "--ics", ics],
    }
    files = yaml_files(root)
    samples = {(name, i): Sample() for name in commands for i in range(len(_JOBS))}
    for rep in range(settings.repeat):
        # Each command first in turn, so that none always follows the same one.
        names = list(commands)
        names = names[rep % len(names) :] + names[: rep % len(names)]
        for jobs_index, jobs in enumerate(_JOBS):
            for name in names:
                warm(files)
                run = measure([*commands[name], *jobs, "--no-cache"])
                samples[name, jobs_index].runs.append(run)
                _progress(f"lists, run {rep + 1}: {name}, {_jobs_label(jobs)}: {run.wall:.2f} s")
    ics.unlink(missing_ok=True)
    lines = [
        f"{size_of(root)}, every command with `--no-cache`, text output (`calendar` writes its "
        f"file), {settings.repeat} runs of each, interleaved. Ratios to `validate` with the same "
        "processes: the median of the pairs' ratios.",
        "",
        "| command | processes | wall, best (s) | CPU, median (s) | x validate, CPU "
        "| x validate, wall |",
        "|---|---|---:|---:|---:|---:|",
    ]
    found = []
    for jobs_index, jobs in enumerate(_JOBS):
        base = samples["validate", jobs_index]
        for name in commands:
            sample = samples[name, jobs_index]
            shown = f"`vendorctl {name}{' FILE' if name.endswith('--ics') else ''}`"
            lines.append(
                f"| {shown} | {_jobs_label(jobs)} | {sample.best:.2f} | {sample.median_cpu:.2f} "
                f"| {ratio(paired(sample, base))} | {ratio(paired(sample, base, 'wall'))} |"
            )
            if name != "validate":
                found.append(
                    Target(
                        f"`{name}` / `validate`, {_jobs_label(jobs)}, {settings.vendors:,} vendors",
                        paired(sample, base),
                        1.0,
                        how=_how(settings.repeat),
                    )
                )
    return Section(
        f"`list`, `renewals`, `calendar` against `validate`, {settings.vendors:,} vendors",
        lines,
        found,
    )


@dataclass
class _Peak:
    """What the sampled runs of one command in one cache state found, or how it failed."""

    runs: list[Run]
    failure: str | None = None

    @property
    def pss_mb(self) -> float:
        return max(run.total for run in self.runs) / 1e6

    @property
    def rss_mb(self) -> float:
        return max(run.peak for run in self.runs) / 1e6

    @property
    def judged_mb(self) -> float | None:
        """The larger of the two: PSS is sampled and may miss a short peak; RSS is exact but of
        one process. None if the command failed."""
        return None if self.failure else max(self.pss_mb, self.rss_mb)


def _sampled(
    settings: Settings, root: Path, argv: list[str | Path], out: Path | None, label: str
) -> _Peak:
    """The command's memory in each cache state, `memory_repeat` sampled runs of each."""
    files = yaml_files(root)
    peaks = []
    for state in settings.memory_cache:
        if state in ("none", "cold"):
            clear_cache(root)
        elif not (root / CACHE_DIR).exists():
            measure([*vendorctl(), "validate", "--root", root])  # writes the cache, untimed
        runs, failure = [], None
        for _ in range(settings.memory_repeat):
            if out is not None:
                shutil.rmtree(out, ignore_errors=True)  # every report rendered and written
            warm(files)
            options = ["--no-cache"] if state == "none" else []
            try:
                runs.append(measure([*argv, *options], memory=True))
            except Failed as failed:
                runs.append(failed.run)
                failure = f"exit {failed.status}: {failed.last_line}"
        peaks.append(_Peak(runs, failure))
        _progress(f"memory: {label}, {state}: {peaks[-1].pss_mb:.0f} MB")
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
    clear_cache(root)
    return _Peak(
        [run for peak in peaks for run in peak.runs],
        next((p.failure for p in peaks if p.failure), None),
    )


def memory_section(settings: Settings) -> Section:
    """Peak memory of validate, render and scorecard on the full portfolio, and of validate and
    render on bare portfolios up to 20,000 vendors; the memory each bare vendor adds."""
    cli = vendorctl()
    out = settings.work / "memory-reports"
    full = portfolio(settings.work, settings.vendors, settings.seed)
    one = middle_vendor(full)
    commands: dict[str, list[str | Path]] = {
        "validate": [*cli, "validate", "--root", full],
        "validate --jobs 1": [*cli, "validate", "--root", full, "--jobs", "1"],
        "render": [*cli, "render", "--root", full, "--out", out],
        "render --jobs 1": [*cli, "render", "--root", full, "--out", out, "--jobs", "1"],
        "scorecard <one vendor>": [*cli, "scorecard", one, "--root", full],
    }
    rows: list[tuple[str, Size, str, _Peak]] = []  # shape, size, command, memory
    full_size = size_of(full)
    for name, argv in commands.items():
        peak = _sampled(settings, full, argv, out if "render" in name else None, name)
        rows.append(("full", full_size, name, peak))
    bare: dict[tuple[int, str], _Peak] = {}
    for vendors in settings.bare_sizes:
        root = portfolio(settings.work, vendors, settings.seed, "bare")
        size = size_of(root)
        for name in ("validate", "render"):
            argv = [*cli, name, "--root", root, *(["--out", out] if name == "render" else [])]
            peak = _sampled(
                settings, root, argv, out if name == "render" else None, f"{name}, {vendors} bare"
            )
            bare[vendors, name] = peak
            rows.append(("bare", size, name, peak))
    meaning = {
        "none": "without the cache (`--no-cache`)",
        "cold": "with the cache folder deleted before",
        "warm": "with the cache written by an earlier run",
    }
    states = " and ".join(meaning[state] for state in settings.memory_cache)
    runs = "once" if settings.memory_repeat == 1 else f"{settings.memory_repeat} times"
    lines = [
        f"Each command run {runs} {states}, not timed, its memory sampled: the proportional set "
        "size (PSS) of all its processes together every 20 ms, each shared page counted once, "
        "and the exact peak RSS of its largest process (`os.wait4`); the largest of its runs. "
        "`render` writes every report into an empty folder. The bare shape is the full shape's "
        "`vendor.yaml` alone (`bench/generate.py --shape bare`): each vendor warns that no "
        "meeting or health check is on record. MB are 10^6 bytes.",
        "",
        "| portfolio | command | peak PSS, all processes (MB) | peak RSS, largest process (MB) |",
        "|---|---|---:|---:|",
    ]
    for shape, size, name, peak in rows:
        failed = f" (failed, {peak.failure})" if peak.failure else ""
        lines.append(
            f"| {shape}: {size} | `vendorctl {name}`{failed} | {peak.pss_mb:.0f} "
            f"| {peak.rss_mb:.0f} |"
        )
    found = [
        Target(
            f"peak memory of validate, render, scorecard (and `--jobs 1`), {settings.vendors:,} "
            "full vendors",
            _largest(peak for shape, _, _, peak in rows if shape == "full"),
            500.0,
            "<",
            " MB",
            "larger of PSS (sampled) and largest RSS",
        )
    ]
    if len(settings.bare_sizes) >= 2:
        small, large = min(settings.bare_sizes), max(settings.bare_sizes)
        lines += [
            "",
            f"Memory per bare vendor: (peak PSS at {large:,} vendors - peak PSS at {small:,}) / "
            f"{large - small:,}, in kB (10^3 bytes).",
            "",
            f"| command | peak PSS, {small:,} (MB) | peak PSS, {large:,} (MB) | per vendor (kB) |",
            "|---|---:|---:|---:|",
        ]
        for name in ("validate", "render"):
            low, high = bare[small, name], bare[large, name]
            each = (high.pss_mb - low.pss_mb) * 1e3 / (large - small)
            note = " (a run failed: up to its failure)" if low.failure or high.failure else ""
            lines.append(
                f"| `vendorctl {name}`{note} | {low.pss_mb:.0f} | {high.pss_mb:.0f} | {each:.0f} |"
            )
    if settings.bare_sizes:
        large = max(settings.bare_sizes)
        found.append(
            Target(
                f"peak memory of validate and render, {large:,} bare vendors",
                _largest(bare[large, name] for name in ("validate", "render")),
                1500.0,
                "<",
                " MB",
                "larger of PSS (sampled) and largest RSS",
            )
        )
    return Section("Memory", lines, found)


def _largest(peaks: Iterable[_Peak]) -> float | None:
    """The largest judged peak, or None if any of them failed."""
    judged = [peak.judged_mb for peak in peaks]
    return None if None in judged else max(j for j in judged if j is not None)


SECTIONS: dict[str, Callable[[Settings], Section]] = {
    "help": help_section,
    "cache": cache_section,
    "shapes": shapes_section,
    "lists": lists_section,
    "memory": memory_section,
}
