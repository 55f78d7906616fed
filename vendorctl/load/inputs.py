"""What a vendor folder's results depend on, as one digest: the names and kinds of the entries the
loader looks at and the bytes of every YAML file it may read.

The loader reads a vendor folder and the folders directly in it, and only YAML files there; it
looks no deeper than the names of what those folders hold. So the digest covers every entry of
the vendor folder and of each folder in it (hidden ones left out, as the loader leaves them
out) and the bytes of each YAML file among them: more than the loader reads, never less. A
folder holding a symlink, a YAML entry that is not a regular file, or one over the loader's
size limit has no digest: its results depend on more than its own bytes, and are never kept.

Reading every file to hash it would cost a third of parsing it, so a file's digest is taken
from the last run's record while its size, times and inode are those recorded (git's index
does the same); a file changed within two seconds before it was recorded is always read again,
since a change in the same clock tick would leave its times as they were.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vendorctl.load.yamlio import MAX_FILE_BYTES

YAML_SUFFIXES = (".yaml", ".yml")
# A file modified this close to the time its record was made may change again unseen.
_RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


# One entry of a vendor folder as listed: its path in the folder, whether it is a folder, and
# for a YAML file its stat (plain tuples: a named one per entry cost a cold run 10 ms more).
Seen = tuple[str, bool, Stat | None]


class Unkept(Exception):
    """The folder's results depend on more than its own entries: they are never kept."""


def _seen_in(folder: str, prefix: str, seen: list[Seen], inner: list[tuple[str, str]]) -> None:
    """The entries of `folder` (their paths starting with `prefix`) added to `seen`; the folders
    among them to `inner`, to be listed in turn. Raises Unkept, or OSError."""
    # Written for pace, as it runs for every entry of every vendor on every cached run: names
    # and methods looked up once, the YAML suffix tested as the loader's rule does (the last
    # dot, neither first nor last: a name here never starts with a dot).
    add = seen.append
    is_regular = stat.S_ISREG
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            rel = prefix + name
            if entry.is_symlink():
                raise Unkept(rel)
            if entry.is_dir(follow_symlinks=False):
                add((rel, True, None))
                inner.append((entry.path, rel + "/"))
            elif name.lower().endswith(YAML_SUFFIXES):
                info = entry.stat(follow_symlinks=False)
                size = info.st_size
                if size > MAX_FILE_BYTES or not is_regular(info.st_mode):
                    raise Unkept(rel)
                add((rel, False, (size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)))
            else:
                add((rel, False, None))


def listing(folder: Path) -> list[Seen]:
    """The entries of a vendor folder and of the folders in it, in name order; raises Unkept."""
    seen: list[Seen] = []
    inner: list[tuple[str, str]] = []
    try:
        _seen_in(str(folder), "", seen, inner)
        for path, prefix in inner:
            _seen_in(path, prefix, seen, [])  # the loader looks no deeper than their names
    except OSError as exc:  # unreadable: the loader reports it; nothing is kept
        raise Unkept(str(folder)) from exc
    seen.sort()  # by path: no two entries have the same
    return seen


def _bytes(path: str, size: int) -> bytes:
    """A file's bytes, `size` of them as listed (a buffered file object costs as much again)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        data = os.read(descriptor, size + 1)
        if len(data) > size:  # it grew since it was listed: all of it, as it is now
            chunks = [data]
            while chunk := os.read(descriptor, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data
    finally:
        os.close(descriptor)


def bytes_digest(data: bytes) -> str:
    """The digest of a file's bytes."""
    # SHA-256 runs in the processor's own instructions where it has them: twice blake2b's pace.
    # 160 bits of it, as the rest of the cache keeps: the record of every file is smaller.
    return hashlib.sha256(data).hexdigest()[:40]


def file_digest(path: Path | str, size: int = 0) -> str:
    """The digest of a file's bytes (`size`: as many as it is expected to hold)."""
    return bytes_digest(_bytes(str(path), size))


@dataclass
class Known:
    """The digests recorded for a folder's files: by path, with the stat they were taken at."""

    made_ns: int
    files: dict[str, tuple[Stat, str]]

    def trusted(self, rel: str, now: Stat) -> str | None:
        """The recorded digest of `rel`, if the file is as it was when recorded."""
        found = self.files.get(rel)
        if found is None or found[0] != now or now[1] >= self.made_ns - _RACY_NS:
            return None
        return found[1]


# The index is text, fields apart by NUL (which no path holds): per folder its path, when it
# was listed and how many files follow, then per file its path, stat and digest. JSON of nested
# lists cost a first run on 1,000 vendors of 19 files 20 ms to write, every later run 35 ms to
# read.
_FIELD = "\0"


