"""The review of `kpi import` (issue 22): a second export source keeps its own provenance, an
import never leaves the portfolio invalid, timestamps at the calendar's edges, human notes kept on
replace, filter values no row holds, weights too large to report, decimal commas in flow
mappings, per-record exports read without strptime, saved profiles validated, the closest vendor
suggested and time zones that only a machine knows refused."""

from __future__ import annotations

import _strptime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from vendorctl.checks import CHECKS
from vendorctl.diagnostics import Diagnostic
from vendorctl.load.portfolio import Portfolio

VENDOR = "vendors/acme/vendor.yaml"
KPIS = "vendors/acme/kpis/2026.yaml"
AS_OF = "2026-10-31"

SERVICENOW_PROFILE = """\
kpi_import:
  profiles:
    # The SLA records, one row each, from ServiceNow.
    servicenow:
      columns: {SLA definition: kpi, Start time: period}
      kpis: {Availability SLA: availability}
      share: Has breached=false
      where: [Stage=Completed]
      source: servicenow-task-sla
"""
# A StatusCake uptime export: one row per day and monitor.
STATUSCAKE = (
    "Test ID,Test Name,Timestamp,Uptime,Downtime (s)\n"
    "7283511,www.acme.example,2026-10-01T00:00:00Z,99.95,43\n"
    "7283511,www.acme.example,2026-10-02T00:00:00Z,100,0\n"
    "7283511,www.acme.example,2026-10-03T00:00:00Z,99.8,173\n"
)


