"""The report renderer: sandboxed Jinja2 templates, built in or overridden by the portfolio."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
)
from jinja2.loaders import split_template_path

from vendorctl.errors import DataError
from vendorctl.render import mermaid
from vendorctl.render.filters import FILTERS
from vendorctl.render.markdown import cell, code, inert
from vendorctl.render.sandbox import BoundedEnvironment, TemplateLimit, metered, rows_of


class RenderError(DataError):
    """A template that cannot be loaded or rendered (most often a portfolio override)."""


def builtin_templates() -> Path:
    """The built-in templates: inside the installed package, or the source checkout's root."""
    packaged = Path(__file__).parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent.parent / "templates"


class _PortfolioLoader(FileSystemLoader):
    """A portfolio's own templates: read only where the file, symlinks resolved, lies inside the
    portfolio, so an override can never show a file from elsewhere (CI secrets, say)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.inside = folder.parent.resolve()

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, refused before it is read if it leads outside the portfolio."""
        path = self.folder.joinpath(*split_template_path(template))
        if path.exists() and not path.resolve().is_relative_to(self.inside):
            raise TemplateError(
                f"templates/{template} leads outside the portfolio (a symlink); it was not read"
            )
        return super().get_source(environment, template)


@lru_cache(maxsize=8)
def environment(override: Path | None) -> BoundedEnvironment:
    """A sandboxed environment whose every printed value is escaped unless vendorctl made it, and
    whose templates are held to the bounds of `vendorctl.render.sandbox` (size, work, time)."""
    loaders: list[BaseLoader] = [_PortfolioLoader(override)] if override else []
    builtin = FileSystemLoader(str(builtin_templates()))
    # An override can extend the template it replaces as "builtin/<name>".
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = BoundedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=inert,
    )
    env.filters.update(FILTERS)
    env.filters["cell"] = cell
    env.filters["code"] = code
    env.filters["chart_label"] = mermaid.label
    env.filters["exact"] = mermaid.exact
    # Every chart opens with `{{ mermaid_theme() }}`; y_range(values) gives its y-axis.
    env.globals["mermaid_theme"] = mermaid.theme
    env.globals["y_range"] = mermaid.y_range
    env.bound()
    return env


def render(name: str, context: Mapping[str, Any], override: Path | None = None) -> str:
    """Render a template to text with LF line endings and exactly one trailing newline."""
    folder = override if override is not None and override.is_dir() else None

    def run() -> str:
        # Held to the report's budget: see vendorctl.render.sandbox.
        return environment(folder).get_template(name).render(**context)

    try:
        # Bounds in proportion to the data: the index of many vendors may be long.
        text = metered(run, rows_of(context))
    except TemplateLimit as exc:
        raise RenderError(f"template {name}{_where(exc, name)}: {exc}") from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise RenderError(f"template {name}{where}: {exc.message or exc}") from None
    except RecursionError:
        raise RenderError(
            f"template {name} includes or extends itself; extend the built-in one as "
            f'"builtin/{name}"'
        ) from None
    except Exception as exc:  # a filter or expression failing on the data it was given
        raise RenderError(f"template {name}: {type(exc).__name__}: {exc}") from None
    return tidy(text)


def _where(exc: BaseException, name: str) -> str:
    """Where in the templates an error was raised: " (line 3)", " (line 3 of other.md.j2)"."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        # Jinja rewrites a template's frames into ones that raise from the template's own line.
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            filename = tb.tb_frame.f_code.co_filename
            line = tb.tb_lineno
            where = (
                f" (line {line})"
                if Path(filename).name == Path(name).name
                else f" (line {line} of {Path(filename).name})"
            )
        tb = tb.tb_next
    return where


def tidy(text: str) -> str:
    """LF line endings, no trailing spaces, no runs of blank lines, one final newline."""
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    # No blank line leads (none is kept before the first line of text); the one that may trail
    # goes, and the final newline comes with the join: one copy of a long report, not three.
    if lines and not lines[-1]:
        lines.pop()
    lines.append("")
    return "\n".join(lines) if len(lines) > 1 else "\n"
