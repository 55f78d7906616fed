"""SLA compliance and service credits, with hand-computed cases and boundary values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorctl.compute.sla import contract_credits, evaluate, tier_credit, windows
from vendorctl.model.contract import Contract
from vendorctl.model.periods import parse
from vendorctl.model.vendor import KpiDefinition

AVAILABILITY = KpiDefinition(id="availability", name="Availability", target=99.9, floor=99)
RESPONSE = KpiDefinition(id="response", name="Response", direction="lower", target=15, floor=60)
KPIS = {k.id: k for k in (AVAILABILITY, RESPONSE)}
# "Below 99.99% gives 10%, below 99.0% gives 30%, below 95.0% gives 100% of the monthly charges."
CLOUD_TIERS = [
    {"below": 99.99, "credit": 10},
    {"below": 99.0, "credit": 30},
    {"below": 95.0, "credit": 100},
]


def contract(**fields: Any) -> Contract:
    base: dict[str, Any] = {
        "id": "c",
        "title": "C",
        "kind": "msa",
        "start": "2026-01-01",
        "monthly_charge": 1000,
        "claim_period": "30 days",
        "slas": [{"id": "av", "kpi": "availability", "target": 99.99, "credits": CLOUD_TIERS}],
    }
    return Contract.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("value", "credit"),
    [
        ("99.99", "0"),  # meeting the target exactly: compliant, no credit
        ("99.989", "10"),
        ("99.0", "10"),  # exactly 99.0 is not *below* 99.0: the 10% tier, not 30%
        ("98.999", "30"),
        ("95.0", "30"),
        ("94.99", "100"),
        ("0", "100"),
    ],
)
def test_cloud_style_tiers_at_their_boundaries(value: str, credit: str) -> None:
    assert tier_credit(contract().slas[0], D(value)) == D(credit)


def test_lower_is_better_tiers_use_strictly_above() -> None:
    sla = contract(
        slas=[
            {
                "id": "r",
                "kpi": "response",
                "target": 15,
                "credits": [{"above": 15, "credit": 5}, {"above": 30, "credit": 10}],
            }
        ]
    ).slas[0]
    assert [tier_credit(sla, D(v)) for v in ("15", "15.01", "30", "30.5")] == [0, 5, 5, 10]


def test_monthly_windows_with_amounts_caps_and_claim_dates() -> None:
    c = contract(credit_cap=25)
    series = {
        "availability": {
            parse("2026-07"): D("99.995"),
            parse("2026-08"): D("99.5"),
            parse("2026-09"): D("90"),
        }
    }
    results = evaluate(c, KPIS, series, parse("2026-Q3"), "EUR")
    assert [
        (r.window.label, r.met, r.credit_percent, r.credit_amount, r.claim_by) for r in results
    ] == [
        ("2026-07", True, D(0), D(0), date(2026, 8, 30)),
        ("2026-08", False, D(10), D(100), date(2026, 9, 30)),
        ("2026-09", False, D(25), D(250), date(2026, 10, 30)),  # 100% tier capped at 25%
    ]
    assert all(r.currency == "EUR" for r in results)


def test_charges_fall_back_to_annual_value_over_twelve() -> None:
    c = contract(monthly_charge=None, annual_value=120000, currency="USD")
    (result,) = evaluate(
        c, KPIS, {"availability": {parse("2026-07"): D("99.5")}}, parse("2026-07"), "EUR"
    )
    assert (result.credit_amount, result.currency) == (D(1000), "USD")


def test_no_data_is_neither_met_nor_credited() -> None:
    (result,) = evaluate(contract(), KPIS, {}, parse("2026-07"), "EUR")
    assert (result.value, result.met, result.credit_percent) == (None, None, D(0))


def test_quarterly_window_aggregates_months_by_the_kpi_rule() -> None:
    c = contract(
        slas=[
            {
                "id": "av",
                "kpi": "availability",
                "target": 99.9,
                "window": "quarterly",
                "credits": [{"below": 99.9, "credit": 10}],
            }
        ]
    )
    series = {
        "availability": {
            parse("2026-07"): D("99.95"),
            parse("2026-08"): D("99.8"),
            parse("2026-09"): D("99.95"),
        }
    }
    (result,) = evaluate(c, KPIS, series, parse("2026-Q3"), "EUR")
    assert (result.window.label, result.value.value if result.value else None, result.met) == (
        "2026-Q3",
        D("99.9"),
        True,
    )
    assert result.credit_amount == D(0)


def test_yearly_window_is_reported_in_the_period_where_it_ends() -> None:
    assert [w.label for w in windows("year", parse("2026-Q4"))] == ["2026"]
    assert windows("year", parse("2026-Q3")) == []
    assert [w.label for w in windows("month", parse("2026-Q3"))] == [
        "2026-07",
        "2026-08",
        "2026-09",
    ]


def test_contract_total_per_window_never_exceeds_the_cap() -> None:
    c = contract(
        credit_cap=15,
        slas=[
            {
                "id": "av",
                "kpi": "availability",
                "target": 99.9,
                "credits": [{"below": 99.9, "credit": 10}],
            },
            {"id": "r", "kpi": "response", "target": 15, "credits": [{"above": 15, "credit": 10}]},
        ],
    )
    series = {
        "availability": {parse("2026-07"): D("99.5")},
        "response": {parse("2026-07"): D("20")},
    }
    (owed,) = contract_credits(evaluate(c, KPIS, series, parse("2026-07"), "EUR"))
    assert (owed.percent, owed.amount, owed.capped) == (D(15), D(150), True)


@given(
    st.decimals(min_value=80, max_value=100, places=3),
    st.decimals(min_value=80, max_value=100, places=3),
)
def test_a_better_value_never_earns_a_larger_credit(a: D, b: D) -> None:
    sla = contract().slas[0]
    worse, better = sorted([a, b])
    assert tier_credit(sla, better) <= tier_credit(sla, worse)


def test_a_series_grown_between_two_evaluations_is_read_as_it_is_now() -> None:
    series = {"availability": {parse("2026-07"): D("99.5")}}
    evaluate(contract(), KPIS, series, parse("2026-Q3"), "EUR")
    series["availability"][parse("2026-08")] = D("90")  # the same series, a month more
    again = evaluate(contract(), KPIS, series, parse("2026-Q3"), "EUR")
    august = next(w for w in again if w.window == parse("2026-08"))
    assert (august.met, august.credit_percent) == (False, D("100"))
