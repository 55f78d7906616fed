"""Terminal views of report contexts, drawn with Rich (plain text when not on a colour terminal)."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from vendorctl.render.filters import (
    credit_status,
    measure,
    money,
    number,
    percent,
    signed,
    status,
)


def _console(width: int | None, colour: bool) -> Any:
    import io

    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=width or 100,
        color_system="standard" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        highlight=False,
        markup=False,  # text from the data must never be read as Rich markup
        emoji=False,
        legacy_windows=False,
    )


def _table(title: str, columns: list[tuple[str, str]]) -> Any:
    from rich import box

    table = _classes().table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in columns:
        table.add_column(Cell(name), justify=justify, overflow="fold")
    return table


def _print(console: Any, renderable: Any) -> None:
    """Print a table (or text) with its columns fitted to the console first. Never cropped: a
    table that cannot fit without cutting a word is printed wider than the console."""
    if isinstance(renderable, _classes().table):
        fit(renderable, console, console.width)
    console.print(renderable, crop=False)


# Where a cell's text may break: between words, and inside a hyphenated word (an id such as
# `brightdesk-service-desk`) after its hyphens, when it fits on no line whole. Nothing else:
# a word is never folded, a date, a period or a number never broken; a column is as wide as
# its widest unbreakable piece, and a table that cannot fit so grows wider than the console.
_WORD = re.compile(r"\S+")
_ID = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")
_DATED = re.compile(r"(?:FY)?[0-9]{4}(?:-(?:[0-9]{2}|Q[1-4]))*")  # 2026-09-30, 2026-Q3, FY2027
_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[A-Za-z0-9])")
_EDGES = "()[]{},.;:!?'\""


@dataclass(frozen=True)
class _Piece:
    """A run of a cell's text that stays on one line: `start`, `end` offsets in the text; it
    joins the piece before it without a space (an id's part after a hyphen) or not; its
    `width` and that of the `space` before it, in terminal cells."""

    start: int
    end: int
    joined: bool
    width: int
    space: int = 0


def _pieces(line: str, offset: int, whole: bool = False) -> list[_Piece]:
    """The pieces of one line of text, whose first character is at `offset`: its words, a
    hyphenated one cut after each hyphen unless the cell keeps its words `whole`."""
    from rich.cells import cell_len

    found: list[_Piece] = []
    before = 0
    for word in _WORD.finditer(line):
        text, core = word.group(), word.group().strip(_EDGES)
        start = offset + word.start()
        space = cell_len(line[before : word.start()]) if found else 0
        before = word.end()
        if whole or _DATED.fullmatch(core) or not _ID.fullmatch(core):
            found.append(_Piece(start, start + len(text), False, cell_len(text), space))
            continue
        cuts = [0, *(m.start() for m in _AFTER_HYPHEN.finditer(text)), len(text)]
        for index, (a, b) in enumerate(itertools.pairwise(cuts)):
            gap = space if index == 0 else 0
            found.append(_Piece(start + a, start + b, index > 0, cell_len(text[a:b]), gap))
    return found


class Cell:
    """A table cell's text (plain or styled) that wraps only where `_pieces` allow. `whole`
    for a value from a fixed set (a segment, a status, a decision, a standing): no word of it
    breaks, not even after a hyphen (the decision `let-lapse`)."""

    def __init__(self, content: Any, whole: bool = False) -> None:
        from rich.cells import cell_len
        from rich.text import Text

        self.text = content if isinstance(content, Text) else Text(str(content))
        plain = self.text.plain
        self.lines: list[list[_Piece]] = []
        offset = 0
        for line in plain.split("\n"):
            self.lines.append(_pieces(line, offset, whole))
            offset += len(line) + 1
        every = [piece for line in self.lines for piece in line]
        self.full = max((cell_len(line) for line in plain.split("\n")), default=0)
        # The widest word, and the widest piece (a word's part up to a hyphen it may break at).
        self.word = max(
            (_word_width(line, i) for line in self.lines for i in range(len(line))), default=0
        )
        self.soft = max((p.width for p in every), default=0)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(self.soft, self.full)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        plain = self.text.plain
        spans = [span for line in self.lines for span in _wrap(line, options.max_width, plain)]
        lines = [self.text[a:b] for a, b in spans] or [self.text[0:0]]
        joined = Text("\n", style=self.text.style).join(lines)
        joined.justify = self.text.justify
        yield joined


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
            # Only in a column narrower than its widest piece, which `fit` never makes: cut
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
    from rich.cells import cell_len

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


# Ever tighter spacing between columns, tried in turn when a table's words cannot stand whole
# in the width otherwise: two spaces between columns, then one and no margin at the edges.
_SPACINGS: tuple[dict[str, Any], ...] = (
    {"collapse_padding": True},
    {"collapse_padding": True, "padding": (0, 0), "show_edge": False},
)


def fit(table: Any, console: Any, width: int) -> None:
    """Give a table's columns widths that fit `width` without breaking a word: its cells
    wrapped between words (and ids after their hyphens), with tighter spacing if that is not
    enough; when even that cannot fit, the table grows wider than `width`, every word whole
    (the caller prints it uncropped)."""
    cells = [[_cell(column.header), *map(_cell, column.cells)] for column in table.columns]
    full = [max(c.full for c in column) for column in cells]
    words = [max(c.word for c in column) for column in cells]
    soft = [max(c.soft for c in column) for column in cells]
    room = width - _around(table, console, full)  # what is left for text
    if sum(full) <= room:
        return
    # Every word whole at any spacing, tightest last; only then ids broken after their
    # hyphens; and when even that cannot fit, every word whole in a wider table.
    for floor in (words, soft, words):
        for spacing in ({}, *_SPACINGS):
            for name, value in spacing.items():
                setattr(table, name, value)
            room = width - _around(table, console, full)
            if sum(floor) <= room:
                break
        else:
            continue
        break
    widths = _shrink(full, floor, room)
    for column, size in zip(table.columns, widths, strict=True):
        column.width = size
    if sum(widths) > room:
        table.width = width - room + sum(widths)


def _around(table: Any, console: Any, full: list[int]) -> int:
    """The width a table takes besides its columns' text: edges, separators, padding."""
    from rich.measure import Measurement

    natural = Measurement.get(console, console.options.update_width(100_000), table).maximum
    return int(natural) - sum(full)


def _cell(content: Any) -> Cell:
    return content if isinstance(content, Cell) else Cell(content)


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


@dataclass(frozen=True)
class _Classes:
    table: Any
    markdown: Any


@functools.cache
def _classes() -> _Classes:
    """Rich's table and Markdown with every cell a `Cell` (made on first use: importing Rich
    costs what `--help` should not pay)."""
    from rich import box
    from rich.markdown import Markdown, MarkdownElement
    from rich.table import Table

    class FittedTable(Table):
        def add_row(self, *cells: Any, **options: Any) -> None:
            super().add_row(*(_cell(c) for c in cells), **options)

    try:
        from rich.markdown import TableElement
    except ImportError:  # Rich before 13.4 draws no Markdown tables at all
        return _Classes(FittedTable, Markdown)

    class FittedTableElement(TableElement):
        # Rich's own element, its cells made `Cell`s and its columns fitted to the width.
        def __rich_console__(self, console: Any, options: Any) -> Any:
            table = FittedTable(
                box=box.SIMPLE,
                pad_edge=False,
                style="markdown.table.border",
                show_edge=True,
                collapse_padding=True,
            )
            if self.header is not None and self.header.row is not None:
                for column in self.header.row.cells:
                    heading = column.content.copy()
                    heading.stylize("markdown.table.header")
                    table.add_column(Cell(heading))
            if self.body is not None:
                for row in self.body.rows:
                    table.add_row(*(element.content for element in row.cells))
            fit(table, console, options.max_width)
            yield table

    class FittedMarkdown(Markdown):
        elements: ClassVar[dict[str, type[MarkdownElement]]] = {
            **Markdown.elements,
            "table_open": FittedTableElement,
        }

    return _Classes(FittedTable, FittedMarkdown)


def _standing(standing: dict[str, Any] | None, missing: str) -> str:
    if standing is None:
        return missing
    if standing["capped"]:
        return f"{standing['label']} (capped: {standing['reason']})"
    return str(standing["label"])


def _slas(summary: dict[str, int]) -> str:
    """`met 7/9 windows`: the windows with data, as the Markdown views say it."""
    windows = summary["windows"]
    if not windows:
        return "no SLA data"
    return f"met {summary['met']}/{windows} window{'' if windows == 1 else 's'}"


def _target(row: dict[str, Any]) -> str:
    """A target with its direction, as the Markdown tables show it: ≥ 99.9%."""
    sign = "≥" if row["direction"] == "higher" else "≤"
    return f"{sign} {measure(row['target'], row['unit'])}"


def scorecard(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """The scorecard as terminal text: headline, KPIs, SLAs, credits (and the computation)."""
    from rich.text import Text

    console = _console(width, colour)
    vendor = context["vendor"]
    standing = context["standing"]
    headline = Text()
    headline.append(f"{vendor['name']} · {context['period']}\n", style="bold")
    headline.append(
        f"Score {number(context['score'])}"
        f" · {_standing(standing, 'no data')}"
        f" · SLAs {_slas(context['sla_summary'])}"
        f" · change {signed(context['change'])}"
        f" · KPI coverage {percent(context['coverage'])}"
    )
    _print(console, headline)
    kpis = _table(
        "KPIs",
        [
            ("KPI", "left"),
            ("Target", "right"),
            ("Actual", "right"),
            ("Attainment", "right"),
            ("Weight", "right"),
            ("Status", "left"),
        ],
    )
    for kpi in context["kpis"]:
        sign = "≥" if kpi["direction"] == "higher" else "≤"
        kpis.add_row(
            kpi["name"],
            f"{sign} {measure(kpi['target'], kpi['unit'])}",
            measure(kpi["value"], kpi["unit"], near=[kpi["target"], kpi.get("floor")]),
            number(kpi["attainment"]),
            measure(kpi["weight"]),
            Cell(status(kpi["status"]), whole=True),
        )
    _print(console, kpis)
    if context["slas"]:
        slas = _table(
            "SLA compliance",
            [
                ("Contract", "left"),
                ("SLA", "left"),
                ("Window", "left"),
                ("Target", "right"),
                ("Actual", "right"),
                ("Status", "left"),
                ("Credit", "right"),
            ],
        )
        for row in context["slas"]:
            slas.add_row(
                row["contract"],
                row["sla"],
                row["window"],
                _target(row),
                measure(row["value"], row["unit"], near=[row["target"], *row["thresholds"]]),
                Cell(status(row["status"]), whole=True),
                percent(row["credit_percent"]),
            )
        _print(console, slas)
    if context.get("commentary"):
        notes = _table(
            "Commentary",
            [("Period", "left"), ("Explanation", "left"), ("Action", "left"), ("Owner", "left")],
        )
        for note in context["commentary"]:
            notes.add_row(
                note["period"] + ("" if note["shared"] else " (internal)"),
                note["explanation"],
                note["action"],
                note["owner_name"] or note["owner"] or "—",
            )
        _print(console, notes)
    if context["credits"]:
        _print(console, _credit_table("Service credits", context["credits"], vendors=False))
    _print(console, f"Service credits: {_owed(context['credit_totals'])}")
    if context["termination_rights"]:
        rights = _table(
            "Termination rights open",
            [
                ("Contract", "left"),
                ("SLA", "left"),
                ("Clause", "left"),
                ("Breached", "right"),
                ("Since", "left"),
            ],
        )
        for right in context["termination_rights"]:
            rights.add_row(
                right["contract"],
                right["sla"],
                right["clause"] or "—",
                f"{right['breaches']} of {right['within']}",
                str(right["since"]),
            )
        _print(console, rights)
    if context.get("explain"):
        explain = _table(
            "Computation",
            [
                ("KPI", "left"),
                ("Value", "right"),
                ("Attainment", "right"),
                ("Weight", "right"),
                ("Contribution", "right"),
            ],
        )
        for kpi in context["kpis"]:
            explain.add_row(
                kpi["name"],
                measure(kpi["value"], kpi["unit"], near=[kpi["target"], kpi.get("floor")]),
                number(kpi["attainment"], 2),
                measure(kpi["weight"]),
                number(kpi["contribution"], 2),
            )
        _print(console, explain)
    return str(console.file.getvalue())


def markdown(text: str, width: int | None = None, colour: bool = False) -> str:
    """A Markdown report drawn for the terminal (headings, tables, lists)."""
    console = _console(width, colour)
    console.print(_classes().markdown(text, hyperlinks=False), crop=False)
    return str(console.file.getvalue())


def vendor_list(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """The portfolio at a glance as a terminal table."""
    console = _console(width, colour)
    table = _table(
        f"Vendors as of {context['as_of']}",
        [
            ("Vendor", "left"),
            ("Segment", "left"),
            ("Status", "left"),
            ("Score", "right"),
            ("Standing", "left"),
            ("SLAs met", "right"),
            ("Trend", "right"),
            ("Notice by", "left"),
            ("Issues", "right"),
        ],
    )
    for v in context["vendors"]:
        standing = _standing(v["standing"], "n/a")
        table.add_row(
            v["name"],
            Cell(v["segment"], whole=True),
            Cell(v["status"], whole=True),
            number(v["score"]),
            Cell(standing, whole=True),
            # Windows met of those with data, short enough to keep a row on one line.
            f"{v['sla_summary']['met']}/{v['sla_summary']['windows']}"
            if v["sla_summary"]["windows"]
            else "—",
            signed(v["change"]),
            str(v["next_deadline"] or "—"),
            str(v["open_issues"]),
        )
    _print(console, table if context["vendors"] else "No vendor matches.")
    return str(console.file.getvalue())


def renewals(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """Renewals and notice deadlines as terminal text, most urgent first."""
    console = _console(width, colour)
    _print(console, f"Renewals as of {context['as_of']}")
    table = _table(
        "",
        [
            ("Status", "left"),
            ("Vendor", "left"),
            ("Contract", "left"),
            ("Term ends", "left"),
            ("Notice by", "left"),
            ("Decide by", "left"),
            ("Days", "right"),
            ("Decision", "left"),
        ],
    )
    for row in context["contracts"]:
        table.add_row(
            Cell(status(row["status"]), whole=True),
            row["vendor_name"],
            row["contract"],
            str(row["term_end"] or "—"),
            _deadline(row),
            str(row["decision_date"] or "—"),
            "" if row["days_left"] is None else str(row["days_left"]),
            Cell(row["decision"] or "—", whole=True),
        )
    if context["contracts"]:
        _print(console, table)
        _print(
            console,
            f"Value up for renewal (annual, notice deadline in the next "
            f"{context['value_due_days']} days): {_values(context['value_due'], 'none recorded')}",
        )
    else:
        _print(console, "No contract has a notice deadline in that window.")
    for right in context.get("termination_rights", []):
        clause = f", clause {right['clause']}" if right["clause"] else ""
        _print(
            console,
            f"Termination right open since {right['since']}: {right['contract']}{clause}, SLA "
            f"{right['sla']} breached in {right['breaches']} of the latest {right['within']} "
            "windows",
        )
    return str(console.file.getvalue())


def _values(amounts: list[dict[str, Any]], missing: str = "—") -> str:
    """Amounts per currency, never summed across currencies: `EUR 1.00 · USD 2.00`."""
    return " · ".join(money(a["amount"], a["currency"]) for a in amounts) or missing


def _deadline(row: dict[str, Any]) -> str:
    """The notice deadline that still counts; a later term's says which term it is for."""
    if row.get("next_notice_deadline") is not None:
        term = row.get("next_term_end")
        return f"{row['next_notice_deadline']}" + (f" (term to {term})" if term else "")
    return str(row["notice_deadline"] or "—")


def credits(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """Service credits across the portfolio as terminal text: a period's, or those outstanding."""
    console = _console(width, colour)
    if context["outstanding"]:
        _print(console, f"Service credits outstanding as of {context['as_of']}")
    else:
        _print(console, f"Service credits, {context['period']} (status as of {context['as_of']})")
    if context["credits"]:
        _print(console, _credit_table("", context["credits"], vendors=True))
    _print(console, f"Total: {_owed(context['totals'])}")
    return str(console.file.getvalue())


def _credit_table(title: str, rows: list[dict[str, Any]], vendors: bool) -> Any:
    columns = [("Vendor", "left")] if vendors else []
    columns += [
        ("Contract", "left"),
        ("Window", "left"),
        ("Credit", "right"),
        ("Amount", "right"),
        ("Claim by", "left"),
        ("Status", "left"),
    ]
    table = _table(title, columns)
    for row in rows:
        capped = " (capped)" if row["capped"] else ""
        table.add_row(
            *([row["vendor_name"]] if vendors else []),
            row["contract"],
            row["window"],
            f"{percent(row['percent'])}{capped}",
            money(row["amount"], row["currency"]),
            str(row["claim_by"] or "—"),
            Cell(credit_status(row), whole=True),
        )
    return table


def _owed(totals: list[dict[str, Any]]) -> str:
    """`earned EUR 1,500.00, still owed EUR 1,000.00` per currency, or `none`."""
    shown = [
        f"earned {money(t['earned'], t['currency'])}, still owed {money(t['owed'], t['currency'])}"
        for t in totals
    ]
    return "; ".join(shown) or "none"
