"""The one YAML loader of the program: safe, bounded, YAML 1.2 core, with exact error locations.

Parsing uses yaml-rs (YAML 1.2 core semantics, fast). PyYAML is used only to locate problems
once a file has some, through `vendorctl.load.locate`.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendorctl.diagnostics import Diagnostic, Loc
from vendorctl.load import block_locate, flow_lines, locate

if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml_rs

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_INDENT = 1000
MAX_ALIAS_EVENTS = 100_000
# Aliases may repeat data, but not blow a small file up into gigabytes of memory.
MAX_EXPANDED_CHARS = 4 * MAX_FILE_BYTES
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
) | frozenset(f"!!{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq"))

# A block node nested N deep starts after N columns of indentation or `- `, `? `, `: ` indicators;
# yaml-rs recurses per level and overflows the stack near 20,000, so stop long before.
_DEEP = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{MAX_INDENT}}}", re.MULTILINE)
# What _DEEP needs at least: a line that starts with MAX_INDENT of those characters. Looking for
# that first is ten times faster (from a literal newline), and almost every file stops there.
_DEEP_START = re.compile(rf"[ \t?:-]{{{MAX_INDENT}}}")
_DEEP_LINE = re.compile(rf"\n[ \t?:-]{{{MAX_INDENT}}}")
# The ASCII characters YAML allows: a text of only these has none of those `_forbidden` finds.
# Deleting them from an ASCII text's bytes is six times faster than searching it for the others.
_ALLOWED_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
# Not blocking: a file listed as regular is opened before it is checked, and should it have been
# replaced by a FIFO since, opening that must not wait for a writer.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
# Needed for a file with a problem (or a `*`) only: left to re's own cache, compiled when first
# needed rather than at every start.
_PARSE_ERROR = r"line (\d+), column (\d+)"
_LINE_BREAK = r"\r\n|\r|\n"
_ALIAS = r"(?:^|[\s\[{,])\*[^\s,\[\]{}]"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _BOMS)  # most files start with none of them
# The node trees of the documents located most recently, by the document's id (each kept with
# its document, so that the id is not reused meanwhile). A tree takes some thirty times its
# text (200 KB for a vendor.yaml): kept on every document with a problem until the end of the
# run, they took 4 GB at 20,000 vendors. Problems are found file after file, so a few suffice
# to compose each file about once.
_RECENT_TREES = 8
_trees: OrderedDict[int, tuple[Document, Any]] = OrderedDict()


def node_at(node: Any, loc: Loc) -> Any:
    """The node of a composed YAML document at `loc` (keys and list indexes), or None."""
    for part in loc:
        kind = type(node).__name__
        if kind == "MappingNode":
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif kind == "SequenceNode" and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


@dataclass(slots=True)  # one per file: slots, not a dict of attributes, on 20,000 of them
class Document:
    """A parsed YAML file: its repo-relative path, its text and its data (a mapping)."""

    path: str
    text: str
    _data: dict[str, Any] | None

    @property
    def data(self) -> dict[str, Any]:
        """The parsed data; parsed again from the text if it was released."""
        if self._data is None:
            self._data = parse(self.text, self.path)
        return self._data

    def release(self) -> None:
        """Let the parsed data go once a model holds it: on large portfolios the data and the
        models would each take hundreds of MB, and the data is seldom read again."""
        self._data = None

    def __reduce__(self) -> tuple[type[Document], tuple[str, str, None]]:
        # Sent to another process as its path and text: the data and the node tree are made
        # again there, if ever needed (pickling them would cost more than parsing).
        return Document, (self.path, self.text, None)

    @property
    def nodes(self) -> Any:
        """The composed node tree, built when something must be located, and kept for the few
        documents located last only."""
        key = id(self)
        held = _trees.get(key)
        if held is not None and held[0] is self:
            _trees.move_to_end(key)
            return held[1]
        tree = locate.tree(self.text)  # positions need no tags: see locate.tree
        _trees[key] = (self, tree)
        if len(_trees) > _RECENT_TREES:
            _trees.popitem(last=False)
        return tree

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `loc` in this file: read from its lines
        where they are plainly written (`block_locate`), else from the composed nodes."""
        found = block_locate.position(self.text, loc, key=key)
        return found if found is not None else locate.position(self.nodes, loc, key=key)

    def scalar(self, loc: Loc) -> str | None:
        """The source text of the scalar at `loc` (e.g. `3.10`, which YAML reads as 3.1)."""
        return locate.scalar(self.nodes, loc)

    def comma_cut(self, loc: Loc) -> tuple[str, str, str] | None:
        """For a key at `loc` that stands alone after a plain value in a flow mapping, as
        `Procurement` in `{title: Category Manager IT, Procurement}` (the comma ended the value):
        the key whose value the comma cut short, that value, and the value as written whole;
        else None."""
        parent = self._flow_mapping(loc[:-1])
        if parent is None:
            return None
        pairs: list[Any] = parent.value
        at = next((i for i, (k, _) in enumerate(pairs) if k.value == str(loc[-1])), None)
        if at is None or not _alone(pairs[at]):
            return None
        first = at
        while first > 0 and _alone(pairs[first - 1]):
            first -= 1
        if first == 0:
            return None
        key, value = pairs[first - 1]
        if type(value).__name__ != "ScalarNode" or value.style not in (None, "") or not value.value:
            return None
        last = at
        while last + 1 < len(pairs) and _alone(pairs[last + 1]):
            last += 1
        end = pairs[last][0].end_mark.index
        return str(key.value), str(value.value), self.text[value.start_mark.index : end]

    def _flow_mapping(self, loc: Loc) -> Any:
        """The flow mapping node (`{...}`) at `loc`, or None."""
        node = node_at(self.nodes, loc)
        return node if type(node).__name__ == "MappingNode" and node.flow_style else None

    def diagnostic(
        self, loc: Loc, code: str, message: str, *, severity: str = "error", key: bool = False
    ) -> Diagnostic:
        """A diagnostic placed at `loc` in this file."""
        line, col = self.position(loc, key=key)
        return Diagnostic(self.path, line, col, severity, code, message, loc)  # type: ignore[arg-type]


