"""Working out less never changes a result.

The claims check and the credit policies make decimals only of the measurements they can use (the
months claimed; the months from the first window the policies can report on), a contract's
credits are judged over the months from its first measurement to the date rather than over
whole years, and the decimal of a float is kept per value. The same portfolios judged the long
way (every measurement made decimal, whole years judged) give the same output, byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BASE, BENCH_GENERATOR, REPO, Run
from vendorctl.checks import claims
from vendorctl.compute import scoring, sla, standing, vendor_slas
from vendorctl.compute.scoring import dec
from vendorctl.compute.sla import ContractCredit, ContractSlas, Months, months_of
from vendorctl.jobs.portfolio import load_valid
from vendorctl.model.periods import Period, parse
from vendorctl.model.records import Measurement

# The settings' own date, one before most data, one after every claim-by date.
DATES = (None, "2025-12-01", "2027-06-30")


def _every_measurement(
    measurements: Iterable[Measurement], fiscal_start: int, **_: object
) -> dict[str, dict[Period, Decimal]]:
    """`series_of` without its choice of KPIs and months: every measurement made decimal."""
    return scoring.series_of(measurements, fiscal_start)


_MONTH_RANGE = ContractSlas.credits_between


def _whole_years(
    slas: ContractSlas,
    series: Any,
    months: Months,
    fiscal_start: int,
    skip: Any = (),
) -> list[ContractCredit]:
    """`ContractSlas.credits_between` the long way: every window of every (fiscal) year the
    months touch is judged, then those that end outside them are dropped."""
    first, last = months
    year = Period(first, "month", fiscal_start).enclosing("year")
    found = []
    while year.first <= last:
        found.extend(_MONTH_RANGE(slas, series, months_of(year), fiscal_start, skip))
        year = year.shift(1)
    return [c for c in found if first <= months_of(c.window)[1] <= last]


def _outputs(run: Run, root: Path) -> list[tuple[int, str]]:
    """What validate (checks and policies) and the credit work list print, on each date."""
    found = []
    for day in DATES:
        dated = ("--as-of", day) if day else ()
        for command in (
            ("validate", "--format", "json", "--jobs", "1", "--no-cache"),
            ("credits", "--outstanding", "--format", "json", "--no-cache"),
        ):
            result = run(*command, "--root", root, *dated)
            found.append((result.exit_code, result.stdout))
    return found


@pytest.fixture(params=["generated", "base", "repository"])
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A portfolio with claims and credits: the benchmark's (many claims, lapses), the test
    portfolio, and the repository's own (amendments, quarterly and yearly SLAs)."""
    if request.param == "generated":
        made = tmp_path / "generated"
        BENCH_GENERATOR.generate(made, 8, seed=5, warning_share=0.5)
        return made
    return BASE if request.param == "base" else REPO


