"""Evidence that expires (issue 20, part 7): `selection.due_diligence` items are text, or
`{item, expires, link}`; `validate` warns within `governance.evidence_warning` (60 days) of
`expires` (`evidence-expiring`, the last valid day included) and once it has passed
(`evidence-expired`); the calendar feeds carry the expiry dates; `evidence_rows` gives the report
rows.

The test portfolio is judged as of 2026-10-31 (its `as_of`): 60 days on is 2026-12-30.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from icalendar import Calendar

from tests.conftest import Run
from vendorctl.compute.evidence import evidence_rows
from vendorctl.jobs.portfolio import load_valid
from vendorctl.jobs.schema import schema_text
from vendorctl.load.yamlio import load
from vendorctl.model.base import Duration

VENDOR = "vendors/acme/vendor.yaml"
ANCHOR = "    - {criterion: financial-stability, weight: 1, score: 4}\n"
# The first due-diligence item is on this line of vendor.yaml, the others follow one a line.
FIRST = 41
EXPIRING, EXPIRED = "[evidence-expiring]", "[evidence-expired]"


def checks(root: Path, *items: str) -> Path:
    """The test vendor's selection record with these due-diligence items (YAML list entries)."""
    path = root / VENDOR
    text = path.read_text(encoding="utf-8")
    assert ANCHOR in text
    listed = "".join(f"    - {item}\n" for item in items)
    path.write_text(text.replace(ANCHOR, f"{ANCHOR}  due_diligence:\n{listed}"), encoding="utf-8")
    return root


