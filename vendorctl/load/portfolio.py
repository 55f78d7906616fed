"""Find a portfolio's files, load them through the one loader, and build the schema models."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from vendorctl.diagnostics import Diagnostic
from vendorctl.load import schema_errors
from vendorctl.load.cache import FileCache, Group, open_cache
from vendorctl.load.compact import share_fields_sets
from vendorctl.load.inputs import Listed
from vendorctl.load.root import SETTINGS_FILE
from vendorctl.load.yamlio import Document, LoadError, decode, parse, read_bytes
from vendorctl.model import (
    FILE_KINDS,
    VENDORS_DIR,
    ClaimLog,
    Contract,
    FileKind,
    HealthCheck,
    IssueLog,
    Measurements,
    Meeting,
    PeopleFile,
    Settings,
    Vendor,
)
from vendorctl.model.vendor import Person

__all__ = [
    "SETTINGS_FILE",
    "VENDORS_DIR",
    "YAML_SUFFIXES",
    "ContractRef",
    "Entry",
    "Listing",
    "Portfolio",
    "Record",
    "SharedPeople",
    "VendorFiles",
    "list_portfolio",
    "load_portfolio",
    "load_vendors",
]

YAML_SUFFIXES = (".yaml", ".yml")

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Record(Generic[M]):
    """A validated model together with the document it came from (for locating diagnostics)."""

    doc: Document
    model: M


@dataclass
class VendorFiles:
    """Everything loaded from one vendor's folder."""

    folder: str
    vendor: Record[Vendor] | None = None
    contracts: list[Record[Contract]] = field(default_factory=list)
    measurements: list[Record[Measurements]] = field(default_factory=list)
    health: list[Record[HealthCheck]] = field(default_factory=list)
    meetings: list[Record[Meeting]] = field(default_factory=list)
    issues: list[Record[IssueLog]] = field(default_factory=list)
    claims: list[Record[ClaimLog]] = field(default_factory=list)

    @cached_property
    def measured(self) -> dict[str, tuple[str, ...]]:
        """Each KPI's measured periods, as written, each once (in no meaningful order): made
        once, after loading, for the checks that only need to know which periods have data (a
        few dozen per KPI, where the measurements run to hundreds of thousands in a large
        portfolio). Kept as tuples: a set of 36 periods took seven times the memory."""
        found: dict[str, dict[str, None]] = {}
        for record in self.measurements:
            for m in record.model.measurements:
                # Not setdefault: it would make an empty dict for every measurement.
                written = found.get(m.kpi)
                if written is None:
                    written = found[m.kpi] = {}
                written[m.period] = None
        return {kpi: tuple(written) for kpi, written in found.items()}


@dataclass(frozen=True)
class SharedPeople:
    """The shared directory of internal people (people.yaml) as loaded: none if the portfolio
    has no such file, or if it could not be read (`unread`: then no one can tell which ids it
    holds, and references to unknown people are not reported on top of its own errors)."""

    record: Record[PeopleFile] | None = None
    unread: bool = False

    @property
    def people(self) -> tuple[Person, ...]:
        """The people of the directory, in file order."""
        return tuple(self.record.model.people) if self.record is not None else ()


class ContractRef(NamedTuple):
    """A contract's id and the file it stands in: what the check of contract ids across the
    whole portfolio needs of each vendor, small enough to send between processes."""

    folder: str  # the vendor folder
    id: str
    doc: Document


@dataclass
class Portfolio:
    """A loaded portfolio (or some of its vendors): settings and vendors, plus every problem met
    while loading."""

    root: Path
    settings: Record[Settings] | None
    vendors: dict[str, VendorFiles]
    files: int
    diagnostics: list[Diagnostic]
    shared: SharedPeople = field(default_factory=SharedPeople)  # people.yaml

    def contract_refs(self) -> list[ContractRef]:
        """Every contract loaded, vendor by vendor in folder order, file by file."""
        return [
            ContractRef(folder, record.model.id, record.doc)
            for folder, files in self.vendors.items()
            for record in files.contracts
        ]


