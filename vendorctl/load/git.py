"""Read a portfolio as it was at a git revision, straight from git's objects (no checkout), and
which commit last changed each line of a file (blame)."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from vendorctl.load.portfolio import SETTINGS_FILE, VENDORS_DIR
from vendorctl.model.people import PEOPLE_FILE

# Where a pull request's base branch is named on CI services that say so.
_BASE_BRANCH_VARIABLES = ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
_DEFAULT_BRANCHES = ("origin/main", "origin/master", "main", "master")


class GitError(Exception):
    """git cannot give what was asked: no repository, no such revision, no git at all."""


class GitMissing(GitError):
    """git itself cannot be run."""


@dataclass(frozen=True)
class Revision:
    """One side of a comparison: a commit, or the working tree (`sha` None)."""

    label: str
    sha: str | None = None

    @property
    def short(self) -> str:
        """The abbreviated commit id, or `working tree`."""
        return "working tree" if self.sha is None else self.sha[:12]

    @property
    def ref(self) -> str:
        """A name git understands for this side: the name given, else the commit id."""
        return self.label if self.sha is None or " " not in self.label else self.short

    @property
    def title(self) -> str:
        """How reports name this side: `main (1a2b3c4d5e6f)`, or `working tree`."""
        return (
            self.short
            if self.sha is None or self.label == self.sha
            else f"{self.label} ({self.short})"
        )


WORKING_TREE = Revision("working tree")


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git; its failure becomes a GitError with git's own first line of complaint."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            # Literal pathspecs: a portfolio folder named `[x]` or `*` is a name, not a pattern.
            env={
                **os.environ,
                "GIT_TERMINAL_PROMPT": "0",
                "GIT_LITERAL_PATHSPECS": "1",
                "LC_ALL": "C",
            },
        )
    except FileNotFoundError:
        raise GitMissing(
            "git is not installed or not on PATH; diff reads revisions with git"
        ) from None
    except OSError as exc:
        raise GitMissing(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(said[0] if said else f"git {args[0]} failed")
    return done.stdout


def prefix(root: Path) -> str:
    """The portfolio's folder inside its repository (`` at the top, `ops/vendors-repo/` below)."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip()
    except GitMissing:
        raise
    except GitError:
        inside = b""
    if inside != b"true":
        raise GitError(
            f"{root} is not in a git work tree; diff compares revisions of a portfolio kept in git"
        )
    return _git(root, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()


def resolve(root: Path, name: str) -> Revision:
    """The commit a revision name stands for; a GitError names what does not exist."""
    if not name or name.startswith("-"):
        raise GitError(f"{name!r} is not a revision")
    try:
        sha = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}"
        )
    except GitError:
        sha = b""
    if not sha.strip():
        raise GitError(
            f"unknown revision {name!r}: no such branch, tag or commit in this repository"
        )
    return Revision(name, sha.decode("ascii").strip())


def _default_branch(root: Path) -> str | None:
    named = [os.environ.get(var, "").strip() for var in _BASE_BRANCH_VARIABLES]
    candidates = [f"origin/{name}" for name in named if name]
    try:
        head = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
        candidates.append(head.decode("utf-8", "replace").strip())
    except GitError:
        pass  # no remote, or its HEAD was never fetched
    candidates.extend(_DEFAULT_BRANCHES)
    for name in candidates:
        try:
            resolve(root, name)
        except GitError:
            continue
        return name
    return None


def default_base(root: Path) -> Revision:
    """The merge base of HEAD with the default branch: what a pull request is compared against."""
    branch = _default_branch(root)
    if branch is None:
        raise GitError(
            "no default branch found (tried origin/HEAD, main and master); "
            "name the base revision, e.g. `vendorctl diff main` (a shallow CI checkout needs the "
            "base branch fetched too)"
        )
    head = resolve(root, "HEAD")
    try:
        sha = _git(root, "merge-base", branch, head.sha or "HEAD").decode("ascii").strip()
    except GitError:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
        if shallow:
            raise GitError(
                f"the history is shallow, so HEAD and {branch} have no common ancestor here; "
                "fetch the history (fetch-depth: 0 in actions/checkout) or name the base revision"
            ) from None
        raise GitError(
            f"HEAD and {branch} have no common ancestor; name the base revision"
        ) from None
    return Revision(f"merge base with {branch}", sha)


def _safe(relative: str) -> PurePosixPath | None:
    """A tree path as a relative path, or None if it could climb out of the folder."""
    path = PurePosixPath(relative)
    if not path.parts or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


def export(root: Path, revision: Revision, dest: Path) -> int:
    """Write the portfolio's files at `revision` under `dest` from git's objects; count them.

    Only vendorctl.yaml, people.yaml and vendors/ are read. Symlinks stay symlinks, so the
    loader judges them as it would in a checkout; submodules are left out.
    """
    assert revision.sha is not None
    where = prefix(root)
    listing = _git(
        root,
        "ls-tree",
        "-r",
        "-z",
        "--full-tree",
        revision.sha,
        "--",
        f"{where}{SETTINGS_FILE}",
        f"{where}{PEOPLE_FILE}",
        f"{where}{VENDORS_DIR}",
    )
    entries: list[tuple[str, str, PurePosixPath]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split(" ")
        relative = _safe(name.decode("utf-8", "surrogateescape")[len(where) :])
        if kind == "blob" and relative is not None:
            entries.append((mode, sha, relative))
    _refuse_crafted(entries, revision)
    blobs = _cat_blobs(root, [sha for _, sha, _ in entries])
    real_dest = dest.resolve()
    for mode, sha, relative in entries:
        target = dest.joinpath(*relative.parts)
        _make_folders(dest, relative.parts[:-1])
        if not target.parent.resolve().is_relative_to(real_dest):  # never outside `dest`
            raise GitError(f"`{relative}` at {revision.title} would be written outside")
        if mode == "120000":
            target.symlink_to(os.fsdecode(blobs[sha]))
        else:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(target, flags, 0o644), "wb") as stream:
                stream.write(blobs[sha])
    return len(entries)


