"""Mermaid charts in reports: one explicit theme, safe labels, exact values and y-axis ranges."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from vendorctl.render.markdown import Md

# Colours that keep a contrast of at least 3:1 (WCAG's rule for graphics) on GitHub's light
# (#ffffff) and dark (#0d1117, #22272e) backgrounds, on a transparent chart: Mermaid's default
# palette is pale on white and its default text dark on dark. Blue and orange stay apart for
# readers with the common colour-vision deficiencies. tests/browser checks them in Chromium.
VALUE_COLOUR = "#2f81f7"
TARGET_COLOUR = "#e8590c"
TEXT_COLOUR = "#7d8590"

_AXES = ("x", "y")
_PARTS = ("LabelColor", "TitleColor", "TickColor", "LineColor")


def theme(width: int = 700, height: int = 300) -> Md:
    """The `%%{init}%%` line that opens every chart: Mermaid's base theme with our colours
    (first series the value, second the target) and the chart's size in pixels."""
    variables: dict[str, Any] = {
        "backgroundColor": "transparent",
        "titleColor": TEXT_COLOUR,
        "plotColorPalette": f"{VALUE_COLOUR}, {TARGET_COLOUR}",
    }
    variables |= {f"{axis}Axis{part}": TEXT_COLOUR for axis in _AXES for part in _PARTS}
    init = {
        "theme": "base",
        "themeVariables": {"xyChart": variables},
        "xyChart": {"width": width, "height": height},
    }
    return Md("%%{init: " + json.dumps(init, sort_keys=True) + "}%%")


# Inside a label, Mermaid reads `"` as its end, `%%` as a directive, `#name;` or `#35;` as an
# entity code and angle brackets as markup. Each is shown as the nearest harmless character: its
# own entity codes are no way out, as Mermaid decodes them only sometimes (a chart alone, as
# GitHub draws each, shows their placeholders).
_UNSAFE = str.maketrans({'"': "'", "<": "\u2039", ">": "\u203a"})
_ENTITY = re.compile(r"#(?=\w+;)")
_FULLWIDTH_NUMBER_SIGN = "\uff03"


def label(text: Any) -> Md:
    """Text as a chart label or title: on one line, without control characters, and nothing
    Mermaid would read as syntax, an entity or markup (`"` reads `'`, `<` `>` read `\u2039`
    `\u203a`, `%%` reads `%`, the `#` of `#name;` a full-width `\uff03`). Markdown escaping does
    not apply inside the chart's code fence: a backslash there would show."""
    flat = "".join(ch for ch in " ".join(str(text).split()) if ch.isprintable())
    flat = _ENTITY.sub(_FULLWIDTH_NUMBER_SIGN, flat.translate(_UNSAFE))
    while "%%" in flat:
        flat = flat.replace("%%", "%")
    return Md(flat)


def exact(value: Any) -> Md:
    """A number as written, without exponent or trailing zeros: a chart plots 99.985, never a
    rounded 99.99 that would sit on the target line."""
    number = Decimal(str(value)).normalize()
    return Md(f"{number:f}")


def y_range(values: Iterable[Any], percent: bool = False) -> tuple[Md, Md]:
    """A y-axis range around `values` with a tenth of their spread as margin, so a value just
    off its target is visibly off it; rounded outwards to two significant digits of the span,
    never below 0 when nothing is negative, nor above 100 for a percentage within it."""
    numbers = [Decimal(str(v)) for v in values if v is not None]
    if not numbers:
        return Md("0"), Md("1")
    low, high = min(numbers), max(numbers)
    spread = high - low
    margin = spread / 10 if spread else max(abs(high) / 20, Decimal(1))
    step = Decimal(1).scaleb((spread + 2 * margin).adjusted() - 1)
    bottom = ((low - margin) / step).to_integral_value(ROUND_FLOOR) * step
    top = ((high + margin) / step).to_integral_value(ROUND_CEILING) * step
    if low >= 0:
        bottom = max(bottom, Decimal(0))
    if percent and high <= 100:
        top = min(top, Decimal(100))
    return exact(bottom), exact(top)
