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
    """The profile an import uses, how messages name it, and why it was chosen."""

    profile: KpiProfile | None = None
    label: str | None = None  # "profile `servicenow`", or UNNAMED
    why: str = ""  # said when it was chosen from several; empty otherwise
    misfits: str = ""  # when several were saved and none fits: what each lacks


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


def choose(saved: KpiImport | None, header: list[str], asked: str | None, shown: str) -> Choice:
    """The profile to read the export `shown` with: `asked` (--profile) by name; else the one
    that fits its header (all the columns it names are there), those naming columns before one
    that names none; else, when just one is saved, that one (its misfit is reported as the rows
    are read). Several fitting is a UsageError: which one is meant cannot be told."""
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
    fitting = [(n, p) for n, p in saved_profiles if not missing_columns(named_columns(p), header)]
    specific = [(n, p) for n, p in fitting if named_columns(p)]
    picked = specific or fitting
    if len(picked) == 1:
        name, profile = picked[0]
        if len(saved_profiles) == 1:
            return Choice(profile, _label(name), "" if name is None else "the vendor's only one")
        return Choice(profile, _label(name), "the only one whose columns are all in the file")
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
    if len(saved_profiles) == 1:
        name, profile = saved_profiles[0]
        return Choice(profile, _label(name), "" if name is None else "the vendor's only one")
    lacking = "; ".join(
        f"{_label(n)} lacks "
        + ", ".join(f"`{c}`" for c in missing_columns(named_columns(p), header))
        for n, p in saved_profiles
    )
    return Choice(misfits=f"no saved profile fits the file ({lacking})")
