"""Terminal text and tables drawn as plain characters, byte for byte as Rich draws them without
colour (`tests/test_plain_tables.py` holds them to it): a fraction of the time, for the
thousands of rows of `list` and `renewals`. Whatever it does not draw (None), Rich does."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from rich.cells import cell_len, chop_cells, set_cell_size

from vendorctl.render.cells import Cell, Grid, Spacing, fitted

# What the plain drawing leaves to Rich: tabs (Rich expands them), other control characters,
# and the zero-width joiner and variation selector that change the width of what they join.
_RICH_ONLY = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200d\ufe0f]")
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING = re.compile(r"\s+$")
# Rich's SIMPLE_HEAD box: spaces all round, a rule under the header.
_RULE = "─"


def text(value: str, width: int) -> str | None:
    """A string as Rich's console prints it (`console.print(value)`): wrapped between words
    to `width`, a word wider than that folded; None if Rich must draw it."""
    lines = _wrapped(value, width, pad=False)
    return None if lines is None else "".join(line + "\n" for line in lines)


def _wrapped(value: str, width: int, *, pad: bool) -> list[str] | None:
    """The lines of `value` at `width` as Rich's Text wraps them (justified left, padded to
    `width`, if `pad`); None if Rich must draw it."""
    if width < 1 or _RICH_ONLY.search(value):
        return None
    lines: list[str] = []
    for line in value.split("\n"):
        cuts = [0, *_breaks(line, width), len(line)]
        for a, b in itertools.pairwise(cuts):
            piece = _rstrip_end(line[a:b], width)
            size = cell_len(piece)
            if size > width:
                piece = set_cell_size(piece, width)
            elif pad and size < width:
                piece += " " * (width - size)
            lines.append(piece)
    return lines


def _breaks(line: str, width: int) -> list[int]:
    """Where Rich breaks a line of text to fit `width` (`rich._wrap.divide_line`, folding):
    before a word that does not fit the rest of the line, and inside one wider than a line."""
    breaks: list[int] = []
    used = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        size = cell_len(word.rstrip())
        if width - used >= size:
            used += cell_len(word)
        elif size > width:
            folded = chop_cells(word, width)
            for index, part in enumerate(folded):
                if start:
                    breaks.append(start)
                if index == len(folded) - 1:
                    used = cell_len(part)
                else:
                    start += len(part)
        elif used and start:
            breaks.append(start)
            used = cell_len(word)
    return breaks


def _rstrip_end(line: str, width: int) -> str:
    """Rich's `Text.rstrip_end`: trailing whitespace beyond `width` characters cut."""
    excess = len(line) - width
    if excess > 0:
        found = _TRAILING.search(line)
        if found is not None:
            return line[: len(line) - min(len(found.group()), excess)]
    return line


