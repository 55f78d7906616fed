"""`vendorctl init`: a new portfolio, empty or made from the example portfolio shipped with
vendorctl, with its CI files, a .gitignore, and a git repository when it is not inside one."""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from vendorctl import __version__
from vendorctl.compute import as_of
from vendorctl.compute.numbers import counted
from vendorctl.jobs.files import write_atomic
from vendorctl.jobs.render import render_portfolio
from vendorctl.jobs.schema import schema_text
from vendorctl.load import git
from vendorctl.model import FILE_KINDS
from vendorctl.model.people import PEOPLE_FILE
from vendorctl.render.engine import builtin_templates

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


# An empty portfolio is judged as of the day it was made, until its owner moves `as_of`: a
# commit must give the same verdict on any day (the weekly CI run judges the real date).
EMPTY_SETTINGS = """\
# yaml-language-server: $schema=schemas/settings.schema.json
# vendorctl portfolio settings; `vendorctl schema settings` documents every key.
organisation: My Organisation
currency: EUR
# The date checks and reports are computed for, so that a commit is judged the same on any day
# (the weekly CI run judges the real date: `vendorctl validate --as-of today`). Set when this
# portfolio was created; move it forward as you add data.
as_of: {day}
"""

GITIGNORE = ".gitignore"
GITIGNORE_TEXT = """\
# Written by `vendorctl init`: what vendorctl makes that is not committed. Each file it writes
# is written beside it first, as `.<name>.<random>.tmp`, then renamed into place; only an
# interrupted write leaves one behind (the next `vendorctl render` removes those in reports/).
# Everything else is committed: vendorctl.yaml, vendors/, templates/, schemas/, the CI files,
# and reports/ (CI checks that the committed reports are current). The cache of what loading
# each file gave (delete it any time; results never depend on it) is not committed either.
.vendorctl-cache/
.*.tmp
"""

TEMPLATES_NOTE = """\
# Report templates

Reports are rendered from the templates built into vendorctl. To change one, put a file of the
same name in this folder, e.g. `templates/scorecard.md.j2`; it may build on the built-in one
with `{{% extends "builtin/scorecard.md.j2" %}}`. The built-in templates:

{names}

With only this note here, the built-in templates are used as they are.
"""


class Mode(StrEnum):
    """What `init` puts in `vendors/`."""

    example = "example"  # one complete example vendor, to learn from and then delete
    full = "full"  # the whole example portfolio
    empty = "empty"  # no vendor: settings, schemas, templates note, CI files


class ScaffoldError(Exception):
    """The portfolio cannot be created as asked (existing files, unwritable folder)."""


@dataclass(frozen=True)
class Scaffolded:
    """What `init` made: the files written, the example vendors among them (to delete once the
    portfolio has its own), whether it ran `git init`, and why not when git could not; for a
    portfolio below the root of its git repository, that root, where the CI files went."""

    files: list[Path]
    examples: list[str]
    git_initialised: bool
    git_problem: str | None
    gitignore_kept: bool
    ci_root: Path | None = None


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


def _planned(mode: Mode) -> tuple[dict[str, str | bytes], list[str]]:
    """Every file of the new portfolio but the CI files, by path relative to its root, and the
    example vendors among them."""
    files: dict[str, str | bytes] = {}
    vendor_dirs: list[Path] = []
    source = Path()
    if mode is Mode.empty:
        files["vendorctl.yaml"] = EMPTY_SETTINGS.format(day=as_of.today().isoformat())
    else:
        source = example_root()
        if mode is Mode.full:
            files["vendorctl.yaml"] = (source / "vendorctl.yaml").read_bytes()
            vendor_dirs = sorted(p for p in (source / "vendors").iterdir() if p.is_dir())
        else:
            files["vendorctl.yaml"] = SETTINGS
            vendor_dirs = [source / "vendors" / STARTER_VENDOR]
    for folder in vendor_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(source).as_posix()] = path.read_bytes()
    if vendor_dirs and (source / PEOPLE_FILE).is_file():
        # The example vendors name people of the shared directory: it comes with them.
        files[PEOPLE_FILE] = (source / PEOPLE_FILE).read_bytes()
    for kind in FILE_KINDS.values():
        files[kind.schema_path] = schema_text(kind.name)
    files["templates/README.md"] = _templates_note()
    files[GITIGNORE] = GITIGNORE_TEXT
    return files, [folder.name for folder in vendor_dirs]


