"""Benchmark vendorctl against its floors, its peer and issue 23's targets; print Markdown.

Usage: python bench/run.py [--only SECTIONS] [--repeat 5] [--sizes 100,1000,3000] [--vendors 1000]
                           [--bare-sizes 1000,20000] [options]

Sections (--only, comma-separated; default: sizes,help):
  sizes    validate, render and scorecard by portfolio size (--sizes), beside the parse floors
           and check-jsonschema (--peer-sizes), with issue 9's targets
  help     `vendorctl --help` against `python -c "import typer"`, paired runs
  cache    validate and render --check at --vendors vendors: no cache, cold, warm after one KPI
           file changed, warm with nothing changed; one process and the default jobs
  shapes   one-process validate, cold cache, against the yaml-rs floor: full and small shapes;
           beside them the schema floor (start-up, read, parse, schema validation, nothing else)
  lists    list, renewals and calendar --ics against validate, one process and the default jobs
  memory   peak memory at --vendors full vendors and at --bare-sizes bare vendors
  issue23  help,cache,shapes,lists,memory: every target of issue 23, in one run
  instructions
           instructions counted by valgrind (callgrind) instead of time: one-process validate,
           list, renewals and calendar against the floors and validate, at 1 and --count-vendors
           vendors, projected to --vendors; no load on the machine moves them (no targets)
  all      every section

Issue 23's one run: python bench/run.py --only issue23 --repeat 3 (a quick check: --vendors 50
--bare-sizes 100,500 --repeat 2). The generated portfolios are kept under --work (regenerated when
bench/generate.py changes). Progress goes to stderr; the Markdown, ready for BENCHMARKS.md, to
stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib import metadata
from pathlib import Path

from instructions import instructions_section
from issue23 import CACHE_STATES, SECTIONS, Settings
from measuring import Failed, cache_bytecode
from portfolios import GENERATED
from sizes import SizeResult, bench_size, peer_command, section
from targets import Section, Target, targets_table

ORDER = ("sizes", "help", "cache", "shapes", "lists", "memory", "instructions")
GROUPS = {"issue23": ("help", "cache", "shapes", "lists", "memory"), "all": ORDER}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    # check-jsonschema may be a program of its own environment, found on the PATH.
    peer = peer_command() if name == "check-jsonschema" else None
    if peer is not None:
        found = subprocess.run([*peer, "--version"], capture_output=True, text=True, check=False)
        return found.stdout.strip().rpartition(" ")[2] or "absent"
    return "absent"


def machine() -> str:
    """The machine and software, without host names or paths."""
    packages = ", ".join(
        f"{name} {_version(name)}"
        for name in ("vendorctl", "yaml-rs", "PyYAML", "pydantic", "Jinja2", "check-jsonschema")
    )
    return (
        f"{os.cpu_count()} CPU cores ({platform.machine()}), {platform.system()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}); {packages}"
    )


def code() -> str:
    """Which vendorctl the children run: its git commit, and whether it has uncommitted changes."""
    found = subprocess.run(
        [sys.executable, "-c", "import vendorctl; print(vendorctl.__file__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    folder = Path(found.stdout.strip()).parent
    head = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    if head.returncode != 0:
        return "vendorctl from outside a git checkout"
    changed = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
        capture_output=True,
        text=True,
        check=False,
    )
    extra = " with uncommitted changes" if changed.stdout.strip() else ""
    return f"vendorctl at commit {head.stdout.strip()}{extra}"


def sections_chosen(text: str) -> list[str]:
    """The sections named (or grouped) in --only, in the order they run."""
    chosen: set[str] = set()
    for name in (part.strip() for part in text.split(",") if part.strip()):
        if name in GROUPS:
            chosen.update(GROUPS[name])
        elif name in ORDER:
            chosen.add(name)
        else:
            known = ", ".join((*ORDER, *GROUPS))
            raise argparse.ArgumentTypeError(f"unknown section {name!r}; choose from {known}")
    return [name for name in ORDER if name in chosen]


def _numbers(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None


def _at_least_two(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 2:
        raise argparse.ArgumentTypeError(f"not a whole number of 2 or more: {text!r}")
    return value


def _states(text: str) -> tuple[str, ...]:
    states = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [state for state in states if state not in CACHE_STATES]
    if unknown or not states:
        raise argparse.ArgumentTypeError(f"cache states are {', '.join(CACHE_STATES)}")
    return states


def parser() -> argparse.ArgumentParser:
    """The command line."""
    found = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    found.add_argument(
        "--only",
        type=sections_chosen,
        default=["sizes", "help"],
        metavar="SECTIONS",
        help="sections to run, comma-separated (below); default: sizes,help",
    )
    found.add_argument("--repeat", type=int, default=5, help="timed runs of each command")
    found.add_argument("--help-repeat", type=int, default=20, help="pairs of start-up runs")
    found.add_argument("--seed", type=int, default=1, help="generator seed")
    found.add_argument(
        "--sizes", type=_numbers, default=(100, 1000, 3000), help="sizes section: vendor counts"
    )
    found.add_argument(
        "--peer-sizes",
        type=_numbers,
        default=(100, 1000),
        help="sizes section: sizes to run check-jsonschema on (minutes at 1,000 vendors)",
    )
    found.add_argument("--peer-repeat", type=int, default=1, help="runs of the peer per size")
    found.add_argument(
        "--vendors",
        type=int,
        default=1000,
        help="cache, shapes, lists and memory sections: vendors of the full and small portfolios",
    )
    found.add_argument(
        "--bare-sizes",
        type=_numbers,
        default=(1000, 20000),
        help="memory section: sizes of the bare portfolios (the largest is judged; with two or "
        "more, the memory per vendor between the smallest and the largest)",
    )
    found.add_argument(
        "--memory-cache",
        type=_states,
        default=("cold",),
        help=f"memory section: cache states to run in, of {','.join(CACHE_STATES)}; default cold",
    )
    found.add_argument(
        "--memory-repeat", type=int, default=1, help="memory section: sampled runs of each"
    )
    found.add_argument(
        "--count-vendors",
        type=_at_least_two,
        default=100,
        help="instructions section: vendors of the larger portfolios counted (at least 2)",
    )
    found.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vendorctl-bench",
        help="folder for the generated portfolios (kept between runs)",
    )
    return found


def command_line(argv: list[str]) -> str:
    """The command as typed, without --work's folder (a path of this machine)."""
    shown, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--work":
            skip = True
        elif not arg.startswith("--work="):
            shown.append(arg)
    return shlex.join(["python", "bench/run.py", *shown])


