"""`vendorctl init`: a new portfolio made from the example portfolio shipped with vendorctl."""

from __future__ import annotations

import json
import re
from pathlib import Path

from vendorctl import __version__
from vendorctl.compute.numbers import counted
from vendorctl.jobs.files import write_atomic
from vendorctl.jobs.render import render_portfolio
from vendorctl.jobs.schema import schema_text
from vendorctl.model import FILE_KINDS

STARTER_VENDOR = "nimbus-cloud"
SETTINGS = """\
# yaml-language-server: $schema=schemas/settings.schema.json
# vendorctl portfolio settings; `vendorctl schema settings` documents every key.
organisation: Example Organisation
currency: EUR
# The date checks and reports are computed for: the example vendor's data runs to October 2026.
# Move it forward as you add data, or remove it to check against today's date.
as_of: 2026-10-31
"""


class ScaffoldError(Exception):
    """The portfolio cannot be created as asked (existing files, unwritable folder)."""


def example_root() -> Path:
    """The example portfolio: inside the installed package, or the source checkout's root."""
    package = Path(__file__).parent.parent
    packaged = package / "_example"
    if (packaged / "vendorctl.yaml").is_file():
        return packaged
    checkout = package.parent
    if (checkout / "vendorctl.yaml").is_file() and (checkout / "vendors").is_dir():
        return checkout
    raise ScaffoldError("the example portfolio is missing from this installation of vendorctl")


def _planned(full: bool, install: str | None) -> dict[str, str | bytes]:
    """Every file of the new portfolio, by path relative to its root."""
    source = example_root()
    files: dict[str, str | bytes] = {}
    if full:
        files["vendorctl.yaml"] = (source / "vendorctl.yaml").read_bytes()
        vendor_dirs = sorted(p for p in (source / "vendors").iterdir() if p.is_dir())
    else:
        files["vendorctl.yaml"] = SETTINGS
        vendor_dirs = [source / "vendors" / STARTER_VENDOR]
    for folder in vendor_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(source).as_posix()] = path.read_bytes()
    for kind in FILE_KINDS.values():
        files[kind.schema_path] = schema_text(kind.name)
    files.update(_ci_files(install))
    return files


# A pip requirement written into YAML and a shell line: one word, nothing either would read.
_INSTALL = re.compile(r"[A-Za-z0-9][^\s\"'`$\\]{0,499}")


def _ci_files(install: str | None) -> dict[str, str | bytes]:
    """The GitHub workflow and the pre-commit configuration. vendorctl is installed only from
    the source given (`--install`), never by a bare name that anyone could register on a
    package index; without one, the workflow fails with a message saying what to set."""
    if install is not None and not _INSTALL.fullmatch(install):
        raise ScaffoldError(
            f"--install {install!r}: give one pip requirement, e.g. "
            f"git+https://<host>/<owner>/vendorctl@v{__version__}, without spaces or quotes"
        )
    ci = Path(__file__).parent.parent / "ci"
    workflow = (ci / "workflow.yml").read_text(encoding="utf-8")
    hooks = (ci / "pre-commit-config.yaml").read_text(encoding="utf-8")
    if install is None:
        source, language = "from the vendorctl installed here", "        language: system\n"
    else:
        source = f"with vendorctl installed by pre-commit from {install}"
        language = (
            f"        language: python\n        additional_dependencies: [{json.dumps(install)}]\n"
        )
    return {
        ".github/workflows/vendorctl.yml": workflow.replace("{version}", __version__).replace(
            "{install}", install or ""
        ),
        ".pre-commit-config.yaml": hooks.replace("{source}", source).replace(
            "{language}", language
        ),
    }


def scaffold(directory: Path, *, full: bool = False, install: str | None = None) -> list[Path]:
    """Create a portfolio in `directory`; refuse (writing nothing) if any file already exists."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a folder")
    files = _planned(full, install)
    # reports/ is rendered from vendors/ and templates/ after the files are written: none of
    # the three may exist yet, or init would render (or trip over) data it did not write.
    existing = sorted(
        name for name in [*files, "reports", "vendors", "templates"] if (directory / name).exists()
    )
    if existing:
        shown = ", ".join(existing[:5]) + (" ..." if len(existing) > 5 else "")
        raise ScaffoldError(
            f"refusing to overwrite {counted(len(existing), 'existing file')} "
            f"in {directory}: {shown}"
        )
    written = []
    try:
        for name, data in files.items():
            write_atomic(directory / name, data)
            written.append(directory / name)
        result = render_portfolio(directory, directory / "reports", None, check=False)
    except OSError as exc:
        raise ScaffoldError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    except Exception as exc:  # the example failing to render is a bug, but not a traceback
        raise ScaffoldError(f"the portfolio was written but its reports were not: {exc}") from None
    written.extend(directory / "reports" / rel for rel in result.planned)
    return written