def _templates_note() -> str:
    """The note in templates/: how to override a report template, and the names to use."""
    names = sorted(p.name for p in builtin_templates().glob("*.j2"))
    return TEMPLATES_NOTE.format(names="\n".join(f"- `{name}`" for name in names))


# A pip requirement written into YAML and a shell line: one word, nothing either would read.
_INSTALL = re.compile(r"[A-Za-z0-9./][^\s\"'`$\\]{0,499}")
# The sources `--install` takes: a VCS URL (pinned by its @ref), a local path, NAME==VERSION.
_VCS = re.compile(r"(?:git|hg|svn|bzr)\+[a-z]+://\S+")
_LOCAL = ("/", "./", "../")
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_EXACT = re.compile(_NAME + r"==[0-9][0-9A-Za-z.!+_-]*")
_BARE = re.compile(_NAME)


def _unpinned(install: str) -> str | None:
    """Why `install` is not a source of one vendorctl that only its owner controls, or None:
    what the help promises and docs/security.md relies on."""
    forms = (
        f"give a git URL at a tag or commit (git+https://<host>/<owner>/vendorctl@v{__version__}), "
        f"a local path (./wheels/vendorctl-{__version__}-py3-none-any.whl) or an exact version "
        f"on a package index you control (vendorctl=={__version__})"
    )
    if not _INSTALL.fullmatch(install):
        return f"--install {install!r}: one pip requirement without spaces or quotes: {forms}"
    if install.startswith(_LOCAL) or _EXACT.fullmatch(install):
        return None
    if _VCS.fullmatch(install):
        _, at, ref = urlsplit(install).path.rpartition("@")  # after the host: never `git@`
        if at and ref:
            return None
        return (
            f"--install {install!r} is not pinned: without @TAG or @COMMIT, CI installs whatever "
            f"that repository's default branch holds on the day it runs; {forms}"
        )
    if _BARE.fullmatch(install):
        return (
            f"--install {install!r} is a bare package name: CI would install whatever is newest "
            f"under that name on a package index, and anyone could publish that name there; "
            f"{forms}"
        )
    return f"--install {install!r} is not a pinned source; {forms}"


# A portfolio folder below the repository's root, as the CI files name it: in a GitHub path
# filter, a shell word and a pre-commit regex, so only characters none of them reads.
_SUB_FOLDER = re.compile(r"[\w.][\w. -]*(?:/[\w.][\w. -]*)*")


def _ci_files(install: str | None, prefix: str = "") -> dict[str, str]:
    """The GitHub workflow and the pre-commit configuration, by path from the repository's root;
    for a portfolio in a sub-folder (`prefix`, e.g. `ops/vendors/`), their paths and commands
    name that folder. vendorctl is installed only from the source given (`--install`), pinned,
    never by a bare name that anyone could register on a package index; without one, the
    workflow fails with a message saying what to set."""
    if install is not None and (why := _unpinned(install)) is not None:
        raise ScaffoldError(why)
    ci = Path(__file__).parent.parent / "ci"
    workflow = (ci / "workflow.yml").read_text(encoding="utf-8")
    hooks = (ci / "pre-commit-config.yaml").read_text(encoding="utf-8")
    if install is None:
        source, language = "from the vendorctl installed here", "        language: system\n"
    elif install.startswith(_LOCAL):
        # pre-commit installs a hook's dependencies in its own cache folder, where a relative
        # path would name nothing: the hooks run the vendorctl installed from that path here.
        source = f"from the vendorctl installed here (from {install})"
        language = "        language: system\n"
    else:
        source = f"with vendorctl installed by pre-commit from {install}"
        language = (
            f"        language: python\n        additional_dependencies: [{json.dumps(install)}]\n"
        )
    folder = prefix.rstrip("/")
    root = f" --root {shlex.quote(folder)}" if folder else ""
    where = (
        f"\n# The portfolio is in {folder}/ of this repository (the paths and `--root` below)."
        if folder
        else ""
    )
    return {
        ".github/workflows/vendorctl.yml": workflow.replace("{version}", __version__)
        .replace("{install}", install or "")
        .replace("{where}", where)
        .replace("{prefix}", prefix)
        .replace("{root}", root),
        ".pre-commit-config.yaml": hooks.replace("{source}", source)
        .replace("{language}", language)
        .replace("{prefix}", re.escape(prefix))
        .replace("{root}", root),
    }


