"""An import profile saved in a vendor's `vendor.yaml` as text (`kpi import --save-profile`):
every byte already there is kept, its comments, blank lines, quoting and key order.

The profile is written under `kpi_import: profiles:` in the indentation the file uses; a profile
of the same name is replaced, lines and all. The new text is read back before it is used: it
must hold the profile as meant, and everything else as it was.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import yaml

from vendorctl.errors import DataError, UsageError
from vendorctl.load import locate
from vendorctl.load.claims_file import _insert, _last_line, _owned_comments
from vendorctl.load.yamlio import LoadError, parse
from vendorctl.model.vendor import KpiProfile

_BREAK = re.compile(r"\r\n|\r|\n")
_NULLS = ("", "~", "null", "Null", "NULL")
# Text that reads back as the same text when written plain, in a flow collection too.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./()=-]*[A-Za-z0-9_)]|[A-Za-z]")
_KEYWORD = re.compile(r"(?i:true|false|null|yes|no|on|off|y|n)")


class ProfileError(UsageError):
    """`kpi_import:` is not written in a way the profile can be added to as text."""


def _scalar(text: str) -> str:
    """Text as a YAML scalar: plain when it reads back as the same text, else double-quoted."""
    safe = _PLAIN.fullmatch(text) and not _KEYWORD.fullmatch(text) and " #" not in text
    return text if safe else json.dumps(text, ensure_ascii=False)


def profile_lines(profile: KpiProfile) -> list[str]:
    """A profile's settings, one `key: value` line each, in the order of the schema; only
    those that are set."""
    lines = []
    for name, value in profile.model_dump(exclude_defaults=True).items():
        if isinstance(value, dict):
            pairs = ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items())
            lines.append(f"{name}: {{{pairs}}}")
        elif isinstance(value, list):
            lines.append(f"{name}: [{', '.join(_scalar(v) for v in value)}]")
        elif isinstance(value, bool):
            lines.append(f"{name}: {'true' if value else 'false'}")
        else:
            lines.append(f"{name}: {_scalar(str(value))}")
    return lines


def _block(name: str, profile: KpiProfile, column: int, step: int) -> list[str]:
    """The profile as a block mapping entry: its name at `column`, its settings `step` deeper."""
    return [" " * column + f"{name}:", *(" " * (column + step) + p for p in profile_lines(profile))]


def _lines(text: str) -> tuple[list[str], str]:
    newline = "\r\n" if "\r\n" in text else "\n"
    starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    if starts[-1] != len(text):
        starts.append(len(text))  # the last line, without a line break
    return [text[a:b] for a, b in itertools.pairwise(starts)], newline


def _child(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
    return None


def _empty(node: yaml.Node) -> bool:
    """`key:` with nothing (or `~`, `null`, `{}`) after it, on one line."""
    if node.start_mark.line != node.end_mark.line:
        return False
    if isinstance(node, yaml.MappingNode):
        return bool(node.flow_style) and not node.value
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value in _NULLS


def _emptied(line: str, value: yaml.Node, newline: str) -> str:
    """The line of `key: {}` (or `~`) without the value; a comment after it stays."""
    start, end = value.start_mark.column, value.end_mark.column
    head, rest = line[:start].rstrip(" \t"), line[end:].rstrip("\r\n").strip(" \t")
    return head + (f"  {rest}" if rest else "") + newline


def _indent(mapping: yaml.MappingNode, parent_column: int) -> int:
    """How deep the keys of a block mapping sit: as its first key, else two past its parent."""
    if mapping.value:
        return int(mapping.value[0][0].start_mark.column)
    return parent_column + 2


def saved(text: str, name: str, profile: KpiProfile, shown: str) -> str:
    """`text` (a valid vendor.yaml, `shown` in messages) with `profile` saved as
    `kpi_import.profiles.<name>`: added, or in place of the profile of that name. Refused
    (ProfileError) when `kpi_import:` or its `profiles:` is a flow mapping, with what to add by
    hand; a DataError if the text would not read back as meant (never written then)."""
    lines, newline = _lines(text)
    root = locate.compose(text)
    by_hand = "\n".join(["kpi_import:", "  profiles:", *_block(name, profile, 4, 2)])
    if not isinstance(root, yaml.MappingNode):
        raise ProfileError(f"{shown} is not a mapping vendorctl can add a profile to")
    found = _child(root, "kpi_import")
    step = _indent(root, 0) or 2
    if found is None:
        entry = [
            "kpi_import:",
            " " * step + "profiles:",
            *_block(name, profile, 2 * step, step),
        ]
        new = _insert(lines, len(lines) - 1, entry, newline) if lines else "\n".join(entry)
        return _checked(text, new, name, profile, shown)
    key, value = found
    column = key.start_mark.column
    if _empty(value):
        row = value.start_mark.line
        lines[row] = _emptied(lines[row], value, newline)
        entry = [
            " " * (column + step) + "profiles:",
            *_block(name, profile, column + 2 * step, step),
        ]
        return _checked(text, _insert(lines, row, entry, newline), name, profile, shown)
    if not isinstance(value, yaml.MappingNode) or value.flow_style:
        raise ProfileError(
            f"{shown}: `kpi_import:` is not a block mapping vendorctl can add to; add this to "
            f"it by hand:\n{by_hand}"
        )
    inner = _indent(value, column)
    step = inner - column  # the file's own indentation
    found_profiles = _child(value, "profiles")
    if found_profiles is None:
        row = _owned_comments(lines, _last_line(value, lines), column)
        entry = [" " * inner + "profiles:", *_block(name, profile, inner + step, step)]
        return _checked(text, _insert(lines, row, entry, newline), name, profile, shown)
    _, profiles = found_profiles
    if _empty(profiles):
        row = profiles.start_mark.line
        lines[row] = _emptied(lines[row], profiles, newline)
        entry = _block(name, profile, inner + step, step)
        return _checked(text, _insert(lines, row, entry, newline), name, profile, shown)
    if not isinstance(profiles, yaml.MappingNode) or profiles.flow_style:
        raise ProfileError(
            f"{shown}: `kpi_import: profiles:` is not a block mapping vendorctl can add to; "
            f"add this to it by hand:\n{by_hand}"
        )
    deeper = _indent(profiles, inner)
    entry = _block(name, profile, deeper, _indent_of_settings(profiles, deeper, step))
    same = _child(profiles, name)
    if same is not None:  # replaced: from its name to its last line
        first, last = same[0].start_mark.line, _last_line(same[1], lines)
        if isinstance(same[1], yaml.MappingNode) and not same[1].flow_style:
            last = _owned_comments(lines, last, deeper)
        kept = [*lines[:first], *lines[last + 1 :]]
        return _checked(text, _insert(kept, first - 1, entry, newline), name, profile, shown)
    row = _owned_comments(lines, _last_line(profiles, lines), inner)
    return _checked(text, _insert(lines, row, entry, newline), name, profile, shown)


def _indent_of_settings(profiles: yaml.MappingNode, column: int, step: int) -> int:
    """How much deeper than its name a profile's settings sit, as in the file's last profile."""
    for _, value in reversed(profiles.value):
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            return max(int(value.value[0][0].start_mark.column) - column, 1)
    return step


def _checked(before: str, after: str, name: str, profile: KpiProfile, shown: str) -> str:
    """`after`, once it reads back as `before` with the profile saved: else a DataError (a bug
    in the saving; the file is never written then)."""
    try:
        old, new = parse(before, shown), parse(after, shown)
    except LoadError as exc:
        raise DataError(f"the profile saved in {shown} does not read back: {exc}") from None
    written = _pop_profile(new, name)
    _pop_profile(old, name)
    meant = profile.model_dump(exclude_defaults=True)
    if (
        written is None
        or KpiProfile.model_validate(written).model_dump(exclude_defaults=True) != meant
        or old != new
    ):
        raise DataError(f"the profile saved in {shown} does not read back as written")
    return after


def _pop_profile(data: dict[str, Any], name: str) -> Any:
    """Take the profile `name` out of vendor.yaml's data (dropping `kpi_import` or its
    `profiles` if it leaves them empty, as they were before it was added)."""
    section = data.get("kpi_import")
    if not isinstance(section, dict):
        if "kpi_import" in data and section is None:
            del data["kpi_import"]
        return None
    profiles = section.get("profiles")
    if not isinstance(profiles, dict):
        if "profiles" in section and profiles is None:
            del section["profiles"]
        if not section:
            del data["kpi_import"]
        return None
    taken = profiles.pop(name, None)
    if not profiles:
        del section["profiles"]
    if not section:
        del data["kpi_import"]
    return taken
