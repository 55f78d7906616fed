"""kpi import from the exports people really have (issue 22): a ServiceNow task_sla export rolled
up into percent met per month, a monitoring export with ISO 8601 timestamps, an MSP's Excel
export, several profiles on one vendor, grouped messages, and imports scoped to their vendor."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from tests.conftest import Run

VENDOR = "vendors/acme/vendor.yaml"
KPIS = "vendors/acme/kpis/2026.yaml"
RESOLUTION_KPIS = (
    '  - {id: p1-resolution, name: P1 resolved in time, unit: "%", target: 95, floor: 80}\n'
    '  - {id: p2-resolution, name: P2 resolved in time, unit: "%", target: 90, floor: 70}\n'
)
MAP_SLAS = ("--kpi-map", "P1 resolution=p1-resolution", "--kpi-map", "P2 resolution=p2-resolution")


def add_kpis(portfolio: Path, lines: str = RESOLUTION_KPIS) -> None:
    """The KPIs of `lines` after acme's last one."""
    vendor = portfolio / VENDOR
    last = "target: 15, floor: 60}\n"
    vendor.write_text(vendor.read_text().replace(last, last + lines))


def export(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def percent(met: int, total: int) -> str:
    """met/total as a percent, as a hand would write it to six decimals (half-up), no zeros."""
    exact = Fraction(100 * met, total)
    value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.000001"), rounding=ROUND_HALF_UP
    )
    return format(value.normalize(), "f")


def servicenow(tmp_path: Path) -> tuple[Path, dict[tuple[str, int], tuple[int, int]]]:
    """A task_sla export of 360 SLA records over July to September 2026, one row each, and for
    each KPI and month (met, total) of the completed ones, counted here by hand."""
    lines = ["Number,Task,SLA definition,Stage,Has breached,Business elapsed percentage,Start time"]
    counts: dict[tuple[str, int], tuple[int, int]] = {}
    for i, (month, sla, stage, breached) in enumerate(records()):
        elapsed = f"{(i * 37) % 150 + 0.25:.2f}"
        start = f"2026-{month:02d}-{1 + i % 28:02d} {i % 24:02d}:{i * 7 % 60:02d}:00"
        lines.append(
            f"TASKSLA{10000 + i},INC{20000 + i},{sla},{stage},{str(breached).lower()},"
            f"{elapsed},{start}"
        )
        if stage == "Completed":
            key = ("p1-resolution" if sla.startswith("P1") else "p2-resolution", month)
            met, total = counts.get(key, (0, 0))
            counts[key] = (met + (not breached), total + 1)
    return export(tmp_path, "task_sla.csv", "\r\n".join(lines) + "\r\n"), counts


def records() -> list[tuple[int, str, str, bool]]:
    """Month, SLA definition, stage and whether it breached, of each SLA record."""
    return [
        (
            7 + i % 3,
            "P1 resolution" if i % 5 == 0 else "P2 resolution",
            "In progress" if i % 11 == 0 else "Cancelled" if i % 13 == 0 else "Completed",
            i % 7 == 0 or (i % 5 == 0 and i % 3 == 0),
        )
        for i in range(360)
    ]


