"""The output formats every report is drawn in: Markdown, JSON and terminal text, one registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from vendorctl.render.json import to_json


@dataclass(frozen=True)
class Display:
    """How terminal output should look."""

    width: int | None = None
    colour: bool = False


@dataclass(frozen=True)
class Drawing:
    """What a format needs to draw one report: its kind, its template, the portfolio's own
    templates folder (None: built-in templates only) and the terminal's looks."""

    kind: str
    template: str
    templates: Path | None
    display: Display = Display()


View = Callable[..., str]


def _views() -> dict[str, View]:
    """Report kinds with a terminal view of their own; the others show their Markdown drawn."""
    from vendorctl.render import diff, terminal

    return {
        "scorecard": terminal.scorecard,
        "credits": terminal.credits,
        "renewals": terminal.renewals,
        "list": terminal.vendor_list,
        "diff": diff.diff,
    }


def _markdown(context: dict[str, Any], drawing: Drawing) -> str:
    # Jinja2 and the sandbox take some 30 ms to import: text and JSON views need neither.
    from vendorctl.render.engine import render

    return render(drawing.template, context, override=drawing.templates)


def _json(context: dict[str, Any], drawing: Drawing) -> str:
    return to_json(context)


# C0 and C1 control characters but line breaks and tabs: in data they could drive the terminal
# (retitle it, clear it, hide text); they are shown as visible escapes instead.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(value: Any) -> Any:
    """Every text of a context with its control characters made visible (`\x1b`)."""
    if isinstance(value, str):
        if _CONTROLS.search(value) is None:
            return value
        return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    if isinstance(value, dict):
        return {
            key: item if type(item) in _AS_THEY_ARE else _visible(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [item if type(item) in _AS_THEY_ARE else _visible(item) for item in value]
    return value


# Values `_visible` gives back as they are, known by their exact type without a call: most of
# a context's thousands of values (a list's rows hold numbers, dates and none).
_AS_THEY_ARE = frozenset({int, float, bool, Decimal, date, type(None)})


def _text(context: dict[str, Any], drawing: Drawing) -> str:
    from vendorctl.render import terminal

    context = _visible(context)
    display = drawing.display
    view = _views().get(drawing.kind)
    if view is not None:
        return view(context, width=display.width, colour=display.colour)
    return terminal.markdown(
        _markdown(context, drawing), width=display.width, colour=display.colour
    )


FORMATS: dict[str, Callable[[dict[str, Any], Drawing], str]] = {
    "md": _markdown,
    "json": _json,
    "text": _text,
}


def draw(context: dict[str, Any], fmt: str, drawing: Drawing) -> str:
    """A report context in a format of FORMATS."""
    return FORMATS[fmt](context, drawing)
