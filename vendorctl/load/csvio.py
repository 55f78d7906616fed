"""Read KPI exports from spreadsheets and tools: encodings, delimiters, decimal commas, dates."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from vendorctl.model.periods import Period, PeriodError, containing, parse

MAX_CSV_BYTES = 32 * 1024 * 1024
DELIMITERS = ",;\t|"
# Period layouts tried when no --period-format is given: first the ones vendorctl writes itself.
_MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%m/%Y", "%m.%Y", "%b %Y", "%B %Y", "%Y%m", "%b-%Y", "%b-%y")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y")
_QUARTER = re.compile(r"^(?:Q([1-4])[ -/]?([0-9]{4})|([0-9]{4})[ -/]?Q([1-4]))$", re.IGNORECASE)
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class CsvError(Exception):
    """The file as a whole cannot be read (encoding, no header, too large)."""


@dataclass(frozen=True)
class Table:
    """A CSV file as text rows, with what was detected about it."""

    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)
    delimiter: str
    encoding: str


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding: a BOM decides; else UTF-8, else Windows-1252 (older Excel)."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts the same way
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(name), name
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


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
    rows = [(reader.line_num, cells) for cells in reader]
    body = [(n, [c.strip() for c in cells]) for n, cells in rows if any(c.strip() for c in cells)]
    header = [c.strip() for c in body[0][1]]
    return Table(header, body[1:], delimiter, encoding)


# A number in each layout: grouped thousands optional, the decimal mark one or the other.
_POINT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
_COMMA = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
# Values only one layout can read: 99,5 or 1.234,5 (comma); 99.5 or 1,234.5 (point).
_ONLY_COMMA = re.compile(r"-?\d+,(?:\d{1,2}|\d{4,})|-?[\d.]*\.\d{3},\d+")
_ONLY_POINT = re.compile(r"-?\d+\.(?:\d{1,2}|\d{4,})|-?[\d,]*,\d{3}\.\d+")


def _clean(text: str) -> str:
    return text.replace("\u00a0", "").replace(" ", "").removesuffix("%")


def decimal_comma(table: Table, column: int) -> bool:
    """True if the column's numbers use a decimal comma, judged over the whole column: values
    only one layout can read decide; else a ';' or tab separated file means a comma."""
    values = [_clean(cells[column]) for _, cells in table.rows if column < len(cells)]
    comma = sum(1 for v in values if _ONLY_COMMA.fullmatch(v))
    point = sum(1 for v in values if _ONLY_POINT.fullmatch(v))
    if comma != point:
        return comma > point
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
    pairs = [(int(m.group(1)), int(m.group(2))) for v in values if (m := _SLASH_DATE.match(v))]
    if not pairs:
        return None
    if any(first > 12 for first, _ in pairs):
        return "%d/%m/%Y"
    if any(second > 12 for _, second in pairs):
        return "%m/%d/%Y"
    return "ambiguous"


def period(text: str, fiscal_start: int, fmt: str | None) -> Period:
    """A period from the many ways exports write one; dates give their month."""
    if fmt is not None:
        try:
            return containing(datetime.strptime(text, fmt).date(), "month", fiscal_start)
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
    for layout in _MONTH_FORMATS + _DATE_FORMATS:
        try:
            return containing(datetime.strptime(text, layout).date(), "month", fiscal_start)
        except ValueError:
            continue
    raise ValueError(
        f"{text!r} is not a period vendorctl recognises; give its layout with "
        "--period-format (e.g. %d/%m/%Y)"
    )
