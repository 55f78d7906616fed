"""Property-based fuzzing: generated portfolios pass and render; broken files, hostile bytes and
every document of the YAML test suite, as every kind of file, end in well-formed diagnostics
(exit 0 or 1, never a traceback or exit 3) and leave reports/ as it was; output is the same
whatever the hash seed, time zone or locale.

The budget follows the Hypothesis profile (see tests/conftest.py): `ci` by default, `long` with
HYPOTHESIS_PROFILE=long or --hypothesis-profile=long.
"""

from __future__ import annotations

import json
import locale
import os
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, note, settings

from tests.conftest import BASE, CORPORA, PINNED_ENV, Result, Run
from tests.fuzzing import Generated, broken_portfolios, hand_written, portfolios, write
from vendorctl.diagnostics import Outcome
from vendorctl.errors import InvalidPortfolio, ReportError
from vendorctl.jobs.portfolio import load_and_check
from vendorctl.jobs.render import render_portfolio
from vendorctl.load.yamlio import LoadError, decode
from vendorctl.policies import POLICIES
from vendorctl.render.diagnostics import as_github, as_json
from vendorctl.reports.registry import KINDS as REPORT_KINDS
from vendorctl.reports.registry import vendor_reports

AS_OF = "2026-10-31"
DIAGNOSTIC = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?:error|warning): "
    r"\S.* \[[a-z][a-z0-9-]*\]$"
)
SUMMARY = re.compile(r"^Checked \d+ files?: (no problems found|\d+ errors?, \d+ warnings?)\.$")
NO_DATE = "no date to report for"


