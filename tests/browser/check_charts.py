"""Render every Mermaid chart of some Markdown reports in headless Chromium with Mermaid 11.

Each chart must render (no syntax error), draw every series it declares, the value and the
target in different colours, and every line, bar and text in a colour with a contrast of at
least 3:1 on GitHub's light and dark backgrounds. Usage, from the repository's root:

    npm ci --prefix tests/browser          # Mermaid 11, pinned in package-lock.json
    python tests/browser/check_charts.py reports/  [--screenshots DIR]

Chromium is Debian's `chromium` (or CHROMIUM=/path/to/chrome). tests/test_charts_browser.py runs
the same check on freshly rendered reports when both are present.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MERMAID = HERE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
# GitHub's page backgrounds: light, dark and dark dimmed.
BACKGROUNDS = {"light": "#ffffff", "dark": "#0d1117", "dimmed": "#22272e"}
LEAST_CONTRAST = 3.0
_BLOCK = re.compile(r"^```mermaid\n(.*?)^```", re.MULTILINE | re.DOTALL)
_RESULT = re.compile(r"<pre id=\"result\">(.*?)</pre>", re.DOTALL)

# Runs in the page once Mermaid has drawn every chart: what each SVG holds, as JSON.
_PROBE = """
mermaid.initialize({startOnLoad: false});
const colour = (value) => (value && value !== "none" && value !== "rgba(0, 0, 0, 0)") ? value : null;
mermaid.run({querySelector: ".mermaid", suppressErrors: true}).then(() => {
  const charts = [...document.querySelectorAll(".mermaid")].map((el) => {
    const svg = el.querySelector("svg");
    if (!svg) return {rendered: false, error: el.textContent.slice(0, 200)};
    const series = [...svg.querySelectorAll("g[class^='line-plot-'] path, g[class^='bar-plot-'] rect")]
      .map((node) => colour(node.tagName === "path" ? getComputedStyle(node).stroke : getComputedStyle(node).fill));
    const marks = [...svg.querySelectorAll("path, line")].map((n) => colour(getComputedStyle(n).stroke));
    const texts = [...svg.querySelectorAll("text")].map((n) => colour(getComputedStyle(n).fill));
    const words = [...svg.querySelectorAll("text")].map((n) => n.textContent).join(" ");
    const error = svg.getAttribute("aria-roledescription") === "error" || words.includes("Syntax error");
    return {rendered: !error, error: error ? words.slice(0, 200) : null, words, series,
            marks: marks.filter(Boolean), texts: texts.filter(Boolean)};
  });
  document.getElementById("result").textContent = JSON.stringify(charts);
}).catch((e) => { document.getElementById("result").textContent = JSON.stringify({failed: String(e)}); });
"""


@dataclass(frozen=True)
class Chart:
    """One Mermaid block: where it is, and its text."""

    source: str
    number: int
    text: str

    @property
    def series(self) -> int:
        """How many line and bar series the chart declares."""
        return len(re.findall(r"^\s*(?:line|bar)\s*\[", self.text, re.MULTILINE))


def charts_in(paths: list[Path]) -> list[Chart]:
    """Every Mermaid block of the Markdown files under `paths`, in path order."""
    files = sorted(
        f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*.md"))) if f.is_file()
    )
    found = []
    for path in files:
        blocks = _BLOCK.findall(path.read_text(encoding="utf-8"))
        found += [Chart(str(path), n, text) for n, text in enumerate(blocks, 1)]
    return found


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(text: str) -> tuple[int, int, int]:
    if text.startswith("#"):
        return (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))
    parts = [int(float(x)) for x in re.findall(r"[\d.]+", text)[:3]]
    return (parts[0], parts[1], parts[2])


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours (CSS `rgb(...)` or `#rrggbb`)."""
    a, b = sorted((_luminance(_rgb(one)), _luminance(_rgb(other))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _page(charts: list[Chart], background: str) -> str:
    blocks = "\n".join(f'<pre class="mermaid">{html.escape(c.text)}</pre>' for c in charts)
    return (
        f'<!doctype html><html><body style="background:{background}">{blocks}'
        f'<pre id="result"></pre><script src="{MERMAID.as_uri()}"></script>'
        f"<script>{_PROBE}</script></body></html>"
    )


def chromium() -> str | None:
    """The Chromium to run, or None when there is none."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def _run_chromium(page: Path, *extra: str) -> str:
    browser = chromium()
    if browser is None:
        raise RuntimeError("no Chromium: install Debian's chromium or set CHROMIUM")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--allow-file-access-from-files",
                "--virtual-time-budget=30000",
                *extra,
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    return done.stdout


def drawn(charts: list[Chart]) -> list[dict[str, object]]:
    """What Chromium drew of each chart: `rendered`, `error`, `words` (its text), colours."""
    if not MERMAID.is_file():
        raise RuntimeError("no Mermaid: run `npm ci --prefix tests/browser`")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "charts.html"
        page.write_text(_page(charts, BACKGROUNDS["light"]), encoding="utf-8")
        match = _RESULT.search(_run_chromium(page, "--dump-dom"))
    if match is None:
        raise RuntimeError("Chromium printed no result (did Mermaid load?)")
    result = json.loads(html.unescape(match.group(1)) or "null")
    if not isinstance(result, list):
        raise RuntimeError(f"Mermaid failed: {result}")
    return result


def problems(charts: list[Chart], screenshots: Path | None = None) -> list[str]:
    """What is wrong with the charts as Chromium draws them; empty when all is well."""
    if not MERMAID.is_file():
        raise RuntimeError("no Mermaid: run `npm ci --prefix tests/browser`")
    found: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "charts.html"
        page.write_text(_page(charts, BACKGROUNDS["light"]), encoding="utf-8")
        match = _RESULT.search(_run_chromium(page, "--dump-dom"))
        if match is None:
            return ["Chromium printed no result (did Mermaid load?)"]
        result = json.loads(html.unescape(match.group(1)) or "null")
        if not isinstance(result, list):
            return [f"Mermaid failed: {result}"]
        for chart, drawn in zip(charts, result, strict=True):
            found += _chart_problems(chart, drawn)
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            for name, background in BACKGROUNDS.items():
                page.write_text(_page(charts, background), encoding="utf-8")
                shot = screenshots / f"charts-{name}.png"
                height = 40 + 320 * len(charts)
                _run_chromium(page, f"--window-size=900,{height}", f"--screenshot={shot}")
    return found


def _chart_problems(chart: Chart, drawn: dict[str, object]) -> list[str]:
    where = f"{chart.source}, chart {chart.number}"
    if not drawn.get("rendered"):
        return [f"{where}: Mermaid did not render it: {drawn.get('error')}"]
    series = [c for c in drawn.get("series", []) if isinstance(c, str)]
    found = []
    if len(set(series)) < chart.series:
        found.append(f"{where}: {chart.series} series declared, {len(set(series))} colours drawn")
    colours = set(series) | set(drawn.get("marks", [])) | set(drawn.get("texts", []))  # type: ignore[arg-type]
    for colour in sorted(colours):
        for name, background in BACKGROUNDS.items():
            ratio = contrast(colour, background)
            if ratio < LEAST_CONTRAST:
                found.append(f"{where}: {colour} on {name} {background}: contrast {ratio:.2f}")
    return found


def main() -> int:
    """Check the charts of the given files or folders; exit 1 with the problems listed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--screenshots", type=Path, help="write PNGs on each background here")
    args = parser.parse_args()
    charts = charts_in(args.paths)
    found = problems(charts, args.screenshots)
    for line in found:
        print(line)
    print(f"{len(charts)} charts checked in Chromium with Mermaid 11: {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
