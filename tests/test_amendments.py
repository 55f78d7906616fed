"""Amendments with effective dates (issue 18, section 1): validation, and the terms in force in
`show`, the onboarding pack and the QBR's contract lines.

An amendment's terms apply from its `effective` date; the contract's own keys are the original
terms. The test portfolio's contract `acme-msa` starts 2025-01-01, ends its initial term
2026-12-31 and renews by itself for 12 months (decision `renew`); its SLAs are `availability`
(below 99.9 earns 10%, below 99 earns 25%) and `response` (above 15 min earns 5%), cap 30%.
The invalid cases `tests/cases/invalid/amendment-*.yaml` and `unknown-sla.yaml` hold the same
rules to exact output in the case suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_scorecard import assert_tables_keep_their_shape, lint
from vendorctl.compute.terms import AMENDABLE

MSA = "vendors/acme/contracts/msa.yaml"
WHERE = "vendors/acme/contracts/msa.yaml"
# Appended to the 25 lines of the base contract: its first line is line 26.
AMENDMENT = """amendments:
  - id: amendment-1
    effective: {effective}
    signed: 2026-08-20
    summary: Availability lowered to 99.5%, cap 8%, claims within 14 days
    slas:
      - {{id: availability, kpi: availability, target: 99.5, credits: [{{below: 99.5, credit: 4}}, {{below: 99, credit: 8}}]}}
    credit_cap: 8
    claim_period: 14 days
"""


def add(root: Path, text: str) -> Path:
    """The contract `acme-msa` with `text` (top-level keys) added at its end."""
    path = root / MSA
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return root


def replace(root: Path, old: str, new: str) -> Path:
    """The contract `acme-msa` with one of its lines changed."""
    path = root / MSA
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def validate(run: Run, root: Path) -> list[str]:
    """validate's diagnostic lines (its summary left out), policies as of 2026-10-31."""
    result = run("validate", "--root", root, "--as-of", "2026-10-31")
    assert result.exit_code in (0, 1), result.stderr
    return result.lines[:-1]


def markdown(run: Run, *args: str | Path) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def section(text: str, start: str, end: str) -> str:
    """The lines of `text` from the line `start` up to (not including) the line `end`."""
    lines = text.splitlines()
    first = lines.index(start)
    return "\n".join(lines[first : lines.index(end, first)]).rstrip("\n") + "\n"


# --- validation ---------------------------------------------------------------------------------


def test_an_amendment_within_the_term_validates_cleanly(run: Run, portfolio: Path) -> None:
    add(portfolio, AMENDMENT.format(effective="2026-09-01"))
    assert validate(run, portfolio) == []


def test_amendment_ids_are_unique_within_the_contract(run: Run, portfolio: Path) -> None:
    add(
        portfolio,
        "amendments:\n"
        "  - {id: price, effective: 2026-01-01, monthly_charge: 10300}\n"
        "  - {id: price, effective: 2026-07-01, monthly_charge: 10600}\n",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:28:10: error: duplicate amendment id `price` (first defined at line 27) "
        "[duplicate-id]"
    ]


@pytest.mark.parametrize(
    ("amendments", "expected"),
    [
        # Before the start.
        (
            "  - {id: a, effective: 2024-12-31, claim_period: 60 days}\n",
            "27:24: error: amendment `a` takes effect on 2024-12-31, before the contract starts "
            "on 2025-01-01 [contract-dates]",
        ),
        # Out of order: not before the one listed above it (the same day is fine).
        (
            "  - {id: a, effective: 2026-07-01, claim_period: 60 days}\n"
            "  - {id: b, effective: 2026-07-01, claim_period: 60 days}\n"
            "  - {id: c, effective: 2026-06-30, monthly_charge: 10300}\n",
            "29:24: error: amendment `c` takes effect on 2026-06-30, before `b` listed above it "
            "(2026-07-01): list the amendments in the order they take effect [contract-dates]",
        ),
        # A new end before the amendment takes effect.
        (
            "  - {id: a, effective: 2026-08-01, end: 2026-07-31}\n",
            "27:41: error: end 2026-07-31 is before the amendment takes effect on 2026-08-01: "
            "the term would be over before it applies [contract-dates]",
        ),
        # A new end before the contract starts.
        (
            "  - {id: a, effective: 2026-08-01, end: 2024-07-31}\n",
            "27:41: error: end 2024-07-31 is before start 2025-01-01 [contract-dates]",
        ),
    ],
)
def test_effective_dates_within_the_term_and_in_order(
    run: Run, portfolio: Path, amendments: str, expected: str
) -> None:
    add(portfolio, "amendments:\n" + amendments)
    assert validate(run, portfolio) == [f"{WHERE}:{expected}"]