def examples(share: float) -> settings:
    """This test's share of the profile's example budget, and the health checks fuzzing trips:
    generation is slow by design, and the `run` fixture holds no state between examples."""
    return settings(
        max_examples=max(1, round(settings.default.max_examples * share)),
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


def fresh(parent: Path) -> Path:
    """A new empty folder for one example (pytest removes them all later)."""
    return Path(tempfile.mkdtemp(dir=parent))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_well_formed(outcome: Outcome, files: dict[str, bytes]) -> None:
    """Every diagnostic names a file of the portfolio, a place in it, one line of text."""
    for found in outcome.diagnostics:
        text = found.as_text()
        assert DIAGNOSTIC.match(text), text
        assert found.path in files, text
        raw = files[found.path]
        try:
            lines = len(decode(raw, found.path).splitlines())
        except LoadError:  # undecodable: its lines counted in bytes
            lines = len(raw.splitlines())
        assert found.line <= max(lines, 1), text
    assert SUMMARY.match(outcome.summary())
    parsed = json.loads(as_json(outcome))
    assert len(parsed["diagnostics"]) == len(outcome.diagnostics)
    github = as_github(outcome).splitlines()
    assert all(line.startswith("::") for line in github[: len(outcome.diagnostics)])


def assert_clean(result: Result, *exits: int) -> None:
    """A CLI run that ended with one of `exits`, no traceback, no internal error."""
    assert result.exit_code in exits, (result.exit_code, result.stdout, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def assert_validate_output(result: Result) -> None:
    """validate's documented output: diagnostic lines, a summary; exit 1 exactly on errors."""
    assert_clean(result, 0, 1)
    *body, summary = result.lines
    assert SUMMARY.match(summary), summary
    assert all(DIAGNOSTIC.match(line) for line in body), body
    errors = any(": error: " in line for line in body)
    assert result.exit_code == (1 if errors else 0)


def assert_refused(result: Result) -> None:
    """A report refused on invalid data: the diagnostics, then one line saying why, exit 1."""
    assert_clean(result, 1)
    *body, last = result.stderr.splitlines()
    assert last.startswith("vendorctl: error: fix the errors above to "), last
    assert body and all(DIAGNOSTIC.match(line) for line in body[:-1]), body
    assert SUMMARY.match(body[-1]), body[-1]


# ------------------------------------------------------------------------------- generated


@examples(0.4)
@given(generated=portfolios())
def test_generated_portfolios_are_valid_and_every_report_renders(
    run: Run, tmp_path: Path, generated: Generated
) -> None:
    """A portfolio valid by construction has no data errors, and every report renders."""
    root = fresh(tmp_path)
    files = generated.texts()
    write(root, files)
    _, consistency = load_and_check(root, policies=False)
    assert_well_formed(consistency, files)
    assert consistency.errors == 0, [d.as_text() for d in consistency.diagnostics]
    _, outcome = load_and_check(root)
    assert {d.code for d in outcome.diagnostics if d.severity == "error"} <= set(POLICIES)

    assert_validate_output(run("validate", "--root", root))
    no_date = generated.as_of is None and not generated.measured
    rendered = run("render", "--root", root)
    vendor = generated.vendors[0]
    reports = [
        run("scorecard", vendor, "--root", root),
        run("qbr", vendor, "--root", root),
        run("onboard", vendor, "--root", root),
    ]
    if no_date:
        for result in (rendered, *reports):
            assert_clean(result, 2)
            assert NO_DATE in result.stderr
        return
    for result in (rendered, *reports):
        assert_clean(result, 0)
    written = snapshot(root / "reports")
    statuses = {v: generated.files[f"vendors/{v}/vendor.yaml"]["status"] for v in generated.vendors}
    expected = {
        f"{vendor}/{REPORT_KINDS[kind].file_name}"
        for vendor, status in statuses.items()
        for kind in vendor_reports(status)
    }
    assert set(written) == {"README.md", *expected}
    check = run("render", "--root", root, "--check")
    assert_clean(check, 0)
    assert snapshot(root / "reports") == written


# ------------------------------------------------------------------------------- broken input


@examples(1.5)
@given(case=broken_portfolios(hand_written(BASE)))
def test_broken_files_end_in_diagnostics(
    tmp_path: Path, case: tuple[Generated, dict[str, bytes], str]
) -> None:
    """In-process: any broken file ends in well-formed diagnostics; what still validates renders."""
    _, files, what = case
    note(what)
    root = fresh(tmp_path)
    write(root, files)
    _, outcome = load_and_check(root)
    assert_well_formed(outcome, files)
    # Whatever still validates must render; reports are made in memory (check mode).
    try:
        render_portfolio(root, root / "reports", None, check=True)
    except InvalidPortfolio as exc:
        assert exc.outcome.errors > 0
    except ReportError as exc:
        assert NO_DATE in str(exc)


@examples(0.5)
@given(case=broken_portfolios(hand_written(BASE)))
def test_broken_files_through_the_command_line(
    run: Run, tmp_path: Path, case: tuple[Generated, dict[str, bytes], str]
) -> None:
    """Through the CLI: exit 0 or 1 with diagnostics, and reports/ untouched when refused."""
    generated, files, what = case
    note(what)
    root = fresh(tmp_path)
    write(root, generated.texts())
    assert_clean(run("render", "--root", root, "--as-of", AS_OF), 0)
    before = snapshot(root / "reports")
    write(root, files)

    validated = run("validate", "--root", root)
    assert_validate_output(validated)
    rendered = run("render", "--root", root, "--as-of", AS_OF)
    vendor = generated.vendors[0]
    scorecard = run("scorecard", vendor, "--root", root, "--as-of", AS_OF)
    qbr = run("qbr", vendor, "--root", root, "--as-of", AS_OF, "--format", "json")
    assert_clean(rendered, 0, 1)
    for result in (scorecard, qbr):
        assert_clean(result, rendered.exit_code)
    if rendered.exit_code == 1:
        assert validated.exit_code == 1
        assert_refused(rendered)
        assert snapshot(root / "reports") == before
    else:
        data_errors = [
            line
            for line in validated.lines[:-1]
            if ": error: " in line and line.rsplit("[", 1)[1][:-1] not in POLICIES
        ]
        assert not data_errors
        json.loads(qbr.stdout)


# ------------------------------------------------------------------------------- YAML test suite

SUITE = CORPORA / "yaml-test-suite"
SUITE_CASES = sorted(SUITE.rglob("in.yaml")) if SUITE.is_dir() else []
KINDS = {
    "settings": "vendorctl.yaml",
    "vendor": "vendors/acme/vendor.yaml",
    "contract": "vendors/acme/contracts/msa.yaml",
    "measurements": "vendors/acme/kpis/2026.yaml",
    "health": "vendors/acme/health/2026-09-30.yaml",
    "meeting": "vendors/acme/meetings/2026-09-15-qbr.yaml",
    "issues": "vendors/acme/issues.yaml",
}
# Every document is checked in-process as every kind; through the command line, each kind
# takes every 40th document, from its own offset (with the long profile: every document).
CLI_STEP = 1 if settings.default.max_examples >= 1000 else 40


@pytest.mark.skipif(not SUITE_CASES, reason="the shared YAML test suite corpus is not present")
@pytest.mark.parametrize("kind", KINDS)
def test_every_yaml_test_suite_document_as_every_kind_of_file(
    run: Run, portfolio: Path, kind: str
) -> None:
    """Each YAML test suite document, as this kind of file, is an error located in that file."""
    target = portfolio / KINDS[kind]
    files = snapshot(portfolio)
    assert_clean(run("render", "--root", portfolio), 0)
    before = snapshot(portfolio / "reports")
    offset = list(KINDS).index(kind) % CLI_STEP
    failures = []
    for number, case in enumerate(SUITE_CASES):
        name = case.parent.relative_to(SUITE).as_posix()
        raw = case.read_bytes()
        target.write_bytes(raw)
        _, outcome = load_and_check(portfolio)
        assert_well_formed(outcome, {**files, KINDS[kind]: raw})
        if not outcome.errors or {d.path for d in outcome.diagnostics} != {KINDS[kind]}:
            failures.append(f"{name}: {[d.as_text() for d in outcome.diagnostics][:3]}")
        if number % CLI_STEP == offset:
            rendered = run("render", "--root", portfolio)
            assert_refused(rendered)
            assert snapshot(portfolio / "reports") == before
    assert not failures, "\n".join(failures)
    assert len(SUITE_CASES) > 300


# ------------------------------------------------------------------------------- determinism

VENDORCTL = Path(sys.executable).with_name("vendorctl")
ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "1", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "random", "TZ": "America/St_Johns", "LC_ALL": "POSIX"},
]


