"""A fast reader for measurement files written one flow mapping a line, as `kpi import` writes
them and as most are: exactly the data yaml-rs gives for such a file, or None for any text it does
not recognise whole (which the general parser then reads).

A portfolio's measurement files are most of its bytes, and yaml-rs spends some 2 us on each
line of them. These lines are so regular that one regular expression reads them at twice that
pace. What it accepts is kept narrow enough that its reading provably equals the parser's: plain
scalars that YAML 1.2's core schema can only take as strings (a slug that starts with a letter
and is not `true`, `false` or `null`) or as the numbers Python reads alike, double-quoted notes
without escapes, fixed key order and spacing. A line that strays in any way (a comment, a tab,
a quoted KPI, a block mapping) sends the whole file to the parser: never a partial reading.
tests/test_flow_lines.py holds the two readings side by side on generated and mutated files.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

_KEY = "measurements:\n"
# A plain scalar that starts with a letter is a string to YAML 1.2's core schema, but for its
# booleans and null (its other special scalars start with a dot, a tilde, a sign or a digit, or
# hold capitals): a file with one of those as a value is left to the parser whole. Whether a
# string is a valid slug or period is the schema's business, as for any parsed file.
_SLUG = r"[a-z][a-z0-9-]*"
# A slug as a line's value (a KPI or a source): not one of those three words as the whole value
# (a line holding one does not match, and its file is left to the parser). Tested where the
# value starts, as the line is matched: three searches of every text for the words cost an
# eighth of reading it.
_VALUE_SLUG = rf"(?!(?:true|false|null)[,}}])({_SLUG})"
# A month, quarter or fiscal period written plain: none of them reads as a number in YAML 1.2
# (a bare year does, so `'2026'` is written quoted and left to the parser).
_PERIOD = r"[0-9]{4}-[0-9Q][0-9]|FY[0-9]{4}(?:-Q[0-9])?"
# Decimal digits only, and few enough that Python reads each exactly as the parser does: an int
# without a point, a float with one (both correctly rounded, from the same decimal text).
_NUMBER = r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?"
# One line: an item or nothing. Anchored at a line's start and ending at its line break, so
# that as many matches as line breaks means every line was read whole.
_LINE = (
    rf"^(?:  - \{{kpi: {_VALUE_SLUG}, period: ({_PERIOD}), value: ({_NUMBER})"
    rf"(?:, weight: ({_NUMBER}))?(?:, source: {_VALUE_SLUG})?"
    r'(?:, note: ("[^"\\\n]*"))?\})?\n'
)
# The same for a text with no `, weight: ` and no `, note: ` in it, as most are: the lines _LINE
# reads there, read alike, in a fifth less time (the fewer groups, the less work per line).
_COMMON_LINE = (
    rf"^(?:  - \{{kpi: {_VALUE_SLUG}, period: ({_PERIOD}), value: ({_NUMBER})"
    rf"(?:, source: {_VALUE_SLUG})?\}})?\n"
)
# The same two, for a text with no blank line among its items, as nearly all are: each line
# matched from the line break before it (the key's own for the first), up to the one that ends
# it, so that a line that strays is never matched in part. The search then skips to each line
# break by its literal start, where the patterns above try to match at every character.
_ITEM = rf"\n  - \{{kpi: {_VALUE_SLUG}, period: ({_PERIOD}), value: ({_NUMBER})"
_LINE_AFTER = (
    rf"{_ITEM}(?:, weight: ({_NUMBER}))?(?:, source: {_VALUE_SLUG})?"
    r'(?:, note: ("[^"\\\n]*"))?\}(?=\n)'
)
_COMMON_AFTER = rf"{_ITEM}(?:, source: {_VALUE_SLUG})?\}}(?=\n)"


@functools.cache
def _lines(common: bool, blank: bool) -> re.Pattern[str]:
    """The pattern of a file's lines: of the common shape or not, with blank lines among them
    or not. Compiled when first needed: compiling the four took every start a millisecond, and
    most runs need one."""
    if blank:
        return re.compile(_COMMON_LINE if common else _LINE, re.MULTILINE)
    return re.compile(_COMMON_AFTER if common else _LINE_AFTER)


_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


class _Numbers(dict[str, int | float]):
    """The number each text writes, read once: a portfolio writes the same few thousand values
    (99.95, 30) again and again, and looking one up cost a third of reading it anew. Bounded,
    so that ever new values cannot grow it without end; past the bound, each is read anew."""

    def __missing__(self, text: str) -> int | float:
        number = float(text) if "." in text else int(text)
        if len(self) < _MOST_NUMBERS:
            self[text] = number
        return number


_MOST_NUMBERS = 20_000
# A bound method of the dict itself: a value met before costs no call into Python.
_number = _Numbers().__getitem__


def _item(kpi: str, period: str, value: str, weight: str, source: str, note: str) -> dict[str, Any]:
    """One line's mapping, any of its optional keys present (an absent one matched as '')."""
    item: dict[str, Any] = {"kpi": kpi, "period": period, "value": _number(value)}
    if weight:
        item["weight"] = _number(weight)
    if source:
        item["source"] = source
    if note:
        item["note"] = note[1:-1]  # matched with its quotes: an empty note is not none
    return item