def test_no_amendment_after_the_last_day_in_force(run: Run, portfolio: Path) -> None:
    """A `terminate` decision for the term ending 2026-12-31 ends the auto-renewing contract
    then: an amendment from 2027-01-01 amends nothing, unless it carries the contract on."""
    replace(portfolio, "decision: renew", "decision: terminate\ndecision_for: 2026-12-31")
    add(portfolio, "amendments:\n  - {id: late, effective: 2027-01-01, claim_period: 60 days}\n")
    assert validate(run, portfolio) == [
        f"{WHERE}:28:27: error: amendment `late` takes effect on 2027-01-01, after the "
        "contract's last day in force 2026-12-31 [contract-dates]"
    ]


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        # The day after the last day in force: the contract goes on without a gap.
        ("2027-01-01", []),
        (
            "2027-01-02",
            [
                f"{WHERE}:25:32: error: amendment `extension` takes effect on 2027-01-02, after "
                "the contract's last day in force 2026-12-31: an amendment that extends the term "
                "takes effect by the day after, 2027-01-01 [contract-dates]"
            ],
        ),
    ],
)
def test_an_amendment_that_extends_the_term_may_take_effect_the_day_after_it_ends(
    run: Run, portfolio: Path, effective: str, expected: list[str]
) -> None:
    replace(portfolio, "auto_renew: true\nrenewal_term: 12 months\n", "")
    replace(portfolio, "decision: renew", "decision: let-lapse")
    add(
        portfolio,
        "amendments:\n"
        f"  - {{id: extension, effective: {effective}, end: 2027-12-31}}\n"
        # Within the extended term: judged by the end as the extension left it.
        "  - {id: price-2027, effective: 2027-07-01, monthly_charge: 10300}\n",
    )
    assert validate(run, portfolio) == expected


def test_renewal_terms_as_amended(run: Run, portfolio: Path) -> None:
    """`auto_renew` and `renewal_term` are judged on the terms as amended."""
    replace(portfolio, "end: 2026-12-31\nauto_renew: true\nrenewal_term: 12 months\n", "")
    replace(portfolio, "decision: renew", "")
    add(
        portfolio,
        "amendments:\n"
        "  - {id: rolls, effective: 2026-01-01, auto_renew: true}\n"
        "  - {id: term, effective: 2026-02-01, renewal_term: 6 months}\n",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:24:52: error: an auto-renewing contract needs `end`, the last day of its "
        "initial term [contract-renewal]",
        f"{WHERE}:24:52: error: an auto-renewing contract needs `renewal_term`, e.g. "
        '"12 months" [contract-renewal]',
    ]


