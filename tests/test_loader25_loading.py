"""The loader's own work besides parsing: reading a file with one read, and dates validated once
per text written, give the same models and diagnostics as before."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from tests.conftest import Run
from vendorctl.load import yamlio
from vendorctl.model.base import Date

ISSUES = "vendors/acme/issues.yaml"
HEALTH = "vendors/acme/health/2026-09-30.yaml"


def _fake_size(monkeypatch: pytest.MonkeyPatch, target: Path, change: int) -> None:
    """Make os.stat and os.fstat report `target` as `change` bytes longer than it is, as if the
    file had grown (change < 0) or shrunk (change > 0) between its stat and its read (a file its
    folder's listing found regular is checked by a stat of its descriptor once opened)."""
    real_stat, real_fstat = os.stat, os.fstat
    known = real_stat(target)

    def faked(info: os.stat_result) -> os.stat_result:
        if (info.st_dev, info.st_ino) != (known.st_dev, known.st_ino):
            return info
        fields = list(info)
        fields[6] = max(0, info.st_size + change)  # st_size
        return os.stat_result(fields)

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return faked(real_stat(path, *args, **kwargs))

    def fstat(handle: int) -> os.stat_result:
        return faked(real_fstat(handle))

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "fstat", fstat)


@pytest.mark.parametrize("change", [-40, -1, 1, 40], ids=["grew", "grew-1", "shrank-1", "shrank"])
def test_a_file_whose_size_changed_since_its_stat_is_read_whole(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch, change: int
) -> None:
    before = run("validate", "--root", portfolio, "--no-cache")
    _fake_size(monkeypatch, portfolio / ISSUES, change)
    after = run("validate", "--root", portfolio, "--no-cache")
    assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)


def test_a_file_that_grew_over_the_limit_while_read_is_refused(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (portfolio / ISSUES).open("wb") as handle:
        handle.truncate(yamlio.MAX_FILE_BYTES + 10)
    _fake_size(monkeypatch, portfolio / ISSUES, -(yamlio.MAX_FILE_BYTES + 10 - 100))
    result = run("validate", "--root", portfolio, "--no-cache")
    assert result.exit_code == 1
    assert result.lines[0] == (f"{ISSUES}:1:1: error: file is over the size limit [file-too-large]")


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 70_000])
def test_files_of_any_size_are_read_exactly(tmp_path: Path, size: int) -> None:
    data = bytes((i * 7 + 3) % 251 for i in range(size))
    (tmp_path / "f.yaml").write_bytes(data)
    assert yamlio.read_bytes(tmp_path / "f.yaml", "f.yaml") == data
    assert yamlio.read_bytes(str(tmp_path / "f.yaml"), "f.yaml") == data


_BAD_DATES = {
    "2026-02-30": "`date`: '2026-02-30' is not a real calendar date (day is out of range for month)",
    "[2026-07-31]": "`date`: expected a date written as YYYY-MM-DD (e.g. 2026-07-31), "
    "got ['2026-07-31']",
    "{a: 1}": "`date`: expected a date written as YYYY-MM-DD (e.g. 2026-07-31), got {'a': 1}",
    "20260731": "`date`: expected a date written as YYYY-MM-DD (e.g. 2026-07-31), got 20260731",
    "'3001-01-01'": "`date`: '3001-01-01' is outside the years 1900 to 2999",
    "2026-7-31": "`date`: expected a date written as YYYY-MM-DD (e.g. 2026-07-31), got '2026-7-31'"
    "; did you mean 2026-07-31?",
}


@pytest.mark.parametrize("written", list(_BAD_DATES))
def test_a_bad_date_after_good_ones_keeps_its_message(
    run: Run, portfolio: Path, written: str
) -> None:
    # The portfolio's own dates are validated first (and remembered); then the bad one, twice:
    # in two files, so that a date remembered wrongly would show in the second.
    good = run("validate", "--root", portfolio, "--no-cache")
    assert good.exit_code in (0, 1)
    text = (portfolio / HEALTH).read_text()
    bad = re.sub(r"(?m)^date: .*$", f"date: {written}", text)
    assert bad != text
    (portfolio / HEALTH).write_text(bad)
    (portfolio / HEALTH).with_name("2026-10-01.yaml").write_text(bad)
    result = run("validate", "--root", portfolio, "--no-cache")
    located = [line for line in result.lines if "/health/" in line]
    message = _BAD_DATES[written]
    assert located == [
        f"vendors/acme/health/2026-09-30.yaml:1:7: error: {message} [invalid-value]",
        f"vendors/acme/health/2026-10-01.yaml:1:7: error: {message} [invalid-value]",
    ]


def _reference(value: Any) -> tuple[str, Any]:
    """The date rule as written before dates were remembered by their text: the value, or the
    error message."""
    if isinstance(value, date):
        return "ok", value
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return "error", f"expected a date written as YYYY-MM-DD (e.g. 2026-07-31), got {value!r}"
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        return "error", f"{value!r} is not a real calendar date ({exc})"
    if not 1900 <= day.year <= 2999:
        return "error", f"{value!r} is outside the years 1900 to 2999"
    return "ok", day


_ADAPTER: TypeAdapter[date] = TypeAdapter(Date)


def _validated(value: Any) -> tuple[str, Any]:
    try:
        return "ok", _ADAPTER.validate_python(value)
    except ValidationError as exc:
        (error,) = exc.errors()
        return "error", str(error["msg"]).removeprefix("Value error, ")


_DATE_TEXTS = st.builds(
    "{:04d}-{:02d}-{:02d}".format,
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
)
_VALUES = st.one_of(
    _DATE_TEXTS,
    st.text(alphabet="0123456789-T: ", max_size=12),
    st.dates(),
    st.datetimes(),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.lists(_DATE_TEXTS, max_size=2),
    st.dictionaries(st.text(max_size=3), _DATE_TEXTS, max_size=2),
)


@given(st.lists(_VALUES, min_size=1, max_size=8))
def test_dates_validate_as_the_rule_says_first_time_and_again(values: list[Any]) -> None:
    # Each value twice: the second time a valid text is remembered; the answer stays the same.
    for value in [*values, *values]:
        got, want = _validated(value), _reference(value)
        assert got == want, value
        if got[0] == "ok":
            assert type(got[1]) is type(want[1])