def _refuse_crafted(entries: list[tuple[str, str, PurePosixPath]], revision: Revision) -> None:
    """Refuse a tree that no `git add` makes: one path twice, or a path inside a symlink or a
    file (such a tree arrives by a plain fetch, which checks nothing by default)."""
    seen: set[PurePosixPath] = set()
    for _, _, relative in entries:
        if relative in seen:
            raise GitError(f"the tree at {revision.title} holds `{relative}` twice; not read")
        seen.add(relative)
    for _, _, relative in entries:
        for parent in relative.parents:
            if parent in seen:
                raise GitError(
                    f"the tree at {revision.title} holds `{relative}` inside `{parent}`, "
                    "which is a file or a symlink; not read"
                )


def _make_folders(dest: Path, parts: tuple[str, ...]) -> None:
    """Make the folders of a path under `dest` one by one, none of them through a symlink."""
    folder = dest
    for part in parts:
        folder = folder / part
        try:
            folder.mkdir()
        except FileExistsError:
            if folder.is_symlink() or not folder.is_dir():
                raise GitError(f"`{folder.relative_to(dest)}` is not a folder") from None


def _cat_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """The contents of blobs by id, read in one `git cat-file --batch`."""
    unique = sorted(set(shas))
    if not unique:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in unique).encode())
    blobs: dict[str, bytes] = {}
    at = 0
    for sha in unique:
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii").split(" ")
        if len(header) != 3:
            raise GitError(f"git object {sha} cannot be read: {' '.join(header)}")
        size = int(header[2])
        blobs[sha] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return blobs


@dataclass(frozen=True)
class LineCommit:
    """The commit that last changed a line (`sha` None: changed and not committed yet)."""

    sha: str | None
    day: date | None  # the author date, in the author's time zone

    @property
    def short(self) -> str | None:
        """The abbreviated commit id, as `diff` shows commits."""
        return None if self.sha is None else self.sha[:12]


UNCOMMITTED = LineCommit(None, None)
_BLAME_HEADER = re.compile(rb"^([0-9a-f]{40,64}) [0-9]+ ([0-9]+)(?: [0-9]+)?$")


def in_work_tree(root: Path) -> bool:
    """True if `root` lies in a git work tree; GitMissing if git cannot be run at all."""
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except GitMissing:
        raise
    except GitError:
        return False


def work_tree_root(folder: Path) -> Path | None:
    """The root of the git work tree that `folder` (an existing folder) lies in, None when it
    lies in none; GitMissing if git cannot be run at all."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except GitMissing:
        raise
    except GitError:
        return None
    shown = top.decode("utf-8", "surrogateescape").strip()
    return Path(shown) if shown else None


def init_repository(root: Path) -> None:
    """Make `root` a new git repository (`git init`); GitError or GitMissing if git cannot."""
    _git(root, "init", "--quiet")


def blame(root: Path, path: str) -> dict[int, LineCommit]:
    """The commit that last changed each line (from 1) of the file at `path` (relative to
    `root`) as it is in the work tree, from one `git blame --porcelain`. A file git does not
    track (or a repository without commits) has no line committed: an empty mapping."""
    try:
        out = _git(root, "blame", "--porcelain", "--", path)
    except GitMissing:
        raise
    except GitError:
        return {}
    found: dict[int, LineCommit] = {}
    seen: dict[bytes, dict[bytes, bytes]] = {}
    current: dict[bytes, bytes] | None = None
    sha, line = b"", 0
    for raw in out.split(b"\n"):
        if raw.startswith(b"\t"):  # the line's own text: never read as a header
            if current is not None and line:
                found[line] = _line_commit(sha, current)
            current = None
            continue
        header = _BLAME_HEADER.match(raw)
        if header is not None and current is None:
            sha, line = header.group(1), int(header.group(2))
            current = seen.setdefault(sha, {})
        elif current is not None:
            key, _, value = raw.partition(b" ")
            current[key] = value
    return found


def _line_commit(sha: bytes, fields: dict[bytes, bytes]) -> LineCommit:
    """A blamed line's commit, dated by its author time and zone (`+0200`)."""
    if not sha.strip(b"0"):
        return UNCOMMITTED
    try:
        seconds = int(fields[b"author-time"])
        zone = fields.get(b"author-tz", b"+0000").decode("ascii")
        sign = -1 if zone.startswith("-") else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
        day = datetime.fromtimestamp(seconds, tz=timezone(offset)).date()
    except (KeyError, ValueError, OverflowError, OSError):
        day = None
    return LineCommit(sha.decode("ascii"), day)