def table(grid: Grid, width: int) -> str | None:
    """A table as Rich prints it uncropped (a `Table` with the SIMPLE_HEAD box, no edge
    padding, title on the left; see `terminal._rich_table`), fitted to `width` by `fitted`;
    None if Rich must draw it."""
    columns = grid.cells()
    if not columns or any(not _plain(cell) for column in columns for cell in column):
        return None
    fit = fitted(columns, width, Spacing(), _around(len(columns)))
    spacing = fit.spacing
    count = len(columns)
    edges = (2 if spacing.show_edge else 0) + count - 1
    room = (width if fit.width is None else fit.width) - edges
    if room < 1:
        return None
    pads = [_padding(spacing, i, count) for i in range(count)]
    widths = []
    for i, column in enumerate(columns):
        if fit.widths is not None:
            size = min(fit.widths[i] + sum(_measured_padding(spacing, i, count)), room)
        else:
            # The widest cell measures widest (`_measured` grows with a cell's width).
            size = min(_measured(max(cell.full for cell in column), pads[i], room), room)
        widths.append(size or 1)
    if sum(widths) > room:
        return None  # Rich would narrow the columns its own way
    total = sum(widths) + edges
    out: list[str] = []
    if grid.title:
        title = _wrapped(grid.title, total, pad=True)
        if title is None:
            return None
        out.extend(title)
    edge = " " if spacing.show_edge else ""
    if spacing.show_edge:
        out.append(" " * total)
    justify = [how for _, how in grid.columns]
    inner = [widths[i] - left - right for i, (left, right) in enumerate(pads)]
    sides = [(" " * left, " " * right) for left, right in pads]
    for index in range(len(grid.rows) + 1):
        drawn = []
        for i, column in enumerate(columns):
            cell, size = column[index], inner[i]
            before, after = sides[i]
            if cell.single and size >= 1 and cell.full <= size:
                # `_cell_lines` of most cells (the text on one line), without a call.
                space = " " * (size - cell.full)
                line = space + cell.plain if justify[i] == "right" else cell.plain + space
                drawn.append([before + line + after])
                continue
            lines = _cell_lines(cell, size, justify[i])
            if lines is None:
                return None
            drawn.append([before + line + after for line in lines])
        if all(len(lines) == 1 for lines in drawn):  # most rows: one line each
            out.append(edge + " ".join(lines[0] for lines in drawn) + edge)
            if index == 0:
                out.append(edge + _RULE * (sum(widths) + count - 1) + edge)
            continue
        height = max(len(lines) for lines in drawn)
        for i, lines in enumerate(drawn):
            blank = [" " * widths[i]] * (height - len(lines))
            # The header sits on the rule below it; the cells of a row hang from its top.
            drawn[i] = blank + lines if index == 0 else lines + blank
        out.extend(edge + " ".join(parts) + edge for parts in zip(*drawn, strict=True))
        if index == 0:
            out.append(edge + _RULE * (sum(widths) + count - 1) + edge)
    if spacing.show_edge:
        out.append(" " * total)
    return "".join(line + "\n" for line in out)


def _plain(cell: Cell) -> bool:
    """Whether a cell is plain text the plain table draws as Rich would."""
    return cell.styled is None and _RICH_ONLY.search(cell.plain) is None


def _padding(spacing: Spacing, index: int, count: int) -> tuple[int, int]:
    """The spaces left and right of a column's text, as Rich pads its cells (`_get_cells`)."""
    if not any(spacing.padding):
        return 0, 0
    _, right, _, left = spacing.padding
    if spacing.collapse_padding and index > 0:
        left = max(0, left - right)
    if index == 0:
        left = 0
    if index == count - 1:
        right = 0
    return left, right


def _measured_padding(spacing: Spacing, index: int, count: int) -> tuple[int, int]:
    """The padding Rich adds to a column's measured width (`_get_padding_width`)."""
    _, right, _, left = spacing.padding
    if spacing.collapse_padding:
        left = 0
        right = abs(left - right)
    if index == 0:
        left = 0
    if index == count - 1:
        right = 0
    return left, right


def _around(count: int) -> Callable[[Spacing], int]:
    """The width a table of `count` columns takes besides their text at a spacing: edges,
    separators and padding (what Rich measures beyond the cells' widest lines)."""

    def around(spacing: Spacing) -> int:
        edges = (2 if spacing.show_edge else 0) + count - 1
        return edges + sum(sum(_measured_padding(spacing, i, count)) for i in range(count))

    return around


def _measured(full: int, padding: tuple[int, int], room: int) -> int:
    """The widest a cell's column must be for it (its `full` width), as Rich measures it in
    `room` cells."""
    extra = sum(padding)
    if room - extra < 1:
        return room
    width = min(full, room)
    return min((width if width >= 1 else 0) + extra, room)


def _cell_lines(cell: Cell, width: int, justify: str) -> list[str] | None:
    """A cell's lines, each `width` cells wide, justified; None if one is wider."""
    if width < 1:
        return None
    lines = []
    for start, end in cell.spans(width) or [(0, 0)]:
        line = cell.plain[start:end]
        size = cell_len(line)
        if size > width:
            return None
        space = " " * (width - size)
        lines.append(space + line if justify == "right" else line + space)
    return lines
