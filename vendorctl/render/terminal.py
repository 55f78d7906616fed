"""Terminal views of report contexts, drawn with Rich (plain text when not on a colour terminal)."""

from __future__ import annotations

from typing import Any

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
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


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
    console.print(headline)
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
            status(kpi["status"]),
        )
    console.print(kpis)
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
                status(row["status"]),
                percent(row["credit_percent"]),
            )
        console.print(slas)
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
        console.print(notes)
    if context["credits"]:
        console.print(_credit_table("Service credits", context["credits"], vendors=False))
    console.print(f"Service credits: {_owed(context['credit_totals'])}")
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
        console.print(rights)
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
        console.print(explain)
    return str(console.file.getvalue())


def markdown(text: str, width: int | None = None, colour: bool = False) -> str:
    """A Markdown report drawn for the terminal (headings, tables, lists)."""
    from rich.markdown import Markdown

    console = _console(width, colour)
    console.print(Markdown(text, hyperlinks=False))
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
            v["segment"],
            v["status"],
            number(v["score"]),
            standing,
            # Windows met of those with data, short enough to keep a row on one line.
            f"{v['sla_summary']['met']}/{v['sla_summary']['windows']}"
            if v["sla_summary"]["windows"]
            else "—",
            signed(v["change"]),
            str(v["next_deadline"] or "—"),
            str(v["open_issues"]),
        )
    console.print(table if context["vendors"] else "No vendor matches.")
    return str(console.file.getvalue())


def renewals(context: dict[str, Any], width: int | None = None, colour: bool = False) -> str:
    """Renewals and notice deadlines as terminal text, most urgent first."""
    console = _console(width, colour)
    console.print(f"Renewals as of {context['as_of']}")
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
            status(row["status"]),
            row["vendor_name"],
            row["contract"],
            str(row["term_end"] or "—"),
            _deadline(row),
            str(row["decision_date"] or "—"),
            "" if row["days_left"] is None else str(row["days_left"]),
            row["decision"] or "—",
        )
    if context["contracts"]:
        console.print(table)
        console.print(
            f"Value up for renewal (annual, notice deadline in the next "
            f"{context['value_due_days']} days): {_values(context['value_due'], 'none recorded')}"
        )
    else:
        console.print("No contract has a notice deadline in that window.")
    for right in context.get("termination_rights", []):
        clause = f", clause {right['clause']}" if right["clause"] else ""
        console.print(
            f"Termination right open since {right['since']}: {right['contract']}{clause}, SLA "
            f"{right['sla']} breached in {right['breaches']} of the latest {right['within']} "
            "windows"
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
        console.print(f"Service credits outstanding as of {context['as_of']}")
    else:
        console.print(f"Service credits, {context['period']} (status as of {context['as_of']})")
    if context["credits"]:
        console.print(_credit_table("", context["credits"], vendors=True))
    console.print(f"Total: {_owed(context['totals'])}")
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
            credit_status(row),
        )
    return table


def _owed(totals: list[dict[str, Any]]) -> str:
    """`earned EUR 1,500.00, still owed EUR 1,000.00` per currency, or `none`."""
    shown = [
        f"earned {money(t['earned'], t['currency'])}, still owed {money(t['owed'], t['currency'])}"
        for t in totals
    ]
    return "; ".join(shown) or "none"