def share_strings(data: dict[str, Any]) -> None:
    """One copy of each KPI id, period and source across the measurement files.

    The parser makes a new string for every occurrence and the models keep them: on 1,000
    vendors that is 860,000 strings of a few hundred distinct values, some 50 MB. Interned,
    they are shared by every vendor this process loads (jobs load them one by one, each
    with a loader of its own), and a string no model holds any more is let go.
    """
    items = data.get("measurements")
    if type(items) is not list:
        return
    share = sys.intern
    # The keys written out rather than looped over: this runs for every measurement.
    for item in items:
        if type(item) is dict:
            value = item.get("kpi")
            if type(value) is str:
                item["kpi"] = share(value)
            value = item.get("period")
            if type(value) is str:
                item["period"] = share(value)
            value = item.get("source")
            if type(value) is str:
                item["source"] = share(value)


def read(text: str) -> dict[str, Any] | None:
    """The data of a measurement file of flow-mapping lines (comments and blank lines before
    `measurements:`, blank lines between items), as yaml-rs reads it; None if the text is not
    wholly of that shape. The caller has checked the text's characters."""
    return _read(text, share=False)[0]


def read_shared(text: str) -> dict[str, Any] | None:
    """As `read`, its strings shared as `share_strings` shares them: made so as they are read
    (going over the items again took two thirds as long as reading them)."""
    return _read(text, share=True)[0]


def read_unchecked(text: str, *, share: bool = False) -> tuple[dict[str, Any] | None, int]:
    """As `read` (as `read_shared` if `share`), of a text whose characters are not checked
    yet, and how many of its first characters the caller has still to check (for characters
    YAML forbids, and for aliases) before it takes the data: the lines of the common shape hold
    nothing but the characters their pattern names, so only the comments before them are left
    (checking every character of a measurement file cost a tenth of reading it)."""
    return _read(text, share=share)


def _read(text: str, *, share: bool) -> tuple[dict[str, Any] | None, int]:
    # YAML breaks lines at a carriage return too (and some parsers at NEL, LS and PS): a comment
    # line holding one would end there, and what follows would be data.
    if "\r" in text or (not text.isascii() and _OTHER_BREAKS.search(text)):
        return None, len(text)
    at = text.find(_KEY)
    if at < 0 or (at and text[at - 1] != "\n"):
        return None, len(text)
    # Before the key: comment lines and blank lines only.
    for line in text[:at].split("\n")[:-1]:
        if line and line[0] != "#":
            return None, len(text)
    if not text.endswith("\n"):
        text += "\n"  # a last line without its line break reads the same
    start = at + len(_KEY) - 1  # the key's line break: the items' lines follow it
    common = text.find(", weight: ", start) < 0 and text.find(", note: ", start) < 0
    rows: list[tuple[str, ...]]
    if text.find("\n\n", start) < 0:
        rows = _lines(common, False).findall(text, start)
    else:
        rows = _lines(common, True).findall(text, start + 1)
    if len(rows) != text.count("\n", start + 1):
        return None, len(text)
    # A note (in the other shape only) may hold any character but a quote, a backslash and a
    # line break: the whole text is left to check.
    unchecked = at if common else len(text)
    if not common:
        items = [_item(*row) for row in rows if row[0]]
        if share:
            share_strings({"measurements": items})
    elif share:
        # As below, each string interned as it is put in.
        number, intern = _number, sys.intern
        items = [
            {"kpi": intern(kpi), "period": intern(period), "value": number(value)}
            if not source
            else {
                "kpi": intern(kpi),
                "period": intern(period),
                "value": number(value),
                "source": intern(source),
            }
            for kpi, period, value, source in rows
            if kpi  # not a blank line
        ]
    else:
        # The common file, each line a KPI, period, value and perhaps a source: made in one
        # comprehension, as this runs for most of a portfolio's lines.
        number = _number
        items = [
            {"kpi": kpi, "period": period, "value": number(value)}
            if not source
            else {"kpi": kpi, "period": period, "value": number(value), "source": source}
            for kpi, period, value, source in rows
            if kpi  # not a blank line
        ]
    if not items:
        return None, len(text)  # `measurements:` with nothing under it: the parser says what
    return {"measurements": items}, unchecked
