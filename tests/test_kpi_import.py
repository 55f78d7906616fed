"""kpi import: Excel-style exports in, tidy KPI files out, all rows valid or nothing written."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.conftest import Run

KPIS = "vendors/acme/kpis/2026.yaml"


def csv(tmp_path: Path, text: str, *, bom: bytes = b"", encoding: str = "utf-8") -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(bom + text.encode(encoding))
    return path


def test_an_excel_export_is_imported_and_then_validates(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    export = csv(
        tmp_path,
        "Metric;Month;Value;Tool\r\nAvailability;10/2026;99,95;datadog\r\n"
        "Incident response;2026-10;14,5;servicenow\r\navailability;2026-09;99,5;datadog\r\n",
        bom=codecs.BOM_UTF8,
    )
    result = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 0, result.stdout
    assert result.lines == [
        "add: availability 2026-10 = 99.95",
        "add: response 2026-10 = 14.5",
        f"Imported: 2 added, 0 replaced, 1 already there; wrote {KPIS}.",
    ]
    assert (portfolio / KPIS).read_text() == (
        "measurements:\n"
        "  - {kpi: availability, period: 2026-08, value: 99.95}\n"
        "  - {kpi: availability, period: 2026-09, value: 99.5}\n"
        "  - {kpi: availability, period: 2026-10, value: 99.95, source: datadog}\n"
        "\n"
        "  - {kpi: response, period: 2026-08, value: 12}\n"
        "  - {kpi: response, period: 2026-09, value: 20}\n"
        "  - {kpi: response, period: 2026-10, value: 14.5, source: servicenow}\n"
    )
    assert run("validate", "--root", portfolio).exit_code == 0
    again = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert again.lines[-1] == "Imported: 0 added, 0 replaced, 3 already there; wrote no file."


def test_new_years_get_their_own_file_with_a_modeline(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    export = csv(tmp_path, "kpi,period,value\navailability,2027-01-31,99.99\n")
    assert run("kpi", "import", export, "--vendor", "acme", "--root", portfolio).exit_code == 0
    written = (portfolio / "vendors/acme/kpis/2027.yaml").read_text()
    assert written.startswith(
        "# yaml-language-server: $schema=../../../schemas/measurements.schema.json\n"
    )
    assert written.endswith(
        "measurements:\n  - {kpi: availability, period: 2027-01, value: 99.99}\n"
    )


def test_bad_rows_are_diagnostics_and_nothing_is_written(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    before = (portfolio / KPIS).read_bytes()
    export = csv(
        tmp_path,
        "kpi,period,value\n"
        "availability,2026-10,99.9\n"
        "availabilty,2026-10,99.9\n"
        "response,2026-13,5\n"
        "response,2026-11,fast\n"
        "availability,2026-Q4,99\n"
        "response,2026-11,3\n"
        "response,2026-11,4\n",
    )
    result = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 1
    shown = str(export)
    assert result.lines == [
        f"{shown}:3:1: error: no KPI `availabilty` for this vendor; did you mean `availability`? (--kpi-map 'availabilty=availability' maps it) [unknown-kpi]",
        f"{shown}:4:2: error: '2026-13' is not a period vendorctl recognises; give its layout with --period-format (e.g. %d/%m/%Y) [csv-period]",
        f"{shown}:5:3: error: 'fast' is not a number [csv-value]",
        f"{shown}:6:2: error: KPI `availability` is measured monthly, but 2026-Q4 is a quarter [period-frequency]",
        f"{shown}:8:1: error: response for 2026-11 is 3 on line 7 and 4 here; keep one [csv-duplicate]",
        f"5 problems in {shown}; nothing was imported.",
    ]
    assert (portfolio / KPIS).read_bytes() == before


def test_conflicts_are_refused_unless_replace(run: Run, portfolio: Path, tmp_path: Path) -> None:
    export = csv(tmp_path, "kpi,period,value\nresponse,2026-09,25\n")
    refused = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert refused.exit_code == 1
    assert refused.lines[0].endswith(
        f"response for 2026-09 is already 20 in {KPIS}, not 25; pass --replace to overwrite it [csv-conflict]"
    )
    dry = run(
        "kpi", "import", export, "--vendor", "acme", "--replace", "--dry-run", "--root", portfolio
    )
    assert dry.lines == [
        "replace: response 2026-09 = 25 (was 20)",
        "Dry run: 0 added, 1 replaced, 0 already there; would write 1 file.",
    ]
    assert "value: 20}" in (portfolio / KPIS).read_text()
    assert (
        run("kpi", "import", export, "--vendor", "acme", "--replace", "--root", portfolio).exit_code
        == 0
    )
    assert "  - {kpi: response, period: 2026-09, value: 25}\n" in (portfolio / KPIS).read_text()


def test_mappings_from_flags_or_saved_in_vendor_yaml(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    export = csv(
        tmp_path, "Indicator\tWhen\tResult\nUptime\t15.10.2026\t99.91\n", encoding="utf-16"
    )
    export.write_bytes(
        codecs.BOM_UTF16_LE
        + "Indicator\tWhen\tResult\nUptime\t15.10.2026\t99,91\n".encode("utf-16-le")
    )
    failing = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert failing.exit_code == 1 and "no column holds the `period`" in failing.stdout
    vendor = portfolio / "vendors/acme/vendor.yaml"
    vendor.write_text(
        vendor.read_text() + "kpi_import:\n  columns: {Indicator: kpi, When: period}\n"
        "  kpis: {Uptime: availability}\n  source: monitoring-export\n"
    )
    result = run(
        "kpi", "import", export, "--vendor", "acme", "--map", "Result=value", "--root", portfolio
    )
    assert result.exit_code == 0, result.stdout
    assert (
        "  - {kpi: availability, period: 2026-10, value: 99.91, source: monitoring-export}\n"
        in (portfolio / KPIS).read_text()
    )


@pytest.mark.parametrize(
    ("cell", "format_option", "expected"),
    [
        ("07/06/2026", None, "could be day/month or month/day"),
        ("31/05/2026", None, "add: response 2026-05 = 11"),
        ("05/31/2026", None, "add: response 2026-05 = 11"),
        ("07/06/2026", "%d/%m/%Y", "add: response 2026-06 = 11"),
        ("07/06/2026", "%m/%d/%Y", "add: response 2026-07 = 11"),
        ("May 2026", None, "add: response 2026-05 = 11"),
        ("2026-05-31", None, "add: response 2026-05 = 11"),
        ("Q3 2026", None, "is measured monthly, but 2026-Q3 is a quarter"),
        ("31.08.1850", None, "outside the years 1900 to 2999"),
    ],
)
def test_period_layouts(
    run: Run, portfolio: Path, tmp_path: Path, cell: str, format_option: str | None, expected: str
) -> None:
    export = csv(tmp_path, f"kpi,period,value\nresponse,{cell},11\n")
    extra = ["--period-format", format_option] if format_option else []
    result = run(
        "kpi", "import", export, "--vendor", "acme", "--dry-run", *extra, "--root", portfolio
    )
    assert expected in result.stdout, result.stdout


def test_usage_errors(run: Run, portfolio: Path, tmp_path: Path) -> None:
    export = csv(tmp_path, "kpi,period,value\n")
    assert run("kpi", "import", export, "--vendor", "nope", "--root", portfolio).exit_code == 2
    bad_map = run("kpi", "import", export, "--vendor", "acme", "--map", "x", "--root", portfolio)
    assert bad_map.exit_code == 2 and "write COLUMN=FIELD" in bad_map.stderr
    missing = run("kpi", "import", tmp_path / "none.csv", "--vendor", "acme", "--root", portfolio)
    assert missing.exit_code == 1 and "cannot read: No such file or directory" in missing.stdout


def test_a_mixed_decimal_mark_is_refused_not_guessed(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    export = csv(tmp_path, "kpi;period;value\nresponse;2026-05;99,5\nresponse;2026-06;99.5\n")
    result = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 1
    assert (
        "'99.5' is not a number written with a decimal comma, as this column's are" in result.stdout
    )


@pytest.mark.parametrize(
    "value", ["1e999999999", "1e400", "12345678901234567890123456789012345678901"]
)
def test_absurd_numbers_are_refused(run: Run, portfolio: Path, tmp_path: Path, value: str) -> None:
    export = csv(tmp_path, f"kpi,period,value\nresponse,2026-05,{value}\n")
    result = run("kpi", "import", export, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 1 and "[csv-value]" in result.stdout


def test_rewritten_files_keep_values_and_texts_as_written(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    kpis = portfolio / KPIS
    (portfolio / "vendors/acme/claims.yaml").unlink()  # of a credit the new values take away
    kpis.write_text(
        "measurements:\n"
        '  - {kpi: availability, period: 2026-08, value: 99.950, note: "true"}\n'
        "  - {kpi: availability, period: 2026-09, value: 1e2, source: 'null'}\n"
        "  - {kpi: response, period: 2026-08, value: 12.0, source: x, note: kept}\n"
    )
    export = csv(
        tmp_path, "kpi,period,value,source\nresponse,2026-08,13,true\nresponse,2026-09,4,\n"
    )
    result = run("kpi", "import", export, "--vendor", "acme", "--replace", "--root", portfolio)
    assert result.exit_code == 0, result.stdout
    assert kpis.read_text() == (
        "measurements:\n"
        '  - {kpi: availability, period: 2026-08, value: 99.950, note: "true"}\n'
        '  - {kpi: availability, period: 2026-09, value: 1e2, source: "null"}\n'
        "\n"
        '  - {kpi: response, period: 2026-08, value: 13, source: "true", note: kept}\n'
        "  - {kpi: response, period: 2026-09, value: 4}\n"
    )
    assert run("validate", "--root", portfolio).exit_code == 0


def test_an_import_touching_several_files_writes_all_or_none(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (portfolio / KPIS).read_bytes()
    export = csv(tmp_path, "kpi,period,value\nresponse,2025-12,4\nresponse,2026-09,5\n")
    real = Path.chmod
    calls: list[Path] = []

    def failing(self: Path, mode: int) -> None:
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(self, mode)

    monkeypatch.setattr(Path, "chmod", failing)
    result = run("kpi", "import", export, "--vendor", "acme", "--replace", "--root", portfolio)
    monkeypatch.undo()
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert (portfolio / KPIS).read_bytes() == before
    assert not (portfolio / "vendors/acme/kpis/2025.yaml").exists()
    assert not list((portfolio / "vendors/acme/kpis").glob(".*.tmp"))


def test_a_failed_rename_leaves_the_files_and_no_temporary_file(
    run: Run, portfolio: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (portfolio / KPIS).read_bytes()
    export = csv(tmp_path, "kpi,period,value\nresponse,2025-12,4\nresponse,2026-09,5\n")

    def failing(self: Path, target: Path) -> Path:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(Path, "replace", failing)
    result = run("kpi", "import", export, "--vendor", "acme", "--replace", "--root", portfolio)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert (
        result.stderr == "vendorctl: error: cannot write the KPI files: Invalid cross-device link\n"
    )
    assert result.lines == [
        "add: response 2025-12 = 4",
        "replace: response 2026-09 = 5 (was 20)",
    ]
    assert (portfolio / KPIS).read_bytes() == before
    assert not (portfolio / "vendors/acme/kpis/2025.yaml").exists()
    assert not list((portfolio / "vendors/acme/kpis").glob(".*.tmp"))


def test_old_mac_line_endings(run: Run, portfolio: Path, tmp_path: Path) -> None:
    export = tmp_path / "mac.csv"
    export.write_bytes(b"kpi,period,value\rresponse,2026-05,11\r")
    result = run("kpi", "import", export, "--vendor", "acme", "--dry-run", "--root", portfolio)
    assert result.exit_code == 0 and "add: response 2026-05 = 11" in result.stdout