def test_the_long_way_gives_the_same_output(
    run: Run, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = _outputs(run, root)
    monkeypatch.setattr(claims, "series_of", _every_measurement)
    monkeypatch.setattr(vendor_slas, "series_of", _every_measurement)
    monkeypatch.setattr(ContractSlas, "credits_between", _whole_years)
    assert _outputs(run, root) == quick
    # Policies and the work list found credits to judge (the test portfolio has only claims).
    assert root == BASE or any('"credit-' in out for _, out in quick)


def test_a_negative_zero_is_never_a_cached_zero() -> None:
    assert str(dec(0.0)) == "0.0"
    assert str(dec(-0.0)) == "-0.0"
    assert str(dec(0.0)) == "0.0"


@given(st.lists(st.floats(allow_nan=False) | st.integers(-(10**20), 10**20), max_size=40))
def test_the_kept_decimal_of_a_number_is_its_decimal(numbers: list[float | int]) -> None:
    for number in [*numbers, *numbers]:  # the second time from what was kept
        expected = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
        made = dec(number)
        assert str(made) == str(expected)  # the sign and the digits as written


# What `list`, `renewals` and `calendar` share with `validate`, worked out the short way (an SLA
# summary counts verdicts only; a window wholly in force takes its measurement as its value; a
# period's values are found by its bounds) and the long way (every window evaluated in full, as
# `sla.evaluate` gives it; every value through the measurements that count for the window).


def _summary_the_long_way(
    contracts: Iterable[Any], kpis: Any, series: Any, period: Period, currency: str
) -> standing.SlaSummary:
    by_id = {kpi.id: kpi for kpi in kpis}
    return standing.summarise(
        window
        for contract in contracts
        for window in sla.evaluate(contract, by_id, series, period, currency)
    )


def _value_the_long_way(self: Any, terms: Any, measured: Any, window: Any) -> Decimal | None:
    counted = self._counted(measured, window)
    return None if counted is None else scoring.value_of(terms.kpi, counted, window[0])


def _behind_the_long_way(series: Any, period: Period) -> list[Decimal]:
    exact = series.get(period)
    if exact is not None:
        return [exact]
    return [v for _, v in sorted((p, v) for p, v in series.items() if period.contains(p))]


def _report_outputs(run: Run, root: Path, tmp_path: Path) -> list[tuple[int, str, str, bytes]]:
    """What validate, list, renewals and calendar print (and the calendar file), on each date."""
    found = []
    for day in DATES:
        dated = ("--as-of", day) if day else ()
        for command in (
            ("validate", "--format", "json"),
            ("list", "--sort", "score"),
            ("list", "--format", "json"),
            ("renewals", "--format", "json"),
            ("calendar", "--ics", str(tmp_path / "deadlines.ics")),
        ):
            result = run(*command, "--jobs", "1", "--no-cache", "--root", root, *dated)
            ics = tmp_path / "deadlines.ics"
            written = ics.read_bytes() if command[0] == "calendar" and ics.exists() else b""
            ics.unlink(missing_ok=True)
            found.append((result.exit_code, result.stdout, result.stderr, written))
    return found


@pytest.fixture(params=["warnings-only", "policy-raised", "base", "repository"])
def shared_root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Portfolios whose problems are warnings only (a generated one with many), one whose
    settings raise two policies to errors, the test portfolio and the repository's own
    (amendments, quarterly and yearly SLAs, a weighted KPI)."""
    if request.param in ("warnings-only", "policy-raised"):
        made = tmp_path / request.param
        BENCH_GENERATOR.generate(made, 6, seed=11, warning_share=0.6)
        if request.param == "policy-raised":
            settings = made / "vendorctl.yaml"
            raised = (
                "policies:\n  notice-approaching: error\n  credit-claim-due: {severity: error}\n"
            )
            settings.write_text(settings.read_text(encoding="utf-8") + raised, encoding="utf-8")
        return made
    return BASE if request.param == "base" else REPO


def test_reports_the_long_way_give_the_same_output(
    run: Run, shared_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = _report_outputs(run, shared_root, tmp_path)
    monkeypatch.setattr(standing, "sla_summary", _summary_the_long_way)
    monkeypatch.setattr(sla._TermSlas, "_value", _value_the_long_way)
    monkeypatch.setattr(scoring, "_behind", _behind_the_long_way)
    assert _report_outputs(run, shared_root, tmp_path) == quick
    # The lists were made, and validate found what each portfolio is about.
    assert all(code == 0 for code, *_ in quick[1:5])
    checked = json.loads(quick[0][1])
    if shared_root.name == "warnings-only":
        assert checked["errors"] == 0 and checked["warnings"] > 0
    if shared_root.name == "policy-raised":
        assert checked["errors"] > 0  # yet list, renewals and calendar judge the data only


def test_an_sla_summary_counts_what_the_evaluated_windows_count() -> None:
    checked = load_valid(REPO)
    currency = checked.settings.currency
    fiscal = checked.settings.fiscal_year_start
    compared = 0
    for files in checked.portfolio.vendors.values():
        assert files.vendor is not None
        kpis = files.vendor.model.kpis
        contracts = [record.model for record in files.contracts]
        series = scoring.series_of(
            (m for record in files.measurements for m in record.model.measurements), fiscal
        )
        for kind in ("month", "quarter", "year"):
            period = Period(2023 * 12, kind, fiscal)
            while period.first < 2027 * 12:
                quick = standing.sla_summary(contracts, kpis, series, period, currency)
                assert quick == _summary_the_long_way(contracts, kpis, series, period, currency)
                compared += quick.windows
                period = period.shift(1)
    assert compared > 100


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.sampled_from(["2026-01", "2026-02", "2026-Q1", "2026-03", "2026", "2025-12"]),
            st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**6), 10**6),
            st.none() | st.floats(min_value=0, max_value=1e6) | st.just(0),
        ),
        max_size=30,
    )
)
def test_series_and_the_values_behind_a_period_are_the_long_ways(
    rows: list[tuple[str, str, float | int, float | int | None]],
) -> None:
    # Stand-ins with a measurement's fields: the numbers as the loader may give them (an int
    # where a file says 3, a zero of either sign), not as validation would convert them.
    measurements: list[Any] = [
        SimpleNamespace(kpi=kpi, period=text, value=value, weight=weight)
        for kpi, text, value, weight in rows
    ]
    made = scoring.series_of(measurements, 1)
    expected: dict[str, dict[Period, Decimal]] = {}
    for m in measurements:
        value = dec(m.value)
        if m.weight is not None:
            value = scoring.Weighed(value, dec(m.weight))
        expected.setdefault(m.kpi, {})[parse(m.period)] = value
    assert {k: {p: str(v) for p, v in s.items()} for k, s in made.items()} == {
        k: {p: str(v) for p, v in s.items()} for k, s in expected.items()
    }
    assert {k: [scoring.weight_of(v) for v in s.values()] for k, s in made.items()} == {
        k: [scoring.weight_of(v) for v in s.values()] for k, s in expected.items()
    }
    for points in made.values():
        for text in ("2026-Q1", "2026", "2025-12", "2026-02"):
            period = parse(text)
            assert [str(v) for v in scoring._behind(points, period)] == [
                str(v) for v in _behind_the_long_way(points, period)
            ]


def _amended_with_a_new_kpi(root: Path) -> None:
    """Acme's contract amended from August 2026 with an SLA on a KPI none of its own SLAs
    names (satisfaction), whose August value earns a credit; nothing else earns one then."""
    acme = root / "vendors" / "acme"
    vendor = acme / "vendor.yaml"
    response = "  - {id: response, name: Incident response, unit: min, direction: lower, target: 15, floor: 60}\n"
    text = vendor.read_text(encoding="utf-8")
    assert response in text
    satisfaction = "  - {id: csat, name: Satisfaction, unit: pts, target: 4, floor: 1}\n"
    vendor.write_text(text.replace(response, response + satisfaction), encoding="utf-8")
    kpis = acme / "kpis" / "2026.yaml"
    kpis.write_text(
        kpis.read_text(encoding="utf-8")
        + "  - {kpi: csat, period: 2026-08, value: 3.0}\n  - {kpi: csat, period: 2026-09, value: 4.5}\n",
        encoding="utf-8",
    )
    contract = acme / "contracts" / "msa.yaml"
    text = contract.read_text(encoding="utf-8")
    assert text.endswith("decision: renew\n") and "amendments:" not in text
    contract.write_text(
        text.removesuffix("decision: renew\n") + "amendments:\n"
        "  - id: csat-sla\n"
        "    effective: 2026-08-01\n"
        "    signed: 2026-07-20\n"
        "    slas:\n"
        "      - {id: csat, kpi: csat, target: 4, credits: [{below: 4, credit: 5}]}\n"
        "decision: renew\n",
        encoding="utf-8",
    )


def test_a_credit_under_an_sla_an_amendment_adds_is_judged_by_its_kpi(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    _amended_with_a_new_kpi(portfolio)
    # Before it is claimed: validate says to claim it, as the calendar lists it.
    found = run("validate", "--root", portfolio, "--no-cache", "--as-of", "2026-09-20")
    assert "the 2026-08 service credit of EUR 500.00 (contract `acme-msa`) must be claimed" in (
        found.stdout
    )
    ics = tmp_path / "deadlines.ics"
    run("calendar", "--root", portfolio, "--no-cache", "--as-of", "2026-09-20", "--ics", ics)
    assert "credit-claim-acme-acme-msa-2026-08" in ics.read_text(encoding="utf-8")
    # Claimed: the claim names a window its contract earned a credit for.
    claims = portfolio / "vendors" / "acme" / "claims.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8")
        + "  - {contract: acme-msa, window: 2026-08, claimed_on: 2026-09-10, status: claimed}\n",
        encoding="utf-8",
    )
    checked = run("validate", "--root", portfolio, "--no-cache")
    assert checked.exit_code == 0, checked.stdout
    assert "claim-window" not in checked.stdout
