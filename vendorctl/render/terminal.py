"""Terminal views of report contexts: drawn plain without colour (Rich's bytes), by Rich with it."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from vendorctl.render.cells import Cell, Grid, Justify, Spacing, as_cell, fitted, text_cell
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


class _Screen:
    """What a view prints, collected as text. Without colour, text and tables are drawn
    plain (`render/plain.py`, Rich's bytes in a fraction of the time); with colour, and
    whatever the plain drawing leaves, by Rich."""

    def __init__(self, width: int | None, colour: bool) -> None:
        self.width = width or 100
        self.colour = colour
        self.parts: list[str] = []

    def print(self, item: Grid | str | Any) -> None:
        """Print a table, a string or a Rich `Text`; a table is fitted to the width first and
        never cropped: one that cannot fit without cutting a word is printed wider."""
        drawn = None if self.colour else _plain(item, self.width)
        self.parts.append(drawn if drawn is not None else by_rich(item, self.width, self.colour))

    def value(self) -> str:
        """All that was printed."""
        return "".join(self.parts)


def _plain(item: Grid | str | Any, width: int) -> str | None:
    """`item` drawn plain, or None if Rich must draw it."""
    from vendorctl.render import plain

    if isinstance(item, Grid):
        return plain.table(item, width)
    if isinstance(item, str):
        return plain.text(item, width)
    from rich.text import Text

    # A Rich Text with no options of its own prints as a string of it would: its styles are
    # unseen without colour.
    if not isinstance(item, Text):
        return None
    options = (item.justify, item.overflow, item.no_wrap, item.tab_size, item.end)
    return plain.text(item.plain, width) if options == (None, None, None, None, "\n") else None


def by_rich(item: Grid | str | Any, width: int, colour: bool = False) -> str:
    """A table (fitted to `width` as `_Screen.print` says), a string or any Rich renderable,
    as Rich prints it at `width`: what the plain drawing must match byte for byte."""
    console = _console(width, colour)
    if isinstance(item, Grid):
        item = _rich_table(item)
        fit(item, console, console.width)
    console.print(item, crop=False)
    return str(console.file.getvalue())


def _table(title: str, columns: list[tuple[str, Justify]]) -> Grid:
    return Grid(title, [(Cell(name), justify) for name, justify in columns])


def _rich_table(grid: Grid) -> Any:
    """A Grid as a Rich table: the SIMPLE_HEAD box, no padding at the edges, title on the
    left, every column folding (the plain tables draw the same bytes)."""
    from rich import box

    table = _classes().table(
        title=grid.title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    for header, justify in grid.columns:
        table.add_column(header, justify=justify, overflow="fold")
    for row in grid.rows:
        table.add_row(*row)
    return table


def fit(table: Any, console: Any, width: int) -> None:
    """Fit a Rich table to `width` as `cells.fitted` says: its spacing, and its columns' and
    its own width when it must be narrowed or grow."""
    columns = [[as_cell(column.header), *map(as_cell, column.cells)] for column in table.columns]
    full = sum(max(c.full for c in column) for column in columns)

    def around(spacing: Spacing) -> int:
        _space(table, spacing)
        return _natural(table, console) - full

    start = Spacing(table.padding, table.collapse_padding, table.show_edge)
    chosen = fitted(columns, width, start, around)
    _space(table, chosen.spacing)
    if chosen.widths is not None:
        for column, size in zip(table.columns, chosen.widths, strict=True):
            column.width = size
    if chosen.width is not None:
        table.width = chosen.width


def _space(table: Any, spacing: Spacing) -> None:
    table.padding = spacing.padding
    table.collapse_padding = spacing.collapse_padding
    table.show_edge = spacing.show_edge


def _natural(table: Any, console: Any) -> int:
    """The width Rich gives a table with room enough for every line of every cell."""
    from rich.measure import Measurement

    return int(Measurement.get(console, console.options.update_width(100_000), table).maximum)


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
            super().add_row(*(as_cell(c) for c in cells), **options)

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

    screen = _Screen(width, colour)
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
    screen.print(headline)
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
    screen.print(kpis)
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
        screen.print(slas)
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
        screen.print(notes)
    if context["credits"]:
        screen.print(_credit_table("Service credits", context["credits"], vendors=False))
    screen.print(f"Service credits: {_owed(context['credit_totals'])}")
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
        screen.print(rights)
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
        screen.print(explain)
    return screen.value()


def markdown(text: str, width: int | None = None, colour: bool = False) -> str:
    """A Markdown report drawn for the terminal (headings, tables, lists)."""
    console = _console(width, colour)
    console.print(_classes().markdown(text, hyperlinks=False), crop=False)
    return str(console.file.getvalue())


def vendor_list(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """The portfolio at a glance as a terminal table."""
    screen = _Screen(width, colour)
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
            text_cell(v["segment"], whole=True),
            text_cell(v["status"], whole=True),
            number(v["score"]),
            text_cell(standing, whole=True),
            # Windows met of those with data, short enough to keep a row on one line.
            f"{v['sla_summary']['met']}/{v['sla_summary']['windows']}"
            if v["sla_summary"]["windows"]
            else "—",
            signed(v["change"]),
            str(v["next_deadline"] or "—"),
            str(v["open_issues"]),
        )
    screen.print(table if context["vendors"] else "No vendor matches.")
    return screen.value()


def renewals(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """Renewals and notice deadlines as terminal text, most urgent first."""
    screen = _Screen(width, colour)
    screen.print(f"Renewals as of {context['as_of']}")
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
        screen.print(table)
        screen.print(
            f"Value up for renewal (annual, notice deadline in the next "
            f"{context['value_due_days']} days): {_values(context['value_due'], 'none recorded')}",
        )
    else:
        screen.print("No contract has a notice deadline in that window.")
    for right in context.get("termination_rights", []):
        clause = f", clause {right['clause']}" if right["clause"] else ""
        screen.print(
            f"Termination right open since {right['since']}: {right['contract']}{clause}, SLA "
            f"{right['sla']} breached in {right['breaches']} of the latest {right['within']} "
            "windows",
        )
    return screen.value()


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
    screen = _Screen(width, colour)
    if context["outstanding"]:
        screen.print(f"Service credits outstanding as of {context['as_of']}")
    else:
        screen.print(f"Service credits, {context['period']} (status as of {context['as_of']})")
    if context["credits"]:
        screen.print(_credit_table("", context["credits"], vendors=True))
    screen.print(f"Total: {_owed(context['totals'])}")
    return screen.value()


def _credit_table(title: str, rows: list[dict[str, Any]], vendors: bool) -> Grid:
    columns: list[tuple[str, Justify]] = [("Vendor", "left")] if vendors else []
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