def _alone(pair: tuple[Any, Any]) -> bool:
    """A flow-mapping entry written as a plain word with no `: value` (`{a: b, alone}`)."""
    key, value = pair
    return (
        type(key).__name__ == "ScalarNode"
        and key.style in (None, "")
        and type(value).__name__ == "ScalarNode"
        and value.tag.endswith(":null")
        and value.start_mark.index == value.end_mark.index
    )


class LoadError(Exception):
    """A file that could not be turned into data; carries its diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message if diagnostics else "load error")
        self.diagnostics = diagnostics


def _error(path: str, line: int, col: int, code: str, message: str) -> LoadError:
    return LoadError([Diagnostic(path, line, col, "error", code, message)])


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _inside(text: str, line: int, col: int) -> tuple[int, int]:
    """A parser's position kept inside the text: at the end of a file, yaml-rs names the line
    after the last one (with or without a final line break); editors show the last line."""
    lines = re.split(_LINE_BREAK, text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the "line" after a final line break is not one
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, col


def decode(raw: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (a BOM accepted), or UTF-16/32 when a BOM says so."""
    encoding = "utf-8"
    if raw[:1] in _BOM_STARTS:
        encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), encoding)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode(encoding, errors="replace")
        line, col = _line_col(prefix, len(prefix))
        raise _error(
            path,
            line,
            col,
            "encoding",
            f"invalid {exc.encoding.upper()} byte 0x{raw[exc.start]:02x}: save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def read_text(file: Path, path: str) -> str:
    """Read a file's text within the size limit."""
    return decode(read_bytes(file, path), path)


def read_bytes(file: Path | str, path: str, *, regular: bool = False) -> bytes:
    """Read a regular file's bytes within the size limit; `regular`: its folder's listing says
    it is a regular file (not a symlink), so it is opened before it is checked."""
    try:
        if regular:
            # Opened first, then the open file checked (a stat of the descriptor costs less
            # than one of the path): what is read is what was checked, even if the path was
            # swapped for a pipe or a folder since the listing. Opening without blocking: a
            # pipe swapped in is refused, not waited on.
            handle = os.open(file, _READ_FLAGS)
            try:
                raw = _read_sized(handle, _checked(os.fstat(handle), path).st_size)
            finally:
                os.close(handle)
        else:
            # Checked before it is opened: nothing but a regular file is ever opened.
            size = _checked(os.stat(file), path).st_size  # noqa: PTH116 - a path as listed
            # The file's descriptor, without a buffered file object around it: making one cost
            # as much as reading a small file.
            handle = os.open(file, _READ_FLAGS)
            try:
                raw = _read_sized(handle, size)
            finally:
                os.close(handle)
    except OSError as exc:
        raise _error(path, 1, 1, "unreadable", f"cannot read file: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:  # grew while being read
        raise _error(path, 1, 1, "file-too-large", "file is over the size limit")
    return raw


def _read_sized(handle: int, size: int) -> bytes:
    """The bytes of an open regular file of `size` bytes, or of what it has become since, up to
    one byte over the size limit."""
    # As many bytes as the size says and one more, to notice a file that grew since: a buffer
    # of the whole limit for every file cost more than parsing the file.
    raw = os.read(handle, size + 1)
    # A read of a regular file that stops short of what was asked stopped at its end: the size
    # read whole needs no second read to find the end (a tenth of reading each file). Anything
    # else, a file that grew or shrank, is read on to its end.
    if len(raw) != size:
        raw += _read_up_to(handle, MAX_FILE_BYTES + 1 - len(raw))
    return raw


def _checked(info: os.stat_result, path: str) -> os.stat_result:
    """The file's status, if it is a regular file within the size limit; else a LoadError."""
    if not stat.S_ISREG(info.st_mode):
        raise _error(path, 1, 1, "unreadable", "not a regular file; it was not read")
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise _error(
            path,
            1,
            1,
            "file-too-large",
            f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}: split it "
            "(KPI measurements can be kept in one file per year)",
        )
    return info


def _read_up_to(handle: int, size: int) -> bytes:
    """`size` bytes from an open file, or fewer at its end."""
    raw = b""
    while len(raw) < size:
        more = os.read(handle, size - len(raw))
        if not more:
            break
        raw += more
    return raw


@functools.cache
def _forbidden() -> re.Pattern[str]:
    """Characters YAML forbids in a stream (c-printable), NUL included: yaml-rs would drop them
    silently. Compiled when first needed (it took a millisecond at every start): a run whose
    files are all plain ASCII never needs it."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_characters(text: str, path: str) -> None:
    """Refuse characters YAML forbids (yaml-rs would drop them silently)."""
    clean = text.isascii() and not text.encode("ascii").translate(None, _ALLOWED_ASCII)
    bad = None if clean else _forbidden().search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        char = bad.group()
        what = (
            "a NUL byte: this looks like a binary file"
            if char == "\x00"
            else (f"control character U+{ord(char):04X}")
        )
        raise _error(path, line, col, "yaml-syntax", f"{what}, which YAML does not allow")


def _check_depth(text: str, path: str) -> None:
    """Refuse nesting deep enough to overflow yaml-rs's stack."""
    maybe_deep = _DEEP_START.match(text) or _DEEP_LINE.search(text)
    deep = _DEEP.search(text) if maybe_deep else None
    if deep:
        line, _ = _line_col(text, deep.start())
        raise _error(
            path,
            line,
            MAX_INDENT,
            "too-deep",
            f"nesting too deep: more than {MAX_INDENT} columns of indentation",
        )


def _check_aliases(text: str, path: str) -> None:
    """Refuse aliases that would expand the data past the limit (or cannot be measured)."""
    alias = re.search(_ALIAS, text) if "*" in text else None  # most files have no `*` at all
    if alias:
        size = locate.expanded_size(text)
        if size is None or size > MAX_EXPANDED_CHARS:
            line, col = _line_col(text, alias.end() - 2)
            why = (
                f"aliases expand this file to {size:,} characters, over the limit of "
                f"{MAX_EXPANDED_CHARS:,}"
                if size is not None
                else "aliases in a file vendorctl cannot measure"
            )
            raise _error(path, line, col, "alias-limit", f"{why}; write the values out instead")


def _parse_error(text: str, path: str, exc: BaseException) -> LoadError:
    message = str(exc)
    if message.startswith("duplicate mapping key"):
        dups = list(locate.duplicate_keys(locate.compose(text)))
        if dups:
            return LoadError(
                [
                    Diagnostic(
                        path,
                        again[0],
                        again[1],
                        "error",
                        "duplicate-key",
                        f"key {key!r} appears twice in the same mapping "
                        f"(first on line {first[0]}); keep one",
                    )
                    for key, first, again in dups
                ]
            )
        return _error(
            path,
            1,
            1,
            "duplicate-key",
            f"{message}: two keys of one mapping have equal values (1 and true, say); quote them",
        )
    found = re.search(_PARSE_ERROR, message)
    line, col = _inside(text, int(found.group(1)), int(found.group(2))) if found else (1, 1)
    lines = [ln for ln in message.splitlines() if ln.strip()]
    reason = lines[-1].strip() if lines else "invalid YAML"
    if "alias" in message.lower() and "limit" in message.lower():
        return _error(path, line, col, "alias-limit", f"too many alias expansions ({reason})")
    if "recursion" in reason.lower() or "depth" in reason.lower():
        return _error(path, line, col, "too-deep", f"nesting too deep ({reason})")
    return _error(path, line, col, "yaml-syntax", f"invalid YAML: {reason}")


@functools.cache
def _parser() -> tuple[Callable[..., Any], yaml_rs.AliasLimits]:
    """yaml-rs's `loads` and its alias limits, made once: imported when first needed (commands
    that read no YAML never pay for it), not again for every file."""
    import yaml_rs

    return yaml_rs.loads, yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS)