def settings(root: Path, extra: str) -> None:
    path = root / "vendorctl.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def validate(run: Run, root: Path, *args: str) -> list[str]:
    """validate's diagnostic lines (its summary left out)."""
    result = run("validate", "--root", root, *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.lines[:-1]


def evidence(run: Run, root: Path, as_of: str) -> list[str]:
    """The codes of the evidence findings as of a date (other policies move with it too)."""
    lines = validate(run, root, "--as-of", as_of)
    return [code for line in lines for code in (EXPIRING, EXPIRED) if line.endswith(code)]


def at(index: int, severity: str = "warning") -> str:
    """The start of a finding at the due-diligence item `index`."""
    return f"{VENDOR}:{FIRST + index}:7: {severity}: "


# Validate: the edges of the warning window.


def test_evidence_expiring_today_is_expiring_not_expired(run: Run, portfolio: Path) -> None:
    checks(portfolio, "{item: SOC 2 Type II report, expires: 2026-10-31}")
    assert validate(run, portfolio) == [
        at(0) + 'due-diligence evidence "SOC 2 Type II report" expires on 2026-10-31 (today, its '
        "last valid day); renew it now [evidence-expiring]"
    ]


def test_evidence_expired_yesterday(run: Run, portfolio: Path) -> None:
    checks(portfolio, "{item: Cyber insurance certificate, expires: 2026-10-30}")
    result = run("validate", "--root", portfolio)
    assert result.lines == [
        at(0) + 'due-diligence evidence "Cyber insurance certificate" expired on 2026-10-30 '
        "(1 day ago); ask the vendor for a current one [evidence-expired]",
        "Checked 10 files: 0 errors, 1 warning.",
    ]
    assert result.exit_code == 0  # a warning by default: a date passing keeps CI green


def test_the_brief_s_example_messages(run: Run, portfolio: Path) -> None:
    checks(
        portfolio,
        "{item: SOC 2 Type II report, expires: 2026-12-01}",
        "{item: ISO 27001 certificate, expires: 2026-09-30}",
    )
    assert validate(run, portfolio) == [
        at(0) + 'due-diligence evidence "SOC 2 Type II report" expires on 2026-12-01 (in 31 '
        "days); renew it before then [evidence-expiring]",
        at(1) + 'due-diligence evidence "ISO 27001 certificate" expired on 2026-09-30 (31 days '
        "ago); ask the vendor for a current one [evidence-expired]",
    ]


def test_exactly_at_the_warning_boundary(run: Run, portfolio: Path) -> None:
    # 2026-10-31 + 60 days = 2026-12-30: expiring on that day, valid the day after.
    checks(
        portfolio,
        "{item: On the boundary, expires: 2026-12-30}",
        "{item: A day beyond it, expires: 2026-12-31}",
        "{item: A day inside it, expires: 2026-12-29}",
    )
    assert validate(run, portfolio) == [
        at(0) + 'due-diligence evidence "On the boundary" expires on 2026-12-30 (in 60 days); '
        "renew it before then [evidence-expiring]",
        at(2) + 'due-diligence evidence "A day inside it" expires on 2026-12-29 (in 59 days); '
        "renew it before then [evidence-expiring]",
    ]


def test_plain_strings_and_items_without_expiry_are_never_reported(
    run: Run, portfolio: Path
) -> None:
    checks(
        portfolio,
        "Annual accounts 2023-2025",
        "{item: Site visit, link: https://dms.example.org/acme/visit.pdf}",
        "item: Pen test summary",
    )
    assert validate(run, portfolio) == []


def test_the_warning_window_is_a_setting(run: Run, portfolio: Path) -> None:
    checks(portfolio, "{item: SOC 2 Type II report, expires: 2026-12-01}")
    settings(portfolio, "governance:\n  evidence_warning: 30 days\n")
    assert validate(run, portfolio) == []  # 31 days away, the window is 30
    assert evidence(run, portfolio, "2026-11-01") == [EXPIRING]


def test_the_as_of_date_moves_the_status(run: Run, portfolio: Path) -> None:
    checks(portfolio, "{item: SOC 2 Type II report, expires: 2026-12-01}")
    assert evidence(run, portfolio, "2026-10-01") == []  # 61 days ahead
    assert evidence(run, portfolio, "2026-10-02") == [EXPIRING]
    assert evidence(run, portfolio, "2026-12-01") == [EXPIRING]
    assert evidence(run, portfolio, "2026-12-02") == [EXPIRED]


def test_expired_evidence_can_be_raised_to_an_error(run: Run, portfolio: Path) -> None:
    checks(portfolio, "{item: Cyber insurance certificate, expires: 2026-10-30}")
    settings(portfolio, "policies:\n  evidence-expired: error\n")
    result = run("validate", "--root", portfolio)
    assert result.lines[0].startswith(at(0, "error") + 'due-diligence evidence "Cyber')
    assert result.exit_code == 1


@pytest.mark.parametrize(("status", "judged"), [("prospect", True), ("exited", False)])
def test_prospects_are_judged_exited_vendors_are_not(
    run: Run, portfolio: Path, status: str, judged: bool
) -> None:
    checks(portfolio, "{item: Cyber insurance certificate, expires: 2026-10-30}")
    path = portfolio / VENDOR
    path.write_text(path.read_text().replace("status: active", f"status: {status}"))
    found = [line for line in validate(run, portfolio) if line.endswith(EXPIRED)]
    assert len(found) == (1 if judged else 0)


# The schema: strict, with located errors.


def test_unknown_keys_and_other_mistakes_are_located_errors(run: Run, portfolio: Path) -> None:
    checks(
        portfolio,
        "{item: SOC 2 Type II report, expiry: 2026-12-01}",
        "{expires: 2026-12-01}",
        "[ISO 27001 certificate, 2027-03-31]",
        "{item: Pen test summary, expires: 2026-02-30}",
        "{item: Site visit, link: " + "x" * 501 + "}",
    )
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert result.lines == [
        f"{VENDOR}:41:36: error: unknown key `expiry`; did you mean `expires`? [unknown-key]",
        f"{VENDOR}:42:7: error: `selection.due_diligence[1].item` is required [missing-key]",
        f"{VENDOR}:43:7: error: `selection.due_diligence[2]`: expected the check as text, or a "
        "mapping with `item` and optional `expires` and `link`, got a list [invalid-value]",
        f"{VENDOR}:44:41: error: `selection.due_diligence[3].expires`: '2026-02-30' is not a real "
        "calendar date (day is out of range for month) [invalid-value]",
        f"{VENDOR}:45:32: error: `selection.due_diligence[4].link`: string should have at most "
        f'500 characters, got "{"x" * 37}..." [out-of-range]',
        "Checked 10 files: 5 errors, 0 warnings.",
    ]


def test_the_exported_schema_takes_both_forms_and_refuses_unknown_keys(portfolio: Path) -> None:
    schema = json.loads(schema_text("vendor"))
    checks(
        portfolio,
        "Annual accounts 2023-2025",
        "{item: SOC 2 Type II report, expires: 2026-12-01, link: https://dms.example.org/a.pdf}",
    )
    data = load(portfolio / VENDOR, "vendor.yaml").data
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    data["selection"]["due_diligence"][1]["expiry"] = "2026-12-01"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


# The rows the QBR and the onboarding pack show.


def test_evidence_rows_in_file_order(portfolio: Path) -> None:
    checks(
        portfolio,
        "Annual accounts 2023-2025",
        "{item: SOC 2 Type II report, expires: 2026-12-01, link: https://dms.example.org/a.pdf}",
        "{item: Cyber insurance certificate, expires: 2026-10-30}",
        "{item: ISO 27001 certificate, expires: 2027-03-31}",
        "{item: Pen test summary, expires: 2026-10-31}",
        "{item: Site visit}",
    )
    vendor = load_valid(portfolio).portfolio.vendors["acme"].vendor
    assert vendor is not None
    rows = evidence_rows(vendor.model, date(2026, 10, 31), Duration(60, "day"))
    assert rows == [
        row("Annual accounts 2023-2025", None, None, "no-expiry", None),
        row(
            "SOC 2 Type II report",
            date(2026, 12, 1),
            "https://dms.example.org/a.pdf",
            "expiring",
            31,
        ),
        row("Cyber insurance certificate", date(2026, 10, 30), None, "expired", -1),
        row("ISO 27001 certificate", date(2027, 3, 31), None, "valid", 151),
        row("Pen test summary", date(2026, 10, 31), None, "expiring", 0),
        row("Site visit", None, None, "no-expiry", None),
    ]


def test_a_vendor_without_a_selection_record_has_no_rows(portfolio: Path) -> None:
    path = portfolio / VENDOR
    text = path.read_text(encoding="utf-8")
    start = text.index("selection:\n")
    path.write_text(text[:start] + text[text.index("onboarding:\n") :], encoding="utf-8")
    (portfolio / VENDOR).write_text(
        path.read_text(encoding="utf-8").replace("status: active", "status: onboarding")
    )
    vendor = load_valid(portfolio).portfolio.vendors["acme"].vendor
    assert vendor is not None and vendor.model.selection is None
    assert evidence_rows(vendor.model, date(2026, 10, 31), Duration(60, "day")) == []


def row(
    item: str, expires: date | None, link: str | None, status: str, days_left: int | None
) -> dict[str, Any]:
    return {
        "item": item,
        "expires": expires,
        "link": link,
        "status": status,
        "days_left": days_left,
    }


# The calendar feeds.


def feed(run: Run, root: Path, tmp_path: Path, *args: str, command: str = "calendar") -> bytes:
    target = tmp_path / f"{command}.ics"
    result = run(command, "--ics", target, "--root", root, *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return target.read_bytes()


def evidence_events(data: bytes) -> dict[str, Any]:
    events = Calendar.from_ical(data).walk("VEVENT")
    return {str(e["uid"]): e for e in events if str(e["uid"]).startswith("evidence-")}


SOC2 = "{item: SOC 2 Type II report, expires: 2026-12-01, link: https://dms.example.org/a.pdf}"


@pytest.mark.parametrize("command", ["calendar", "renewals"])
def test_an_expiry_date_is_an_all_day_event_with_a_reminder(
    run: Run, portfolio: Path, tmp_path: Path, command: str
) -> None:
    checks(portfolio, "Annual accounts 2023-2025", SOC2)
    (event,) = evidence_events(feed(run, portfolio, tmp_path, command=command)).values()
    assert str(event["uid"]) == "evidence-acme-soc-2-type-ii-report-2026-12-01@vendorctl"
    assert event["dtstart"].dt == date(2026, 12, 1)
    assert event["dtend"].dt == date(2026, 12, 2)
    summary = "Evidence expires: SOC 2 Type II report (Acme Hosting)"
    assert str(event["summary"]) == summary
    assert str(event["description"]) == (
        "Due-diligence evidence of Acme Hosting, valid until 2026-12-01: SOC 2 Type II report. "
        "It is kept at https://dms.example.org/a.pdf. Ask the vendor for a current one, then "
        "update its entry under `selection: due_diligence:` in vendors/acme/vendor.yaml."
    )
    (alarm,) = event.walk("VALARM")
    assert alarm["trigger"].dt.days == -60  # when `evidence_warning` opens, as validate warns
    assert str(alarm["description"]) == summary


def test_the_event_is_the_same_whatever_the_as_of_date(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    checks(portfolio, SOC2)

    def event_text(as_of: str) -> str:
        data = feed(run, portfolio, tmp_path, "--as-of", as_of).decode("utf-8")
        start = data.index("BEGIN:VEVENT\r\nSUMMARY:Evidence expires")
        body = data[start : data.index("END:VEVENT\r\n", start)]
        return "\r\n".join(line for line in body.split("\r\n") if not line.startswith("DTSTAMP"))

    assert event_text("2026-06-01") == event_text("2026-12-01")


def test_expired_evidence_sits_on_the_as_of_date_under_its_expiry_uid(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    checks(portfolio, "{item: Cyber insurance certificate, expires: 2026-10-30}")
    (event,) = evidence_events(feed(run, portfolio, tmp_path)).values()
    assert str(event["uid"]) == "evidence-acme-cyber-insurance-certificate-2026-10-30@vendorctl"
    assert event["dtstart"].dt == date(2026, 10, 31)
    assert str(event["summary"]) == (
        "Evidence expired on 2026-10-30: Cyber insurance certificate (Acme Hosting)"
    )


def test_the_horizon_and_plain_strings(run: Run, portfolio: Path, tmp_path: Path) -> None:
    checks(
        portfolio,
        "Annual accounts 2023-2025",
        "{item: Within the horizon, expires: 2026-11-30}",
        "{item: Beyond the horizon, expires: 2027-01-01}",
    )
    found = evidence_events(feed(run, portfolio, tmp_path, "--within", "60"))
    assert sorted(found) == ["evidence-acme-within-the-horizon-2026-11-30@vendorctl"]


def test_uids_are_unique_and_stable_for_any_text(run: Run, portfolio: Path, tmp_path: Path) -> None:
    checks(
        portfolio,
        "{item: 'ISO 27001', expires: 2026-12-01}",
        "{item: 'ISO 27001', expires: 2026-12-01}",
        "{item: 'Zertifikat: Ü / 証明書', expires: 2026-12-01}",
        "{item: '証明書', expires: 2026-12-01}",
    )
    first = sorted(evidence_events(feed(run, portfolio, tmp_path)))
    assert first[:2] == [
        "evidence-acme-iso-27001-2026-12-01-2@vendorctl",
        "evidence-acme-iso-27001-2026-12-01@vendorctl",
    ]
    assert "evidence-acme-zertifikat-2026-12-01@vendorctl" in first
    assert len(set(first)) == 4
    assert sorted(evidence_events(feed(run, portfolio, tmp_path))) == first
