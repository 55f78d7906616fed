"""Renderer filters and escaping, fiscal labels end to end, and byte-identical output anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.conftest import PINNED_ENV, REPO, Run
from vendorctl.render.filters import iso_date, measure, money, number, percent, signed, status
from vendorctl.render.markdown import Md, inert


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (2.25, 1, "2.3"),  # half-up, where banker's rounding would give 2.2
        (2.35, 1, "2.4"),  # the float 2.35 is 2.3499999...; the written decimal rounds up
        (0.05, 1, "0.1"),
        (-0.04, 1, "0.0"),  # never a negative zero
        (-0.05, 1, "-0.1"),
        (D("84.95"), 1, "85.0"),
        (100, 1, "100.0"),
        (None, 1, "n/a"),
        (D("5E+102"), 1, "5" + "0" * 102 + ".0"),  # more digits than decimal's 28: found by fuzzing
        (1e300, 0, "1" + "0" * 300),
        (D("-1E-200"), 2, "0.00"),
    ],
)
def test_number_rounds_half_up(value: object, places: int, shown: str) -> None:
    assert number(value, places) == shown


def test_money_percent_measure_signed_date_status() -> None:
    assert money(D("1234567.125"), "EUR") == "EUR 1,234,567.13"
    assert money(2.675) == "2.68"
    assert percent(D("99.95")) == "100.0%" and percent(D("99.94")) == "99.9%"
    assert measure(D("99.950"), "%") == "99.95%"
    assert measure(D("15"), "min") == "15 min"
    assert measure(D("9.333333"), "min") == "9.33 min"
    assert measure(None, "%") == "n/a"
    assert signed(D("1.25")) == "+1.3" and signed(D("-0.04")) == "0.0" and signed(D("-2")) == "-2.0"
    assert iso_date(date(2026, 7, 1)) == "2026-07-01" and iso_date(None) == "—"
    assert status("met") == "✅ met" and status("breached") == "❌ breached"
    assert status(None) == "⚪ no data"
    assert all(isinstance(f, Md) for f in (number(1), money(1), status("met")))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("line one\nline two\r\nthree", "line one<br>line two<br>three"),
        ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("{{ 7*7 }}", "\\{\\{ 7\\*7 \\}\\}"),
        ("# title", "\\# title"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("`code` _em_ ~strike~ ![img](x)", "\\`code\\` \\_em\\_ \\~strike\\~ \\!\\[img\\](x)"),
        ("a\\b", "a\\\\b"),
        ("bell\x07", "bell"),
    ],
)
def test_inert_escapes_markdown(text: str, escaped: str) -> None:
    assert inert(text) == escaped
    assert inert(Md("**ours**")) == "**ours**"


def test_filters_never_print_data_raw() -> None:
    assert status("<script>x</script> | y") == "&lt;script&gt;x&lt;/script&gt; \\| y"
    assert money(1, "<b>") == "&lt;b&gt; 1.00"
    assert inert("https://evil.example/x www.evil.com a@b.co") == (
        "https:\\/\\/evil.example/x www\\.evil.com a@\u2060b.co"
    )


def test_huge_amounts_and_shares_of_tiny_budgets_are_shown_in_full(
    run: Run, portfolio: Path
) -> None:
    """Found by fuzzing: a monthly charge near the largest float overflowed to infinity when
    made an annual value, and credits or a share of a tiny budget had more digits than decimal
    rounding allowed; QBR, scorecard and credits stopped with a template error."""
    contract = portfolio / "vendors" / "acme" / "contracts" / "msa.yaml"
    contract.write_text(contract.read_text().replace("10000", "1.0e+308"))
    vendor = portfolio / "vendors" / "acme" / "vendor.yaml"
    vendor.write_text(
        vendor.read_text() + "budget:\n  - {period: 2026-Q3, budget: 1.0e-100, spend: 5}\n"
    )
    qbr = run("qbr", "acme", "--root", portfolio)
    assert qbr.exit_code == 0, qbr.stderr
    assert f"| 90 days | EUR {D('1.2E+309'):,.2f} |" in qbr.stdout
    assert f"| EUR 5.00 | 5{'0' * 102}.0% |" in qbr.stdout
    credits = run("credits", "--period", "2026-Q3", "--format", "md", "--root", portfolio)
    assert credits.exit_code == 0, credits.stderr
    assert f"| 15.0% | EUR {D('1.5E+307'):,.2f} |" in credits.stdout


@pytest.mark.parametrize(
    ("as_of", "fiscal"), [("1900-01-01", 1), ("2999-12-31", 4)], ids=["1899-Q4", "FY3000-Q3"]
)
def test_reports_at_the_edges_of_the_calendar(
    run: Run, portfolio: Path, as_of: str, fiscal: int
) -> None:
    """Found by fuzzing: a valid as_of whose latest complete quarter is named outside the years
    1900 to 2999 (1899-Q4, FY3000-Q3) made every report a usage error (exit 2)."""
    (portfolio / "vendorctl.yaml").write_text(
        f"organisation: Test Org\ncurrency: EUR\nas_of: {as_of}\nfiscal_year_start: {fiscal}\n"
    )
    (portfolio / "vendors" / "acme" / "kpis" / "2026.yaml").unlink()  # the default: that quarter
    (portfolio / "vendors" / "acme" / "claims.yaml").unlink()  # of a credit now without data
    for command in ("render", "qbr", "onboard", "list", "show"):
        args = [command, *(["acme"] if command in ("qbr", "onboard", "show") else [])]
        result = run(*args, "--root", portfolio)
        assert result.exit_code == 0, (command, result.stderr)


def test_fiscal_years_label_periods_unambiguously(run: Run, portfolio: Path) -> None:
    settings = portfolio / "vendorctl.yaml"
    settings.write_text(settings.read_text() + "fiscal_year_start: 4\n")
    result = run("scorecard", "acme", "--format", "json", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert '"period": "FY2027-Q2"' in result.stdout  # July to September 2026
    assert '"period_start": "2026-07-01"' in result.stdout
    calendar = run("scorecard", "acme", "--period", "2026-Q3", "--root", portfolio)
    assert calendar.exit_code == 2
    assert "fiscal year starts in April: write fiscal quarters" in calendar.stderr


def test_reports_are_byte_identical_whatever_the_hash_seed_timezone_or_locale() -> None:
    outputs = set()
    for seed, tz, lang in (
        ("0", "UTC", "C"),
        ("123", "Pacific/Kiritimati", "C.UTF-8"),
        ("random", "America/Los_Angeles", "POSIX"),
    ):
        env = {**os.environ, **PINNED_ENV, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": lang}
        for args in (
            ["scorecard", "brightdesk", "--explain"],
            ["credits", "--period", "2026", "--format", "md"],
        ):
            result = subprocess.run(
                [sys.executable, "-m", "vendorctl", *args, "--root", str(REPO)],
                capture_output=True,
                env=env,
                check=True,
            )
            outputs.add((tuple(args), result.stdout))
    assert len(outputs) == 2
