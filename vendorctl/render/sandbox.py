"""Bounds on what a template may spend, so that a hostile override ends in an error, never a hang.

Jinja's sandbox keeps a template from reaching Python; it does not keep it from asking for
`'a' * 10**10`, `10**(10**9)`, `'x'|center(10**10)` or nested loops of 100,000 turns each. Here
every template runs against a budget, one per report:

- no value it makes (a text, a list, a number) may exceed `MAX_VALUE` characters (`MAX_INT_BITS`
  bits for a number), and every operation that can make a value much larger than its operands
  (`*`, `**`, `%`, `+`, `~`, padding, `replace`, `join`, `format`, indenting, wrapping, ...) is
  refused *before* it runs when its result would;
- the report, and any text a macro or a block makes, may be at most `MAX_OUTPUT` characters
  (checked before the pieces are joined);
- all it makes, printed or not, may come to at most `MAX_WORK` characters, so that what is held
  before a join (or churned through) stays bounded too;
- it may run at most `MAX_STEPS` loop turns, calls, filters and tests, and `MAX_SECONDS` of
  processor time (checked every few hundred steps, and after making any large value).

These bounds are for a report made of up to `ROWS_PER_SCALE` rows of data (the items of the lists
its context holds); a report made of more gets each of them once more for every further
`ROWS_PER_SCALE` rows or part of them (`scale`), so that the index of 20,000 vendors renders and a
runaway template still stops after work in proportion to the data it was given (the counted
bounds, steps and work, first: they stop it the same way every time).

Each ends in `TemplateLimit`, which the engine reports as an error naming the template and line.
Nothing needs a thread or a signal. Ordinary reports stay far inside every bound (the largest
built-in report of a 300-vendor portfolio, its index, has 210,000 characters, 10,500 steps and
490,000 characters of work) and render exactly as before.

Loops and `~` are not operators Jinja lets a sandbox intercept: the template's syntax tree is
rewritten before it is compiled (`_Bounder`), so that each loop's iterable passes through `loop`,
each `~` through `tilde`, and each value `set` or `with` keeps through `hold`.
"""

from __future__ import annotations

import re
import time
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from contextvars import ContextVar
from datetime import date
from datetime import time as clock_time
from functools import wraps
from string import Formatter
from types import BuiltinMethodType, MethodType
from typing import Any

from jinja2 import nodes, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import Namespace, generate_lorem_ipsum
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

MAX_OUTPUT = 8 * 1024 * 1024
"""Characters in one report of up to `ROWS_PER_SCALE` rows (8 MiB): the index of the benchmark's
1,000 full vendors, its largest report, has 2 million characters, of 17,555 rows."""

MAX_VALUE = MAX_OUTPUT
"""Characters in any one value a template makes (a text, or a list or mapping printed)."""

MAX_WORK = 8 * MAX_OUTPUT
"""Characters of all one report makes, printed or not (2 to 3 times the report for a built-in
one): what a template can hold, or churn through, before it is stopped."""

MAX_INT_BITS = 65_536
"""Bits of an integer: about 19,700 digits, far beyond any amount, count or date."""

MAX_STEPS = 2_000_000
"""Loop turns, calls, filters and tests in one report: a built-in report has hundreds, an index
35 a vendor (some 420,000 for an index of 8 MiB); an empty loop in a loop of 100,000 turns
stops after a quarter of a second."""

MAX_SECONDS = 5.0
"""Processor time for one report, of this thread (so the same on a busy machine): an index of
300 vendors takes 50 ms. Steps and work stop almost everything first, and deterministically;
the clock stops what is slow at each step (a macro calling itself twice, 2**60 calls)."""

ROWS_PER_SCALE = 10_000
"""Rows of data a report's bounds above are made for. The index of the benchmark's 1,000 full
vendors has 17,555 rows (vendors, renewals, findings, credits) and 2.0 million characters, 81,000
steps and 4.6 million characters of work; of 1,000 bare vendors, 3,508 rows and 0.8 million
characters: at most 235 characters and 6 steps a row, where the bounds allow 839 and 200. A report
of more rows gets the bounds (but a number's bits, nesting and decimal places, which do not grow
with the data) once more per further 10,000 rows or part of them: the index of 20,000 bare vendors
(some 70,000 rows, 14.4 million characters) gets about eight times each."""