def test_amended_slas_follow_the_contracts_rules(run: Run, portfolio: Path) -> None:
    """An SLA given by an amendment: its KPI defined, its window not finer than the KPI's
    frequency, its tiers the KPI's way and in step, checked against the cap as amended."""
    vendor = portfolio / "vendors/acme/vendor.yaml"
    text = vendor.read_text(encoding="utf-8")
    quarterly = (
        "  - {id: satisfaction, name: Satisfaction, unit: points, target: 8, "
        "frequency: quarterly}\n"
    )
    vendor.write_text(text.replace("risks:\n", quarterly + "risks:\n", 1), encoding="utf-8")
    add(
        portfolio,
        "amendments:\n"
        "  - id: amendment-1\n"
        "    effective: 2026-09-01\n"
        "    credit_cap: 8\n"
        "    slas:\n"
        "      - {id: csat, kpi: satisfaction, target: 8, window: monthly}\n"
        "      - {id: uptime, kpi: availabilty, target: 99}\n"
        "      - id: response\n"
        "        kpi: response\n"
        "        target: 20\n"
        "        credits: [{below: 20, credit: 5}]\n"
        "      - id: csat\n"
        "        kpi: satisfaction\n"
        "        target: 8\n"
        "        window: quarterly\n"
        "        credits: [{below: 8, credit: 10}]\n",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:29:17: warning: credit_cap 8% is below the 25% credit of SLA `availability`, "
        "still in force: that tier can never be paid in full [credit-tiers]",
        f"{WHERE}:31:58: error: a monthly SLA cannot be evaluated on KPI `satisfaction`, "
        "measured quarterly [sla-window]",
        f"{WHERE}:32:27: error: no KPI `availabilty` in this vendor; did you mean "
        "`availability`? [unknown-kpi]",
        f"{WHERE}:36:19: error: KPI `response` is lower-is-better, so its credit tiers use "
        "`above:` [credit-tiers]",
        f"{WHERE}:37:13: error: duplicate SLA id `csat` (first defined at line 31) [duplicate-id]",
        f"{WHERE}:41:38: warning: credit 10% is above the contract's credit_cap of 8%: it can "
        "never be paid in full [credit-tiers]",
    ]


def test_credit_charges_are_judged_on_the_terms_as_amended(run: Run, portfolio: Path) -> None:
    """Credit tiers without charges warn; an amendment that gives the charges from its date on
    answers the warning for its own SLAs."""
    sla = "{id: response, kpi: response, target: 15, credits: [{above: 15, credit: 5}]}"
    (portfolio / "vendors/acme/claims.yaml").unlink()  # it claims a credit of the original terms
    (portfolio / MSA).write_text(
        "id: acme-msa\n"
        "title: Hosting agreement\n"
        "kind: managed-service\n"
        "start: 2025-01-01\n"
        "end: 2027-12-31\n"
        "claim_period: 1 year\n"
        "slas:\n"
        "  - {id: response, kpi: response, target: 15}\n"
        "amendments:\n"
        f"  - {{id: credits, effective: 2026-03-01, slas: [{sla}]}}\n"
        f"  - {{id: charged, effective: 2026-06-01, monthly_charge: 9000, slas: [{sla}]}}\n",
        encoding="utf-8",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:10:100: warning: credit tiers need the contract's charges to compute amounts: "
        "add `monthly_charge` or `annual_value` [credit-charges]",
    ]


def test_removes_slas_names_an_sla_in_force_the_day_before(run: Run, portfolio: Path) -> None:
    add(
        portfolio,
        "amendments:\n"
        "  - {id: a, effective: 2026-03-01, removes_slas: [respons]}\n"
        "  - {id: b, effective: 2026-06-01, removes_slas: [response]}\n"
        "  - {id: c, effective: 2026-09-01, removes_slas: [response, availability]}\n",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:27:51: error: no SLA `respons` in force on 2026-02-28, the day before this "
        "amendment takes effect, to remove; did you mean `response`? [unknown-sla]",
        f"{WHERE}:29:51: error: no SLA `response` in force on 2026-08-31, the day before this "
        "amendment takes effect, to remove [unknown-sla]",
    ]