def parse(text: str, path: str, *, share: bool = False, flow: bool = True) -> dict[str, Any]:
    """Parse one YAML document holding a mapping; raise LoadError with located diagnostics.

    `share`: a measurement file's KPI ids, periods and sources interned (flow_lines.share_strings).
    `flow`: the text may be a measurement file (False for a file of another kind: the fast
    reader is not tried on it, as it reads no other file; yaml-rs reads it to the same data).
    """
    # Most measurement files are read without the parser, to the same data (load.flow_lines);
    # a text that might hold a tag is left to the parser, which checks tags.
    if flow and "!" not in text:
        read, unchecked = flow_lines.read_unchecked(text, share=share)
        if read is not None:
            # Its characters checked where its lines do not vouch for them (the comments before
            # the items, as a rule): none forbidden is in the rest. No need to look for deep
            # nesting in it: each of its lines is blank or starts with a `#`, a letter or
            # `  - {`, never with the columns _DEEP counts (the search cost an eighth of reading
            # such a file). Its aliases are looked for as in any text (a `*` can stand in a
            # comment or a note, never in the rest).
            head = text if unchecked >= len(text) else text[:unchecked]
            _check_characters(head, path)
            if "*" in head:
                _check_aliases(text, path)
            return read
    _check_characters(text, path)
    _check_depth(text, path)
    _check_aliases(text, path)
    loads, limits = _parser()
    try:
        data: dict[str, Any] | list[Any] | None = loads(
            text,
            parse_datetime=False,  # dates are validated by the schema, quoted or not
            alias_limits=limits,
        )
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # a Rust panic surfaces as a BaseException, not an Exception
        if locate.might_have_tags(text):
            _check_tags(text, path)  # a tag yaml-rs chokes on is the better diagnostic
        raise _parse_error(text, path, exc) from None
    if locate.might_have_tags(text):
        _check_tags(text, path)
    if data is None:
        raise _error(path, 1, 1, "empty-file", "file is empty: it should hold a mapping of keys")
    if isinstance(data, list) and _several_documents(text):
        starts = locate.document_starts(text)
        line, col = starts[1] if len(starts) > 1 else (1, 1)
        raise _error(
            path,
            line,
            col,
            "several-documents",
            "file holds several YAML documents; keep one document per file",
        )
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a text"}.get(type(data), f"a {type(data).__name__}")
        raise _error(
            path,
            1,
            1,
            "not-a-mapping",
            f"expected a mapping of keys at the top of the file, found {kind}",
        )
    if share:
        flow_lines.share_strings(data)
    return data


def _several_documents(text: str) -> bool:
    return len(locate.document_starts(text)) > 1


def _check_tags(text: str, path: str) -> None:
    bad = [
        Diagnostic(
            path,
            line,
            col,
            "error",
            "tag",
            f"tag {tag} is not allowed: vendorctl files hold plain data; remove the tag",
        )
        for tag, (line, col) in locate.tags(text)
        if tag not in ALLOWED_TAGS
    ]
    if bad:
        raise LoadError(bad)


def load(file: Path, path: str) -> Document:
    """Read and parse a YAML file into a Document; raise LoadError with located diagnostics."""
    text = read_text(file, path)
    return Document(path, text, parse(text, path))


__all__ = ["Document", "LoadError", "decode", "load", "parse", "read_bytes"]
