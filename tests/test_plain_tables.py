"""Terminal tables and text drawn plain are Rich's bytes: on many generated tables (wide
characters, emoji, ids, several lines, empty cells, no rows, narrow and wide terminals) and
through the commands that print them."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BENCH_GENERATOR, Run
from vendorctl.render import plain, terminal
from vendorctl.render.cells import Cell, Grid, Justify

# What a cell of a report may hold: words, ids that break after their hyphens, dates, periods,
# numbers, wide characters and emoji, punctuation around words, the dash of a missing value.
WORDS = [
    "a", "ok", "Needs", "attention", "(capped:", "3", "SLA", "windows", "breached)", "—",
    "2026-09-30", "2026-Q3", "FY2027", "brightdesk-service-desk", "let-lapse", "x-y",
    "nimbus-cloud-0001-c1", "12/27", "+0.4", "-1.5", "EUR", "1,234,567.00", "99.9%", "≥",
    "Ätlas", "Désk", "日本語", "株式会社ブライト", "🚀", "👍🏽", "✓", "♥", "Ünïcödé", "naïve",
    "e\u0301", "W" * 23, "supercalifragilisticexpialidocious", "(EMEA,", '"North";', "Q3)",
    "«quoted»", "a/b/c", "under_score", "dot.ted", "end.", "«", "\u3000", "\xa0nbsp",
]  # fmt: skip
# Text Rich draws its own way (tabs expanded, controls, joiners): left to Rich, still equal.
ODD = ["tab\there", "bell\x07", "cr\rlf", "zwj\u200djoined", "vs16\ufe0f", "esc\x1b[1m"]


def _text(rng: random.Random, odd: bool = False) -> str:
    pick = rng.random()
    if pick < 0.08:
        return ""
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 7))]
    if odd and rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(ODD))
    text = " ".join(words)
    if pick > 0.9:  # several lines, some of them blank, spaces around them
        text = text.replace(" ", rng.choice(["\n", "  ", " \n", "\n\n"]), rng.randint(1, 3))
    return text


def _grid(rng: random.Random, odd: bool = False) -> Grid:
    count = rng.randint(1, 9)
    columns: list[tuple[Cell, Justify]] = [
        (Cell(_text(rng, odd) or "Column"), rng.choice(["left", "right"])) for _ in range(count)
    ]
    title = rng.choice(["", "Vendors as of 2026-10-31", _text(rng, odd)])
    grid = Grid(title, columns)
    for _ in range(rng.choice([0, 1, 2, 5, 12])):
        grid.add_row(*(Cell(_text(rng, odd), whole=rng.random() < 0.3) for _ in range(count)))
    return grid


def _clean(grid: Grid) -> bool:
    """No text the plain drawing leaves to Rich (a cell Rich holds as a `Text` of its own:
    it dropped control characters from it)."""
    cells = [cell for column in grid.cells() for cell in column]
    texts = [grid.title, *(cell.plain for cell in cells)]
    odd = any(re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200d\ufe0f]", t) for t in texts)
    return not odd and all(cell.styled is None for cell in cells)


WIDTHS = [1, 5, 12, 20, 33, 40, 60, 80, 100, 120, 200]


@pytest.mark.parametrize("seed", range(40))
def test_plain_tables_are_richs_bytes(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(8):
        grid = _grid(rng, odd=seed % 4 == 3)
        width = rng.choice(WIDTHS)
        drawn = plain.table(grid, width)
        if drawn is None:
            # Only text that Rich draws its own way is left to it, and columns of nothing
            # but spaces (Rich gives them a width of its own).
            blank = any(max(cell.soft for cell in column) == 0 for column in grid.cells())
            assert blank or not _clean(grid), (grid, width)
            continue
        assert drawn == terminal.by_rich(grid, width), (grid, width)


def test_empty_tables_and_headers_that_wrap() -> None:
    for width in (1, 8, 30, 100):
        empty = Grid("", [(Cell("SLAs met"), "right"), (Cell("Vendor"), "left")])
        assert plain.table(empty, width) == terminal.by_rich(empty, width)
        titled = Grid("Renewals as of 2026-10-31 and a long title to wrap", empty.columns)
        titled.add_row("12/27", "Atlas Desk 0014")
        assert plain.table(titled, width) == terminal.by_rich(titled, width)


@given(
    st.text(
        alphabet=st.sampled_from(
            [" ", " ", "a", "b", "Z", "-", ",", "\n", "é", "日", "🚀", "\xa0"]
        ),
        max_size=120,
    ),
    st.integers(min_value=1, max_value=90),
)
def test_plain_text_is_richs_bytes(value: str, width: int) -> None:
    assert plain.text(value, width) == terminal.by_rich(value, width)


@pytest.mark.parametrize("seed", range(10))
def test_plain_sentences_are_richs_bytes(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(20):
        value = " ".join(_text(rng) for _ in range(rng.randint(1, 12)))
        width = rng.choice(WIDTHS)
        assert plain.text(value, width) == terminal.by_rich(value, width), (value, width)


def _names(root: Path) -> None:
    """Vendor names that wrap, are wide, carry emoji and punctuation."""
    names = [
        "Ätlas Désk 日本語 株式会社",
        "Nimbus 🚀 Cloud",
        "Vault — a very long vendor name that wraps in narrow terminals indeed",
        'Code (EMEA, "North"; Q3)',
        "meridian-telecom-super-long-hyphenated-identifier-like-name",
        "W" * 40,
    ]
    for index, path in enumerate(sorted(root.glob("vendors/*/vendor.yaml"))):
        text = path.read_text(encoding="utf-8")
        name = names[index % len(names)].replace('"', '\\"')
        text = re.sub(r"^name: .*$", f'name: "{name}"', text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain") / "portfolio"
    BENCH_GENERATOR.generate(root, 12, seed=5)
    _names(root)
    return root


COMMANDS = [
    ["list"],
    ["list", "--sort", "score"],
    ["renewals"],
    ["renewals", "--within", "0"],
    ["credits"],
    ["credits", "--outstanding"],
]


@pytest.mark.parametrize("columns", ["30", "60", "100", "200"])
def test_commands_print_what_rich_prints(
    run: Run, generated: Path, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    vendor = sorted(p.name for p in (generated / "vendors").iterdir())[0]
    commands = [*COMMANDS, ["scorecard", vendor], ["scorecard", vendor, "--explain"]]
    drawn = [run(*command, "--root", generated) for command in commands]
    with monkeypatch.context() as rich_only:
        rich_only.setattr(plain, "table", lambda grid, width: None)
        rich_only.setattr(plain, "text", lambda value, width: None)
        by_rich = [run(*command, "--root", generated) for command in commands]
    for command, mine, theirs in zip(commands, drawn, by_rich, strict=True):
        assert mine.exit_code == theirs.exit_code == 0, (command, mine.stderr)
        assert mine.stdout == theirs.stdout, command
