"""FILE_KINDS is the one declaration of a file kind: the loader, the drafts, the schema export
and the vendor audience's redaction all follow it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from pydantic import BaseModel, Field

from tests.conftest import REPO
from vendorctl.compute import audience
from vendorctl.load import root
from vendorctl.load.portfolio import Record, VendorFiles
from vendorctl.load.yamlio import Document
from vendorctl.model import FILE_KINDS, FileKind


def test_each_vendor_files_attribute_is_filled_by_one_kind() -> None:
    filled = [kind.fills for kind in FILE_KINDS.values() if kind.fills is not None]
    attributes = [f.name for f in dataclasses.fields(VendorFiles) if f.name != "folder"]
    assert sorted(filled) == sorted(attributes)


def test_places_are_those_the_exported_schemas_name() -> None:
    assert {name: kind.where for name, kind in FILE_KINDS.items()} == {
        "settings": "vendorctl.yaml",
        "vendor": "vendors/<id>/vendor.yaml",
        "contract": "vendors/<id>/contracts/*.yaml",
        "measurements": "vendors/<id>/kpis/*.yaml",
        "health": "vendors/<id>/health/*.yaml",
        "meeting": "vendors/<id>/meetings/*.yaml",
        "issues": "vendors/<id>/issues.yaml, vendors/<id>/issues/*.yaml",
        "claims": "vendors/<id>/claims.yaml",
        "people": "people.yaml",
    }


def test_modelines_point_at_the_schemas_from_each_files_depth() -> None:
    line = "# yaml-language-server: $schema="
    assert FILE_KINDS["settings"].modeline() == f"{line}schemas/settings.schema.json"
    assert FILE_KINDS["vendor"].modeline() == f"{line}../../schemas/vendor.schema.json"
    assert FILE_KINDS["contract"].modeline() == f"{line}../../../schemas/contract.schema.json"
    assert (
        FILE_KINDS["measurements"].modeline() == f"{line}../../../schemas/measurements.schema.json"
    )
    assert FILE_KINDS["health"].modeline() == f"{line}../../../schemas/health.schema.json"
    assert FILE_KINDS["meeting"].modeline() == f"{line}../../../schemas/meeting.schema.json"
    issues = FILE_KINDS["issues"]
    assert issues.modeline(in_folder=False) == f"{line}../../schemas/issues.schema.json"
    assert issues.modeline(in_folder=True) == f"{line}../../../schemas/issues.schema.json"
    assert issues.modeline() == issues.modeline(in_folder=True)
    with pytest.raises(ValueError):
        FILE_KINDS["contract"].modeline(in_folder=False)


def test_a_kind_must_live_somewhere() -> None:
    with pytest.raises(ValueError):
        FileKind("nowhere", BaseModel, "nowhere")
    with pytest.raises(ValueError):
        FileKind("rootfolder", BaseModel, None, folder="things")


def test_the_readme_lists_every_place() -> None:
    readme = (REPO / "docs" / "file-formats.md").read_text(encoding="utf-8")
    block = readme.split("## A portfolio on disk", 1)[1].split("```", 2)[1]
    for kind in FILE_KINDS.values():
        for place in kind.places:
            assert place.removeprefix("vendors/<id>/") in block, place


def test_there_is_one_settings_file_name() -> None:
    source = [
        line
        for path in sorted((REPO / "vendorctl").rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("SETTINGS_FILE =")
    ]
    assert source == ['SETTINGS_FILE = "vendorctl.yaml"']
    assert FILE_KINDS["settings"].file == root.SETTINGS_FILE


def test_finding_the_root_does_not_import_the_schema() -> None:
    """Shell completion finds the root: it must not pay for importing the Pydantic models."""
    code = (
        "import sys, vendorctl.load.root\n"
        "print(sorted(m for m in sys.modules if m == 'pydantic' or m.startswith('vendorctl.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip() == "['vendorctl.load', 'vendorctl.load.root']"


def test_the_vendor_sees_redacted_exactly_the_kinds_with_internal_marks() -> None:
    assert audience.REDACTED == ("vendor", "contracts", "health", "meetings")
    assert audience.redacted_attributes(FILE_KINDS.values()) == audience.REDACTED


# A throwaway kind of file: a survey with an internal field and items that can be internal.
class Answer(BaseModel):
    """One answer of a survey."""

    text: str
    internal: bool = False


class Survey(BaseModel):
    """A survey of the vendor's staff."""

    title: str
    verdict: str | None = Field(default=None, json_schema_extra={"internal": True})
    answers: list[Answer] = []


@dataclass
class SurveyFiles(VendorFiles):
    """A vendor's files, surveys included."""

    surveys: list[Record[Survey]] = field(default_factory=list)


def test_a_new_kinds_internal_fields_never_reach_the_vendor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Declaring the kind is all it takes: nobody has to list it for the redaction too."""
    monkeypatch.setitem(
        FILE_KINDS, "survey", FileKind("survey", Survey, "surveys", folder="surveys")
    )
    # What audience computes from FILE_KINDS at import, computed again with the new kind.
    monkeypatch.setattr(audience, "REDACTED", audience.redacted_attributes(FILE_KINDS.values()))
    survey = Survey(
        title="Q3 staff survey",
        verdict="replace them at renewal",
        answers=[Answer(text="good service"), Answer(text="too costly", internal=True)],
    )
    doc = Document("vendors/acme/surveys/q3.yaml", "", None)
    files = SurveyFiles("acme", surveys=[Record(doc, survey)])

    shared = audience.for_audience(files, "vendor")

    assert isinstance(shared, SurveyFiles)
    [record] = shared.surveys
    assert record.doc is doc
    assert record.model.verdict is None
    assert record.model.answers == [Answer(text="good service")]
    assert record.model.title == "Q3 staff survey"
    assert audience.for_audience(files, "internal").surveys[0].model.verdict == (
        "replace them at renewal"
    )