def test_a_termination_trigger_names_an_sla_of_the_contract(run: Run, portfolio: Path) -> None:
    """In its original terms or in any amendment's, in force or not yet."""
    add(
        portfolio,
        "termination:\n"
        "  triggers:\n"
        "    - {sla: availabilty, breaches: 3, within: 6}\n"
        "    - {sla: resolution, breaches: 2, within: 2}\n"
        "    - {sla: recovery, breaches: 2, within: 2}\n"
        "    - {sla: response, breaches: 2, within: 2}\n"
        "amendments:\n"
        "  - id: later\n"
        "    effective: 2027-06-01\n"
        "    slas: [{id: resolution, kpi: response, target: 60}]\n",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:28:13: error: no SLA `availabilty` in this contract or its amendments; did "
        "you mean `availability`? [unknown-sla]",
        f"{WHERE}:30:13: error: no SLA `recovery` in this contract or its amendments; a trigger "
        "counts the breached windows of one of the contract's SLAs [unknown-sla]",
    ]


def test_only_amendable_keys(run: Run, portfolio: Path) -> None:
    """The schema allows an amendment only the keys it can change, and says which."""
    add(
        portfolio,
        "amendments:\n"
        "  - id: renamed\n"
        "    effective: 2026-09-01\n"
        "    owner: ana\n"
        "    credit_capp: 8\n",
    )
    assert validate(run, portfolio) == [
        f"{WHERE}:29:5: error: unknown key `owner`; known keys: id, effective, signed, summary, "
        "slas, removes_slas, end, auto_renew, renewal_term, notice_period, notice_to, currency, "
        "annual_value, monthly_charge, credit_cap, claim_period [unknown-key]",
        f"{WHERE}:30:5: error: unknown key `credit_capp`; did you mean `credit_cap`? [unknown-key]",
    ]


def test_the_schema_export_documents_every_amendment_key(run: Run) -> None:
    result = run("schema", "contract")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["properties"]["amendments"]["items"] == {"$ref": "#/$defs/Amendment"}
    assert "original terms" in schema["properties"]["amendments"]["description"]
    amendment = schema["$defs"]["Amendment"]
    keys = {"id", "effective", "signed", "summary", "slas", "removes_slas", *AMENDABLE}
    assert set(amendment["properties"]) == keys
    assert amendment["required"] == ["id", "effective"]
    assert amendment["additionalProperties"] is False
    for key, spec in amendment["properties"].items():
        assert spec.get("description"), key
    assert "windows starting on or after it" in amendment["properties"]["effective"]["description"]


# --- display: show, the onboarding pack, the QBR ------------------------------------------------


def _shown(run: Run, root: Path, as_of: str) -> str:
    text = markdown(run, "show", "acme", "--root", root, "--as-of", as_of, "--format", "md")
    return section(text, "### Hosting agreement", "## Obligations")


IN_FORCE = """\
### Hosting agreement

managed-service, from 2025-01-01 to 2026-12-31, renewing by itself for 12 months at a time; \
notice period 90 days.

From 2026-10-31 (amendment-1): credit cap 8%, claim period 14 days.

- From 2026-10-31 (amendment-1): Availability must be at least 99.5% each month; a miss earns \
a service credit: below 99.5% earns 4%, below 99% earns 8% of that period's charges (capped at \
8%).
- Incident response must be at most 15 min each month; a miss earns a service credit: above \
15 min earns 5% of that period's charges (capped at 8%).

| Amendment | Effective | Signed | Summary |
| --- | --- | --- | --- |
| amendment-1 | 2026-10-31 | 2026-08-20 | Availability lowered to 99.5%, cap 8%, claims within \
14 days |
"""
NOT_YET = """\
### Hosting agreement

managed-service, from 2025-01-01 to 2026-12-31, renewing by itself for 12 months at a time; \
notice period 90 days.

- Availability must be at least 99.9% each month; a miss earns a service credit: below 99.9% \
earns 10%, below 99% earns 25% of that period's charges (capped at 30%).
- Incident response must be at most 15 min each month; a miss earns a service credit: above \
15 min earns 5% of that period's charges (capped at 30%).

| Amendment | Effective | Signed | Summary |
| --- | --- | --- | --- |
| amendment-1 | 2026-11-01 (not yet in force) | 2026-08-20 | Availability lowered to 99.5%, cap \
8%, claims within 14 days |
"""


