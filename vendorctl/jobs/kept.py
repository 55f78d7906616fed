"""Per-vendor results kept between runs: the cache's second level, above the per-file one.

What checking a vendor finds (and, for `render`, its reports) depends on nothing but its own
folder, the settings, people.yaml, the code and the job's parameters (the date judged, the
templates): every check and policy of one vendor gives the same in any share of the vendors,
which is what lets `validate` spread them over processes. So a vendor's result is kept under a
key made of all of those, and a run after a small change loads and checks only the vendors
whose folders changed; the checks across vendors run every time, on the kept parts.

A folder that cannot be kept (a symlink in it, say: see `load.inputs`) is simply done afresh.
Entries are plain JSON read back field by field (`jobs.values`), never pickles; anything that
does not read back is a miss.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from vendorctl.load.cache import FileCache, Shelf, digest, results_cache
from vendorctl.load.inputs import (
    Known,
    Listed,
    Unkept,
    decode_index,
    encode_index,
    folder_digest,
    listed,
)
from vendorctl.load.portfolio import Entry, Listing
from vendorctl.load.root import SETTINGS_FILE

T = TypeVar("T")
_PEOPLE = "people.yaml"
_RECORD = "files"  # the key of the record of the files' digests
_NONE = Known(0, {})


def _bytes_of(path: Path) -> bytes:
    """A root file's bytes as part of every key; a marker for one missing or unreadable."""
    try:
        return b"=" + path.read_bytes()
    except OSError as exc:
        return f"!{type(exc).__name__}".encode()


@dataclass
class Kept:
    """The results cache of one run: each vendor folder's digest, and what every key shares."""

    cache: FileCache
    common: str  # the code, the settings and people.yaml
    digests: dict[str, str]  # by folder (repo-relative), for the folders that can be kept
    # Folders never recorded (a first run): listed, their digests taken once loaded (`digest`).
    pending: dict[str, Listed] = field(default_factory=dict)
    records: dict[str, Known] = field(default_factory=dict)  # the files' digests, by folder
    changed: bool = False  # the records differ from those in the cache
    loaded: dict[str, str] = field(default_factory=dict)  # files' digests as loaded, by path
    lists: dict[str, Listed] = field(default_factory=dict)  # those the loader is to take

    def scope(self, kind: str, *params: str) -> Scope:
        """The results of one kind made with `params` (a date, a digest of the templates)."""
        return Scope(
            self, kind, digest(self.common.encode(), kind.encode(), *map(str.encode, params))
        )

    def digest(self, folder: str) -> str | None:
        """The digest of `folder` (repo-relative), once its files are loaded; None if it cannot
        be kept."""
        found = self.digests.get(folder)
        listed = self.pending.pop(folder, None)
        if found is not None or listed is None:
            return found
        prefix = folder + "/"
        try:
            found, record = folder_digest(listed, _NONE, lambda rel: self.loaded.get(prefix + rel))
        except Unkept:
            return None
        self.digests[folder] = found
        if record is not None:
            self.records[folder] = record
            self.changed = True
        return found

    def save(self) -> None:
        """Write the record of the files' digests, if it changed: those of the folders listed."""
        if self.changed:
            kept_now = {rel: self.records[rel] for rel in self.digests if rel in self.records}
            Shelf(self.cache, "inputs").put("", _RECORD, encode_index(kept_now))
            self.changed = False


def open_kept(listing: Listing) -> Kept | None:
    """The kept results of the listed portfolio, its folders' digests taken; None while the
    cache is off.

    From then on the listing's per-file cache (load.cache) is read but not written: a job that
    keeps per-vendor results finds most vendors kept whole on later runs, so writing every
    file's entry would cost its first run more than it saves. The jobs that load the whole
    portfolio every time (a scorecard, say) write them.

    A folder with no record of its files' digests (on a first run, every folder) has nothing
    kept to find: it is listed now, and its digest made once it is loaded, of the bytes the
    loader read in this process (the others read then), rather than of every file read twice.
    """
    if listing.cache is None:
        return None
    cache = results_cache(listing.cache)
    root = listing.root
    common = digest(cache.code.encode(), _bytes_of(root / SETTINGS_FILE), _bytes_of(root / _PEOPLE))
    # One record of the files' digests for the whole portfolio (a hint, checked against each
    # file's stat): read once, written once if anything in it changed.
    records = decode_index(Shelf(cache, "inputs").get("", _RECORD))
    kept = Kept(cache, common, {}, records=records)
    # Each folder's listing, for the loader to take should it load the folder: listing every
    # folder in one go costs half what each listing costs amid the loading of the others.
    lists: dict[str, Listed] = {}
    for entry in listing.folders:
        if entry.link:
            continue
        known = records.get(entry.rel)
        try:
            lists[entry.rel] = found_listing = listed(Path(entry.path))
            if known is None:
                kept.pending[entry.rel] = found_listing
                continue
            found, record = folder_digest(found_listing, known)
        except Unkept:
            lists.pop(entry.rel, None)  # its results depend on more: loaded as ever
            continue
        kept.digests[entry.rel] = found
        if record is not None:
            records[entry.rel] = record
            kept.changed = True
    if not kept.pending:
        kept.save()  # else once the pending folders' results are kept
    listing.cache = reading = listing.cache.reading(noting=bool(kept.pending), listed=lists)
    if reading.noted is not None:
        kept.loaded = reading.noted  # filled as the files are loaded
    kept.lists = reading.listed
    return kept


# Results put but not yet written are written once they hold this much, in case a caller keeps
# results of many large vendors (most callers put a few kB per vendor, and write once).
_HELD_BYTES = 16 * 1024 * 1024


