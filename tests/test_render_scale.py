"""render at scale (issue 23): a report's bounds grow with the rows of data it is made of, so the
index of tens of thousands of vendors renders while a runaway template still stops after work in
proportion to its data; and each vendor's models go as soon as its reports are made, which is as
soon as it is checked (as of the latest data met so far when no date is given)."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BENCH_GENERATOR, Run
from vendorctl.jobs import render as render_job
from vendorctl.load.portfolio import VendorFiles
from vendorctl.render import sandbox

BARE = 30  # bare vendors: an index of some 25,000 characters, each vendor's reports under 8,000


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated portfolio of BARE vendors holding only a vendor.yaml (not to be changed)."""
    root = tmp_path_factory.mktemp("bare") / "portfolio"
    BENCH_GENERATOR.generate(root, BARE, seed=1, shape="bare")
    return root


def reports(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def test_the_bounds_of_a_report_grow_with_its_rows(
    run: Run, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the base bound on a report's length below the index's, the index fails when its
    bounds do not grow (one scale for any number of rows) and renders, byte for byte as without
    the lowered bound, when they grow by 10 rows at a time."""
    unbounded = run("render", "--root", bare, "--out", tmp_path / "unbounded", "--no-cache")
    assert unbounded.exit_code == 0, unbounded.stderr
    index = (tmp_path / "unbounded" / "README.md").read_text(encoding="utf-8")
    largest_vendor_report = max(
        len(p.read_text(encoding="utf-8")) for p in (tmp_path / "unbounded").glob("*/*.md")
    )
    lowered = 16_384
    assert largest_vendor_report < lowered < len(index) < 3 * lowered
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", lowered)
    monkeypatch.setattr(sandbox, "MAX_VALUE", lowered)

    monkeypatch.setattr(sandbox, "ROWS_PER_SCALE", 10**9)
    fixed = run("render", "--root", bare, "--out", tmp_path / "fixed", "--no-cache", "-j", "1")
    assert fixed.exit_code == 1
    assert "template index.md.j2" in fixed.stderr
    assert f"over the limit of {lowered:,}" in fixed.stderr
    assert not (tmp_path / "fixed").exists()

    monkeypatch.setattr(sandbox, "ROWS_PER_SCALE", 10)
    for jobs in ("1", "3"):
        grown = run("render", "--root", bare, "--out", tmp_path / jobs, "--no-cache", "-j", jobs)
        assert grown.exit_code == 0, grown.stderr
        assert reports(tmp_path / jobs) == reports(tmp_path / "unbounded")


def test_a_runaway_template_of_many_rows_still_stops_in_proportion(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index looping without end is stopped after its grown count of steps, the same every
    time (no clock involved), and the message says the report's rows."""
    root = tmp_path / "portfolio"
    BENCH_GENERATOR.generate(root, 4, seed=1, shape="bare")
    (root / "templates").mkdir()
    (root / "templates" / "index.md.j2").write_text(
        "{% for vendor in vendors %}{% for turn in range(100000) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sandbox, "MAX_STEPS", 1_000)
    monkeypatch.setattr(sandbox, "ROWS_PER_SCALE", 1)
    first = run("render", "--root", root, "--out", tmp_path / "out", "--no-cache")
    again = run("render", "--root", root, "--out", tmp_path / "out", "--no-cache")
    assert first.exit_code == 1
    assert (again.exit_code, again.stderr) == (first.exit_code, first.stderr)
    found = re.search(
        r"template index\.md\.j2 \(line 1\): stopped after ([\d,]+) loop turns, calls, filters "
        r"and tests, the limit for one report of ([\d,]+) rows",
        first.stderr,
    )
    assert found is not None, first.stderr
    steps, rows = (int(text.replace(",", "")) for text in found.groups())
    assert rows >= 4
    assert steps == 1_000 * rows


def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """For each vendor's reports made (in this process), how many vendors' models are held."""
    held: list[int] = []
    making = render_job.vendor_reports

    def counting(*args: Any, **kwargs: Any) -> Any:
        gc.collect()  # count live models only, not garbage an earlier test left in a cycle
        held.append(sum(isinstance(o, VendorFiles) for o in gc.get_objects()))
        return making(*args, **kwargs)

    monkeypatch.setattr(render_job, "vendor_reports", counting)
    return held


def test_each_vendors_models_go_once_its_reports_are_made(
    run: Run, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a vendor's reports are made, no other vendor's models are held (they used to be
    held for every vendor until the last was made: 100 kB a vendor at 20,000 vendors)."""
    held = counted(monkeypatch)
    rendered = run("render", "--root", bare, "--out", tmp_path / "out", "--no-cache", "-j", "1")
    assert rendered.exit_code == 0, rendered.stderr
    assert len(held) == BARE
    assert max(held) == 1


def test_reports_made_as_of_the_latest_data_met_so_far_are_made_again_if_later_data_comes(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a date given (no `as_of` in vendorctl.yaml, no --as-of), each vendor is made as of
    the latest data met so far, and made again, one at a time, if a vendor met later has later
    data: the reports are those of that date given, from one process or three."""
    root = tmp_path / "portfolio"
    BENCH_GENERATOR.generate(root, 6, seed=2, shape="small")  # with KPI data to date it
    settings = root / "vendorctl.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^as_of: .*\n", "", text), encoding="utf-8")
    last = sorted((root / "vendors").iterdir())[-1] / "kpis" / "measurements.yaml"
    kpis = last.read_text(encoding="utf-8")
    later = "  - {kpi: csat, period: 2026-11, value: 4.45, source: survey}\n"
    last.write_text(kpis + later, encoding="utf-8")

    held = counted(monkeypatch)
    late = run("render", "--root", root, "--out", tmp_path / "late", "--no-cache", "-j", "1")
    assert late.exit_code == 0, late.stderr
    assert "as of 2026-11-30" in late.stdout
    assert len(held) == 6 + 5  # the five vendors before the last made again
    assert max(held) == 1
    monkeypatch.undo()
    three = run("render", "--root", root, "--out", tmp_path / "three", "--no-cache", "-j", "3")
    assert three.exit_code == 0, three.stderr
    assert reports(tmp_path / "three") == reports(tmp_path / "late")
    for jobs in ("1", "3"):
        out = tmp_path / f"given-{jobs}"
        given = run(
            "render",
            "--root",
            root,
            "--out",
            out,
            "--as-of",
            "2026-11-30",
            "--no-cache",
            "-j",
            jobs,
        )
        assert given.exit_code == 0, given.stderr
        assert reports(out) == reports(tmp_path / "late")