MAX_DEPTH = 200
"""Levels of lists in lists that a value may have."""

MAX_PLACES = 100
"""Decimal places a number filter may be asked for."""

_CLOCK_EVERY = 256  # steps between two looks at the clock
_LARGE = 64 * 1024  # a value made this large is also a reason to look at the clock
_REF = 8  # what a reference to a piece of text costs in what is being written (a pointer)


class TemplateLimit(Exception):
    """A template went over one of its bounds; the message says which."""


def _over(what: str, size: int, limit: int, unit: str = "characters") -> TemplateLimit:
    one = "number" if unit == "bits" else "value"
    return TemplateLimit(
        f"stopped: {what} would make {size:,} {unit}, over the limit of {limit:,} for one {one}"
    )


def scale(rows: int) -> int:
    """How many times over a report made of `rows` rows of data gets the bounds: once for up to
    `ROWS_PER_SCALE` rows, once more for each further `ROWS_PER_SCALE` or part of them."""
    return max(1, -(-rows // ROWS_PER_SCALE))


def rows_of(context: Mapping[str, Any]) -> int:
    """The rows of data a report is made of: the items of every list in its context, at its top
    level or in a mapping there (a section's rows). Counted without looking into any row, so it
    costs nothing next to drawing them."""
    rows = 0
    for value in context.values():
        if isinstance(value, list | tuple):
            rows += len(value)
        elif isinstance(value, Mapping):
            rows += sum(len(inner) for inner in value.values() if isinstance(inner, list | tuple))
    return rows


class Budget:
    """What one report may still spend, and its bounds (the module's, `scale` times over for a
    report of many rows). The hot paths (every print, filter and loop turn) update the counters
    inline and call a method only every `_CLOCK_EVERY` steps or once over budget."""

    __slots__ = (
        "deadline",
        "most_output",
        "most_seconds",
        "most_steps",
        "most_value",
        "most_work",
        "rows",
        "steps",
        "work_left",
    )

    def __init__(self, rows: int = 0) -> None:
        times = scale(rows)
        self.rows = rows
        self.most_value = MAX_VALUE * times
        self.most_output = MAX_OUTPUT * times
        self.most_work = MAX_WORK * times
        self.most_steps = MAX_STEPS * times
        self.most_seconds = MAX_SECONDS * times
        self.steps = 0
        self.work_left = self.most_work
        self.deadline = time.thread_time() + self.most_seconds

    @property
    def which(self) -> str:
        """Which report's limit a message names: one report, or one report of many rows."""
        if scale(self.rows) == 1:
            return "one report"
        return f"one report of {self.rows:,} rows"

    def step(self) -> None:
        """One more loop turn, call, filter or test."""
        self.steps += 1
        if not self.steps % _CLOCK_EVERY:
            self.tick()

    def tick(self) -> None:
        """Every `_CLOCK_EVERY` steps: the count of steps, and the clock."""
        if self.steps > self.most_steps:
            raise TemplateLimit(
                f"stopped after {self.most_steps:,} loop turns, calls, filters and tests, "
                f"the limit for {self.which}"
            )
        if time.thread_time() > self.deadline:
            raise TemplateLimit(
                f"stopped after {self.most_seconds:g} seconds of processor time, "
                f"the limit for {self.which}"
            )

    def charge(self, size: int) -> None:
        """Characters made (a value, or text printed)."""
        self.work_left -= size
        if self.work_left < 0:
            self.overworked()

    def overworked(self) -> None:
        raise TemplateLimit(
            f"stopped after making {self.most_work:,} characters of values in all, "
            f"the limit for {self.which}"
        )


class _Unmetered(Budget):
    """Outside a render (a template compiled on its own): only the per-value bounds hold."""

    def tick(self) -> None:
        self.steps = 0

    def overworked(self) -> None:
        self.work_left = self.most_work


_UNMETERED = _Unmetered()
_BUDGET: ContextVar[Budget] = ContextVar("vendorctl_template_budget", default=_UNMETERED)
budget = _BUDGET.get  # the current report's budget


def metered(run: Callable[[], str], rows: int = 0) -> str:
    """Run `run` (a render of a report made of `rows` rows of data, see `rows_of`) with a fresh
    budget as the current one (per thread and context)."""
    token = _BUDGET.set(Budget(rows))
    try:
        return run()
    finally:
        _BUDGET.reset(token)


# Sizes ------------------------------------------------------------------------------------------

_TEXT = (str, bytes, bytearray)
_SEQUENCES = (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)
_REPEATABLE = (str, bytes, bytearray, list, tuple)  # what `*` repeats and `+` joins
_SHALLOW = (str, bytes, bytearray, list, tuple, set, frozenset, dict)  # sized by len()


_SCALAR, _SEQUENCE, _MAPPING, _NAMESPACE = range(4)
_KINDS: dict[type, int] = {}  # each type's kind, found once: an ABC check is slow


def _kind(value: Any) -> int:
    kind = _KINDS.get(type(value))
    if kind is None:
        cls = type(value)
        if issubclass(cls, _TEXT):
            kind = _SCALAR  # a text is sized by its length, not as a container of characters
        elif issubclass(cls, _SEQUENCES):
            kind = _SEQUENCE
        elif issubclass(cls, Mapping):
            kind = _MAPPING
        else:
            kind = _NAMESPACE if issubclass(cls, Namespace) else _SCALAR
        _KINDS[cls] = kind
    return kind


def _children(value: Any) -> Iterable[Any] | None:
    """The values inside a container, or None for a value that is not one."""
    kind = _kind(value)
    if kind == _SEQUENCE:
        return value  # type: ignore[no-any-return]
    if kind == _MAPPING:
        return (part for item in value.items() for part in item)
    if kind == _NAMESPACE:
        return _children(value._Namespace__attrs)
    return None


class _Sizer:
    """Characters a value takes: printed (`printed`: its text, containers as Python shows them)
    or held (only texts, numbers and the containers around them count). Each container is
    sized once however often it recurs, so a list of lists of the same list is sized in linear
    time; sizing stops as soon as the limit is passed."""

    def __init__(self, printed: bool, limit: int | None = None) -> None:
        self.printed = printed
        self.limit = budget().most_value if limit is None else limit
        self.seen: dict[int, int] = {}
        self.nodes = 0
        self.depth = 0

    def size(self, value: Any, depth: int = 0) -> int:
        if isinstance(value, _TEXT):
            return len(value)
        if isinstance(value, bool) or value is None:
            return 5
        if isinstance(value, int):
            return value.bit_length() // 3 + 2
        if isinstance(value, float):
            return 24
        key = id(value)
        known = self.seen.get(key)
        if known is not None:
            return known
        children = _children(value)
        if children is None:
            size = self._opaque(value)
        else:
            if depth >= MAX_DEPTH:
                raise TemplateLimit(f"stopped: values nested over {MAX_DEPTH} levels deep")
            self.depth = max(self.depth, depth + 1)
            self.seen[key] = 8  # a container inside itself (a namespace) prints as "..."
            size = 2
            for child in children:
                self.nodes += 1
                size += self.size(child, depth + 1) + 4
                if size > self.limit:
                    break
        self.seen[key] = size
        return size

    def _opaque(self, value: Any) -> int:
        if not self.printed:
            return 1
        try:
            return len(repr(value))
        except Exception:  # repr of a strict undefined value, say: it fails when printed too
            return 16


def held(value: Any) -> int:
    """What a value holds, in characters (texts and numbers, and the containers around them)."""
    if isinstance(value, _TEXT):
        return len(value)
    return _Sizer(printed=False).size(value)


def printed(value: Any) -> int:
    """About how many characters a value takes printed."""
    if isinstance(value, _TEXT):
        return len(value)
    return _Sizer(printed=True).size(value)


def check_printed(value: Any, what: str) -> None:
    """Refuse to print a container whose text would be over the bound on one value."""
    if _kind(value) == _SCALAR:
        return
    size = printed(value)
    most = budget().most_value
    if size > most:
        raise _over(what, size, most)


def _length(value: Any) -> int:
    """What a text or a container made by an operation holds: its characters, or a reference
    (`_REF`) per item, the items being values already there."""
    return len(value) if isinstance(value, _TEXT) else len(value) * _REF


def made(value: Any, what: str) -> Any:
    """A value an operation made: within the bound on one value, and charged to the budget (with
    a look at the clock when it is large: what made it may have taken long)."""
    if isinstance(value, _SHALLOW):
        size = _length(value)
        meter = budget()
        if size > meter.most_value:
            raise _over(what, size, meter.most_value)
        meter.work_left -= size
        if meter.work_left < 0:
            meter.overworked()
        if size > _LARGE:
            meter.tick()
    return value


def _ensure(size: int, what: str) -> None:
    most = budget().most_value
    if size > most:
        raise _over(what, size, most)


def _int(value: Any, default: int = 0) -> int:
    """An integer argument (a width, a count), or `default` for anything else."""
    return value if isinstance(value, int) else default


# Operators --------------------------------------------------------------------------------------

_NUMBER_RUN = re.compile(r"\d+|\*")


def _width_of(digits: str) -> int:
    """A width or precision written in a format: read up to 18 digits (a longer one is no less
    over the limit, and reading thousands of digits would itself take long)."""
    return int(digits) if len(digits) <= 18 else 10**18


def percent_size(template: Any, args: Any) -> int:
    """At most how long `template % args` is: its text, every width and precision written in it
    (or taken from the arguments by `*`), and for each conversion the arguments printed."""
    conversions = template.count("%" if isinstance(template, str) else b"%")
    if not conversions:
        return len(template)
    values = args if isinstance(args, tuple) else (args,)
    stars = max((abs(v) for v in values if isinstance(v, int)), default=0)
    size = len(template) + conversions * printed(args)
    text = template if isinstance(template, str) else template.decode("latin-1")
    most = budget().most_value
    for match in _NUMBER_RUN.finditer(text):
        run = match.group()
        if run == "*":
            size += stars
        else:
            size += _width_of(run)
        if size > most:
            break
    return int(size)


def binop(operator: str, left: Any, right: Any) -> Any:
    """`left <operator> right` for the intercepted operators, refused when too large."""
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            bits = left.bit_length() + right.bit_length()
            if bits > MAX_INT_BITS:
                raise _over(f"{left} * {right}", bits, MAX_INT_BITS, "bits")
        elif isinstance(right, int) and isinstance(left, _REPEATABLE):
            _ensure(_length(left) * right, "'*'")
        elif isinstance(left, int) and isinstance(right, _REPEATABLE):
            _ensure(left * _length(right), "'*'")
        return made(left * right, "'*'")
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            bits = left.bit_length() * right
            if bits > MAX_INT_BITS:
                raise _over(f"{left} ** {right}", bits, MAX_INT_BITS, "bits")
        return left**right
    if operator == "%":
        if isinstance(left, _TEXT):
            _ensure(percent_size(left, right), "'%'")
        return made(left % right, "'%'")
    if operator == "+":
        if not _joins(left, right):
            return left + right
        _ensure(_length(left) + _length(right), "'+'")
        return made(left + right, "'+'")
    raise NotImplementedError(operator)


def _joins(left: Any, right: Any) -> bool:
    """Whether `left + right` joins two texts or sequences (rather than adding numbers)."""
    return isinstance(left, _REPEATABLE) and isinstance(right, _REPEATABLE)


# Filters ----------------------------------------------------------------------------------------


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    """Argument `index` (after the filtered value) or keyword `name` of a filter call."""
    return args[index] if len(args) > index else kwargs.get(name, default)


Check = Callable[[Any, tuple[Any, ...], dict[str, Any]], Any]


def _width(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    _ensure(max(printed(value), _int(_arg(args, kwargs, 0, "width", 80))), "filter center")
    return value


def _indent(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    width = _arg(args, kwargs, 0, "width", 4)
    pad = len(width) if isinstance(width, str) else _int(width)
    lines = value.count("\n") + 1 if isinstance(value, str) else printed(value)
    _ensure(printed(value) + lines * pad, "filter indent")
    return value


def _wordwrap(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """`wordwrap`: a `wrapstring` at each break; a break ends a word, or a line of `width`."""
    text = value if isinstance(value, str) else str(value)
    wrap = _arg(args, kwargs, 2, "wrapstring", None)
    width = max(1, _int(_arg(args, kwargs, 0, "width", 79), 1))
    breaks = min(len(text), len(text) // width + text.count(" ") + text.count("\n")) + 1
    _ensure(len(text) + breaks * (printed(wrap) if wrap is not None else 1), "filter wordwrap")
    return value


def _format(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    text = value if isinstance(value, str) else str(value)
    _ensure(percent_size(text, kwargs or args), "filter format")
    return value


def _replace_size(text: str, old: Any, new: Any, count: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(0, len(new) - len(old))


def _replace(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    text = value if isinstance(value, str) else str(value)
    old, new = _arg(args, kwargs, 0, "old", ""), _arg(args, kwargs, 1, "new", "")
    _ensure(_replace_size(text, old, new, _arg(args, kwargs, 2, "count", None)), "filter replace")
    return value


def _listed(value: Any) -> Any:
    """An iterable as a list, so that it can be sized before it is joined; a list, a tuple, a
    text or anything not iterable is kept as it is."""
    if isinstance(value, list | tuple | str) or not isinstance(value, Iterable):
        return value
    return list(value)


def _join_size(items: Any, separator: Any, what: str) -> None:
    """Refuse to join `items` (made a list by `_listed`) when the text would be too long."""
    if isinstance(items, str):
        _ensure(len(items) + printed(separator) * max(0, len(items) - 1), what)
    elif isinstance(items, list | tuple):
        sizer = _Sizer(printed=True)
        size = printed(separator) * max(0, len(items) - 1)
        for item in items:
            if size > sizer.limit:
                break
            size += sizer.size(item)
        _ensure(size, what)


def _join(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    items = _listed(value)
    _join_size(items, _arg(args, kwargs, 0, "d", ""), "filter join")
    return items


def _count(name: str, position: int, keyword: str) -> Check:
    """A filter whose argument is a count of things it makes (`batch`, `slice`)."""

    def check(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        _ensure(_int(_arg(args, kwargs, position, keyword, 0)), f"filter {name}")
        return value

    return check


def _tojson(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    indent = _arg(args, kwargs, 0, "indent", None)
    step = len(indent) if isinstance(indent, str) else _int(indent)
    _ensure(step, "filter tojson")
    sizer = _Sizer(printed=True)
    size = sizer.size(value)
    _ensure(size + sizer.nodes * (1 + step * sizer.depth), "filter tojson")
    return value


def _pprint(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    sizer = _Sizer(printed=True)
    size = sizer.size(value)
    _ensure(size + sizer.nodes * (2 + sizer.depth), "filter pprint")
    return value


def _quadratic(name: str, cost: Callable[[str], int]) -> Check:
    """A filter whose time grows with the square of its text: its cost charged before it runs."""

    def check(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        check_printed(value, f"filter {name}")
        text = value if isinstance(value, str) else str(value)
        work = cost(text)
        most = budget().most_work
        if work > most:
            raise TemplateLimit(
                f"stopped: filter {name} on this text would copy {work:,} characters, "
                f"over the limit of {most:,}"
            )
        budget().charge(work)
        return value

    return check


def _longest_word(text: str) -> int:
    return max(map(len, text.split()), default=0)


_urlize_time = _quadratic("urlize", lambda t: len(t) * (_longest_word(t) + 1))


def _urlize(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """`urlize`: its regular expressions take time with the square of a word's length, and every
    link it makes carries its `target` and `rel`: both sized before it runs."""
    _urlize_time(value, args, kwargs)
    text = value if isinstance(value, str) else str(value)
    links = text.count(".") + text.count("@") + text.count(":")  # a link has one at least
    extra = sum(printed(_arg(args, kwargs, i, key, "")) for i, key in ((2, "target"), (3, "rel")))
    _ensure(12 * len(text) + links * (64 + extra), "filter urlize")
    return value


def _places(position: int) -> Check:
    def check(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        places = _arg(args, kwargs, position, "places", 0)
        if isinstance(places, int) and abs(places) > MAX_PLACES:
            raise TemplateLimit(
                f"stopped: {places:,} decimal places asked for, over the limit of {MAX_PLACES}"
            )
        return value

    return check


def _round(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return _places(0)(value, args, {"places": kwargs.get("precision", 0)})


def _sum(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if _arg(args, kwargs, 0, "attribute", None) is not None:
        return value
    items = _listed(value)
    start = _arg(args, kwargs, 1, "start", 0)
    if isinstance(items, list | tuple) and (
        isinstance(start, _REPEATABLE) or any(isinstance(item, _REPEATABLE) for item in items)
    ):
        total = sum(len(v) for v in (start, *items) if isinstance(v, _REPEATABLE))
        _ensure(total, "filter sum")
        budget().charge(total * len(items))  # each addition copies what came before
    return items


# Filters that print nothing (they pass values along, or compute a number from them), or that
# size what they print themselves.
_UNPRINTED = frozenset(
    {
        "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby",
        "int", "items", "last", "length", "list", "map", "max", "min", "random", "reject",
        "rejectattr", "reverse", "select", "selectattr", "slice", "sort", "sum", "unique",
        "join", "tojson", "pprint",
    }
)  # fmt: skip

_CHECKS: dict[str, Check] = {
    "center": _width,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "format": _format,
    "replace": _replace,
    "join": _join,
    "batch": _count("batch", 0, "linecount"),
    "slice": _count("slice", 0, "slices"),
    "tojson": _tojson,
    "pprint": _pprint,
    "striptags": _quadratic("striptags", lambda t: len(t) * (t.count("<") + 1)),
    "urlize": _urlize,
    "round": _round,
    "sum": _sum,
    "number": _places(0),
    "signed": _places(0),
    "percent": _places(0),
    "measure": _places(1),
}


# Checks that matter only when the filter is given arguments (a width, a count, places).
_WITH_ARGUMENTS = frozenset(
    {"center", "indent", "wordwrap", "format", "replace", "batch", "slice", "round"}
    | {"number", "signed", "percent", "measure"}
)


def bounded_filter(name: str, function: Any, count: bool = True) -> Any:
    """A filter (or a test, with `count` only) that steps the budget, checks its arguments before
    it runs when it can make a value much larger than them, and its result after."""
    # Filters marked pass_context (and the like) take the context first, then the value.
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    check = _CHECKS.get(name)
    given = skip + 1 if name in _WITH_ARGUMENTS else skip  # arguments the check needs
    prints = name not in _UNPRINTED
    what = f"filter {name}"

    @wraps(function)
    def test(*args: Any, **kwargs: Any) -> Any:
        meter = budget()
        meter.steps += 1
        if not meter.steps % _CLOCK_EVERY:
            meter.tick()
        return function(*args, **kwargs)

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        meter = budget()
        meter.steps += 1
        if not meter.steps % _CLOCK_EVERY:
            meter.tick()
        if prints:  # a container made text: sized first (it could be a list of lists of ...)
            if kwargs or len(args) != skip + 1:
                for arg in (*args[skip:], *kwargs.values()):
                    check_printed(arg, what)
            elif _KINDS.get(type(args[skip])) != _SCALAR:
                check_printed(args[skip], what)
        if check is not None and (len(args) > given or kwargs):
            value, rest = args[skip], args[skip + 1 :]
            args = (*args[:skip], check(value, rest, kwargs), *rest)
        result = function(*args, **kwargs)
        if isinstance(result, _SHALLOW):
            size = _length(result)
            if size > meter.most_value:
                raise _over(what, size, meter.most_value)
            meter.work_left -= size
            if meter.work_left < 0:
                meter.overworked()
            if size > _LARGE:
                meter.tick()
        return result

    return bounded if count else test


# Methods ----------------------------------------------------------------------------------------


def _text_method(name: str, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Check a call of a method of a text that can make it much longer; return the arguments."""
    what = f"{type(text).__name__}.{name}()"
    if name in ("center", "ljust", "rjust", "zfill"):
        _ensure(max(len(text), _int(_arg(args, kwargs, 0, "width", 0))), what)
    elif name == "expandtabs":
        tab = b"\t" if isinstance(text, bytes | bytearray) else "\t"
        size = _int(_arg(args, kwargs, 0, "tabsize", 8))
        _ensure(len(text) + text.count(tab) * size, what)
    elif name == "replace" and isinstance(text, str):
        count = _arg(args, kwargs, 2, "count", -1)
        if len(args) >= 2:
            _ensure(_replace_size(text, args[0], args[1], count), what)
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], bytes | bytearray):
        old = args[0]
        times = text.count(old) if old else len(text) + 1
        _ensure(len(text) + times * len(args[1]), what)
    elif name == "join" and args:
        items = _listed(args[0])
        _join_size(items, text, what)
        args = (items, *args[1:])
    elif name == "translate" and args:
        table = args[0]
        values = table.values() if isinstance(table, Mapping) else table
        longest = max((len(v) for v in values if isinstance(v, _TEXT)), default=1)
        _ensure(len(text) * max(1, longest), what)
    return args


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Check a call before it runs; return its arguments (an iterable to join made a list)."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, _TEXT):
        return tuple(_text_method(name, owner, args, kwargs))
    if isinstance(owner, int) and name == "to_bytes":
        _ensure(_int(_arg(args, kwargs, 0, "length", 1)), "int.to_bytes()")
    elif isinstance(owner, date | clock_time) and name == "strftime" and args:
        _ensure(16 * printed(args[0]), f"{type(owner).__name__}.strftime()")
    elif isinstance(function, Macro):
        most = budget().most_value
        for arg in (*args, *kwargs.values()):
            size = held(arg)
            if size > most:
                raise _over(f"an argument of macro {function.name}", size, most)
    elif isinstance(function, LoopContext) and args:  # a recursive loop's next level
        args = (Guarded(args[0], 0), *args[1:])
    elif function is generate_lorem_ipsum:
        paragraphs = _int(_arg(args, kwargs, 0, "n", 5))
        words = _int(_arg(args, kwargs, 3, "max", 100))
        _ensure(paragraphs * words * 16, "lipsum()")
    return args


# Formatting (str.format) ------------------------------------------------------------------------


class _Counting(Formatter):
    """A formatter that refuses wide fields and stops once the text made passes the bound on one
    value."""

    made = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        size = printed(value) + 16 * len(format_spec)
        for run in re.findall(r"\d+", format_spec):
            size += _width_of(run)
        _ensure(self.made + size, "str.format()")
        result = super().format_field(value, format_spec)
        self.made += len(result)
        _ensure(self.made, "str.format()")
        return result

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        check_printed(value, "str.format()")
        return super().convert_field(value, conversion)


class CountingFormatter(_Counting, SandboxedFormatter):
    pass


class CountingEscapeFormatter(_Counting, SandboxedEscapeFormatter):
    pass


# Rewritten syntax -------------------------------------------------------------------------------


class Guarded:
    """A loop's iterable: every turn steps the budget and charges the pieces of template text the
    body adds to what is being written (a reference each: the text itself is the template's)."""

    __slots__ = ("static", "values")

    def __init__(self, values: Any, static: int) -> None:
        self.values = values
        self.static = static

    def __len__(self) -> int:
        return len(self.values)  # a TypeError for an iterator: the loop then counts for itself

    def __iter__(self) -> Iterator[Any]:
        meter = budget()
        static = self.static
        for value in self.values:
            meter.steps += 1
            if not meter.steps % _CLOCK_EVERY:
                meter.tick()
            meter.work_left -= static
            if meter.work_left < 0:
                meter.overworked()
            yield value


def loop(values: Any, static: int) -> Guarded:
    return Guarded(values, static)


def charge(static: int) -> str:
    budget().charge(static)
    return ""


@pass_eval_context
def tilde(eval_ctx: EvalContext, *parts: Any) -> str:
    """`a ~ b ~ ...`: refused before it is joined when it would be too long."""
    size = 0
    for part in parts:
        check_printed(part, "'~'")
        size += len(part) if isinstance(part, str) else 0
    _ensure(size, "'~'")
    joined = markup_join(parts) if eval_ctx.autoescape else str_join(parts)
    return made(joined, "'~'")  # type: ignore[no-any-return]


def hold(value: Any) -> Any:
    """A value kept under a name (`set`, `with`): within the bound on one value, so that a value
    kept in a loop or a recursive macro cannot double, turn after turn, past what can be compared
    or printed."""
    size = held(value)
    most = budget().most_value
    if size > most:
        raise _over("a value kept by set or with", size, most)
    return value


_INTERNAL = frozenset(map(id, (loop, charge, tilde, hold)))


def _static(body: list[nodes.Node]) -> int:
    """What the pieces of template text in a loop body (or a template) cost each time it runs, at
    most: a reference each in the text being written. Nested loops and macros count their own."""
    pieces = 0
    stack: list[nodes.Node] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            pieces += 1
        elif isinstance(node, nodes.For):
            stack.extend(node.else_)
        elif not isinstance(node, nodes.Macro):
            stack.extend(node.iter_child_nodes())
    return pieces * _REF


def _call(name: str, args: list[Any], lineno: int) -> nodes.Call:
    function = nodes.ImportedName(f"{__name__}.{name}", lineno=lineno)
    return nodes.Call(function, args, [], None, None, lineno=lineno)


def _const(value: int, lineno: int) -> nodes.Const:
    return nodes.Const(value, lineno=lineno)


class _Bounder(NodeTransformer):
    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        static = _static(node.body)
        node.iter = _call(
            "loop", [node.iter, _const(0 if node.recursive else static, node.lineno)], node.lineno
        )
        if node.recursive and static:  # later levels do not pass through node.iter
            charged = _call("charge", [_const(static, node.lineno)], node.lineno)
            node.body.insert(0, nodes.ExprStmt(charged, lineno=node.lineno))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call("tilde", node.nodes, node.lineno)

    def visit_Assign(self, node: nodes.Assign) -> nodes.Node:
        self.generic_visit(node)
        node.node = _held(node.node)
        return node

    def visit_With(self, node: nodes.With) -> nodes.Node:
        self.generic_visit(node)
        node.values = [_held(value) for value in node.values]  # type: ignore[misc]
        return node


def _held(value: nodes.Node) -> nodes.Node:
    """A value to keep under a name, sized first unless it is only a name for a value already
    there (`{% set card = scorecard %}`, `{% set x = row.kpis %}`): sizing the report's own
    data every time a template names it would cost time and guard against nothing."""
    reference = value
    while isinstance(reference, nodes.Getattr | nodes.Getitem):
        if isinstance(reference, nodes.Getitem) and not isinstance(reference.arg, nodes.Const):
            break
        reference = reference.node
    if isinstance(reference, nodes.Name | nodes.Const):
        return value
    return _call("hold", [value], value.lineno)


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every template held to the budget of the report it makes."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    @staticmethod
    def concat(parts: Iterable[str]) -> str:
        """Join text: the whole report (`render`), or a buffer (what a macro, a `call`, `set` or
        `filter` block made). Its length is checked before the join: all the pieces are there
        by then (each print and loop turn charged as it came), but not yet the copy of them."""
        pieces = parts if isinstance(parts, list) else list(parts)
        size = sum(map(len, pieces))
        most = budget().most_output
        if size > most:
            what = "a block of text (a macro, call, set or filter block)"
            if not isinstance(parts, list):
                what = "the report"
            raise TemplateLimit(
                f"stopped: {what} would have {size:,} characters, over the limit of {most:,}"
            )
        return "".join(pieces)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        finalize = kwargs.pop("finalize", None)
        super().__init__(*args, finalize=_printing(finalize), **kwargs)

    def bound(self) -> None:
        """Hold every filter and test (those added so far) to the budget."""
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}
        self.tests = {name: bounded_filter(name, f, count=False) for name, f in self.tests.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree: nodes.Template = _Bounder().visit(super()._parse(source, name, filename))
        static = _static(tree.body)
        if static:  # the template's own text, charged each time it runs (an include in a loop)
            charged = _call("charge", [_const(static, 1)], 1)
            tree.body.insert(0, nodes.ExprStmt(charged, lineno=1))
        tree.set_environment(self)
        return tree

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        return binop(operator, left, right)

    def call(
        __self,  # positional only, as in Jinja, so that any keyword argument passes through
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if id(__obj) in _INTERNAL:
            if __obj is tilde:
                return tilde(__context.eval_ctx, *args)
            return __obj(*args)
        budget().step()
        args = check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, _SHALLOW):
            made(result, f"calling {getattr(__obj, '__name__', 'a function')}")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` and `str.format_map`, through a formatter that counts what it makes."""
        if not isinstance(value, MethodType | BuiltinMethodType) or value.__name__ not in (
            "format",
            "format_map",
        ):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        formatter: SandboxedFormatter
        if isinstance(owner, Markup):
            formatter = CountingEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = CountingFormatter(self)
        is_map = value.__name__ == "format_map"
        kind = type(owner)

        @wraps(value)
        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            budget().step()
            formatter.made = 0
            return kind(formatter.vformat(owner, args, kwargs))

        return wrapper


def _printing(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """The environment's `finalize`, with what `{{ ... }}` prints checked and charged."""

    def printing(value: Any) -> Any:
        if _KINDS.get(type(value)) != _SCALAR:
            check_printed(value, "printing")
        text = finalize(value) if finalize is not None else value
        meter = budget()
        meter.work_left -= len(text) + _REF if isinstance(text, str) else _REF
        if meter.work_left < 0:
            meter.overworked()
        return text

    return printing
