"""The cache of per-file load results: what loading one file gives (its validated model, or its
diagnostics), kept under a key made of the file's bytes, its place and kind, and the code.

Loading a file reads nothing but its bytes and its path: no setting (fiscal year, severities,
time zone, KPI profiles, people.yaml) enters the parse or the schema, only the checks and
policies that run on the models afterwards, every time. So a file's key is its bytes, its
repo-relative path (which its diagnostics name), its schema model, and a fingerprint of the code
that loads it: vendorctl's version, the source of `vendorctl.load`, `vendorctl.model` and
`vendorctl.diagnostics` (an edited checkout never reads what an older one wrote), the Python,
parser and Pydantic versions. Only the files of vendor folders are kept; the two at the root are
always read afresh (the settings' time zone is checked against the system's zone database).

Entries are plain data, never pickles: a model as Pydantic's JSON, read back through
`model_validate_json` (so an entry holds nothing the schema would refuse), diagnostics as a JSON
list. The entries of one vendor folder's files are kept together in one pack, named after the
folder: one file to read and write per vendor rather than one per file (making a file cost
about as much as loading it). A pack is written whole to a temporary file in its folder, then
`os.replace`d, holding the entries of the folder's files as they are now, so it never grows with
old ones, and concurrent runs and forked workers only ever read whole packs. A pack that is
missing, truncated, corrupt or foreign, and an entry that does not validate, are misses: the
files are loaded afresh and the pack written again. A cache folder that cannot be written only
means no caching; nothing here raises.

The folder is `.vendorctl-cache/` at the portfolio root, or `$VENDORCTL_CACHE_DIR`; it holds a
`.gitignore` of its own. Results never depend on it: deleting it any time is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vendorctl.diagnostics import Diagnostic
from vendorctl.load.inputs import Listed, bytes_digest

if TYPE_CHECKING:
    from pydantic import BaseModel

CACHE_DIR = ".vendorctl-cache"
ENV_DIR = "VENDORCTL_CACHE_DIR"

_MAGIC = b"vendorctl-cache 1 "
_SHELVES = "shelves"  # the sub-folder of the shelves' packs
_MODEL = "m"
_DIAGNOSTICS = "d"
# The packs of one kind of per-vendor result: enough that a change rewrites a small share of
# the results, few enough that a first run writes few files.
BUCKETS = 32
# A vendor folder's files may each be 8 MB of YAML (and aliases expand them): a pack larger than
# this (read, or unpacked) is not one this code wrote; its files are loaded afresh.
_MAX_PACK = 256 * 1024 * 1024
_SEVERITIES = ("error", "warning")
_IGNORE = "# The cache of vendorctl: never committed; delete it any time.\n*\n"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by vendorctl.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

M = TypeVar("M", bound="BaseModel")
# A file's entry: its kind (_MODEL or _DIAGNOSTICS) and body; a folder's in a shelf: the key its
# result was made under, and the result.
Entry = tuple[str, bytes]

_enabled = True
_names = itertools.count()


@contextlib.contextmanager
def turned(*, on: bool) -> Iterator[None]:
    """Caching on or off while the block runs (`--no-cache`), as it was afterwards."""
    global _enabled
    was, _enabled = _enabled, on
    try:
        yield
    finally:
        _enabled = was


def _digest(*parts: bytes) -> str:
    # SHA-256 (160 bits of it, as load.inputs keeps): the processor's own instructions make it
    # twice blake2b's pace on the megabyte of source every cached run hashes.
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))  # no two sequences of parts hash alike
        hasher.update(part)
    return hasher.hexdigest()[:40]


def _text(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")  # file names that are not UTF-8 included


@cache
def _sources() -> tuple[tuple[str, bytes], ...]:
    """Every Python source of the package, by its path in the package, in path order: read
    once for both fingerprints (the loading code's and the whole package's)."""
    package = str(Path(__file__).resolve().parent.parent)
    found: list[tuple[str, bytes]] = []
    folders = [("", package)]
    # os.scandir and plain reads: Path.rglob and a Path per file cost every cached run 3 ms.
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(entry.name, entry.path, entry.is_dir()) for entry in entries]
        except OSError:
            continue
        for name, path, is_dir in listed:
            if is_dir:
                if name != "__pycache__":
                    folders.append((f"{prefix}{name}/", path))
            elif name.endswith(".py"):
                try:
                    found.append((prefix + name, _whole_file(path)))
                except OSError:  # unreadable: its name still counts
                    found.append((prefix + name, b""))
    return tuple(sorted(found))


def _whole_file(path: str) -> bytes:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _parser_versions() -> list[bytes]:
    """The versions of the YAML parsers: yaml-rs (which the loader has imported by now), and
    PyYAML's own source, found without importing it (PyYAML only locates problems, and
    importing it cost 11 ms, reading its distribution's metadata 3 ms of every cached run)."""
    import importlib.util

    import yaml_rs

    parts = [str(getattr(yaml_rs, "__version__", "yaml-rs")).encode()]
    try:
        spec = importlib.util.find_spec("yaml")
        origin = spec.origin if spec is not None else None
        parts.append(Path(origin or "").read_bytes())  # its __init__.py: __version__ is in it
    except (OSError, ImportError, ValueError):  # not installed: the other versions still count
        parts.append(b"PyYAML")
    return parts