def test_a_servicenow_task_sla_export_becomes_percent_met_per_month(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(portfolio)
    path, counts = servicenow(tmp_path)
    options = ("--share", "Has breached=false", "--where", "Stage=Completed", *MAP_SLAS)
    dry = run("kpi", "import", path, "--vendor", "acme", *options, "--dry-run", "--root", portfolio)
    assert dry.exit_code == 0, dry.stdout
    expected = [
        f"add: {kpi} 2026-{month:02d} = {percent(*counts[kpi, month])} "
        f"({counts[kpi, month][1]} rows)"
        for kpi in ("p1-resolution", "p2-resolution")
        for month in (7, 8, 9)
    ]
    assert dry.lines == [
        *expected,
        "Dry run: 6 added, 0 replaced, 0 already there; would write 1 file.",
    ]
    assert "p1-resolution" not in (portfolio / KPIS).read_text()

    done = run(
        "kpi",
        "import",
        path,
        "--vendor",
        "acme",
        *options,
        "--source",
        "servicenow",
        "--root",
        portfolio,
    )
    assert done.exit_code == 0, done.stdout
    met, total = counts["p2-resolution", 7]
    assert (
        f"  - {{kpi: p2-resolution, period: 2026-07, value: {percent(met, total)}, weight: {total}, "
        f"source: servicenow, note: rolled up from {total} rows}}\n"
    ) in (portfolio / KPIS).read_text()
    assert run("validate", "--root", portfolio).exit_code == 0


def test_a_weighted_quarter_of_rolled_up_months_is_met_over_total(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(
        portfolio,
        '  - {id: p2-resolution, name: P2 resolved in time, unit: "%", target: 90, floor: 70,\n'
        "     aggregation: weighted-mean}\n",
    )
    path, counts = servicenow(tmp_path)
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--share", "Has breached=false",
        "--where", "Stage=Completed", "--where", "SLA definition=P2 resolution",
        "--kpi", "p2-resolution", "--root", portfolio,
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    card = run(
        "scorecard", "acme", "--period", "2026-Q3", "--format", "json",
        "--as-of", "2026-10-31", "--root", portfolio,
    )  # fmt: skip
    assert card.exit_code == 0, card.stderr
    (row,) = [k for k in json.loads(card.stdout)["kpis"] if k["id"] == "p2-resolution"]
    met = sum(counts["p2-resolution", m][0] for m in (7, 8, 9))
    total = sum(counts["p2-resolution", m][1] for m in (7, 8, 9))
    by_hand = Fraction(100 * met, total)
    cents = Decimal("0.01")
    assert Decimal(str(row["value"])).quantize(cents, ROUND_HALF_UP) == (
        Decimal(by_hand.numerator) / Decimal(by_hand.denominator)
    ).quantize(cents, ROUND_HALF_UP)
    assert row["weight_total"] == total


def test_the_same_problem_on_many_rows_is_one_line(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(portfolio)
    path, _ = servicenow(tmp_path)
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--share", "Has breached=false",
        "--where", "Stage=Completed", "--root", portfolio,
    )  # fmt: skip
    assert result.exit_code == 1
    completed = [
        (line, sla) for line, (_, sla, stage, _) in enumerate(records(), 2) if stage == "Completed"
    ]
    p1 = [str(line) for line, sla in completed if sla == "P1 resolution"]
    p2 = [str(line) for line, sla in completed if sla == "P2 resolution"]
    assert result.lines == [
        f"{path}:{p2[0]}:3: error: no KPI `P2 resolution` for this vendor on {len(p2)} rows: "
        f"{', '.join(p2[:8])}, ...; did you mean `p2-resolution`? (--kpi-map 'P2 resolution="
        "p2-resolution' maps it) [unknown-kpi]",
        f"{path}:{p1[0]}:3: error: no KPI `P1 resolution` for this vendor on {len(p1)} rows: "
        f"{', '.join(p1[:8])}, ...; did you mean `p1-resolution`? (--kpi-map 'P1 resolution="
        "p1-resolution' maps it) [unknown-kpi]",
        f"2 problems in {path}; nothing was imported.",
    ]


def test_count_mean_and_sum_of_a_column(run: Run, portfolio: Path, tmp_path: Path) -> None:
    add_kpis(
        portfolio,
        "  - {id: tickets, name: Tickets, target: 100, direction: lower}\n"
        "  - {id: elapsed, name: Elapsed, unit: '%', target: 80, direction: lower}\n"
        "  - {id: hours, name: Hours, target: 10}\n",
    )
    path = export(
        tmp_path,
        "records.csv",
        "Opened;Elapsed;Hours\n"
        "2026-07-01;10,5;1,25\n2026-07-31;20;2\n2026-08-15;99,99;0,5\n2026-07-15;0;1\n",
    )
    common = ("--map", "Opened=period", "--dry-run", "--root", portfolio)
    results = {
        option[0]: run("kpi", "import", path, "--vendor", "acme", *option, *common).lines[0]
        for option in (
            ("--count", "--kpi", "tickets"),
            ("--mean", "Elapsed", "--kpi", "elapsed"),
            ("--sum", "Hours", "--kpi", "hours"),
        )
    }
    assert results == {
        "--count": "add: tickets 2026-07 = 3 (3 rows)",
        "--mean": "add: elapsed 2026-07 = 10.166667 (3 rows)",  # 30.5 / 3
        "--sum": "add: hours 2026-07 = 4.25 (3 rows)",
    }


def test_a_row_without_a_number_to_roll_up_is_refused(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(
        portfolio, "  - {id: elapsed, name: Elapsed, unit: '%', target: 80, direction: lower}\n"
    )
    path = export(tmp_path, "records.csv", "Opened,Elapsed\n2026-07-01,10\n2026-07-02,\n")
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--mean", "elapsed", "--kpi", "elapsed",
        "--map", "Opened=period", "--root", portfolio,
    )  # fmt: skip
    assert result.lines == [
        f"{path}:3:2: error: no `Elapsed` in this row [csv-value]",
        f"1 problem in {path}; nothing was imported.",
    ]


def test_timestamps_of_a_quarterly_kpi_roll_up_into_fiscal_quarters(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    settings = portfolio / "vendorctl.yaml"
    settings.write_text(settings.read_text() + "fiscal_year_start: 4\n")
    add_kpis(portfolio, "  - {id: changes, name: Changes, target: 10, frequency: quarterly}\n")
    path = export(
        tmp_path,
        "changes.csv",
        "Opened,Change\n2026-04-01T08:00:00Z,CHG1\n2026-06-30T21:00:00Z,CHG2\n"
        "2026-07-01T00:00:00+02:00,CHG3\n",
    )
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--count", "--kpi", "changes",
        "--map", "Opened=period", "--dry-run", "--root", portfolio,
    )  # fmt: skip
    assert result.lines == [
        "add: changes FY2027-Q1 = 3 (3 rows)",  # 2026-07-01T00:00+02:00 is 30 June in UTC
        "Dry run: 1 added, 0 replaced, 0 already there; would write 1 file.",
    ]


MONITORING = (
    "timestamp,monitor,status,response_ms\n"
    "2026-06-30T23:30:00-02:00,web,up,120\n"  # 1 July, 01:30 UTC
    "2026-07-01T00:10:00Z,web,down,0\n"
    "2026-07-02T10:00:00+02:00,web,up,99.5\n"
    "2026-07-02 10:05:00,web,up,101\n"  # no offset: as written, in the portfolio's time zone
)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (None, ["add: availability 2026-07 = 75 (4 rows)"]),
        (
            "America/Sao_Paulo",  # UTC-3: the first two checks were still in June there
            ["add: availability 2026-06 = 50 (2 rows)", "add: availability 2026-07 = 100 (2 rows)"],
        ),
    ],
)
def test_a_monitoring_export_with_iso_timestamps(
    run: Run, portfolio: Path, tmp_path: Path, zone: str | None, expected: list[str]
) -> None:
    if zone is not None:
        settings = portfolio / "vendorctl.yaml"
        settings.write_text(settings.read_text() + f"timezone: {zone}\n")
    path = export(tmp_path, "checks.csv", MONITORING)
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--kpi", "availability",
        "--share", "status=UP", "--dry-run", "--root", portfolio,
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    assert result.lines[:-1] == expected


