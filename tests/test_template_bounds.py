"""A template override cannot hang vendorctl or make it allocate gigabytes: every way of asking for
too much (a huge repetition, power, width or join, loops in loops, a value that doubles turn after
turn, a report that never ends) stops early with an error naming the template (issue 16, case 4).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import Run

VALUE = "over the limit of 8,388,608 for one value"
NUMBER = "over the limit of 65,536 for one number"
STEPS = "stopped after 2,000,000 loop turns, calls, filters and tests, the limit for one report"
WORK = "stopped after making 67,108,864 characters of values in all, the limit for one report"

# Each: a template override, and what the error says. Unbounded, each of them hangs for minutes
# or allocates gigabytes (most ask for 10 GB at once).
HOSTILE = {
    "loops in loops": (
        "{% for a in range(100000) %}\n{% for b in range(100000) %}{% endfor %}\n{% endfor %}\n",
        f"(line 2): {STEPS}",
    ),
    "loops in loops, filtered": (
        "{% for a in range(100000) %}{% for b in range(100000) if b < 0 %}{% endfor %}"
        "{% endfor %}\n",
        STEPS,
    ),
    "a huge power": (
        "{{ 10**(10**9) }}\n",
        f"10 ** 1000000000 would make 4,000,000,000 bits, {NUMBER}",
    ),
    "a huge product": ("{{ (2**60000) * (2**60000) }}\n", NUMBER),
    "a huge width in %": (
        "{{ '%01000000000d' % 1 }}\n",
        f"'%' would make 1,000,000,015 characters, {VALUE}",
    ),
    "a huge width in % from *": ("{{ '%0*d' % (10**9, 1) }}\n", VALUE),
    "a huge precision in %": ("{{ '%.1000000000f' % 1.5 }}\n", VALUE),
    "a huge width in the format filter": (
        "{{ '%01000000000d'|format(1) }}\n",
        f"filter format would make 1,000,000,021 characters, {VALUE}",
    ),
    "a huge width in str.format": ("{{ '{:>10000000000}'.format(1) }}\n", VALUE),
    "a huge nested width in str.format": ("{{ '{0:{1}}'.format('x', 10**10) }}\n", VALUE),
    "a text times a huge number": (
        "{{ 'a' * 10**10 }}\n",
        f"'*' would make 10,000,000,000 characters, {VALUE}",
    ),
    "a list times a huge number": ("{{ (range(100000)|list) * 100000 }}\n", VALUE),
    "the center filter": (
        "{{ 'x'|center(10**10) }}\n",
        f"filter center would make 10,000,000,000 characters, {VALUE}",
    ),
    "a filter block": ("{% filter center(10000000000) %}x{% endfilter %}\n", VALUE),
    "str.center": (
        "{{ 'x'.center(10**10) }}\n",
        f"str.center() would make 10,000,000,000 characters, {VALUE}",
    ),
    "str.ljust": (
        "{{ 'x'.ljust(10**10) }}\n",
        f"str.ljust() would make 10,000,000,000 characters, {VALUE}",
    ),
    "str.rjust": (
        "{{ 'x'.rjust(10**10) }}\n",
        f"str.rjust() would make 10,000,000,000 characters, {VALUE}",
    ),
    "str.zfill": ("{{ 'x'.zfill(10**10) }}\n", VALUE),
    "str.expandtabs": ("{{ '\\t'.expandtabs(10**10) }}\n", VALUE),
    "str.replace": ("{{ ('a' * 4000000).replace('a', 'bbbbbbbbbb') }}\n", VALUE),
    "str.translate": ("{{ ('a' * 1000).translate({97: 'b' * 100000}) }}\n", VALUE),
    "int.to_bytes": ("{{ (1).to_bytes(10**10, 'big') }}\n", VALUE),
    "the join filter on a huge range": (
        "{{ range(100000)|join('x' * 1000000) }}\n",
        f"filter join would make 99,999,000,000 characters, {VALUE}",
    ),
    "str.join of a huge range": (
        "{{ ('x' * 1000000).join(range(100000)|map('string')) }}\n",
        VALUE,
    ),
    "str.join of a text": ("{{ ('x' * 1000000).join('a' * 1000000) }}\n", VALUE),
    "the replace filter": ("{{ ('a' * 4000000)|replace('', 'bbbbbbbbbb') }}\n", VALUE),
    "the indent filter": ("{{ 'x'|indent(10**10) }}\n", VALUE),
    "the wordwrap filter": ("{{ ('a b ' * 1000000)|wordwrap(1, wrapstring='x' * 1000) }}\n", VALUE),
    "the tojson filter": ("{{ [1]|tojson(indent=10**9) }}\n", VALUE),
    "the batch filter": ("{{ [1]|batch(10**9, 'x')|list }}\n", VALUE),
    "the slice filter": ("{{ [1]|slice(10**9, 'x')|list }}\n", VALUE),
    "the striptags filter": (
        "{{ ('<>' * 1000000)|striptags }}\n",
        "filter striptags on this text would copy",
    ),
    "the urlize filter": ("{{ ('www.a.com ' * 100000)|urlize(target='x' * 1000000) }}\n", VALUE),
    "the number filter": (
        "{{ 1|number(10**9) }}\n",
        "1,000,000,000 decimal places asked for, over the limit of 100",
    ),
    "the round filter": (
        "{{ 5|round(-10**9) }}\n",
        "decimal places asked for, over the limit of 100",
    ),
    "lipsum": ("{{ lipsum(10**9) }}\n", VALUE),
    "a text doubled by ~": (
        "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}\n",
        f"'~' would make 16,777,216 characters, {VALUE}",
    ),
    "a text doubled by +": (
        "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s|length }}\n",
        VALUE,
    ),
    "a list of lists doubled": (
        "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = [ns.s, ns.s] %}"
        "{% endfor %}{{ ns.s|string|length }}\n",
        f"a value kept by set or with would make 11,534,326 characters, {VALUE}",
    ),
    "a list doubled through a macro": (
        "{% macro f(x, n) %}{% if n %}{{ f([x, x], n - 1) }}{% else %}{{ x|string|length }}"
        "{% endif %}"
        "{% endmacro %}{{ f(1, 60) }}\n",
        "an argument of macro f would make",
    ),
    "a value printed too often": (
        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n",
        WORK,
    ),
    "a macro printing too much": (
        "{% macro m() %}{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}{% endmacro %}"
        "{{ m()|length }}\n",
        WORK,
    ),
    "a report too long": (
        "{% for i in range(100000) %}" + "x" * 99 + "\n{% endfor %}",
        "stopped: the report would have 10,000,000 characters, over the limit of 8,388,608",
    ),
    "a macro too long": (
        "{% macro m() %}{% for i in range(100000) %}" + "x" * 99 + "\n{% endfor %}{% endmacro %}"
        "{{ m()|length }}\n",
        "stopped: a block of text (a macro, call, set or filter block) would have 10,000,000",
    ),
}


def _override(portfolio: Path, text: str, name: str = "scorecard.md.j2") -> None:
    templates = portfolio / "templates"
    templates.mkdir(exist_ok=True)
    (templates / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("template", "says"), list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_template_asking_for_too_much_is_stopped_early(
    run: Run, portfolio: Path, template: str, says: str
) -> None:
    _override(portfolio, template)
    started = time.thread_time()
    result = run("scorecard", "acme", "--root", portfolio)
    spent = time.thread_time() - started
    assert result.exit_code == 1, result.stdout[:500]
    assert result.stderr.startswith("vendorctl: error: template scorecard.md.j2"), result.stderr
    assert says in result.stderr
    assert spent < 3, f"stopped only after {spent:.1f} s of processor time"


def test_the_error_names_the_template_and_line_where_it_happened(run: Run, portfolio: Path) -> None:
    _override(portfolio, "# Scorecard\n{% include 'parts.md.j2' %}\n")
    _override(portfolio, "one\ntwo\n{{ 'x'|center(10**10) }}\n", "parts.md.j2")
    result = run("scorecard", "acme", "--root", portfolio)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "vendorctl: error: template scorecard.md.j2 (line 3 of parts.md.j2): stopped: "
        f"filter center would make 10,000,000,000 characters, {VALUE}"
    )


def test_render_stops_at_the_first_template_over_its_bounds_and_writes_nothing(
    run: Run, portfolio: Path
) -> None:
    _override(portfolio, "{{ 'a' * 10**10 }}\n")
    for args in (["render"], ["render", "--check"]):
        result = run(*args, "--root", portfolio)
        assert result.exit_code == 1, args
        assert "template scorecard.md.j2 (line 1): stopped: '*' would make" in result.stderr
    assert not (portfolio / "reports").exists()


def test_a_template_that_runs_too_long_is_stopped_by_its_time_budget(
    run: Run, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorctl.render import sandbox

    # Each call of this macro is cheap and the text tiny, but there are 2**60 of them: only the
    # clock stops it (after 5 s; a fifth of a second here, to keep the test short).
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.2)
    _override(
        portfolio,
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% else %}x{% endif %}"
        "{% endmacro %}{{ f(60)|length }}\n",
    )
    started = time.thread_time()
    result = run("scorecard", "acme", "--root", portfolio)
    assert time.thread_time() - started < 3
    assert result.exit_code == 1
    assert (
        "template scorecard.md.j2 (line 1): stopped after 0.2 seconds of processor time, "
        "the limit for one report"
    ) in result.stderr


ORDINARY = """\
{% macro row(label, value) %}| {{ label }} | {{ value }} |{% endmacro %}
# Scorecard of {{ vendor.name ~ " (" ~ period ~ ")" }}
{% set ns = namespace(total=0, names=[]) %}
{% for kpi in kpis %}{% set ns.total = ns.total + 1 %}{% set ns.names = ns.names + [kpi.name] %}{% endfor %}
{{ "%d KPIs: %s" % (ns.total, ns.names|join(", ")) }}
{{ row("padded", "{:>6}|{:<4}|".format(12, "ab")) }}
{{ "-" * 10 }} {{ 2 ** 10 }} {{ "ab"|center(6) }} {{ [1, [2, 3]]|tojson }}
{% for kpi in kpis %}{{ loop.index }}/{{ loop.length }} {{ kpi.name|upper }}{{ "," if not loop.last }}{% endfor %}

{% with total = ns.total * 2 %}{{ total }}{% endwith %}
"""

EXPECTED = r"""# Scorecard of Acme Hosting (2026-Q3)
2 KPIs: Availability, Incident response
\| padded \| 12\\\|ab  \\\| \|
\---------- 1024 ab \[1, \[2, 3\]\]
1/2 AVAILABILITY,2/2 INCIDENT RESPONSE
4
"""


def test_ordinary_templates_render_as_before(run: Run, portfolio: Path) -> None:
    """What the bounds watch (loops, macros, `~`, `%`, `*`, `**`, `+`, `str.format`, `set`, `with`
    and namespaces) renders exactly as Jinja renders it, and an override that only extends the
    built-in template renders the same report as the built-in one."""
    builtin = run("scorecard", "acme", "--root", portfolio)
    _override(portfolio, '{% extends "builtin/scorecard.md.j2" %}\n')
    extended = run("scorecard", "acme", "--root", portfolio)
    assert extended.exit_code == builtin.exit_code == 0
    assert extended.stdout == builtin.stdout
    _override(portfolio, ORDINARY)
    result = run("scorecard", "acme", "--root", portfolio)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EXPECTED