def run_sizes(args: argparse.Namespace) -> Section:
    """The sizes section."""
    peer = peer_command()
    if peer is None:
        print(
            "note: check-jsonschema is not installed (pip install check-jsonschema, or the "
            "`bench` extra); the peer is left out",
            file=sys.stderr,
        )
    results: dict[int, SizeResult] = {}
    for vendors in args.sizes:
        print(f"{vendors} vendors", file=sys.stderr)
        results[vendors] = bench_size(
            args.work,
            vendors,
            args.seed,
            args.repeat,
            peer if vendors in args.peer_sizes else None,
            args.peer_repeat,
        )
    return section(results, args.repeat)


def main(argv: list[str] | None = None) -> None:
    """Command line: run the chosen sections and print their Markdown to stdout."""
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    started = time.monotonic()
    args.work.mkdir(parents=True, exist_ok=True)
    cache_bytecode(args.work)
    settings = Settings(
        work=args.work,
        seed=args.seed,
        repeat=args.repeat,
        vendors=args.vendors,
        help_repeat=args.help_repeat,
        bare_sizes=args.bare_sizes,
        memory_cache=args.memory_cache,
        memory_repeat=args.memory_repeat,
    )
    done: list[Section] = []
    found: list[Target] = []
    for name in args.only:
        print(f"section {name}", file=sys.stderr, flush=True)
        try:
            if name == "sizes":
                part = run_sizes(args)
            elif name == "instructions":
                part = instructions_section(args.work, args.seed, args.count_vendors, args.vendors)
            else:
                part = SECTIONS[name](settings)
        except Failed as failed:
            # One broken command costs its section, not the whole run.
            print(str(failed), file=sys.stderr)
            text = (
                f"Not measured: `{failed.words}` failed (exit {failed.status}): {failed.last_line}"
            )
            part = Section(name, [text])
            part.targets.append(Target(f"section {name}", None, 0.0, how="failed"))
        done.append(part)
        found += part.targets
    minutes = (time.monotonic() - started) / 60
    # The CPU time of every command run, against the wall time: how busy the machine was.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime + children.ru_stime) / 60
    generated = f"; it generated {', '.join(GENERATED)} first" if GENERATED else ""
    lines = [
        f"## Benchmark run of {date.today()}: {', '.join(args.only)}",
        "",
        "```sh",
        command_line(argv),
        "```",
        "",
        f"Machine: {machine()}. Code: {code()}. The run took {minutes:.1f} minutes of wall time "
        f"and {cpu:.1f} of CPU time in the commands it ran{generated}.",
    ]
    for part in done:
        lines += ["", f"### {part.title}", "", *part.lines]
    if found:
        met = sum(target.met for target in found)
        lines += ["", "### Targets", "", *targets_table(found), "", f"{met} of {len(found)} met."]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