def encode_index(records: dict[str, Known]) -> bytes:
    """The records of every folder (one file for the whole portfolio, as git's index)."""
    parts: list[str] = []
    add = parts.append
    for folder, known in sorted(records.items()):
        add(f"{folder}\0{known.made_ns}\0{len(known.files)}")
        for rel, ((size, mtime, ctime, inode), digest) in known.files.items():
            add(f"{rel}\0{size}\0{mtime}\0{ctime}\0{inode}\0{digest}")
    return _FIELD.join(parts).encode("utf-8", "surrogatepass")


def decode_index(body: bytes | None) -> dict[str, Known]:
    """The records of `encode_index`; none for anything else (they are only a shortcut)."""
    if not body:
        return {}
    try:
        fields = body.decode("utf-8", "surrogatepass").split(_FIELD)
        records: dict[str, Known] = {}
        at, end = 0, len(fields)
        while at < end:
            folder, made, count = fields[at], int(fields[at + 1]), int(fields[at + 2])
            at += 3
            stop = at + 6 * count
            if count < 0 or stop > end:
                return {}
            files: dict[str, tuple[Stat, str]] = {}
            columns = [fields[at + column : stop : 6] for column in range(6)]
            for rel, size, mtime, ctime, inode, digest in zip(*columns, strict=True):
                files[rel] = ((int(size), int(mtime), int(ctime), int(inode)), digest)
            records[folder] = Known(made, files)
            at = stop
        return records
    except Exception:  # a damaged index is no index
        return {}


@dataclass(frozen=True)
class Listed:
    """A vendor folder's entries, and when they were listed (before any file was read)."""

    folder: Path
    seen: list[Seen]
    made_ns: int


def listed(folder: Path) -> Listed:
    """The vendor folder listed, its files not read yet; raises Unkept."""
    seen = listing(folder)
    # Taken before the files are read: a file changed after it is never trusted (`Known`).
    return Listed(folder, seen, time.time_ns())


def folder_digest(
    folder: Path | Listed, known: Known, loaded: Callable[[str], str | None] | None = None
) -> tuple[str, Known | None]:
    """The digest of what the vendor folder's results depend on, and the record of its files'
    digests to keep for the next run (None when `known` needs no update); raises Unkept.

    A file's digest is the one recorded while the file is as recorded, else the one `loaded`
    gives (by the path in the folder: the bytes the loader read, listed before), else that of
    the file read now.
    """
    found = folder if isinstance(folder, Listed) else listed(folder)
    base = str(found.folder)
    now = Known(found.made_ns, {})
    read = False
    parts: list[str] = []
    trusted = known.trusted if known.files else None  # none to trust on a first run
    for rel, is_dir, info in found.seen:
        digest = ""
        if info is not None:
            if trusted is not None:
                digest = trusted(rel, info) or ""
            if not digest:
                path = f"{base}/{rel}"
                if loaded is None:
                    digest = _read_digest(path, info[0])
                else:
                    digest = loaded(rel) or _late_digest(path, info, found.made_ns)
                read = True
            now.files[rel] = (info, digest)
        # A name holds no NUL and a digest is hex: two listings alike give the same text.
        parts.append(f"{rel}\0{'d' if is_dir else 'f'}{digest}\0")
    text = "".join(parts).encode("utf-8", "surrogatepass")
    return bytes_digest(text), now if read or now.files.keys() != known.files.keys() else None


def _read_digest(path: str, size: int) -> str:
    try:
        return file_digest(path, size)
    except OSError as exc:
        raise Unkept(path) from exc


def _late_digest(path: str, info: Stat, made_ns: int) -> str:
    """The digest of a file loaded elsewhere (another process) since it was listed, read now:
    only if it provably did not change in between (its stat as listed, and its last change
    older than the racy window before the listing); else Unkept. Without this, a file edited
    while a long run checks it would key the result of its old bytes by its new ones."""
    if max(info[1], info[2]) >= made_ns - _RACY_NS:
        raise Unkept(path)
    digest = _read_digest(path, info[0])
    try:
        now = os.lstat(path)
    except OSError as exc:
        raise Unkept(path) from exc
    if (now.st_size, now.st_mtime_ns, now.st_ctime_ns, now.st_ino) != info:
        raise Unkept(path)
    return digest


__all__ = [
    "Known",
    "Listed",
    "Seen",
    "Unkept",
    "bytes_digest",
    "decode_index",
    "encode_index",
    "file_digest",
    "folder_digest",
    "listed",
    "listing",
]