@pytest.mark.parametrize(
    ("effective", "expected"), [("2026-10-31", IN_FORCE), ("2026-11-01", NOT_YET)]
)
def test_show_gives_the_terms_in_force_on_the_as_of_date(
    run: Run, portfolio: Path, effective: str, expected: str
) -> None:
    """An amendment effective on the as-of date is in force; one effective the day after is
    listed, not yet in force, and changes nothing yet."""
    add(portfolio, AMENDMENT.format(effective=effective))
    assert _shown(run, portfolio, "2026-10-31") == expected


def test_show_lists_amendments_in_the_order_they_take_effect_and_slas_they_end(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add(
        portfolio,
        AMENDMENT.format(effective="2026-09-01") + "  - id: amendment-2\n"
        "    effective: 2026-10-01\n"
        "    summary: Response SLA ends; new price\n"
        "    removes_slas: [response]\n"
        "    monthly_charge: 11000\n"
        "    notice_period: 60 days\n"
        "    credit_cap: 10\n",
    )
    text = markdown(run, "show", "acme", "--root", portfolio, "--as-of", "2026-10-31", "-f", "md")
    assert section(text, "### Hosting agreement", "## Obligations").splitlines() == [
        "### Hosting agreement",
        "",
        "managed-service, from 2025-01-01 to 2026-12-31, renewing by itself for 12 months at a "
        "time; notice period 60 days.",
        "",
        "From 2026-09-01 (amendment-1): claim period 14 days.",
        "",
        "From 2026-10-01 (amendment-2): notice period 60 days, monthly charge EUR 11,000.00, "
        "credit cap 10%.",
        "",
        "- From 2026-09-01 (amendment-1): Availability must be at least 99.5% each month; a miss "
        "earns a service credit: below 99.5% earns 4%, below 99% earns 8% of that period's "
        "charges (capped at 10%).",
        "- From 2026-10-01 (amendment-2): the response SLA no longer applies.",
        "",
        "| Amendment | Effective | Signed | Summary |",
        "| --- | --- | --- | --- |",
        "| amendment-1 | 2026-09-01 | 2026-08-20 | Availability lowered to 99.5%, cap 8%, claims "
        "within 14 days |",
        "| amendment-2 | 2026-10-01 | — | Response SLA ends; new price |",
    ]
    assert_tables_keep_their_shape(text)
    path = tmp_path / "show.md"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == ""
    data = json.loads(
        markdown(run, "show", "acme", "--root", portfolio, "--as-of", "2026-09-30", "-f", "json")
    )
    terms = data["contracts"][0]["terms"]
    assert terms["notice_period"] == "90 days"
    assert terms["amended"] == [
        {
            "amendment": "amendment-1",
            "from": "2026-09-01",
            "text": "From 2026-09-01 (amendment-1)",
            "terms": [
                {"key": "credit_cap", "value": 8.0, "text": "credit cap 8%"},
                {"key": "claim_period", "value": "14 days", "text": "claim period 14 days"},
            ],
        }
    ]
    assert [(a["id"], a["in_force"]) for a in terms["amendments"]] == [
        ("amendment-1", True),
        ("amendment-2", False),
    ]


def test_show_without_amendments_describes_the_original_terms(run: Run, portfolio: Path) -> None:
    text = markdown(run, "show", "acme", "--root", portfolio, "--as-of", "2026-10-31", "-f", "md")
    assert (
        section(text, "### Hosting agreement", "## Obligations")
        == (NOT_YET.split("\n| Amendment")[0])
    )


def _onboarding(run: Run, root: Path, as_of: str, *args: str) -> str:
    return markdown(run, "onboard", "acme", "--root", root, "--as-of", as_of, *args)


@pytest.mark.parametrize("audience", ["internal", "vendor"])
def test_the_onboarding_pack_gives_the_terms_in_force_and_lists_the_amendments(
    run: Run, portfolio: Path, tmp_path: Path, audience: str
) -> None:
    add(portfolio, AMENDMENT.format(effective="2026-10-31"))
    text = _onboarding(run, portfolio, "2026-10-31", "--audience", audience)
    block = section(text, "## Contracts and SLAs", "## Current standing and trend")
    assert block == "## Contracts and SLAs\n\n" + IN_FORCE
    path = tmp_path / "onboarding.md"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == ""
    assert_tables_keep_their_shape(text)
    # A day earlier the amendment is not yet in force: the original terms, the amendment listed.
    earlier = _onboarding(run, portfolio, "2026-10-30", "--audience", audience)
    block = section(earlier, "## Contracts and SLAs", "## Current standing and trend")
    assert block == "## Contracts and SLAs\n\n" + NOT_YET.replace("2026-11-01", "2026-10-31")


def test_the_onboarding_checklist_counts_the_slas_in_force(run: Run, portfolio: Path) -> None:
    add(portfolio, "amendments:\n  - {id: a, effective: 2026-10-01, removes_slas: [response]}\n")
    before = _onboarding(run, portfolio, "2026-09-30", "--role", "service_delivery")
    after = _onboarding(run, portfolio, "2026-10-01", "--role", "service_delivery")
    assert "- [ ] Learn the 2 SLAs and where their KPI data comes from" in before
    assert "- [ ] Learn the 1 SLA and where their KPI data comes from" in after


def _qbr_contract(run: Run, root: Path, as_of: str) -> dict[str, Any]:
    out = markdown(run, "qbr", "acme", "--root", root, "--as-of", as_of, "--format", "json")
    contract: dict[str, Any] = json.loads(out)["contracts"][0]
    return contract


def test_the_qbr_contract_lines_give_the_terms_in_force(run: Run, portfolio: Path) -> None:
    add(
        portfolio,
        "amendments:\n"
        "  - {id: price, effective: 2026-10-01, monthly_charge: 11000, notice_period: 60 days}\n",
    )
    before = _qbr_contract(run, portfolio, "2026-09-30")
    after = _qbr_contract(run, portfolio, "2026-10-01")
    assert (before["annual_value"], before["notice_period"], before["amended"]) == (
        120000,
        "90 days",
        [],
    )
    assert (after["annual_value"], after["notice_period"]) == (132000, "60 days")
    assert [g["text"] for g in after["amended"]] == ["From 2026-10-01 (price)"]
    text = markdown(run, "qbr", "acme", "--root", portfolio, "--as-of", "2026-10-01")
    assert (
        "| Hosting agreement | managed-service | 2025-01-01 to 2026-12-31 | yes, 12 months | "
        "60 days | EUR 132,000.00 |"
    ) in text.splitlines()


@pytest.mark.parametrize(
    ("signed", "term_end", "status"),
    [
        ("    signed: 2026-10-20\n", "2027-12-31", "ok"),  # agreed: the term now runs to 2027
        ("", "2026-12-31", "notice-passed"),  # not signed yet: only its effective date counts
    ],
)
def test_an_extension_signed_counts_for_deadlines_before_it_takes_effect(
    run: Run, portfolio: Path, signed: str, term_end: str, status: str
) -> None:
    msa = portfolio / MSA
    text = msa.read_text().replace("auto_renew: true\nrenewal_term: 12 months\n", "")
    msa.write_text(
        text.replace("decision: renew\n", "")
        + "amendments:\n  - id: extension\n    effective: 2026-12-01\n"
        + signed
        + "    end: 2027-12-31\n"
    )
    data = json.loads(
        run("renewals", "-f", "json", "--as-of", "2026-10-31", "--root", portfolio).stdout
    )
    (row,) = data["contracts"]
    assert (row["term_end"], row["status"]) == (term_end, status)
    lines = run("validate", "--as-of", "2026-10-31", "--root", portfolio).stdout
    assert ("[notice-passed]" in lines) == (status == "notice-passed")