def export(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def append(portfolio: Path, path: str, text: str) -> None:
    file = portfolio / path
    file.write_text(file.read_text() + text)


def edit(portfolio: Path, path: str, old: str, new: str) -> None:
    file = portfolio / path
    text = file.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    file.write_text(text.replace(old, new))


def kpi_import(run: Run, portfolio: Path, path: Path, *options: str) -> Any:
    return run("kpi", "import", path, "--vendor", "acme", *options, "--root", portfolio)


# 1. A second export source: never another profile's source, KPI names or filters.


def test_a_second_source_is_read_without_the_profile_that_does_not_fit_it(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    append(portfolio, VENDOR, SERVICENOW_PROFILE)
    before = (portfolio / VENDOR).read_text()
    path = export(tmp_path, "statuscake.csv", STATUSCAKE)
    result = kpi_import(
        run, portfolio, path, "--mean", "Uptime", "--kpi", "availability",
        "--map", "Timestamp=period", "--save-profile", "statuscake",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    assert result.lines == [
        f"No saved profile fits {path}, so it is read without one: profile `servicenow` lacks "
        "`SLA definition`, `Start time`, `Has breached`, `Stage`.",
        "add: availability 2026-10 = 99.916667 (3 rows)",
        f"Saved profile `statuscake` in {VENDOR}.",
        f"Imported: 1 added, 0 replaced, 0 already there; wrote {KPIS}, {VENDOR}.",
    ]
    written = (portfolio / KPIS).read_text()
    assert (
        "  - {kpi: availability, period: 2026-10, value: 99.916667, weight: 3, "
        "note: rolled up from 3 rows}\n"
    ) in written  # no `source: servicenow-task-sla`
    assert (portfolio / VENDOR).read_text() == before + (
        "    statuscake:\n"
        "      columns: {Timestamp: period}\n"
        "      kpi: availability\n"
        "      mean: Uptime\n"
    )  # none of servicenow's KPI names, source or filters
    again = kpi_import(run, portfolio, path, "--dry-run")
    assert again.lines == [
        "Using profile `statuscake` (the only one whose columns are all in the file).",
        "same: availability 2026-10 = 99.916667 (3 rows)",
        "Dry run: 0 added, 0 replaced, 1 already there; would write 0 files.",
    ]
    assert run("validate", "--root", portfolio).exit_code == 0


def test_the_only_profile_is_used_when_it_fits_and_named_with_profile_when_it_does_not(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    append(portfolio, VENDOR, SERVICENOW_PROFILE)
    records = export(
        tmp_path,
        "task_sla.csv",
        "Number,SLA definition,Stage,Has breached,Start time\n"
        "TASKSLA1,Availability SLA,Completed,false,2026-10-01 08:00:00\n"
        "TASKSLA2,Availability SLA,Completed,true,2026-10-02 09:00:00\n"
        "TASKSLA3,Availability SLA,In progress,true,2026-10-03 10:00:00\n",
    )
    fits = kpi_import(run, portfolio, records, "--dry-run")
    assert fits.lines == [
        "Using profile `servicenow` (its columns are all in the file).",
        "add: availability 2026-10 = 50 (2 rows)",
        "Dry run: 1 added, 0 replaced, 0 already there; would write 1 file.",
    ]
    statuscake = export(tmp_path, "statuscake.csv", STATUSCAKE)
    named = kpi_import(run, portfolio, statuscake, "--profile", "servicenow")
    assert named.exit_code == 1
    columns = "columns found: Test ID, Test Name, Timestamp, Uptime, Downtime (s)"
    assert named.lines == [
        f"{statuscake}:1:1: error: no column `Has breached` in the file for --share 'Has "
        f"breached=false' (saved in profile `servicenow`); {columns} [csv-column]",
        f"{statuscake}:1:1: error: no column `Stage` in the file for --where 'Stage=Completed' "
        f"(saved in profile `servicenow`); {columns} [csv-column]",
        f"{statuscake}:1:1: error: profile `servicenow` reads the `kpi` from `SLA definition`, "
        f"not in the file; {columns}; name it with --map COLUMN=kpi [csv-column]",
        f"{statuscake}:1:1: error: profile `servicenow` reads the `period` from `Start time`, "
        f"not in the file; {columns}; name it with --map COLUMN=period [csv-column]",
        f"4 problems in {statuscake}; nothing was imported.",
    ]


def test_a_named_profile_without_columns_is_used_only_when_named(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    append(
        portfolio,
        VENDOR,
        "kpi_import:\n  profiles:\n    pingdom: {kpi: availability, source: pingdom}\n",
    )
    path = export(tmp_path, "uptime.csv", "Date,Uptime\n2026-10,99.97\n")
    options = ("--kpi", "availability", "--map", "Uptime=value")
    unnamed = kpi_import(run, portfolio, path, *options)
    assert unnamed.lines == [
        f"No saved profile fits {path}, so it is read without one: profile `pingdom` names no "
        "columns: only --profile pingdom uses it.",
        "add: availability 2026-10 = 99.97",
        f"Imported: 1 added, 0 replaced, 0 already there; wrote {KPIS}.",
    ]
    assert "  - {kpi: availability, period: 2026-10, value: 99.97}\n" in (
        (portfolio / KPIS).read_text()
    )
    edit(portfolio, KPIS, "  - {kpi: availability, period: 2026-10, value: 99.97}\n", "")
    named = kpi_import(run, portfolio, path, "--profile", "pingdom", *options)
    assert named.lines == [
        "add: availability 2026-10 = 99.97",
        f"Imported: 1 added, 0 replaced, 0 already there; wrote {KPIS}.",
    ]
    assert "  - {kpi: availability, period: 2026-10, value: 99.97, source: pingdom}\n" in (
        (portfolio / KPIS).read_text()
    )


# 2. Nothing is written that would not validate.

WEIGHTED = "target: 15, floor: 60, aggregation: weighted-mean}"


@pytest.fixture
def weighted(portfolio: Path) -> Path:
    """acme's incident response combined by ticket volume, each month with its tickets."""
    edit(portfolio, VENDOR, "target: 15, floor: 60}", WEIGHTED)
    edit(portfolio, KPIS, "value: 12}", "value: 12, weight: 40}")
    edit(portfolio, KPIS, "value: 20}", "value: 20, weight: 35}")
    assert (portfolio / KPIS).read_text().count("weight:") == 2
    return portfolio


def test_rows_without_a_weight_for_a_weighted_kpi_are_refused_at_their_lines(
    run: Run, weighted: Path, tmp_path: Path
) -> None:
    before = (weighted / KPIS).read_text()
    monthly = export(
        tmp_path,
        "msp.csv",
        "Metric;Month;Value;Tickets\n"
        "Incident response;2026-10;14,5;\n"
        "Availability;2026-10;99,95;\n"
        "Incident response;2026-11;13;\n",
    )
    result = kpi_import(run, weighted, monthly)
    assert result.exit_code == 1
    assert result.lines == [
        f"{monthly}:2:1: error: KPI `response` is combined by weighted-mean, but no weight is "
        "given on 2 rows: 2, 4; map the column of each value's weight (e.g. its ticket volume) "
        "with --map COLUMN=weight [missing-weight]",
        f"1 problem in {monthly}; nothing was imported.",
    ]
    mapped = kpi_import(run, weighted, monthly, "--map", "Tickets=weight")
    assert mapped.lines == [
        f"{monthly}:2:4: error: KPI `response` is combined by weighted-mean, but no weight is "
        "given on 2 rows: 2, 4; fill in its `Tickets` cell [missing-weight]",
        f"1 problem in {monthly}; nothing was imported.",
    ]
    assert (weighted / KPIS).read_text() == before
    assert run("validate", "--root", weighted).exit_code == 0
    # A value replaced without a weight keeps the one written: the rule holds, it is imported.
    fix = export(tmp_path, "fix.csv", "kpi,period,value\nresponse,2026-09,18\n")
    replaced = kpi_import(run, weighted, fix, "--replace")
    assert replaced.exit_code == 0, replaced.stdout
    assert "  - {kpi: response, period: 2026-09, value: 18, weight: 35}\n" in (
        (weighted / KPIS).read_text()
    )
    assert run("validate", "--root", weighted).exit_code == 0


def test_a_weight_over_the_cap_is_a_row_error(run: Run, weighted: Path, tmp_path: Path) -> None:
    path = export(tmp_path, "big.csv", "kpi,period,value,volume\nresponse,2026-10,14,1e13\n")
    result = kpi_import(run, weighted, path)
    assert result.lines == [
        f"{path}:2:4: error: a weight is 0 to 1,000,000,000,000, not 1e13 [csv-value]",
        f"1 problem in {path}; nothing was imported.",
    ]


def test_an_import_that_would_break_a_recorded_claim_writes_nothing(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    # claims.yaml records a credit received for 2026-09, earned by the 99.5% availability and
    # the 20 minutes' response. A corrected export meets both SLAs there: validate would then
    # say the claim's window earned nothing.
    before = (portfolio / KPIS).read_text()
    path = export(
        tmp_path,
        "corrected.csv",
        "kpi,period,value\navailability,2026-09,99.95\nresponse,2026-09,10\n",
    )
    result = kpi_import(run, portfolio, path, "--replace")
    assert result.exit_code == 1
    assert result.lines == [
        "vendors/acme/claims.yaml:3:13: error: contract `acme-msa` earned no service credit for "
        "2026-09 (its SLAs were met there, or have no data for it); it earned no credit in any "
        "window (once the import is written) [claim-window]",
        f"1 problem in {path}; nothing was imported.",
    ]
    assert (portfolio / KPIS).read_text() == before
    # What validate says of the same data once written by hand is the same finding.
    edit(portfolio, KPIS, "value: 99.5}", "value: 99.95}")
    edit(portfolio, KPIS, "value: 20}", "value: 10}")
    validated = run("validate", "--root", portfolio)
    assert validated.lines[0] == (
        "vendors/acme/claims.yaml:3:13: error: contract `acme-msa` earned no service credit for "
        "2026-09 (its SLAs were met there, or have no data for it); it earned no credit in any "
        "window [claim-window]"
    )


def test_what_a_check_finds_in_the_merged_files_is_placed_where_it_can_be_fixed(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any registered check judges the merged files. A stand-in that flags each availability of
    # a file in which one month is below 99 shows where its findings go: an imported row's at
    # its CSV line and column, an untouched measurement's where it is written now.
    def low(found: Portfolio) -> Iterator[Diagnostic]:
        for files in found.vendors.values():
            for record in files.measurements:
                values = [m.value for m in record.model.measurements if m.kpi == "availability"]
                if min(values, default=100) >= 99:
                    continue
                for index, m in enumerate(record.model.measurements):
                    if m.kpi == "availability":
                        loc = ("measurements", index, "value")
                        yield record.doc.diagnostic(loc, "low", f"{m.period} is in a low file")

    monkeypatch.setitem(CHECKS, "low", low)
    path = export(
        tmp_path, "uptime.csv", "Metric,Month,Value\nresponse,2026-10,9\navailability,2026-10,98\n"
    )
    result = kpi_import(run, portfolio, path)
    assert result.lines == [
        f"{path}:3:3: error: 2026-10 is in a low file [low]",
        f"{KPIS}:2:49: error: 2026-08 is in a low file (once the import is written) [low]",
        f"{KPIS}:3:49: error: 2026-09 is in a low file (once the import is written) [low]",
        f"3 problems in {path}; nothing was imported.",
    ]


# 3. Timestamps whose day in the portfolio's time zone is outside the calendar.


@pytest.mark.parametrize("cell", ["9999-12-31T23:30:00-02:00", "0001-01-01T00:30:00+02:00"])
@pytest.mark.parametrize("period_format", [None, "%Y-%m-%dT%H:%M:%S%z"])
def test_a_moment_at_the_edge_of_the_calendar_is_a_located_error(
    run: Run, portfolio: Path, tmp_path: Path, cell: str, period_format: str | None
) -> None:
    path = export(
        tmp_path,
        "checks.csv",
        f"timestamp,monitor,status\n2026-10-01T00:00:00Z,web,up\n{cell},web,up\n",
    )
    extra = ["--period-format", period_format] if period_format else []
    result = kpi_import(
        run, portfolio, path, "--kpi", "availability", "--share", "status=up", *extra
    )
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.lines == [
        f"{path}:3:1: error: '{cell}' is outside the years 1900 to 2999 [csv-period]",
        f"1 problem in {path}; nothing was imported.",
    ]


# 4. --replace with a rollup keeps what a person wrote.


def test_a_rollup_replacing_a_value_keeps_a_human_note_and_renews_its_own(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    edit(
        portfolio,
        KPIS,
        "period: 2026-08, value: 12}",
        "period: 2026-08, value: 12, weight: 40, note: Outage on 12 Aug excluded by agreement}",
    )
    edit(
        portfolio,
        KPIS,
        "period: 2026-09, value: 20}",
        "period: 2026-09, value: 20, weight: 40, note: rolled up from 40 rows}",
    )
    path = export(
        tmp_path,
        "incidents.csv",
        "Number,Opened,Response (min)\n"
        "INC1,2026-08-03 09:12:00,10\nINC2,2026-08-19 14:40:00,20\n"
        "INC3,2026-09-02 08:05:00,5\n",
    )
    result = kpi_import(
        run, portfolio, path, "--kpi", "response", "--mean", "Response (min)",
        "--map", "Opened=period", "--replace",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    assert result.lines[:2] == [
        "replace: response 2026-08 = 15 (was 12; 2 rows)",
        "replace: response 2026-09 = 5 (was 20; 1 row)",
    ]
    written = (portfolio / KPIS).read_text()
    assert (
        "  - {kpi: response, period: 2026-08, value: 15, weight: 2, "
        "note: Outage on 12 Aug excluded by agreement}\n"
    ) in written
    assert (
        "  - {kpi: response, period: 2026-09, value: 5, weight: 1, note: rolled up from 1 row}\n"
    ) in written


# 5. A --share or --where value that no row holds.

TASK_SLA = (
    "Number,SLA definition,Stage,Has breached,Start time\n"
    "TASKSLA1,P2 resolution,Completed,false,2026-10-01 08:00:00\n"
    "TASKSLA2,P2 resolution,Completed,TRUE,2026-10-02 09:00:00\n"
    "TASKSLA3,P2 resolution,In progress,false,2026-10-03 10:00:00\n"
    "TASKSLA4,P2 resolution,,false,2026-10-04 11:00:00\n"
)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--share", "Has breached=no"],
            "1:4: error: no row has `no` in `Has breached` (--share 'Has breached=no'); the "
            "column holds `false`, `TRUE` [csv-value]",
        ),
        (
            ["--share", "Has breached=false", "--where", "Stage=Nope"],
            "1:3: error: no row has `Nope` in `Stage` (--where 'Stage=Nope'); the column holds "
            "`Completed`, `In progress`, empty cells [csv-value]",
        ),
    ],
)
def test_a_filter_value_no_row_holds_is_an_error_naming_the_values_found(
    run: Run, portfolio: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    path = export(tmp_path, "task_sla.csv", TASK_SLA)
    result = kpi_import(run, portfolio, path, "--kpi", "availability", *options)
    assert result.exit_code == 1
    assert result.lines == [f"{path}:{message}", f"1 problem in {path}; nothing was imported."]


def test_the_values_listed_are_capped(run: Run, portfolio: Path, tmp_path: Path) -> None:
    rows = "".join(f"2026-10-{day:02d},team-{day:02d}\n" for day in range(1, 16))
    path = export(tmp_path, "tickets.csv", "Opened,Group\n" + rows)
    result = kpi_import(
        run, portfolio, path, "--kpi", "response", "--count", "--where", "Group=team-99",
        "--map", "Opened=period",
    )  # fmt: skip
    listed = ", ".join(f"`team-{day:02d}`" for day in range(1, 11))
    assert result.lines[0] == (
        f"{path}:1:2: error: no row has `team-99` in `Group` (--where 'Group=team-99'); the "
        f"column holds {listed} and 5 more [csv-value]"
    )


def test_a_share_of_the_value_opposite_to_every_row_is_zero_not_an_error(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    # Every SLA met: `Has breached` holds only false, and the share breached is 0%.
    path = export(tmp_path, "task_sla.csv", TASK_SLA.replace("TRUE", "false"))
    result = kpi_import(
        run, portfolio, path, "--kpi", "availability", "--share", "Has breached=true", "--dry-run"
    )
    assert result.lines[0] == "add: availability 2026-10 = 0 (4 rows)"


def test_a_where_value_saved_in_a_profile_that_no_row_holds(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    append(portfolio, VENDOR, SERVICENOW_PROFILE)
    path = export(tmp_path, "task_sla.csv", TASK_SLA.replace("P2 resolution", "Availability SLA"))
    result = kpi_import(run, portfolio, path, "--where", "Stage=Closed")
    assert result.lines[1] == (
        f"{path}:1:3: error: no row has `Closed` in `Stage` (--where 'Stage=Closed'); the column "
        "holds `Completed`, `In progress`, empty cells [csv-value]"
    )


# 6. Weights: capped in the schema, and reports never divide a large total.


def test_a_weight_over_the_cap_fails_validate_not_the_scorecard(run: Run, weighted: Path) -> None:
    edit(weighted, KPIS, "weight: 40}", "weight: 1e28}")
    result = run("validate", "--root", weighted)
    assert result.exit_code == 1
    assert result.lines[0] == (
        f"{KPIS}:4:57: error: `measurements[2].weight`: input should be less than or equal to "
        "1000000000000, got 1e+28 [out-of-range]"
    )


@pytest.mark.parametrize(
    ("weights", "shown", "json_total"),
    [
        (("1000000000000", "1000000000000"), "2,000,000,000,000", 2000000000000),
        (("999999999999.5", "1000000000000"), "1999999999999.5", 1999999999999.5),
    ],
)
def test_a_scorecard_with_weights_at_the_cap(
    run: Run, weighted: Path, weights: tuple[str, str], shown: str, json_total: object
) -> None:
    edit(weighted, KPIS, "weight: 40}", f"weight: {weights[0]}}}")
    edit(weighted, KPIS, "weight: 35}", f"weight: {weights[1]}}}")
    assert run("validate", "--root", weighted).exit_code == 0
    options = ("acme", "--period", "2026-Q3", "--as-of", AS_OF, "--root", weighted)
    card = run("scorecard", *options, "--explain")
    assert card.exit_code == 0, card.stdout + card.stderr
    assert f"Incident response, weighted mean of 2 measurements (total weight {shown})." in (
        card.stdout
    )
    assert f"| weighted-mean (total weight {shown}) |" in card.stdout
    data = json.loads(run("scorecard", *options, "--format", "json").stdout)
    (row,) = [kpi for kpi in data["kpis"] if kpi["id"] == "response"]
    assert row["weight_total"] == json_total


# 7. A decimal comma in a flow mapping.


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "{kpi: availability, period: 2026-10, value: 99,95}",
            "6:52: error: key 95: inside {...} a comma ends a value, so `value` is only 99 and "
            "95 became a key; write the decimal with a point: value: 99.95 [invalid-key]",
        ),
        (
            "{kpi: response, period: 2026-10, value: 1,234}",
            "6:47: error: key 234: inside {...} a comma ends a value, so `value` is only 1 and "
            "234 became a key; write the decimal with a point: value: 1.234 (or value: 1234, if "
            "the comma separates thousands) [invalid-key]",
        ),
        (
            "{kpi: response, period: 2026-10, value: 12, note: Release 2,5}",
            "6:65: error: unknown key `5`: inside {...} a comma ends a value, so `note` is only "
            '"Release 2"; quote the whole value: note: "Release 2,5" [invalid-key]',
        ),
    ],
)
def test_a_comma_in_a_flow_mapping_says_how_to_write_the_value(
    run: Run, portfolio: Path, written: str, message: str
) -> None:
    append(portfolio, KPIS, f"  - {written}\n")
    result = run("validate", "--root", portfolio)
    assert result.lines[0] == f"{KPIS}:{message}"


# 8. Per-record exports are read without strptime on every row.


def test_iso_and_dotted_days_are_read_without_strptime(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(
        f"INC{i},2026-10-{1 + i % 28:02d}T08:{i % 60:02d}:00Z,{i % 30}\n" for i in range(200)
    )
    dotted = "".join(f"INC{i},{1 + i % 28:02d}.11.2026 08:00,{i % 30}\n" for i in range(200))
    path = export(tmp_path, "incidents.csv", "Number,Opened,Minutes\n" + rows + dotted)
    calls: list[tuple[str, str]] = []
    real = _strptime._strptime

    def counted(text: str, layout: str = "%a %b %d %H:%M:%S %Y") -> Any:
        calls.append((text, layout))
        return real(text, layout)

    monkeypatch.setattr(_strptime, "_strptime", counted)
    result = kpi_import(
        run, portfolio, path, "--kpi", "response", "--mean", "Minutes",
        "--map", "Opened=period", "--dry-run",
    )  # fmt: skip
    assert result.lines[:2] == [
        "add: response 2026-10 = 14 (200 rows)",  # 0 to 29 six times, then 0 to 19
        "add: response 2026-11 = 14 (200 rows)",
    ]
    assert calls == []


# 9. validate checks the saved profiles.


def test_validate_checks_saved_profiles(run: Run, portfolio: Path) -> None:
    append(
        portfolio,
        VENDOR,
        "kpi_import:\n"
        "  kpi: nope\n"
        "  profiles:\n"
        "    msp:\n"
        "      kpis: {P9: also-nope, Uptime: availabilty}\n"
        "      columns: {Y: period, Z: period, W: value}\n",
    )
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert result.lines == [
        f"{VENDOR}:43:8: error: the mapping saved under kpi_import reads every row as KPI "
        "`nope`, which this vendor does not define; its KPIs: availability, response "
        "[unknown-kpi]",
        f"{VENDOR}:46:18: error: profile `msp` maps `P9` to KPI `also-nope`, which this vendor "
        "does not define; its KPIs: availability, response [unknown-kpi]",
        f"{VENDOR}:46:37: error: profile `msp` maps `Uptime` to KPI `availabilty`, which this "
        "vendor does not define; did you mean `availability`? [unknown-kpi]",
        f"{VENDOR}:47:28: error: profile `msp` reads the `period` from `Y` and from `Z`: map one "
        "column to each field [invalid-value]",
        "Checked 10 files: 4 errors, 0 warnings.",
    ]


# 10. An unknown vendor: the closest one suggested.


def test_an_unknown_vendor_suggests_the_closest(run: Run, portfolio: Path, tmp_path: Path) -> None:
    path = export(tmp_path, "export.csv", "kpi,period,value\nresponse,2026-10,4\n")
    result = run("kpi", "import", path, "--vendor", "acm", "--root", portfolio)
    assert (result.exit_code, result.stderr) == (
        2,
        "vendorctl: error: no vendor 'acm' in this portfolio; did you mean acme?\n",
    )


# 11. A time zone only the machine knows.


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        (
            "localtime",
            "'localtime' is this machine's own time zone, not an IANA name: results would "
            "depend on the machine they are computed on; give an IANA name such as "
            "Europe/Berlin or UTC",
        ),
        (
            "right/Europe/Berlin",
            "'right/Europe/Berlin' names a copy of the time zone database some machines have, "
            "not an IANA name: give 'Europe/Berlin' itself",
        ),
        (
            "Europe/Berln",
            "unknown time zone 'Europe/Berln': give an IANA name such as Europe/Berlin or UTC; "
            "did you mean `Europe/Berlin`?",
        ),
    ],
)
def test_a_time_zone_name_only_a_machine_knows_is_refused(
    run: Run, portfolio: Path, zone: str, message: str
) -> None:
    append(portfolio, "vendorctl.yaml", f"timezone: {zone}\n")
    result = run("validate", "--root", portfolio)
    assert result.lines[0] == f"vendorctl.yaml:4:11: error: `timezone`: {message} [invalid-value]"
