"""Read KPI exports from spreadsheets and tools: encodings, delimiters, decimal commas, dates."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path

from vendorctl.load import timestamps
from vendorctl.model.periods import Period, PeriodError, containing, parse

MAX_CSV_BYTES = 32 * 1024 * 1024
DELIMITERS = ",;\t|"
# Month layouts tried when no --period-format is given (days and moments: see timestamps).
_MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%m/%Y", "%m.%Y", "%b %Y", "%B %Y", "%Y%m", "%b-%Y", "%b-%y")
_QUARTER = re.compile(r"^(?:Q([1-4])[ -/]?([0-9]{4})|([0-9]{4})[ -/]?Q([1-4]))$", re.IGNORECASE)


class CsvError(Exception):
    """The file as a whole cannot be read (encoding, no header, too large, a runaway field), at
    the line and column where reading stopped (1, 1 when no place is known)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Table:
    """A CSV file as text rows, with what was detected about it."""

    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)
    delimiter: str
    encoding: str
    header_line: int = 1  # blank lines may come before it, and after it


def read_export(path: Path) -> bytes:
    """The bytes of an export file, refused (CsvError) when over the size limit: at most the
    limit and one byte more are read, never the whole of a huge file."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise CsvError(f"file is over the limit of {MAX_CSV_BYTES:,} bytes")
    return raw


# A well-formed UTF-8 sequence of two to four bytes (RFC 3629): text some tool wrote as UTF-8.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# Byte order mark, the codec of the bytes after it, the encoding reported, its name in messages.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32", "UTF-32"),  # before UTF-16: same first bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16", "UTF-16"),
)


def _line_of(raw: bytes, offset: int, encoding: str) -> int:
    """The line (as the rows are numbered) on which byte `offset` of `raw` lies; the bytes before
    it must decode in `encoding`."""
    before = raw[:offset].decode(encoding, errors="replace")
    return before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding: a BOM decides; else UTF-8, else Windows-1252 (older Excel). Bytes the
    chosen encoding cannot read, or a file mixing UTF-8 with another encoding, are refused
    (CsvError at the first bad byte's line), never stored as replacement characters or mojibake."""
    for bom, codec, name, label in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(codec), name
            except UnicodeDecodeError as exc:
                cut = exc.reason in ("truncated data", "unexpected end of data")
                why = (
                    "ends in the middle of a character: the file looks cut short"
                    if cut
                    else f"has bytes that are not {label} at offset {len(bom) + exc.start}"
                )
                raise CsvError(
                    f"the file starts with a {label} byte order mark but {why}; "
                    f"export it again or save it as UTF-8",
                    _line_of(body, exc.start, codec),
                ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc
    line = _line_of(raw, bad.start, "utf-8")
    byte = f"0x{raw[bad.start]:02X}"
    utf8 = _UTF8_MULTIBYTE.search(raw)
    if utf8 is not None:
        sample = utf8.group().decode("utf-8")
        other = _line_of(raw, utf8.start(), "utf-8")
        where = "this line" if other == line else f"line {other}"
        raise CsvError(
            f"the file mixes encodings: byte {byte} on this line is not UTF-8, but {where} "
            f"holds UTF-8 text ({sample!r}); save the whole export again as UTF-8",
            line,
        )
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise CsvError(
            f"the file is neither UTF-8 nor Windows-1252: byte 0x{raw[exc.start]:02X} on this "
            "line is not a character in either; save the export as UTF-8",
            _line_of(raw, exc.start, "cp1252"),
        ) from None


def read_table(raw: bytes) -> Table:
    """Split a CSV export into its header and rows, detecting encoding and delimiter."""
    if len(raw) > MAX_CSV_BYTES:
        raise CsvError(f"file is over the limit of {MAX_CSV_BYTES:,} bytes")
    text, encoding = decode(raw)
    # Old Mac exports end lines with CR alone; the csv module wants LF or CRLF.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise CsvError("file is empty: it needs a header row naming its columns")
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Rows without a value are left out as they are read: a per-record export has hundreds of
    # thousands of rows, and a second list of them all would be held at once with the first.
    body: list[tuple[int, list[str]]] = []
    last = 0  # the line the last row read ended on
    try:
        for cells in reader:
            last = reader.line_num
            stripped = [c.strip() for c in cells]
            if any(stripped):
                body.append((last, stripped))
    except csv.Error as exc:
        start = last + 1  # the row being read began after the last one
        limit = csv.field_size_limit()
        why = (
            f'a field is longer than {limit:,} characters; a quote (") that is opened and '
            "never closed makes the rest of the file one field"
            if "field limit" in str(exc)
            else f"this row cannot be read as CSV ({exc})"
        )
        raise CsvError(why, start) from None
    if not body:  # only delimiters and blanks
        raise CsvError("file is empty: it needs a header row naming its columns")
    header = [c.strip() for c in body[0][1]]
    return Table(header, body[1:], delimiter, encoding, body[0][0])


# A number in each layout: grouped thousands optional, the decimal mark one or the other.
_POINT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
_COMMA = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
# Values only one layout can read: 99,5 or 1.234,5 (comma); 99.5 or 1,234.5 (point).
_ONLY_COMMA = re.compile(r"-?\d+,(?:\d{1,2}|\d{4,})|-?[\d.]*\.\d{3},\d+")
_ONLY_POINT = re.compile(r"-?\d+\.(?:\d{1,2}|\d{4,})|-?[\d,]*,\d{3}\.\d+")


def _clean(text: str) -> str:
    return text.replace("\u00a0", "").replace(" ", "").removesuffix("%")


def decimal_comma(table: Table, column: int, *others: int) -> bool:
    """True if the column's numbers use a decimal comma, judged over the whole column: values
    only one layout can read decide; else those of the `others` columns (the file's values, for
    its weights: one export, one layout); else a ';' or tab separated file means a comma."""
    for index in (column, *others):
        values = [_clean(cells[index]) for _, cells in table.rows if index < len(cells)]
        comma = sum(1 for v in values if _ONLY_COMMA.fullmatch(v))
        point = sum(1 for v in values if _ONLY_POINT.fullmatch(v))
        if comma != point:
            return comma > point
    values = [_clean(cells[column]) for _, cells in table.rows if column < len(cells)]
    return table.delimiter != "," and any("," in v for v in values)


def number(text: str, comma: bool) -> Decimal:
    """A measured value in the column's layout: thousands separators, a percent sign and spaces
    allowed; a value the other layout would read differently is refused, never guessed."""
    cleaned = _clean(text)
    layout = _COMMA if comma else _POINT
    if not any(ch.isdigit() for ch in cleaned):
        raise ValueError(f"{text!r} is not a number")
    if len(cleaned) > 40 or not layout.fullmatch(cleaned):
        mark = "a decimal comma" if comma else "a decimal point"
        raise ValueError(f"{text!r} is not a number written with {mark}, as this column's are")
    plain = cleaned.replace(".", "").replace(",", ".") if comma else cleaned.replace(",", "")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite() or not abs(value) < Decimal("1e300"):
        raise ValueError(f"{text!r} is too large a number to store")
    return value


def slash_order(values: list[str]) -> str | None:
    """`%d/%m/%Y` or `%m/%d/%Y` for dates like 07/08/2026, judged over the whole column."""
    return timestamps.slash_order(values)


def when(
    text: str,
    fiscal_start: int,
    fmt: str | None,
    zone: tzinfo = UTC,
    slash: str | None = None,
) -> Period | date:
    """What a period cell names: a period as written (2026-07, Q3 2026, Jul 2026), or a day (a
    date, or a date-time taken in `zone`; see timestamps.day_of) for the caller to place in a
    period. `fmt` (--period-format) reads days only; `slash` is the column's day/month order."""
    text = text.strip()
    if fmt is not None:
        try:
            return timestamps.day_in_format(text, fmt, zone)
        except timestamps.OutOfRange:
            raise
        except ValueError:
            raise ValueError(f"{text!r} does not match the period format {fmt}") from None
    try:
        return parse(text, fiscal_start)
    except PeriodError:
        pass
    quarter = _QUARTER.match(text)
    if quarter:
        number_, year = (
            (quarter.group(1), quarter.group(2))
            if quarter.group(1)
            else (quarter.group(4), quarter.group(3))
        )
        return parse(f"{year}-Q{number_}", fiscal_start)
    # Days and moments (2026-07-15T08:30:00Z, 15.07.2026) before the month layouts: read with
    # regular expressions, they cost little where the text is none, and a per-record export has
    # one on every row, on which each month layout strptime tried and failed cost as much again.
    day = timestamps.day_of(text, zone, slash)
    if day is not None:
        return day
    for layout in _MONTH_FORMATS:
        try:
            return containing(datetime.strptime(text, layout).date(), "month", fiscal_start)
        except ValueError:
            continue
    raise ValueError(
        f"{text!r} is not a period vendorctl recognises; give its layout with "
        "--period-format (e.g. %d/%m/%Y)"
    )


def period(text: str, fiscal_start: int, fmt: str | None) -> Period:
    """A period from the many ways exports write one; dates give their month."""
    if fmt in ("%d/%m/%Y", "%m/%d/%Y") and timestamps.slash_order([text]) is not None:
        found = when(text, fiscal_start, None, slash=fmt)  # the column's order, as detected
    else:
        found = when(text, fiscal_start, fmt)
    return found if isinstance(found, Period) else containing(found, "month", fiscal_start)


def stray_field(cells: list[str], width: int) -> int | None:
    """The index of the first non-empty field past the header's `width` columns, if any: such a
    field belongs to no column, and reading the row without it would drop data. (Empty fields
    there, as trailing delimiters leave, drop nothing.)"""
    return next((i for i in range(width, len(cells)) if cells[i]), None)


def stray_message(cells: list[str], stray: int, table: Table) -> str:
    """Why a row with a field past the header's columns is refused, and how to fix the file."""
    delimiter = "tab" if table.delimiter == "\t" else f"`{table.delimiter}`"
    others = ", ".join("tab" if d == "\t" else f"`{d}`" for d in DELIMITERS if d != table.delimiter)
    text = cells[stray] if len(cells[stray]) <= 40 else cells[stray][:40] + "..."
    return (
        f"this row has {len(cells)} fields but the header names {len(table.header)} columns: "
        f"`{text}` belongs to no column; a value holding the delimiter {delimiter} (such as "
        f'99{table.delimiter}97) must be quoted ("99{table.delimiter}97"), or the file '
        f"exported with another delimiter ({others})"
    )
