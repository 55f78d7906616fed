"""A vendor's saved ways of reading its exports (`kpi_import:` in vendor.yaml), and the one an
import uses: named on the command line, else the one that fits the file's header."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from vendorctl.errors import UsageError
from vendorctl.load.kpi_export import missing_columns, named_columns
from vendorctl.model.vendor import KpiImport, KpiProfile

UNNAMED = "the mapping saved under kpi_import"


@dataclass(frozen=True)
class Choice:
    """The profile an import uses, how messages name it, and why it was chosen (or why none
    was)."""

    profile: KpiProfile | None = None
    label: str | None = None  # "profile `servicenow`", or UNNAMED
    why: str = ""  # said when it was chosen from what the vendor saved; empty otherwise
    note: str = ""  # said when profiles are saved and none fits the file: what each lacks


def _label(name: str | None) -> str:
    return f"profile `{name}`" if name is not None else UNNAMED


def _settings(saved: KpiImport) -> bool:
    """True when the keys of one mapping are written directly under `kpi_import:` (the vendor's
    one mapping, from before named profiles: a profile without a name)."""
    return any(getattr(saved, name) for name in KpiProfile.model_fields)


def profiles(saved: KpiImport | None) -> list[tuple[str | None, KpiProfile]]:
    """Every profile saved: the unnamed one first (None), then the named ones."""
    if saved is None:
        return []
    unnamed: list[tuple[str | None, KpiProfile]] = [(None, saved)] if _settings(saved) else []
    return [*unnamed, *saved.profiles.items()]


def _fits(name: str | None, profile: KpiProfile, header: list[str]) -> bool:
    """True when the file's header has every column the profile names. A named profile that
    names none fits no file in particular: only --profile uses it (else its source and KPI
    names would be stamped on any other tool's export); the unnamed mapping, the vendor's
    defaults from before named profiles, fits every file then."""
    columns = named_columns(profile)
    if not columns:
        return name is None
    return not missing_columns(columns, header)


def choose(saved: KpiImport | None, header: list[str], asked: str | None, shown: str) -> Choice:
    """The profile to read the export `shown` with: `asked` (--profile) by name; else the one
    that fits its header (all the columns it names are there), those naming columns before the
    unnamed mapping that names none; else none at all, never one that does not fit (its
    source, KPI names and filters belong to another export), with a note of what each lacks.
    Several fitting is a UsageError: which one is meant cannot be told."""
    saved_profiles = profiles(saved)
    named = {name: p for name, p in saved_profiles if name is not None}
    if asked is not None:
        if asked not in named:
            known = ", ".join(sorted(named)) or "none saved in vendor.yaml (kpi_import.profiles)"
            close = difflib.get_close_matches(asked, sorted(named), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise UsageError(f"--profile {asked}: no such profile{hint}; profiles: {known}")
        return Choice(named[asked], _label(asked))
    if not saved_profiles:
        return Choice()
    fitting = [(n, p) for n, p in saved_profiles if _fits(n, p, header)]
    specific = [(n, p) for n, p in fitting if named_columns(p)]
    picked = specific or fitting
    if len(picked) == 1:
        name, profile = picked[0]
        if len(saved_profiles) > 1:
            return Choice(profile, _label(name), "the only one whose columns are all in the file")
        if name is None:
            return Choice(profile, _label(name))  # the vendor's one mapping: nothing to say
        return Choice(profile, _label(name), "its columns are all in the file")
    if len(picked) > 1:
        which = ", ".join(_label(n) for n, _ in picked[:-1]) + f" and {_label(picked[-1][0])}"
        verb = "both fit" if len(picked) == 2 else "all fit"
        unnamed = (
            " (name the mapping saved directly under kpi_import by moving it under "
            "kpi_import.profiles)"
            if any(n is None for n, _ in picked)
            else ""
        )
        raise UsageError(
            f"{which} {verb} the header of {shown}; choose one with --profile NAME{unnamed}"
        )
    lacking = "; ".join(_lacks(n, p, header) for n, p in saved_profiles)
    return Choice(note=f"No saved profile fits {shown}, so it is read without one: {lacking}.")


def _lacks(name: str | None, profile: KpiProfile, header: list[str]) -> str:
    """What keeps a profile from fitting a header: the columns it names that the file lacks
    (with the closest column the file has, for a typo), or that it names none."""
    missing = missing_columns(named_columns(profile), header)
    if not missing:
        return f"{_label(name)} names no columns: only --profile {name} uses it"
    lowered = {h.lower(): h for h in header}
    shown = []
    for column in missing:
        close = difflib.get_close_matches(column.lower(), sorted(lowered), n=1, cutoff=0.85)
        shown.append(f"`{column}`" + (f" (did you mean `{lowered[close[0]]}`?)" if close else ""))
    return f"{_label(name)} lacks {', '.join(shown)}"