def _installed_locale(*names: str) -> str | None:
    """The first of `names` this machine has, or None."""
    saved = locale.setlocale(locale.LC_ALL)
    try:
        for name in names:
            try:
                locale.setlocale(locale.LC_ALL, name)
            except locale.Error:
                continue
            return name
        return None
    finally:
        locale.setlocale(locale.LC_ALL, saved)


GERMAN = _installed_locale("de_DE.UTF-8", "de_DE.utf8", "de_DE")


def _outputs(root: Path, out: Path, env: dict[str, str]) -> tuple[bytes, dict[str, bytes]]:
    """What the installed vendorctl prints for validate and writes for render, in `env`."""
    full = {**os.environ, **PINNED_ENV, "LANG": env["LC_ALL"], **env}
    full.pop("GITHUB_WORKSPACE", None)
    validated = subprocess.run(
        [str(VENDORCTL), "validate", "--root", str(root), "--format", "json"],
        capture_output=True,
        env=full,
        check=False,
    )
    assert validated.returncode in (0, 1), validated.stderr
    rendered = subprocess.run(
        [str(VENDORCTL), "render", "--root", str(root), "--out", str(out)],
        capture_output=True,
        env=full,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    return validated.stdout, snapshot(out)


def _pinned(generated: Generated) -> dict[str, bytes]:
    """The portfolio's files with as_of pinned, so nothing depends on the clock."""
    generated.files["vendorctl.yaml"] = {
        **generated.files["vendorctl.yaml"],
        "as_of": date(2026, 10, 31),
    }
    return generated.texts()


@pytest.mark.skipif(not VENDORCTL.is_file(), reason="the vendorctl script is not installed")
@examples(0.02)
@given(generated=portfolios(max_vendors=3))
def test_output_is_the_same_whatever_the_hash_seed_time_zone_or_locale(
    tmp_path: Path, generated: Generated
) -> None:
    """The installed vendorctl validates and renders byte for byte the same in any environment."""
    assume(len(generated.files) >= 8)  # not the nearly empty portfolio Hypothesis tries first
    root = fresh(tmp_path)
    write(root, _pinned(generated))
    results = [_outputs(root, fresh(tmp_path), env) for env in ENVIRONMENTS]
    assert results[0][1], "render wrote nothing"
    assert all(result == results[0] for result in results[1:])


@pytest.mark.skipif(GERMAN is None, reason="no German locale installed")
@pytest.mark.skipif(not VENDORCTL.is_file(), reason="the vendorctl script is not installed")
def test_output_is_the_same_in_a_german_locale(tmp_path: Path) -> None:
    """Numbers and dates in reports do not follow the process locale."""
    assert GERMAN is not None
    root = fresh(tmp_path)
    write(root, snapshot(BASE))
    english = _outputs(root, fresh(tmp_path), ENVIRONMENTS[0])
    german = _outputs(root, fresh(tmp_path), {**ENVIRONMENTS[1], "LC_ALL": GERMAN})
    assert english == german