@cache
def _code() -> bytes:
    """The source of everything between a file's bytes and its model or diagnostics, and the
    versions of what parses and validates it."""
    import pydantic_core

    parts = [sys.version.encode(), pydantic_core.__version__.encode(), *_parser_versions()]
    for name, source in _sources():
        folder, _, base = name.rpartition("/")
        if name == "diagnostics.py" or (folder in ("load", "model") and base):
            parts.extend((name.encode(), source))
    return _digest(*parts).encode()


def fingerprint() -> str:
    """The code's part of every key: vendorctl's version and the loading code's digest."""
    import vendorctl

    return _digest(str(vendorctl.__version__).encode(), _code())


@dataclass
class FileCache:
    """The packs of one code fingerprint in one cache folder."""

    folder: Path  # the cache folder
    code: str  # fingerprint(): packs live in a sub-folder named after it
    writable: bool = True
    made: bool = False  # the packs' folder is known to exist
    # The sub-folders known to exist: making each again, for every pack, cost a cold run more
    # than writing the pack.
    known: set[str] = field(default_factory=set, repr=False, compare=False)
    present: bool | None = field(default=None, repr=False, compare=False)
    # The packs this process wrote (by name): while the folder of packs was missing when first
    # asked, no other is looked for (a cold run opened every one in vain).
    written: set[str] = field(default_factory=set, repr=False, compare=False)
    # What a folder's files are kept in when nothing is to be found or written: one for all.
    idle: FileCache | None = field(default=None, repr=False, compare=False)
    # The digests of the files loaded through this cache, by path, where asked for: a vendor
    # folder's key (load.inputs) is made of them rather than of its files read a second time.
    noted: dict[str, str] | None = field(default=None, repr=False, compare=False)
    # Vendor folders as listed to key them, by folder (repo-relative): the loader takes its
    # entries from there rather than list the folder again (each taken once).
    listed: dict[str, Listed] = field(default_factory=dict, repr=False, compare=False)

    def reading(
        self, *, noting: bool = False, listed: dict[str, Listed] | None = None
    ) -> FileCache:
        """The same cache, read but never written; noting the digest of every file loaded
        through it, if `noting`; `listed`: folders listed to key them, for the loader."""
        noted: dict[str, str] | None = {} if noting else None
        return FileCache(
            self.folder, self.code, writable=False, made=self.made, noted=noted, listed=listed or {}
        )

    def note(self, path: str, raw: bytes) -> None:
        """Note the digest of a file's bytes as the loader read them, if asked to."""
        if self.noted is not None:
            self.noted[path] = bytes_digest(raw)

    def has_packs(self) -> bool:
        """Whether this code's folder of packs existed when first asked (or was made since): if
        not, every read is a miss, and a cold run need not try each pack."""
        if self.present is None:
            self.present = self.packs.is_dir()
        return self.present or self.made

    def may_hold(self, name: str) -> bool:
        """Whether the pack `name` may be there: not while this code's folder of packs was
        missing when first asked, unless this process wrote it since (one a concurrent run
        wrote since is not seen: a miss, as if written a moment later)."""
        if self.present is None:
            self.present = self.packs.is_dir()
        return self.present or name in self.written

    @property
    def packs(self) -> Path:
        """The folder of this code's packs (those of other versions are never read)."""
        return self.folder / self.code[:20]

    def key(self, model: type[BaseModel], path: str, raw: bytes) -> str:
        """A file's key: its bytes, place and schema, and the code."""
        self.note(path, raw)
        schema = f"{model.__module__}.{model.__qualname__}"
        return _digest(self.code.encode(), schema.encode(), _text(path), raw)

    def group(self, folder: str) -> Group:
        """What is kept for the files of `folder` (repo-relative, a vendor's), from its pack."""
        if not self.writable and not self.has_packs():
            # Nothing to find, nothing to write: the loader's keys would be digests of every
            # file's bytes for nothing.
            if self.idle is None:
                self.idle = _Idle(self.folder, self.code, writable=False, noted=self.noted)
            return Group(self.idle, "", {})
        name = _digest(self.code.encode(), _text(folder))
        return Group(self, name, _read(self.packs / name[:2] / name[2:], name))

    def write(
        self, name: str, entries: dict[str, Entry], *, compress: bool = True, shelf: bool = False
    ) -> None:
        """Write a pack whole, atomically (a shelf's, if `shelf`: see `place`); stop writing at
        the first failure."""
        if not self.writable:
            return
        try:
            data = _pack(name, entries, compress=compress)
        except Exception:  # an entry that does not encode: the pack is just not kept
            return
        try:
            self._replace(name, data, shelf=shelf)
        except OSError:
            self.writable = False  # read-only, full or not a folder: no caching this run

    def place(self, name: str, *, shelf: bool = False) -> tuple[str, str]:
        """The sub-folder and file name of the pack `name`: a folder's pack under the first two
        characters of its name, as there may be thousands; the packs of every shelf together
        (a few dozen each: a folder of their own for each cost a first run a mkdir a pack)."""
        return (_SHELVES, name) if shelf else (name[:2], name[2:])

    def _replace(self, name: str, data: bytes, *, shelf: bool = False) -> None:
        if not self.made:
            _make_cache_folder(self.folder)
            self.made = True
        sub, file = self.place(name, shelf=shelf)
        folder = self.packs / sub
        if sub not in self.known:
            folder.mkdir(parents=True, exist_ok=True)
            self.known.add(sub)
        # Named by process and count: forked workers each have a pid of their own.
        temporary = folder / f".{file[:10]}.{os.getpid()}.{next(_names)}.tmp"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # left by a process that died with this pid: let it be
            return
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            # No fsync: a pack cut short by a crash fails its checksum and is written again.
            temporary.replace(folder / file)
            self.written.add(name)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise


