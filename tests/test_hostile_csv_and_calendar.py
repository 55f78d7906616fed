"""Hostile CSV exports and calendar names (issue 16, cases 6 and 9): a value split by an unquoted
delimiter, a file mixing encodings, a truncated UTF-16 file, a runaway field and a line break in
the organisation's name end in a diagnostic naming the file, or in a well-formed calendar; never
in silently changed data or an internal error."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.conftest import Run

KPIS = "vendors/acme/kpis/2026.yaml"


def export(tmp_path: Path, raw: bytes) -> Path:
    """A CSV export on disk, byte for byte."""
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    return path


def test_a_field_past_the_header_is_refused_not_dropped(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    before = (portfolio / KPIS).read_bytes()
    path = export(tmp_path, b"kpi,period,value\nresponse,2026-10,4\navailability,2026-10,99,97\n")
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 1, result.stdout
    assert result.lines == [
        f"{path}:3:4: error: this row has 4 fields but the header names 3 columns: `97` belongs "
        "to no column; a value holding the delimiter `,` (such as 99,97) must be quoted "
        '("99,97"), or the file exported with another delimiter (`;`, tab, `|`) [csv-column]',
        f"1 problem in {path}; nothing was imported.",
    ]
    assert (portfolio / KPIS).read_bytes() == before


def test_quoted_values_and_trailing_delimiters_still_import(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    path = export(tmp_path, b'kpi,period,value\navailability,2026-10,"99,97",,\n')
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 0, result.stdout
    assert "  - {kpi: availability, period: 2026-10, value: 99.97}\n" in (
        (portfolio / KPIS).read_text()
    )


def test_a_file_mixing_utf8_and_windows_1252_is_refused(
    run: Run, portfolio: Path, tmp_path: Path
) -> None:
    before = (portfolio / KPIS).read_bytes()
    path = export(
        tmp_path,
        b"kpi,period,value,note\n"
        b"availability,2026-10,99.9,caf\xc3\xa9\n"  # UTF-8
        b"response,2026-10,4,late \x96 again\n",  # Windows-1252 (an en dash)
    )
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 1, result.stdout
    assert result.lines == [
        f"{path}:3:1: error: cannot read: the file mixes encodings: byte 0x96 on this line is "
        "not UTF-8, but line 2 holds UTF-8 text ('é'); save the whole export again as UTF-8 "
        "[csv-file]",
        f"1 problem in {path}; nothing was imported.",
    ]
    assert (portfolio / KPIS).read_bytes() == before


def test_a_windows_1252_file_still_imports(run: Run, portfolio: Path, tmp_path: Path) -> None:
    path = export(
        tmp_path, "kpi;period;value;note\nresponse;2026-10;4,5;café \u2013 late\n".encode("cp1252")
    )
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert result.exit_code == 0, result.stdout
    assert '  - {kpi: response, period: 2026-10, value: 4.5, note: "café \u2013 late"}\n' in (
        (portfolio / KPIS).read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            codecs.BOM_UTF16_LE + "kpi,period,value\n".encode("utf-16-le") + b"r",
            ":2:1: error: cannot read: the file starts with a UTF-16 byte order mark but ends in "
            "the middle of a character: the file looks cut short; export it again or save it as "
            "UTF-8 [csv-file]",
            id="truncated-utf-16",
        ),
        pytest.param(
            b'kpi,period,value,note\nresponse,2026-10,4,"' + b"x" * (128 * 1024 + 1) + b'"\n',
            ':2:1: error: cannot read: a field is longer than 131,072 characters; a quote (") '
            "that is opened and never closed makes the rest of the file one field [csv-file]",
            id="field-over-128-KiB",
        ),
        pytest.param(
            codecs.BOM_UTF8 + b"kpi,period,value,note\nresponse,2026-10,4,caf\xe9\n",
            ":2:1: error: cannot read: the file starts with a UTF-8 byte order mark but has bytes "
            "that are not UTF-8 at offset 47; export it again or save it as UTF-8 [csv-file]",
            id="utf-8-bom-then-windows-1252",
        ),
        pytest.param(
            b",,,\n , ,\n",
            ":1:1: error: cannot read: file is empty: it needs a header row naming its columns "
            "[csv-file]",
            id="only-delimiters",
        ),
    ],
)
def test_unreadable_files_are_diagnostics_not_internal_errors(
    run: Run, portfolio: Path, tmp_path: Path, raw: bytes, expected: str
) -> None:
    before = (portfolio / KPIS).read_bytes()
    path = export(tmp_path, raw)
    result = run("kpi", "import", path, "--vendor", "acme", "--root", portfolio)
    assert (result.exit_code, result.stderr) == (1, ""), result.stderr
    assert result.lines == [f"{path}{expected}", f"1 problem in {path}; nothing was imported."]
    assert (portfolio / KPIS).read_bytes() == before


@pytest.mark.parametrize("command", [["calendar"], ["renewals", "--format", "json"]])
def test_a_line_break_in_the_organisation_name_stays_inside_the_calendar_name(
    run: Run, portfolio: Path, tmp_path: Path, command: list[str]
) -> None:
    settings = portfolio / "vendorctl.yaml"
    settings.write_text(
        "\n".join(
            'organisation: "Acme\\nEND:VCALENDAR;\\u001b"'
            if line.startswith("organisation:")
            else line
            for line in settings.read_text().splitlines()
        )
        + "\n"
    )
    ics = tmp_path / "deadlines.ics"
    result = run(*command, "--ics", ics, "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    lines = ics.read_bytes().decode("utf-8").split("\r\n")
    assert "X-WR-CALNAME:Acme\\nEND:VCALENDAR\\;\\\\x1b: vendor deadlines" in lines
    assert lines.count("END:VCALENDAR") == 1 and lines[-2:] == ["END:VCALENDAR", ""]
    assert not any(ch < " " for line in lines for ch in line)