@dataclass
class Listing:
    """The top of a portfolio: its settings and vendor folders (by name), and the problems met
    reading them; the vendors' own files are loaded apart (`load_vendors`)."""

    root: Path
    settings: Record[Settings] | None
    folders: list[Entry]
    files: int
    diagnostics: list[Diagnostic]
    shared: SharedPeople = field(default_factory=SharedPeople)  # people.yaml
    cache: FileCache | None = None  # where the vendors' files' results are kept (load.cache)


# Where files live, from the file kinds, looked up once here rather than file by file: the
# settings file at the root, the vendor.yaml every vendor folder has, the other files a vendor
# folder may hold (by lower-case name, either YAML suffix) and its sub-folders, each with the
# schema of its files and the VendorFiles list it fills.
_SETTINGS = FILE_KINDS["settings"]
_PEOPLE = FILE_KINDS["people"]
_VENDOR = FILE_KINDS["vendor"]


def _file_of(kind: FileKind[Any]) -> str:
    """The name of a kind's own file, for the kinds that must have one."""
    if kind.file is None:
        raise ValueError(f"file kind {kind.name} has no file of its own")
    return kind.file


_SETTINGS_NAME = _file_of(_SETTINGS)
if _SETTINGS_NAME != SETTINGS_FILE:  # load.root names it too, for completion without the schema
    raise ImportError(f"load.root looks for {SETTINGS_FILE}, the file kinds say {_SETTINGS_NAME}")
_VENDOR_NAME = _file_of(_VENDOR)
_PEOPLE_NAME = _file_of(_PEOPLE)
_IN_VENDOR = [kind for kind in FILE_KINDS.values() if kind.fills is not None]
_FILES: dict[str, tuple[type[BaseModel], str]] = {
    kind.file.lower().rpartition(".")[0] + suffix: (kind.model, kind.fills)
    for kind in _IN_VENDOR
    if kind is not _VENDOR and kind.file is not None and kind.fills is not None
    for suffix in YAML_SUFFIXES
}
_SUBFOLDERS: dict[str, tuple[type[BaseModel], str]] = {
    kind.folder: (kind.model, kind.fills)
    for kind in _IN_VENDOR
    if kind.folder is not None and kind.fills is not None
}
_KNOWN = ", ".join(
    [*(kind.file for kind in _IN_VENDOR if kind.file), *(f"{name}/" for name in _SUBFOLDERS)]
)