class _Idle(FileCache):
    """A cache with nothing in it to find, never written: a file's key is not worth taking."""

    def key(self, model: type[BaseModel], path: str, raw: bytes) -> str:
        """No key: nothing will be looked up or kept under it."""
        self.note(path, raw)
        return ""


class Shelf:
    """Results of one kind kept per vendor folder (the cache's second level), each under the
    key of the inputs it was made from, in packs of many folders: a folder's pack is one of
    `BUCKETS`, chosen by the folder's name. Writing a run's results costs a file per pack
    rather than one per vendor (a thousand small atomic writes cost a cold run as much as
    hashing every file), and a small change rewrites one pack. A folder's entry is replaced,
    never added to, when its folder changes."""

    def __init__(self, cache: FileCache, kind: str) -> None:
        self.cache = cache
        self.kind = kind

    def bucket(self, folder: str) -> int:
        """The pack that holds `folder`'s result: from its name alone, the same on every run."""
        return zlib.crc32(_text(folder)) % BUCKETS

    def _name(self, bucket: int) -> str:
        return _digest(self.cache.code.encode(), self.kind.encode(), str(bucket).encode())

    def path(self, folder: str) -> Path:
        """Where the pack holding `folder`'s result lies."""
        return self._path(self._name(self.bucket(folder)))

    def _path(self, name: str) -> Path:
        return self.cache.packs.joinpath(*self.cache.place(name, shelf=True))

    def read(self, bucket: int) -> dict[str, Entry]:
        """Every folder's entry in one pack: the key its result was made under, and the result."""
        name = self._name(bucket)
        if not self.cache.may_hold(name):
            return {}
        return _read(self._path(name), name)

    def get(self, folder: str, key: str) -> bytes | None:
        """The result kept for `folder` under `key`; None if there is none (or another)."""
        entry = self.read(self.bucket(folder)).get(folder)
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, folder: str, key: str, body: bytes) -> None:
        """Keep `body` as the result for `folder` under `key`, in place of any other."""
        self.update(self.bucket(folder), {folder: (key, body)})

    def update(self, bucket: int, results: dict[str, Entry]) -> None:
        """Keep `results` (by folder: key and body, all of one pack), in place of the folders'
        others; the pack's other folders are kept as they are (two runs writing it at once
        may lose one's entries: only a miss later)."""
        if not results or not self.cache.writable:
            return
        entries = self.read(bucket)
        entries.update(results)
        self.cache.write(self._name(bucket), entries, compress=False, shelf=True)


