"""The fast reader of measurement files (load.flow_lines) against the parser: the same data, to the
type of every number, for every text it accepts; the parser's answer for every text it declines."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml_rs

from vendorctl.load import flow_lines, yamlio
from vendorctl.load.yamlio import LoadError

from .conftest import Run

_SLUGS = [
    "availability",
    "csat",
    "api-latency",
    "p1-response",
    "a",
    "x9",
    "sla-2",
    "nullable",
    "a--b",
    "b-",
]
_SPECIAL = [
    "true",
    "false",
    "null",
    "yes",
    "~",
    ".inf",
    "-.nan",
    "1e3",
    "0x1f",
    "+1",
    "2026",
    "'s'",
]
_PERIODS = [
    "2026-07",
    "2026-12",
    "2026-Q3",
    "FY2027",
    "FY2027-Q1",
    "2026-10",
    "2026-13",
    "FY2027-Q9",
]
_NUMBERS = ["95.2", "390", "0", "-0", "-0.0", "007", "99.990", "1.5", "123456789012345", "0.1"]
_NOTES = ['"plain note"', '""', '"Kraków: 9 of 14, down"', '"a # b"', '"tab\there"']
_INSERTS = [" ", "\t", "#", '"', "'", ":", ",", "{", "}", "-", "\\", "x", "1", ".", "\r", "\n", "!"]
_INSERTS += ["&a ", "*a", "?", "|", ">", "%", "@", "`", "é", "\x85", "\u2028", "[", "]", "\ufeff"]


def _item(rng: random.Random) -> str:
    parts = [
        f"kpi: {rng.choice(_SLUGS)}",
        f"period: {rng.choice(_PERIODS)}",
        f"value: {rng.choice(_NUMBERS)}",
    ]
    if rng.random() < 0.2:
        parts.append(f"weight: {rng.choice(_NUMBERS)}")
    if rng.random() < 0.7:
        parts.append(f"source: {rng.choice(_SLUGS)}")
    if rng.random() < 0.2:
        parts.append(f"note: {rng.choice(_NOTES)}")
    return "  - {" + ", ".join(parts) + "}"


def _text(rng: random.Random) -> str:
    head = rng.choice(["", "# yaml-language-server: $schema=x.json\n", "# a\n\n# b\n", "\n"])
    lines = [_item(rng) if rng.random() < 0.9 else "" for _ in range(rng.randint(0, 6))]
    text = head + "measurements:\n" + "\n".join(lines) + rng.choice(["\n", ""])
    return text


def _mutated(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        roll = rng.random()
        if roll < 0.5:
            text = text[:at] + rng.choice(_INSERTS) + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + 1 :]
        else:
            token = rng.choice(_SPECIAL)
            for key in ("kpi: ", "source: ", "value: ", "period: "):
                if key in text and rng.random() < 0.5:
                    start = text.index(key) + len(key)
                    ends = [i for i in (text.find(",", start), text.find("}", start)) if i >= 0]
                    end = min(ends, default=len(text))
                    text = text[:start] + token + text[end:]
                    break
    return text


def _parsed(text: str) -> Any:
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except BaseException as exc:  # a Rust panic is a BaseException
        return exc


def _cases(count: int, seed: int) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        text = _text(rng)
        mutate = rng.random() < 0.6
        found.append((_mutated(rng, text) if mutate else text, mutate))
    return found


def test_accepted_texts_read_as_the_parser_reads_them() -> None:
    accepted = declined = 0
    for text, _ in _cases(4000, 23):
        fast = flow_lines.read(text)
        if fast is None:
            declined += 1
            continue
        accepted += 1
        # repr, not ==: 1 == 1.0, and an int where the parser gives a float would be a change.
        assert repr(fast) == repr(_parsed(text)), text
    # Both ways taken often: the comparison above is not vacuous.
    assert accepted > 1000
    assert declined > 1000


def test_canonical_files_are_read_fast() -> None:
    text = (
        "# yaml-language-server: $schema=../../../schemas/measurements.schema.json\n"
        "measurements:\n"
        "  - {kpi: availability, period: 2026-07, value: 99.95, source: monitoring}\n"
        "\n"
        '  - {kpi: tickets, period: 2026-Q3, value: 390, weight: 12, note: "Kraków"}\n'
    )
    assert flow_lines.read(text) == {
        "measurements": [
            {"kpi": "availability", "period": "2026-07", "value": 99.95, "source": "monitoring"},
            {"kpi": "tickets", "period": "2026-Q3", "value": 390, "weight": 12, "note": "Kraków"},
        ]
    }


@pytest.mark.parametrize(
    "text",
    [
        "# c\rmeasurements:\n  - {kpi: a, period: 2026-07, value: 1}\n",  # CR ends the comment
        "measurements:\n  - {kpi: true, period: 2026-07, value: 1}\n",  # a boolean, not a slug
        "measurements:\n  - {kpi: a, period: 2026-07, value: 1} # c\n",
        "measurements:\n  - {kpi: a, period: 2026-07, value: 1}\nother: 1\n",
        "#x measurements:\n  - {kpi: a, period: 2026-07, value: 1}\n",
        "measurements:\n",
        "measurements:\n - {kpi: a, period: 2026-07, value: 1}\n  - {kpi: a, period: 2026-08, value: 1}\n",
    ],
)
def test_texts_it_declines(text: str) -> None:
    assert flow_lines.read(text) is None


def _outcome(text: str) -> Any:
    try:
        return repr(yamlio.parse(text, "vendors/v/kpis/2026.yaml"))
    except LoadError as exc:
        return exc.diagnostics


def test_parse_gives_the_same_outcome_with_or_without_the_fast_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = [text for text, _ in _cases(1500, 7)]
    fast = [_outcome(text) for text in cases]
    monkeypatch.setattr(flow_lines, "read", lambda text: None)
    assert [_outcome(text) for text in cases] == fast


def test_validate_reports_alike_from_a_file_read_fast_and_one_parsed(
    run: Run, portfolio: Path
) -> None:
    kpis = next(portfolio.glob("vendors/*/kpis"))
    long = "k" * 70  # a slug the reader takes and the schema refuses (over 64 characters)
    text = f"measurements:\n  - {{kpi: {long}, period: 2026-07, value: 99.95}}\n"
    assert flow_lines.read(text) is not None
    (kpis / "2099.yaml").write_text(text)
    fast = run("validate", "--root", portfolio, "--no-cache")
    (kpis / "2099.yaml").write_text(text + "# parsed: a comment line the reader declines\n")
    parsed = run("validate", "--root", portfolio, "--no-cache")
    assert fast.exit_code == parsed.exit_code == 1
    assert "kpis/2099.yaml:2:" in fast.stdout
    assert fast.stdout == parsed.stdout


def test_only_what_the_line_patterns_do_not_vouch_for_is_left_to_check() -> None:
    # The common shape: its item lines hold nothing but the pattern's characters, so only the
    # comments before the key are left to check; a note may hold anything, so all is.
    head = "# a comment\n\n"
    common = head + "measurements:\n  - {kpi: a, period: 2026-01, value: 1, source: b}\n"
    assert flow_lines.read_unchecked(common) == (flow_lines.read(common), len(head))
    noted = 'measurements:\n  - {kpi: a, period: 2026-01, value: 1, note: "x"}\n'
    assert flow_lines.read_unchecked(noted) == (flow_lines.read(noted), len(noted))
    assert flow_lines.read_unchecked("vendor: x\n") == (None, len("vendor: x\n"))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("# a \x01 comment\nmeasurements:\n  - {kpi: a, period: 2026-01, value: 1}\n", (1, 5)),
        ('measurements:\n  - {kpi: a, period: 2026-01, value: 1, note: "\x02"}\n', (2, 48)),
        ("measurements:\n  - {kpi: a, period: 2026-01, value: 1}\n  - {kpi: \x7f}\n", (3, 11)),
    ],
)
def test_a_forbidden_character_of_a_measurement_file_is_reported_where_it_stands(
    text: str, where: tuple[int, int]
) -> None:
    for share in (False, True):
        with pytest.raises(LoadError) as raised:
            yamlio.parse(text, "m.yaml", share=share)
        diagnostic = raised.value.diagnostics[0]
        assert (diagnostic.line, diagnostic.col, diagnostic.code) == (*where, "yaml-syntax")