class _Loader:
    """Loads files one by one, counting them and collecting diagnostics."""

    def __init__(self, root: Path, cache: FileCache | None = None, *, held: bool = True) -> None:
        self.root = root
        self.cache = cache
        # Whether the models are held after their vendor is checked: only then does making them
        # compact (shared strings and field-name sets) pay for the tenth of loading it costs.
        self.held = held
        self.group: Group | None = None  # what the cache keeps for the folder being loaded
        self._real_root: Path | None = None
        self.files = 0
        self.diagnostics: list[Diagnostic] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @property
    def real_root(self) -> Path:
        """The root with its symlinks resolved: needed only for a symlink met in the portfolio,
        and resolving it for every vendor loaded apart cost a tenth of loading a small one."""
        if self._real_root is None:
            self._real_root = self.root.resolve()
        return self._real_root

    def inside(self, path: Path, *, link: bool | None = None) -> bool:
        """False (with a diagnostic) for a symlink that leads outside the portfolio.

        `link` says whether the path is a symlink when its folder listing already told.
        """
        if not (path.is_symlink() if link is None else link):
            return True
        try:
            if path.resolve().is_relative_to(self.real_root):
                return True
        except (OSError, RuntimeError):  # a symlink loop
            self.problem(path, "unreadable", "symlink loop; it was not read")
            return False
        self.problem(path, "outside-root", "symlink leads outside the portfolio; it was not read")
        return False

    def admits(self, entry: Entry) -> bool:
        """False (with a diagnostic) for a listed entry that is a symlink leading outside the
        portfolio."""
        return not entry.link or self.inside(Path(entry.path), link=True)

    def problem(self, path: Path, code: str, message: str, severity: str = "error") -> None:
        self.problem_at(self.rel(path), code, message, severity)

    def problem_at(self, rel: str, code: str, message: str, severity: str = "error") -> None:
        """A problem with the file or folder at `rel`, as a whole."""
        self.diagnostics.append(Diagnostic(rel, 1, 1, severity, code, message))  # type: ignore[arg-type]

    def record(self, path: Path | Entry, model: type[M]) -> Record[M] | None:
        """Load one file and validate it against its schema model."""
        if isinstance(path, Entry):
            entry = path
            if not self.admits(entry):
                return None
            file: Path | str = entry.path
            rel, regular = entry.rel, entry.regular
        else:
            if not self.inside(path):
                return None
            file, rel, regular = path, self.rel(path), False
        self.files += 1
        try:
            raw = read_bytes(file, rel, regular=regular)
            text = decode(raw, rel)
        except LoadError as exc:
            self.diagnostics.extend(exc.diagnostics)
            return None
        group = self.group
        key = group.cache.key(model, rel, raw) if group is not None else ""
        if group is not None:
            kept = group.get(key, model)
            if isinstance(kept, list):
                self.diagnostics.extend(kept)
                return None
            if kept is not None:
                if self.held:
                    share_fields_sets(kept)
                return Record(Document(rel, text, None), kept)
        result = self.fresh(rel, text, model)
        if group is not None:
            group.put(key, result.model if isinstance(result, Record) else result)
        if isinstance(result, Record):
            if self.held:
                share_fields_sets(result.model)
            return result
        self.diagnostics.extend(result)
        return None

    @contextlib.contextmanager
    def grouped(self, folder: str) -> Iterator[None]:
        """Files loaded in the block are those of `folder`: their results are kept together."""
        if self.cache is None:
            yield
            return
        self.group = self.cache.group(folder)
        try:
            yield
        finally:
            group, self.group = self.group, None
        group.close()

    def fresh(self, rel: str, text: str, model: type[M]) -> Record[M] | list[Diagnostic]:
        """Parse and validate one file's text: its record, or the problems that stop it."""
        try:
            # Held, the measurements' strings are shared (flow_lines.share_strings). Only a
            # measurement file is tried with the fast reader (load.flow_lines).
            measurements = model is Measurements
            data = parse(text, rel, share=self.held and measurements, flow=measurements)
        except LoadError as exc:
            return exc.diagnostics
        try:
            # What model_validate calls, without its checks of options this never passes.
            valid = model.__pydantic_validator__.validate_python(data)
        except ValidationError as exc:
            return list(schema_errors.diagnostics(model, Document(rel, text, data), exc))
        # The document without its data: a model holds it now, and the data is seldom read
        # again (parsed again if it is), where on large portfolios both took hundreds of MB.
        return Record(Document(rel, text, None), valid)


class Entry(NamedTuple):
    """A folder entry, classified by the folder's listing itself (os.scandir): on a large
    portfolio the stat calls of Path.is_dir and Path.is_symlink cost as much as parsing."""

    path: str  # as the listing gives it: a Path for every file cost a tenth of parsing them
    name: str
    rel: str  # relative to the portfolio root, with forward slashes
    is_dir: bool  # following symlinks, as Path.is_dir
    link: bool
    # A regular file, not a symlink, as the listing tells (without a stat): opened first, then
    # checked by a stat of the open file (load.yamlio.read_bytes). False where the listing
    # does not tell.
    regular: bool = False


def _entry(item: os.DirEntry[str], rel: str) -> Entry:
    # Path.is_dir and Path.is_symlink answer False where they cannot tell (a symlink loop, say).
    try:
        is_dir = item.is_dir()
    except OSError:
        is_dir = False
    try:
        link = item.is_symlink()
    except OSError:
        link = False
    try:
        regular = not is_dir and not link and item.is_file(follow_symlinks=False)
    except OSError:
        regular = False
    return Entry(item.path, item.name, f"{rel}/{item.name}", is_dir, link, regular)