class Group:
    """The entries kept for one folder's files, and those its files have now: the pack is
    written again when the two differ (a file changed, came or went)."""

    def __init__(self, cache: FileCache, name: str, kept: dict[str, Entry]) -> None:
        self.cache = cache
        self.name = name
        self.kept = kept
        self.now: dict[str, Entry] = {}
        self.changed = False

    def get(self, key: str, model: type[M]) -> M | list[Diagnostic] | None:
        """The model or diagnostics kept under `key`; None for a miss (or a bad entry)."""
        entry = self.kept.get(key)
        if entry is None:
            return None
        try:
            found = _decode(entry, model)
        except Exception:  # whatever a damaged or foreign entry does, it is only a miss
            found = None
        if found is not None:
            self.now[key] = entry
        return found

    def put(self, key: str, result: BaseModel | list[Diagnostic]) -> None:
        """Keep `result` under `key` (written when the group closes)."""
        if not self.cache.writable:
            return  # a cache only read: encoding the model would be for nothing
        try:
            self.now[key] = _encode(result)
        except Exception:  # a model that does not serialise is just not kept
            return
        self.changed = True

    def close(self) -> None:
        """Write the pack if what it should hold changed."""
        if self.changed or self.now.keys() != self.kept.keys():
            self.cache.write(self.name, self.now)


def _make_cache_folder(folder: Path) -> None:
    """The cache folder, with a .gitignore that keeps it out of git wherever it is, and the
    tag that tells backup tools it is a cache."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", _IGNORE), ("CACHEDIR.TAG", _TAG)):
        with (
            contextlib.suppress(FileExistsError),
            (folder / name).open("x", encoding="utf-8") as handle,
        ):
            handle.write(text)


def _encode(result: BaseModel | list[Diagnostic]) -> Entry:
    if isinstance(result, list):
        rows = [[d.path, d.line, d.col, d.severity, d.code, d.message, list(d.loc)] for d in result]
        return _DIAGNOSTICS, _text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
    # Set fields only, so that a model read back is the one validated, defaults filled alike.
    return _MODEL, result.model_dump_json(exclude_unset=True, warnings=False).encode()


def _decode(entry: Entry, model: type[M]) -> M | list[Diagnostic] | None:
    kind, body = entry
    if kind == _MODEL:
        return model.model_validate_json(body)
    if kind == _DIAGNOSTICS:
        return _diagnostics(json.loads(body.decode("utf-8", "surrogatepass")))
    return None


def _diagnostics(rows: Any) -> list[Diagnostic] | None:
    """Diagnostics from their JSON form, each field of the type it must have."""
    if not isinstance(rows, list):
        return None
    found = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 7):
            return None
        path, line, col, severity, code, message, loc = row
        if not (
            isinstance(path, str)
            and type(line) is int
            and type(col) is int
            and severity in _SEVERITIES
            and isinstance(code, str)
            and isinstance(message, str)
            and isinstance(loc, list)
            and all(type(part) in (str, int) for part in loc)
        ):
            return None
        found.append(Diagnostic(path, line, col, severity, code, message, tuple(loc)))
    return found


# A pack: a line naming it, a line with the checksum of the rest, then a line of JSON indexing
# the entries ([key, kind, length] each) and the entries' bodies one after another: compressed
# (zlib) in a pack of loaded files, as the JSON of 1,000 vendors' files is 54 MB, 8 MB
# compressed; as they are in a shelf's, whose packs every first run of validate and render
# writes and every later one reads: zlib's fastest level cost more CPU time than the writes it
# saves (validate's results on 1,000 small vendors, 2.2 MB: 11 ms to compress, 1 ms to write).
# A compressed pack's rest starts with zlib's header byte, never with the index's "[".


def _pack(name: str, entries: dict[str, Entry], *, compress: bool = True) -> bytes:
    index = json.dumps([[key, kind, len(body)] for key, (kind, body) in entries.items()])
    rest = b"".join([index.encode(), b"\n", *(b for _, b in entries.values())])
    if compress:
        rest = zlib.compress(rest, 1)
    check = hashlib.sha256(rest).hexdigest().encode()
    return b"".join((_MAGIC, name.encode(), b"\n", check, b"\n", rest))


def _read(path: Path, name: str) -> dict[str, Entry]:
    """The entries of the pack at `path`; none if it is missing, damaged or not `name`'s."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return {}
    try:
        # As many bytes as the pack has (and one more, to see it is no larger): a buffer of the
        # largest pack allowed, for every pack, would cost more than the rest of reading it.
        size = os.fstat(descriptor).st_size
        data = os.read(descriptor, min(size, _MAX_PACK) + 1)
    except OSError:
        return {}
    finally:
        os.close(descriptor)
    try:
        return _unpack(data, name)
    except Exception:  # a damaged pack is a miss, whatever it holds
        return {}


