"""Terminal table cells that wrap only between words, and the column widths that fit a table
to the terminal: what the Rich tables and the plain tables of `render/plain.py` share."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from rich.cells import cell_len

Justify = Literal["left", "right"]

# Where a cell's text may break: between words, and inside a hyphenated word (an id such as
# `brightdesk-service-desk`) after its hyphens, when it fits on no line whole. Nothing else:
# a word is never folded, a date, a period or a number never broken; a column is as wide as
# its widest unbreakable piece, and a table that cannot fit so grows wider than the console.
_WORD = re.compile(r"\S+")
_ID = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
_DATED = re.compile(r"(?:FY)?[0-9]{4}(?:-(?:[0-9]{2}|Q[1-4]))*")  # 2026-09-30, 2026-Q3, FY2027
_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[A-Za-z0-9])")
_EDGES = "()[]{},.;:!?'\""
_SPACE = re.compile(r"\s")
# The control characters Rich's Text drops from a string (bell, backspace, vertical tab, form
# feed, carriage return): a cell measures its text as Rich will hold it.
_DROPPED = re.compile(r"[\x07\x08\x0b\x0c\x0d]")


class _Piece(NamedTuple):
    """A run of a cell's text that stays on one line: `start`, `end` offsets in the text; it
    joins the piece before it without a space (an id's part after a hyphen) or not; its
    `width` and that of the `space` before it, in terminal cells."""

    start: int
    end: int
    joined: bool
    width: int
    space: int = 0


def _unbroken(word: str, whole: bool) -> bool:
    """Whether a word stays whole: kept whole by its cell, a date or period, or no id."""
    core = word.strip(_EDGES)
    return whole or _DATED.fullmatch(core) is not None or _ID.fullmatch(core) is None


def _pieces(line: str, offset: int, whole: bool = False) -> list[_Piece]:
    """The pieces of one line of text, whose first character is at `offset`: its words, a
    hyphenated one cut after each hyphen unless the cell keeps its words `whole`."""
    found: list[_Piece] = []
    before = 0
    for word in _WORD.finditer(line):
        text = word.group()
        start = offset + word.start()
        space = cell_len(line[before : word.start()]) if found else 0
        before = word.end()
        if _unbroken(text, whole):
            found.append(_Piece(start, start + len(text), False, cell_len(text), space))
            continue
        cuts = [0, *(m.start() for m in _AFTER_HYPHEN.finditer(text)), len(text)]
        for index, (a, b) in enumerate(itertools.pairwise(cuts)):
            gap = space if index == 0 else 0
            found.append(_Piece(start + a, start + b, index > 0, cell_len(text[a:b]), gap))
    return found


class Cell:
    """A table cell's text (plain, or a Rich `Text` with styles) that wraps only where
    `_pieces` allow. `whole` for a value from a fixed set (a segment, a status, a decision, a
    standing): no word of it breaks, not even after a hyphen (the decision `let-lapse`)."""

    def __init__(self, content: Any, whole: bool = False) -> None:
        # A Rich Text only when one is given or Rich would change the string: a plain table
        # never needs one, and making thousands costs what drawing them should not.
        self.styled: Any = None
        # One line of one piece, its whole text (`spans` of any width it fits: the text).
        self.single = False
        if isinstance(content, str):
            self.plain = content
        elif hasattr(content, "plain") and hasattr(content, "spans"):
            self.styled = content
            self.plain = content.plain
        else:
            self.plain = str(content)
        if self.styled is None and _DROPPED.search(self.plain):
            from rich.text import Text

            self.styled = Text(self.plain)
            self.plain = self.styled.plain
        plain = self.plain
        if plain and _SPACE.search(plain) is None and _unbroken(plain, whole):
            # One word that stays whole (most cells: a number, a date, a status): one piece.
            width = cell_len(plain)
            self.lines = [[_Piece(0, len(plain), False, width)]]
            self.full = self.word = self.soft = width
            self.single = True
            return
        self.lines = []
        offset = 0
        for line in self.plain.split("\n"):
            self.lines.append(_pieces(line, offset, whole))
            offset += len(line) + 1
        every = [piece for line in self.lines for piece in line]
        self.full = max((cell_len(line) for line in self.plain.split("\n")), default=0)
        # The widest word, and the widest piece (a word's part up to a hyphen it may break at).
        self.word = max(
            (_word_width(line, i) for line in self.lines for i in range(len(line))), default=0
        )
        self.soft = max((p.width for p in every), default=0)

    @property
    def text(self) -> Any:
        """The cell's Rich `Text`: the one given, else a new one of its plain text."""
        if self.styled is not None:
            return self.styled
        from rich.text import Text

        return Text(self.plain)

    def spans(self, width: int) -> list[tuple[int, int]]:
        """The (start, end) offsets in the text of each line the cell takes in `width` cells."""
        return [span for line in self.lines for span in _wrap(line, width, self.plain)]

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(self.soft, self.full)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        text = self.text
        lines = [text[a:b] for a, b in self.spans(options.max_width)] or [text[0:0]]
        joined = Text("\n", style=text.style).join(lines)
        joined.justify = text.justify
        yield joined


def as_cell(content: Any) -> Cell:
    """`content` as a Cell (a Cell as it is)."""
    if type(content) is str:
        return text_cell(content)
    return content if isinstance(content, Cell) else Cell(content)


@functools.lru_cache(maxsize=4096)
def text_cell(text: str, whole: bool = False) -> Cell:
    """`Cell(text, whole)`, made once for every cell of the same text: a Cell is never changed
    once made, and a table repeats a few hundred texts (statuses, dates, numbers, dashes) over
    its thousands of rows."""
    return Cell(text, whole)


def _word_width(line: list[_Piece], index: int) -> int:
    """The width of the word that starts with piece `index` (its pieces up to the next that
    starts a word); 0 for a piece that does not start one."""
    if line[index].joined:
        return 0
    width = line[index].width
    for after in line[index + 1 :]:
        if not after.joined:
            break
        width += after.width
    return width


def _wrap(line: list[_Piece], width: int, plain: str) -> list[tuple[int, int]]:
    """The (start, end) offsets in `plain` of each output line: greedy, a word moved whole to
    the next line when it fits there, an id broken after a hyphen only when it fits on no line
    whole."""
    out: list[tuple[int, int]] = []
    start = end = used = -1
    for index, piece in enumerate(line):
        if not piece.joined and used >= 0:
            # A whole word that fits on a line of its own goes there rather than break after
            # a hyphen.
            word = _word_width(line, index)
            if used + piece.space + word > width and word <= width:
                out.append((start, end))
                start = end = used = -1
        gap = piece.space if used >= 0 else 0
        if used >= 0 and used + gap + piece.width > width:
            out.append((start, end))
            start = end = used = -1
            gap = 0
        if used < 0 and piece.width > width:
            # Only in a column narrower than its widest piece, which `fitted` never makes: cut
            # rather than let Rich crop the rest away.
            out.extend(_fold(plain, piece.start, piece.end, width))
            continue
        if used < 0:
            start, used = piece.start, 0
        used += gap + piece.width
        end = piece.end
    if used >= 0:
        out.append((start, end))
    return out


def _fold(plain: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """A piece wider than the column, cut into runs of at most `width` cells."""
    runs: list[tuple[int, int]] = []
    first, used = start, 0
    for index in range(start, end):
        size = cell_len(plain[index])
        if used and used + size > max(width, 1):
            runs.append((first, index))
            first, used = index, 0
        used += size
    runs.append((first, end))
    return runs


@dataclass(frozen=True)
class Spacing:
    """The spacing of a table as Rich's `Table` holds it: padding (top, right, bottom, left)
    around each cell, collapsed between neighbours or not, and a margin at the edges or not."""

    padding: tuple[int, int, int, int] = (0, 1, 0, 1)
    collapse_padding: bool = False
    show_edge: bool = True


# Ever tighter spacing between columns, tried in turn when a table's words cannot stand whole
# in the width otherwise: two spaces between columns, then one and no margin at the edges.
# Each step changes only what it names: what an earlier step set stays.
_SPACINGS: tuple[dict[str, Any], ...] = (
    {},
    {"collapse_padding": True},
    {"collapse_padding": True, "padding": (0, 0, 0, 0), "show_edge": False},
)


@dataclass(frozen=True)
class Fitted:
    """How a table fits a width: its spacing, and the width of each column's text and of the
    whole table (None: as Rich measures them, the table fitting as it is)."""

    spacing: Spacing
    widths: list[int] | None = None
    width: int | None = None


def fitted(
    columns: Sequence[Sequence[Cell]],
    width: int,
    spacing: Spacing,
    around: Callable[[Spacing], int],
) -> Fitted:
    """Give a table's columns (each its header and cells) widths that fit `width` without
    breaking a word: its cells wrapped between words (and ids after their hyphens), with
    tighter spacing if that is not enough; when even that cannot fit, the table grows wider
    than `width`, every word whole (the caller prints it uncropped). `around` is the width a
    table takes besides its columns' text (edges, separators, padding) at a spacing."""
    full = [max(c.full for c in column) for column in columns]
    words = [max(c.word for c in column) for column in columns]
    soft = [max(c.soft for c in column) for column in columns]
    room = width - around(spacing)  # what is left for text
    if sum(full) <= room:
        return Fitted(spacing)
    # Every word whole at any spacing, tightest last; only then ids broken after their
    # hyphens; and when even that cannot fit, every word whole in a wider table.
    for floor in (words, soft, words):
        for step in _SPACINGS:
            spacing = Spacing(**{**spacing.__dict__, **step})
            room = width - around(spacing)
            if sum(floor) <= room:
                break
        else:
            continue
        break
    widths = _shrink(full, floor, room)
    grown = width - room + sum(widths) if sum(widths) > room else None
    return Fitted(spacing, widths, grown)


def _shrink(widths: list[int], floor: list[int], room: int) -> list[int]:
    """Narrow the widest columns first, one cell at a time, none below its `floor`, until the
    columns fit `room` (or all stand at their floors): short columns stay whole."""
    widths = list(widths)
    excess = sum(widths) - room
    while excess > 0:
        above = [i for i, (w, f) in enumerate(zip(widths, floor, strict=True)) if w > f]
        if not above:
            break
        widest = max(above, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
        excess -= 1
    return widths


@dataclass
class Grid:
    """A table to draw: its title (none if empty), its columns (header and justification)
    and its rows of cells."""

    title: str
    columns: list[tuple[Cell, Justify]]
    rows: list[list[Cell]] = field(default_factory=list)

    def add_row(self, *cells: Any) -> None:
        """Add a row, each value made a Cell."""
        self.rows.append([as_cell(c) for c in cells])

    def cells(self) -> list[list[Cell]]:
        """Each column's header and cells."""
        return [
            [header, *(row[i] for row in self.rows)] for i, (header, _) in enumerate(self.columns)
        ]