@dataclass
class Scope:
    """One kind of result, each vendor's kept under its folder's digest.

    Results are written a pack at a time (`load.cache.Shelf`): those put for the folders
    `split_kept` found missing are held until the last of them is put, then written together;
    `keep` writes many at once.
    """

    kept: Kept
    kind: str
    base: str
    awaited: set[str] = field(default_factory=set)  # missed folders, their results to come
    held: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # by folder: key, body
    held_bytes: int = 0
    keys: dict[str, str | None] = field(default_factory=dict)  # by folder, once made

    @property
    def shelf(self) -> Shelf:
        """Where results of this kind are kept."""
        return Shelf(self.kept.cache, self.kind)

    def key(self, folder: Entry) -> str | None:
        """The key of `folder`'s result (a folder never recorded: once it is loaded); None if
        it cannot be kept."""
        if folder.rel in self.keys:
            return self.keys[folder.rel]
        found = self.kept.digest(folder.rel)
        key = (
            None
            if found is None
            else digest(self.base.encode(), folder.rel.encode(), found.encode())
        )
        self.keys[folder.rel] = key
        return key

    def _known_key(self, folder: Entry) -> str | None:
        """The key of `folder`'s result, if its digest is known without loading it."""
        return self.key(folder) if folder.rel in self.kept.digests else None

    def get(self, folder: Entry, decode: Callable[[bytes], T]) -> T | None:
        """The result kept for `folder`, decoded; None for a miss or one that does not decode."""
        return self.found({folder.rel: folder}, decode).get(folder.rel)

    def found(self, folders: dict[str, Entry], decode: Callable[[bytes], T]) -> dict[str, T]:
        """The results kept for `folders` (by rel: all in one pack, or each read alone),
        decoded, by rel; a miss or one that does not decode is left out."""
        shelf = self.shelf
        packs: dict[int, dict[str, Entry]] = {}
        for rel in folders:
            packs.setdefault(shelf.bucket(rel), {})[rel] = folders[rel]
        results: dict[str, T] = {}
        for bucket, some in packs.items():
            entries = shelf.read(bucket)
            for rel, folder in some.items():
                entry = entries.get(rel)
                key = self._known_key(folder)
                if entry is None or key is None or entry[0] != key:
                    continue
                try:
                    results[rel] = decode(entry[1])
                except Exception:  # whatever a damaged or foreign entry holds, it is a miss
                    continue
        return results

    def expect(self, folders: Iterable[Entry]) -> None:
        """Results are to be put for `folders`: hold them until the last is in."""
        kept = self.kept
        self.awaited.update(
            folder.rel
            for folder in folders
            if folder.rel in kept.digests or folder.rel in kept.pending
        )

    def put(self, folder: Entry, body: bytes) -> None:
        """Keep `body` as `folder`'s result: written with the others awaited, once the last of
        them is put."""
        key = self.key(folder)
        self.awaited.discard(folder.rel)
        if key is not None:
            self.held[folder.rel] = (key, body)
            self.held_bytes += len(body)
        if not self.awaited or self.held_bytes > _HELD_BYTES:
            self.write()

    def write(self) -> None:
        """Write the results held, one pack at a time."""
        held, self.held, self.held_bytes = self.held, {}, 0
        shelf = self.shelf
        packs: dict[int, dict[str, tuple[str, bytes]]] = {}
        for rel, entry in held.items():
            packs.setdefault(shelf.bucket(rel), {})[rel] = entry
        for bucket, entries in packs.items():
            shelf.update(bucket, entries)
        self.kept.save()

    def keep(self, folders: Iterable[Entry], body: Callable[[Entry], bytes | None]) -> None:
        """Keep `body(folder)` as each folder's result (None: not kept), a pack at a time: only
        one pack's bodies are held at once (a vendor's reports are large)."""
        shelf = self.shelf
        packs: dict[int, list[Entry]] = {}
        for folder in folders:
            packs.setdefault(shelf.bucket(folder.rel), []).append(folder)
        for bucket, some in packs.items():
            entries = {}
            for folder in some:
                key = self.key(folder)
                made = None if key is None else body(folder)
                if key is not None and made is not None:
                    entries[folder.rel] = (key, made)
            shelf.update(bucket, entries)
        self.kept.save()


def templates_digest(*folders: Path) -> str | None:
    """A digest of every file in the template folders (one missing counts as empty); None if
    one holds a symlink (a template from elsewhere could change unseen)."""
    parts: list[bytes] = []
    for folder in folders:
        parts.append(str(folder).encode("utf-8", "surrogatepass"))
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                return None
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                parts.extend((name.encode("utf-8", "surrogatepass"), path.read_bytes()))
    return digest(*parts)


def split_kept(
    scope: Scope | None, folders: Iterable[Entry], decode: Callable[[bytes], T]
) -> tuple[dict[str, T], list[Entry]]:
    """The results kept for `folders` (by folder name), and the folders to do afresh, whose
    results the scope then awaits (`Scope.put`)."""
    listed = list(folders)
    if scope is None:
        return {}, listed
    results = scope.found({folder.rel: folder for folder in listed}, decode)
    found = {folder.name: results[folder.rel] for folder in listed if folder.rel in results}
    lists = scope.kept.lists
    for rel in results:
        lists.pop(rel, None)  # not to be loaded: its listing is not needed
    missed = [folder for folder in listed if folder.rel not in results]
    scope.expect(missed)
    return found, missed


__all__ = ["Kept", "Scope", "open_kept", "split_kept", "templates_digest"]