def test_an_unknown_time_zone_is_a_settings_error(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    settings = portfolio / "vendorctl.yaml"
    settings.write_text(settings.read_text() + "timezone: Europe/Berln\n")
    result = run("validate", "--root", portfolio)
    assert result.exit_code == 1
    assert (
        "vendorctl.yaml:4:11: error: `timezone`: unknown time zone 'Europe/Berln': give an IANA "
        "name such as Europe/Berlin or UTC; did you mean `Europe/Berlin`? [invalid-value]"
    ) in result.lines


@pytest.mark.parametrize(
    ("cell", "option", "expected"),
    [
        ("2026-10-01T00:00:00Z", None, "add: availability 2026-10 = 99.9"),
        ("2026-10-31T23:30:00-01:00", None, "add: availability 2026-11 = 99.9"),
        ("2026-10-31T23:30:00.123456789+0000", None, "add: availability 2026-10 = 99.9"),
        ("2026-10-31 23:30", None, "add: availability 2026-10 = 99.9"),
        ("31.10.2026 23:30:00", None, "add: availability 2026-10 = 99.9"),
        ("10/31/2026 11:30 PM", None, "add: availability 2026-10 = 99.9"),
        ("10/01/2026 11:30 PM", None, "could be day/month or month/day"),
        ("10/01/2026 11:30 PM", "%m/%d/%Y %I:%M %p", "add: availability 2026-10 = 99.9"),
        ("2026-10-31 23:30 -0100", "%Y-%m-%d %H:%M %z", "add: availability 2026-11 = 99.9"),
        ("2026-10-01T25:00:00Z", None, "'2026-10-01T25:00:00Z' is not a time of day"),
        ("10/31/2026 13:30 PM", None, "13 is not an hour of a 12-hour clock"),
    ],
)
def test_dates_and_times_are_read_without_a_period_format(
    run: Run, portfolio: Path, tmp_path: Path, cell: str, option: str | None, expected: str
) -> None:
    path = export(tmp_path, "uptime.csv", f"date,uptime\n{cell},99.9\n")
    extra = ["--period-format", option] if option else []
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--kpi", "availability", *extra,
        "--map", "uptime=value", "--dry-run", "--root", portfolio,
    )  # fmt: skip
    assert expected in result.stdout, result.stdout