def _repository_root(directory: Path) -> Path | None:
    """The root of the git work tree `directory` lies in (or will, once made), None when it
    lies in none or git cannot tell: `directory` itself then becomes the repository's root."""
    probe = directory.absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return None
    try:
        return git.work_tree_root(probe)
    except git.GitError:  # git missing: init says so after writing
        return None


def _ci_placement(directory: Path) -> tuple[Path, str]:
    """Where the CI files go (the repository's root: GitHub and pre-commit read them only
    there) and the portfolio's folder from that root (`` at the root, else ending in `/`)."""
    top = _repository_root(directory)
    if top is None:
        return directory, ""
    try:
        inside = directory.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return directory, ""
    if inside == ".":
        return directory, ""
    if not _SUB_FOLDER.fullmatch(inside):
        raise ScaffoldError(
            f"{directory} is in the git repository {top}, whose root is where GitHub and "
            f"pre-commit read the CI files; init writes them there for a folder named with "
            f"letters, digits, spaces, `.`, `_` and `-` only (not {inside!r}): rename the folder, "
            "or run init at the repository's root"
        )
    return top, inside + "/"


def scaffold(
    directory: Path, *, mode: Mode = Mode.example, install: str | None = None
) -> Scaffolded:
    """Create a portfolio in `directory`; refuse (writing nothing) if any file already exists,
    but keep a .gitignore already there (a repository made on a git host often has one). Then
    `git init` it if it is not inside a git work tree (diff, CI and pre-commit assume git)."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} exists and is not a folder")
    files, examples = _planned(mode)
    ci_root, prefix = _ci_placement(directory)
    ci_files = _ci_files(install, prefix)
    gitignore_kept = (directory / GITIGNORE).exists()
    if gitignore_kept:
        del files[GITIGNORE]
    # reports/ is rendered from vendors/ and templates/ after the files are written: none of
    # the three may exist yet, or init would render (or trip over) data it did not write.
    targets = [directory / name for name in [*files, "reports", "vendors", "templates"]]
    targets += [ci_root / name for name in ci_files]
    existing = sorted(os.path.relpath(path, directory) for path in targets if path.exists())
    if existing:
        shown = ", ".join(existing[:5]) + (" ..." if len(existing) > 5 else "")
        at_root = (
            f"; the CI files go at the root of the repository, {ci_root}, where GitHub and "
            "pre-commit read them: move those aside, run init, then merge them back"
            if prefix and any(path.exists() for path in (ci_root / name for name in ci_files))
            else ""
        )
        raise ScaffoldError(
            f"refusing to overwrite {counted(len(existing), 'existing file')} "
            f"in {directory}: {shown}{at_root}"
        )
    written = []
    try:
        for path, data in [
            *((directory / name, data) for name, data in files.items()),
            *((ci_root / name, data) for name, data in ci_files.items()),
        ]:
            write_atomic(path, data)
            written.append(path)
        result = render_portfolio(directory, directory / "reports", None, check=False)
    except OSError as exc:
        raise ScaffoldError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    except Exception as exc:  # the example failing to render is a bug, but not a traceback
        raise ScaffoldError(f"the portfolio was written but its reports were not: {exc}") from None
    written.extend(directory / "reports" / rel for rel in result.planned)
    initialised, problem = _git_init(directory)
    return Scaffolded(
        written, examples, initialised, problem, gitignore_kept, ci_root if prefix else None
    )


def _git_init(directory: Path) -> tuple[bool, str | None]:
    """Run `git init` in `directory` unless it lies in a git work tree already: whether it ran,
    and what stopped it (the portfolio is written either way)."""
    try:
        if git.in_work_tree(directory):
            return False, None
        git.init_repository(directory)
    except git.GitMissing:
        return False, "git is not installed or not on PATH"
    except git.GitError as exc:
        return False, f"git init failed: {exc}"
    return True, None