def _unpack(data: bytes, name: str) -> dict[str, Entry]:
    head = _MAGIC + name.encode() + b"\n"
    if len(data) > _MAX_PACK or not data.startswith(head):
        return {}  # too large, another format, or the pack of another folder
    check_end = data.index(b"\n", len(head))
    packed = memoryview(data)[check_end + 1 :]
    if hashlib.sha256(packed).hexdigest().encode() != data[len(head) : check_end]:
        return {}
    rest, start = data, check_end + 1
    if not data.startswith(b"[", start):
        unpacking = zlib.decompressobj()
        rest, start = unpacking.decompress(packed, _MAX_PACK), 0  # never more than a pack holds
        if not unpacking.eof or unpacking.unconsumed_tail:
            return {}
    index_end = rest.index(b"\n", start)
    entries: dict[str, Entry] = {}
    at = index_end + 1
    for key, kind, length in json.loads(rest[start:index_end]):
        if not (isinstance(key, str) and isinstance(kind, str) and type(length) is int):
            return {}
        entries[key] = (kind, rest[at : at + length])
        at += length
    return entries if at == len(rest) else {}


@cache
def _whole_code() -> bytes:
    """The source of the whole package, beside the loading code: checks, policies and reports
    all shape what is kept per vendor."""
    parts = [_code()]
    for name, source in _sources():
        parts.extend((_text(name), source))
    return _digest(*parts).encode()


def results_cache(files: FileCache) -> FileCache:
    """The cache of per-vendor results beside `files`: in the same folder, under a fingerprint
    of the whole package's code rather than only the loading code's."""
    import vendorctl

    code = _digest(b"results", str(vendorctl.__version__).encode(), _whole_code())
    return FileCache(files.folder, code, files.writable)


def digest(*parts: bytes) -> str:
    """A digest of a sequence of byte strings (no two sequences alike)."""
    return _digest(*parts)


def open_cache(root: Path) -> FileCache | None:
    """The cache of the portfolio at `root`: `$VENDORCTL_CACHE_DIR`, else `.vendorctl-cache`
    in the root; None while caching is turned off."""
    if not _enabled:
        return None
    try:
        given = os.environ.get(ENV_DIR, "")
        folder = Path(given) if given else root / CACHE_DIR
        return FileCache(folder.absolute(), fingerprint())
    except Exception:  # no cache is better than no run
        return None


__all__ = [
    "BUCKETS",
    "CACHE_DIR",
    "ENV_DIR",
    "FileCache",
    "Group",
    "Shelf",
    "digest",
    "fingerprint",
    "open_cache",
    "results_cache",
    "turned",
]