PROFILES = """\
kpi_import:
  profiles:
    # The SLA records, one row each, from ServiceNow.
    servicenow:
      columns: {SLA definition: kpi, Start time: period}
      kpis: {P1 resolution: p1-resolution, P2 resolution: p2-resolution}
      share: Has breached=false
      where: [Stage=Completed]
      source: servicenow-task-sla
    # The MSP's monthly Excel report.
    msp-monthly:
      columns: {Kennzahl: kpi, Monat: period, Wert: value, Tickets: weight}
      kpis: {"Reaktionszeit (Min.)": response, Verfügbarkeit: availability}
      source: msp-report
"""
MSP = (
    "Kennzahl;Monat;Wert;Tickets;Bemerkung\r\n"
    "Verfügbarkeit;01.10.2026;99,95;;\r\n"
    "Reaktionszeit (Min.);01.10.2026;14,5;1.234;Störung \u2013 Netz\r\n"
)


def test_two_profiles_on_one_vendor_each_chosen_by_the_file_it_fits(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(portfolio)
    vendor = portfolio / VENDOR
    vendor.write_text(vendor.read_text() + PROFILES)
    sla, counts = servicenow(tmp_path)
    msp = export(tmp_path, "msp.csv", MSP, encoding="cp1252")
    first = run("kpi", "import", sla, "--vendor", "acme", "--root", portfolio)
    assert first.exit_code == 0, first.stdout
    assert first.lines[0] == (
        "Using profile `servicenow` (the only one whose columns are all in the file)."
    )
    second = run("kpi", "import", msp, "--vendor", "acme", "--root", portfolio)
    assert second.exit_code == 0, second.stdout
    assert second.lines == [
        "Using profile `msp-monthly` (the only one whose columns are all in the file).",
        "add: availability 2026-10 = 99.95",
        "add: response 2026-10 = 14.5 (weight 1234)",
        f"Imported: 2 added, 0 replaced, 0 already there; wrote {KPIS}.",
    ]
    written = (portfolio / KPIS).read_text()
    assert "  - {kpi: availability, period: 2026-10, value: 99.95, source: msp-report}\n" in written
    assert (
        "  - {kpi: response, period: 2026-10, value: 14.5, weight: 1234, source: msp-report}\n"
        in written
    )
    met, total = counts["p1-resolution", 8]
    assert (
        f"  - {{kpi: p1-resolution, period: 2026-08, value: {percent(met, total)}, "
        f"weight: {total}, source: servicenow-task-sla, note: rolled up from {total} rows}}\n"
    ) in written
    assert run("validate", "--root", portfolio).exit_code == 0


def test_profiles_by_name_source_override_and_no_fit(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(portfolio)
    vendor = portfolio / VENDOR
    vendor.write_text(vendor.read_text() + PROFILES)
    msp = export(tmp_path, "msp.csv", MSP, encoding="cp1252")
    named = run(
        "kpi", "import", msp, "--vendor", "acme", "--profile", "msp-monthly",
        "--source", "msp-portal", "--root", portfolio,
    )  # fmt: skip
    assert named.exit_code == 0, named.stdout
    assert named.lines[0] == "add: availability 2026-10 = 99.95"  # named: nothing to say
    assert "value: 14.5, weight: 1234, source: msp-portal}" in (portfolio / KPIS).read_text()
    unknown = run("kpi", "import", msp, "--vendor", "acme", "--profile", "msp", "--root", portfolio)
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "vendorctl: error: --profile msp: no such profile; profiles: msp-monthly, servicenow\n"
    )
    wrong = run(
        "kpi", "import", msp, "--vendor", "acme", "--profile", "servicenow", "--root", portfolio
    )
    assert wrong.exit_code == 1
    assert wrong.lines[0] == (
        f"{msp}:1:1: error: no column `Has breached` in the file for --share 'Has breached=false' "
        "(saved in profile `servicenow`); columns found: Kennzahl, Monat, Wert, Tickets, "
        "Bemerkung [csv-column]"
    )
    plain = export(tmp_path, "plain.csv", "metric,month\nresponse,2026-10\n")
    none = run("kpi", "import", plain, "--vendor", "acme", "--root", portfolio)
    assert none.lines == [
        f"No saved profile fits {plain}, so it is read without one: profile `servicenow` lacks "
        "`SLA definition`, `Start time`, `Has breached`, `Stage`; profile `msp-monthly` lacks "
        "`Kennzahl`, `Monat`, `Wert`, `Tickets`.",
        f"{plain}:1:1: error: no column holds the `value`; columns found: metric, month; name it "
        "with --map COLUMN=value [csv-column]",
        f"1 problem in {plain}; nothing was imported.",
    ]


def test_two_profiles_that_fit_one_file_need_a_name(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    vendor = portfolio / VENDOR
    vendor.write_text(
        vendor.read_text() + "kpi_import:\n  profiles:\n"
        "    a: {columns: {Metric: kpi}}\n    b: {columns: {Month: period}}\n"
    )
    path = export(tmp_path, "both.csv", "Metric,Month,Value\nresponse,2026-10,4\n")
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert (result.exit_code, result.stderr) == (
        2,
        f"vendorctl: error: profile `a` and profile `b` both fit the header of {path}; "
        "choose one with --profile NAME\n",
    )
    assert (
        run(
            "kpi", "import", path, "--vendor", "acme", "--profile", "b", "--root", portfolio
        ).exit_code
        == 0
    )


def test_a_saved_profile_misses_a_column_by_a_typo(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    vendor = portfolio / VENDOR
    text = vendor.read_text()
    vendor.write_text(
        text + "kpi_import:\n  columns: {Metric: kpi, Strat time: period}\n  source: tool\n"
    )
    path = export(tmp_path, "typo.csv", "Metric,Start time,Value\nresponse,2026-10-01T08:00Z,4\n")
    # A mapping that does not fit is not used (nor its source): the file is read by its names.
    unfit = run("kpi", "import", path, "--vendor", "acme", "--dry-run", "--root", portfolio)
    assert unfit.lines == [
        f"No saved profile fits {path}, so it is read without one: the mapping saved under "
        "kpi_import lacks `Strat time` (did you mean `Start time`?).",
        "add: response 2026-10 = 4",
        "Dry run: 1 added, 0 replaced, 0 already there; would write 1 file.",
    ]
    # Named with --profile, it is used all the same, and the column it misses is an error.
    vendor.write_text(
        text + "kpi_import:\n  profiles:\n    tool: {columns: {Metric: kpi, Strat time: period}}\n"
    )
    named = run("kpi", "import", path, "--vendor", "acme", "--profile", "tool", "--root", portfolio)
    assert named.lines == [
        f"{path}:1:1: error: profile `tool` reads the `period` from `Strat time`, not in the "
        "file: did you mean `Start time`?; columns found: Metric, Start time, Value; name it "
        "with --map COLUMN=period [csv-column]",
        f"1 problem in {path}; nothing was imported.",
    ]


VENDOR_TAIL = """\
onboarding:
  - {task: Sign the data processing agreement, role: commercial, done: true}
"""


def test_save_profile_adds_it_to_vendor_yaml_as_text(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    add_kpis(portfolio)
    vendor = portfolio / VENDOR
    before = vendor.read_text() + (
        "kpi_import:   # the monitoring export\n"
        "  kpis: {Uptime: availability}\n"
        "  # source comes from the tool\n"
        "commentary: []  # none yet\n"
    )
    vendor.write_text(before)
    path, _ = servicenow(tmp_path)
    options = ("--share", "Has breached=false", "--where", "Stage=Completed", *MAP_SLAS)
    saving = run(
        "kpi", "import", path, "--vendor", "acme", *options, "--source", "servicenow",
        "--save-profile", "servicenow", "--root", portfolio,
    )  # fmt: skip
    assert saving.exit_code == 0, saving.stdout
    assert saving.lines[-2:] == [
        f"Saved profile `servicenow` in {VENDOR}.",
        f"Imported: 6 added, 0 replaced, 0 already there; wrote {KPIS}, {VENDOR}.",
    ]
    assert vendor.read_text() == before.replace(
        "  # source comes from the tool\n",
        "  # source comes from the tool\n"
        "  profiles:\n"
        "    servicenow:\n"
        "      columns: {SLA definition: kpi, Start time: period}\n"
        "      kpis: {Uptime: availability, P1 resolution: p1-resolution, P2 resolution: "
        "p2-resolution}\n"
        "      source: servicenow\n"
        "      share: Has breached=false\n"
        "      where: [Stage=Completed]\n",
    )
    again = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert again.lines == [
        "Using profile `servicenow` (the only one whose columns are all in the file).",
        "Imported: 0 added, 0 replaced, 6 already there; wrote no file.",
    ]
    resaved = run(
        "kpi", "import", path, "--vendor", "acme", "--save-profile", "servicenow",
        "--dry-run", "--root", portfolio,
    )  # fmt: skip
    assert sum(line.startswith("same: p2-resolution 2026-") for line in resaved.lines) == 3
    assert resaved.lines[-2:] == [
        f"Would save profile `servicenow` in {VENDOR} (as it was).",
        "Dry run: 0 added, 0 replaced, 6 already there; would write 0 files.",
    ]
    assert run("validate", "--root", portfolio).exit_code == 0


def test_a_flow_mapping_gets_the_profile_to_add_by_hand(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    vendor = portfolio / VENDOR
    before = vendor.read_text() + "kpi_import: {source: tool}\n"
    vendor.write_text(before)
    path = export(tmp_path, "plain.csv", "Metric,Month,Value\nresponse,2026-10,4\n")
    result = run(
        "kpi", "import", path, "--vendor", "acme", "--save-profile", "plain", "--root", portfolio
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"vendorctl: error: {VENDOR}: `kpi_import:` is not a block mapping vendorctl can add to; "
        "add this to it by hand:\nkpi_import:\n  profiles:\n    plain:\n"
        "      columns: {Metric: kpi, Month: period, Value: value}\n      source: tool\n"
    )
    assert vendor.read_text() == before
    assert "2026-10" not in (portfolio / KPIS).read_text()


def test_replace_keeps_the_old_source_over_the_profiles_default(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    kpis = portfolio / KPIS
    kpis.write_text(kpis.read_text().replace("value: 20}", "value: 20, source: noc-dashboard}"))
    vendor = portfolio / VENDOR
    vendor.write_text(vendor.read_text() + "kpi_import:\n  source: msp-report\n")
    path = export(
        tmp_path, "fix.csv", "kpi,period,value\nresponse,2026-09,18\nresponse,2026-10,9\n"
    )
    result = run("kpi", "import", path, "--vendor", "acme", "--replace", "--root", portfolio)
    assert result.exit_code == 0, result.stdout
    text = kpis.read_text()
    assert "  - {kpi: response, period: 2026-09, value: 18, source: noc-dashboard}\n" in text
    assert "  - {kpi: response, period: 2026-10, value: 9, source: msp-report}\n" in text


def test_header_diagnostics_point_at_the_header_after_blank_lines(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    path = export(tmp_path, "blank.csv", "\n\nkpi,month\n\n\nresponse,2026-10\n")
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.lines[0].startswith(f"{path}:3:1: error: no column holds the `value`;")


def test_an_alias_for_a_kpi_the_vendor_does_not_define(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    # validate checks saved profiles (see tests/test_kpi_import_review.py): the import is about
    # this vendor, whose vendor.yaml then has an error, so it stops before reading a row.
    vendor = portfolio / VENDOR
    vendor.write_text(vendor.read_text() + "kpi_import:\n  kpis: {Uptime: availabilty}\n")
    path = export(
        tmp_path, "alias.csv", "kpi,period,value\nUptime,2026-10,99.9\nUptime,2026-11,99.8\n"
    )
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{VENDOR}:43:18: error: the mapping saved under kpi_import maps `Uptime` to KPI "
        "`availabilty`, which this vendor does not define; did you mean `availability`? "
        "[unknown-kpi]",
        "Checked 10 files: 1 error, 0 warnings.",
        "vendorctl: error: fix the errors above to import KPI data",
    ]


def test_problems_past_twenty_are_counted_not_listed(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    rows = "".join(f"response,2026-{m:02d},fast{m}\n" for m in range(1, 13))
    rows += "".join(f"response,2025-{m:02d},slow{m}\n" for m in range(1, 13))
    path = export(tmp_path, "many.csv", "kpi,period,value\n" + rows)
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert len(result.lines) == 22
    assert result.lines[-2:] == [
        "... and 4 more problems",
        f"24 problems in {path}; nothing was imported.",
    ]


def test_errors_in_other_vendors_files_do_not_stop_the_import(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    beta = portfolio / "vendors/beta"
    beta.mkdir()
    (beta / "vendor.yaml").write_text("id: beta\nname: Beta\n")  # half-created
    path = export(tmp_path, "new.csv", "kpi,period,value\nresponse,2026-10,4\n")
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert result.lines == [
        "warning: 2 errors in other vendors' files (beta) do not stop this import; "
        "`vendorctl validate` lists them",
        "add: response 2026-10 = 4",
        f"Imported: 1 added, 0 replaced, 0 already there; wrote {KPIS}.",
    ]
    # A contract id beta shares with acme names acme's file: that stops it.
    (beta / "vendor.yaml").write_text("id: beta\nname: Beta\nsegment: commodity\nstatus: active\n")
    (beta / "contracts").mkdir()
    contract = (
        (portfolio / "vendors/acme/contracts/msa.yaml").read_text().replace("owner: carl\n", "")
    )
    (beta / "contracts/msa.yaml").write_text(contract)
    stopped = run("kpi", "import", path, "--vendor", "acme", "--replace", "--root", portfolio)
    assert stopped.exit_code == 1
    assert (
        "duplicate contract id `acme-msa` (first defined at vendors/acme/contracts/msa.yaml"
        in stopped.stderr
    )
    assert stopped.stderr.endswith("vendorctl: error: fix the errors above to import KPI data\n")


def test_errors_in_the_vendors_own_files_still_stop_it(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    issues = portfolio / "vendors/acme/issues.yaml"
    issues.write_text(issues.read_text() + "bogus: 1\n")
    path = export(tmp_path, "new.csv", "kpi,period,value\nresponse,2026-10,4\n")
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 1
    assert "vendors/acme/issues.yaml" in result.stderr
    assert "2026-10" not in (portfolio / KPIS).read_text()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--count", "--mean", "x"],
            "--count and --mean: roll the rows up one way, with one of them",
        ),
        (
            ["--share", "Has breached"],
            "--share 'Has breached': write COLUMN=VALUE, e.g. 'Has breached=false'",
        ),
        (["--where", "=x"], "--where '=x': write COLUMN=VALUE, e.g. 'Has breached=false'"),
        (["--kpi-map", "Uptime"], "--kpi-map 'Uptime': write NAME=KPI-ID, e.g. 'P2 resolution=p2'"),
        (
            ["--kpi", "availabilty"],
            "--kpi: no KPI `availabilty` for vendor acme; did you mean `availability`?; its KPIs: availability, response",
        ),
        (
            ["--kpi-map", "Up=uptime"],
            "--kpi-map 'Up=uptime': no KPI `uptime` for vendor acme; its KPIs: availability, response",
        ),
        (
            ["--save-profile", "My Tool"],
            "--save-profile 'My Tool': a profile name is lowercase letters, digits and hyphens, e.g. servicenow or msp-monthly",
        ),
        (["--source", ""], "--source: give the source as text of 1 to 200 characters"),
    ],
)
def test_usage_errors(
    run: Run, portfolio: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    path = export(tmp_path, "plain.csv", "kpi,period,value\nresponse,2026-10,4\n")
    result = run("kpi", "import", path, "--vendor", "acme", *options, "--root", portfolio)
    assert (result.exit_code, result.stderr) == (2, f"vendorctl: error: {message}\n")


def test_the_size_limit_is_checked_without_reading_the_whole_file(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(tmp_path, "huge.csv", "kpi,period,value\n" + "response,2026-10,4\n" * 100)
    monkeypatch.setattr("vendorctl.load.csvio.MAX_CSV_BYTES", 1000)

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.lines == [
        f"{path}:1:1: error: cannot read: file is over the limit of 1,000 bytes [csv-file]",
        f"1 problem in {path}; nothing was imported.",
    ]