def _listing(loader: _Loader, folder: Path | str, rel: str) -> list[Entry] | None:
    """Entries of the folder at `rel` in a stable order, hidden ones left out; None (reported)
    if the folder cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            children = [_entry(item, rel) for item in listing if not item.name.startswith(".")]
    except OSError as exc:
        loader.problem_at(rel, "unreadable", f"cannot list folder: {exc.strerror or exc}")
        return None
    return sorted(children, key=_name)


def _name(entry: Entry) -> str:
    return entry.name


def _entries(loader: _Loader, folder: Path | str, rel: str) -> list[Entry]:
    """Entries of the folder at `rel` in a stable order, hidden ones left out; unreadable ones
    reported."""
    return _listing(loader, folder, rel) or []


def _is_yaml(name: str) -> bool:
    # Path.suffix's rule: the last dot, neither first nor last in the name.
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:].lower() in YAML_SUFFIXES


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _as_listed(found: Listed, folder: Entry) -> dict[str, list[Entry]]:
    """The entries of a vendor folder (under "") and of each folder in it (by its name), in
    name order, from the listing made to key it (load.inputs: hidden ones left out, no
    symlink)."""
    entries: dict[str, list[Entry]] = {}
    path, rel = folder.path + "/", folder.rel + "/"
    # The tuple made directly: Entry's own __new__, a Python function, cost a first run with
    # the cache a fifth of making the entries.
    make = tuple.__new__
    for name, is_dir, info in found.seen:  # in path order: each folder's entries in name order
        parent, _, own = name.rpartition("/")
        # A YAML file the listing took a stat of is regular, within the size limit and no
        # symlink (load.inputs keeps nothing else): read without a stat of its own.
        entry = make(Entry, (path + name, own, rel + name, is_dir, False, info is not None))
        inner = entries.get(parent)
        if inner is None:
            entries[parent] = [entry]
        else:
            inner.append(entry)
    return entries


def _load_vendor(loader: _Loader, folder: Entry) -> VendorFiles:
    files = VendorFiles(folder.name)
    # The folder as listed to key it (jobs.kept), if it was: listing it again cost a first run
    # with the cache a tenth of loading a small vendor.
    found = loader.cache.listed.pop(folder.rel, None) if loader.cache is not None else None
    given = None if found is None else _as_listed(found, folder)
    listed = _listing(loader, folder.path, folder.rel) if given is None else given.get("", [])
    # vendor.yaml as the listing gives it: asking the disk whether it exists, and whether it is a
    # symlink, took two more system calls per vendor. Not listed under that very name (a folder
    # that cannot be listed, a file system that ignores case), it is looked for as before.
    own = next((entry for entry in listed or () if entry.name == _VENDOR_NAME), None)
    if own is not None:
        files.vendor = loader.record(own, _VENDOR.model)
    elif _exists(vendor_file := Path(folder.path, _VENDOR_NAME)):
        files.vendor = loader.record(vendor_file, _VENDOR.model)
    else:
        loader.problem(
            vendor_file,
            "missing-file",
            f"vendor folder `{folder.name}` has no {_VENDOR_NAME}; add one or remove the folder",
        )
    for entry in listed or ():
        if entry.name == _VENDOR_NAME or not loader.admits(entry):
            continue
        loose = None if entry.is_dir else _FILES.get(entry.name.lower())
        if loose is not None:
            _append(files, loose[1], loader.record(entry, loose[0]))
        elif entry.name in _SUBFOLDERS and entry.is_dir:
            _load_subfolder(
                loader, files, entry, None if given is None else given.get(entry.name, [])
            )
        elif entry.name in _SUBFOLDERS:
            loader.problem_at(
                entry.rel,
                "unexpected-file",
                f"`{entry.name}` should be a folder of YAML files",
                "warning",
            )
        elif entry.is_dir or _is_yaml(entry.name):
            loader.problem_at(entry.rel, "unexpected-file", _unexpected(entry), "warning")
    return files


def _load_subfolder(
    loader: _Loader, files: VendorFiles, folder: Entry, given: list[Entry] | None = None
) -> None:
    """Load the files of a folder in a vendor folder: those `given` (as listed to key the
    vendor folder), else those listed now."""
    model, target = _SUBFOLDERS[folder.name]
    for item in _entries(loader, folder.path, folder.rel) if given is None else given:
        if not loader.admits(item):
            continue
        if item.is_dir:
            loader.problem_at(
                item.rel,
                "unexpected-file",
                f"folder `{item.name}` was not read; put the YAML files directly in {folder.name}/",
                "warning",
            )
        elif _is_yaml(item.name):
            # Known to be inside: the symlink test above passed (a copy made only for a
            # symlink: NamedTuple._replace, a Python function, cost a microsecond a file).
            _append(
                files,
                target,
                loader.record(item._replace(link=False) if item.link else item, model),
            )


def _unexpected(entry: Entry) -> str:
    what = "folder" if entry.is_dir else "file"
    return f"unexpected {what} `{entry.name}` was not read; a vendor folder holds {_KNOWN}"


def _append(files: VendorFiles, target: str, record: Record[BaseModel] | None) -> None:
    if record is not None:
        getattr(files, target).append(record)


def _load_shared(loader: _Loader, root: Path) -> SharedPeople:
    """people.yaml, if the portfolio has one, with a diagnostic for each id it repeats."""
    path = root / _PEOPLE_NAME
    if not _exists(path):
        return SharedPeople()
    record: Record[PeopleFile] | None = loader.record(path, _PEOPLE.model)
    if record is None:
        return SharedPeople(unread=True)
    doc = record.doc
    for index, first in record.model.repeated():
        line = doc.position(("people", first, "id"))[0]
        person = record.model.people[index].id
        message = f"duplicate person id `{person}` (first defined at line {line})"
        loader.diagnostics.append(doc.diagnostic(("people", index, "id"), "duplicate-id", message))
    return SharedPeople(record)


def list_portfolio(root: Path) -> Listing:
    """Load vendorctl.yaml and people.yaml, and list the vendor folders; problems are
    collected, never raised."""
    loader = _Loader(root)
    settings = loader.record(root / _SETTINGS_NAME, _SETTINGS.model)
    shared = _load_shared(loader, root)
    folders: list[Entry] = []
    vendors_dir = root / VENDORS_DIR
    if _exists(vendors_dir) and not vendors_dir.is_dir():
        loader.problem(
            vendors_dir, "unexpected-file", f"`{VENDORS_DIR}` should be a folder", "error"
        )
    elif vendors_dir.is_dir() and loader.inside(vendors_dir):
        for entry in _entries(loader, vendors_dir, VENDORS_DIR):
            if not loader.admits(entry):
                continue
            if entry.is_dir:
                folders.append(entry)
            elif _is_yaml(entry.name):
                loader.problem_at(
                    entry.rel,
                    "unexpected-file",
                    f"YAML file directly under {VENDORS_DIR}/ was not read; each vendor has a "
                    f"folder {VENDORS_DIR}/<id>/ with a {_VENDOR_NAME}",
                    "warning",
                )
    return Listing(
        root, settings, folders, loader.files, loader.diagnostics, shared, open_cache(root)
    )


def load_vendors(listing: Listing, folders: Sequence[Entry], *, held: bool = True) -> Portfolio:
    """The vendors of `folders` (all or some of the listing's), loaded with the listing's
    settings; files and problems counted are those of these folders only.

    `held`: whether the models are held once their vendors are checked (render and the reports
    hold them); a run that lets each vendor go once checked (validate) loads them a tenth faster
    with False, as they are then not made compact (load.compact). The models are equal either
    way.
    """
    loader = _Loader(listing.root, listing.cache, held=held)
    vendors: dict[str, VendorFiles] = {}
    for entry in folders:
        with loader.grouped(entry.rel):
            vendors[entry.name] = _load_vendor(loader, entry)
    return Portfolio(
        listing.root, listing.settings, vendors, loader.files, loader.diagnostics, listing.shared
    )


def load_portfolio(root: Path) -> Portfolio:
    """Load every file of the portfolio at `root`; problems are collected, never raised."""
    listing = list_portfolio(root)
    loaded = load_vendors(listing, listing.folders)
    return Portfolio(
        root,
        listing.settings,
        loaded.vendors,
        listing.files + loaded.files,
        [*listing.diagnostics, *loaded.diagnostics],
        listing.shared,
    )
