"""people.yaml: a shared directory of internal people that every vendor may name by id, checked
as a vendor's own people are, and named in every report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import BASE, Run
from tests.test_diff import Repo, changes
from vendorctl.cli import app

AS_OF = ("--as-of", "2026-10-31")
ACME = "vendors/acme/vendor.yaml"
BETA = "vendors/beta/vendor.yaml"

PEOPLE = """\
# yaml-language-server: $schema=schemas/people.schema.json
people:
  - {id: ana, name: Ana Internal, tier: management, email: ana@example.org}
  - {id: erin, name: Erin Exec, side: internal, tier: executive}
  - {id: sam, name: Sam Shared, title: Buyer, tier: management}
"""

# Beta names two shared people: Ana (whose peer names her) and Sam (given a peer here).
BETA_VENDOR = """\
id: beta
name: Beta Backup
segment: commodity
status: prospect
people:
  - {id: bob, name: Bob Beta, side: vendor, tier: management, counterpart: ana}
counterparts:
  sam: bob
roles:
  relationship: ana
  commercial: sam
"""


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def share(root: Path, people: str = PEOPLE) -> Path:
    """The test portfolio with Ana and Erin moved from acme into people.yaml, and beta added."""
    (root / "people.yaml").write_text(people, encoding="utf-8")
    for line in (
        "  - {id: ana, name: Ana Internal, side: internal, tier: management, counterpart: victor}\n",
        "  - {id: erin, name: Erin Exec, side: internal, tier: executive, counterpart: vince}\n",
    ):
        _edit(root, ACME, line, "")
    (root / "vendors" / "beta").mkdir()
    (root / BETA).write_text(BETA_VENDOR, encoding="utf-8")
    return root


@pytest.fixture
def shared(portfolio: Path) -> Path:
    return share(portfolio)


def as_json(run: Run, *args: str | Path) -> dict[str, Any]:
    result = run(*args, "-f", "json", *AS_OF)
    assert result.exit_code == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


def test_two_vendors_name_one_shared_person(run: Run, shared: Path) -> None:
    result = run("validate", "--root", shared, *AS_OF)
    assert result.exit_code == 0, result.stdout
    assert result.lines == ["Checked 12 files: no problems found."]
    acme = as_json(run, "show", "acme", "--root", shared)
    beta = as_json(run, "show", "beta", "--root", shared)
    assert acme["roles"][0] == {"role": "Relationship manager", "holder": "Ana Internal"}
    assert beta["roles"][0] == {"role": "Relationship manager", "holder": "Ana Internal"}
    assert beta["roles"][2] == {"role": "Commercial manager", "holder": "Sam Shared"}
    # Each vendor gives Ana her own counterpart; beta lists the shared people it names only.
    who = {p["name"]: p["counterpart"] for p in acme["people"]}
    assert who["Ana Internal"] == "Victor Vendor"
    assert "Sam Shared" not in who
    assert [(p["name"], p["counterpart"]) for p in beta["people"]] == [
        ("Ana Internal", "Bob Beta"),
        ("Sam Shared", "Bob Beta"),
        ("Bob Beta", "Ana Internal"),
    ]


def test_the_qbr_and_the_onboarding_pack_name_shared_people(run: Run, shared: Path) -> None:
    qbr = run("qbr", "acme", "--root", shared, *AS_OF)
    assert qbr.exit_code == 0, qbr.stderr
    assert (
        "| management | internal | Ana Internal | — | Relationship manager | Victor Vendor |\n"
        in qbr.stdout
    )
    assert "| executive | internal | Erin Exec | — | Transformation manager | Vince Vendor |\n" in (
        qbr.stdout
    )
    assert "Sam Shared" not in qbr.stdout  # in the directory, but no part in acme
    pack = run("onboard", "acme", "--root", shared, *AS_OF)
    assert pack.exit_code == 0, pack.stderr
    assert "| Relationship manager | Ana Internal | Victor Vendor |\n" in pack.stdout
    assert "| internal | Ana Internal | — | Victor Vendor | `ana@example.org` |\n" in pack.stdout
    beta = run("onboard", "beta", "--root", shared, *AS_OF)
    assert "| Commercial manager | Sam Shared | Bob Beta |\n" in beta.stdout


def test_policies_name_shared_people(run: Run, shared: Path) -> None:
    _edit(
        shared,
        ACME,
        "{level: 3, tier: executive, internal: erin, vendor: vince}",
        "{level: 3, tier: executive, internal: erin, vendor: vince, after: 5 days}",
    )
    result = run("validate", "--root", shared, *AS_OF)
    assert (
        "vendors/acme/issues.yaml:2:5: warning: issue `slow-tickets` has been at level 2 for 82 "
        "days; level 3 (Erin Exec and Vince Vendor) was due after 5 days [escalation-due]"
    ) in result.lines


def test_an_unknown_id_suggests_a_shared_one(run: Run, shared: Path) -> None:
    _edit(shared, BETA, "relationship: ana", "relationship: anna")
    _edit(shared, BETA, "counterpart: ana}", "counterpart: sma}")
    result = run("validate", "--root", shared, *AS_OF)
    assert result.exit_code == 1
    assert result.lines == [
        "vendors/beta/vendor.yaml:6:76: error: no person `sma` in this vendor or in people.yaml; "
        "did you mean `sam`? [unknown-person]",
        "vendors/beta/vendor.yaml:10:17: error: no person `anna` in this vendor or in "
        "people.yaml; did you mean `ana`? [unknown-person]",
        "Checked 12 files: 2 errors, 0 warnings.",
    ]
    _edit(shared, BETA, "relationship: anna", "relationship: zzz")
    result = run("validate", "--root", shared, *AS_OF)
    assert (
        "vendors/beta/vendor.yaml:10:17: error: no person `zzz` in this vendor or in people.yaml; "
        "add them under `people:` in vendor.yaml, or in people.yaml [unknown-person]"
    ) in result.lines


def test_without_people_yaml_the_message_is_as_before(run: Run, portfolio: Path) -> None:
    _edit(portfolio, ACME, "relationship: ana", "relationship: anna")
    result = run("validate", "--root", portfolio, *AS_OF)
    assert result.lines[0] == (
        "vendors/acme/vendor.yaml:15:17: error: no person `anna` in this vendor; did you mean "
        "`ana`? [unknown-person]"
    )


def test_people_yaml_holds_internal_people_without_counterparts(run: Run, shared: Path) -> None:
    (shared / "people.yaml").write_text(
        "people:\n"
        "  - {id: ana, name: Ana Internal, tier: management}\n"
        "  - {id: erin, name: Erin Exec, tier: executive}\n"
        "  - {id: vic, name: Vic Vendor, side: vendor, tier: management}\n"
        "  - {id: sam, name: Sam Shared, tier: management, counterpart: bob}\n"
        "  - {id: zoe, name: Zoe, side: internl, tier: management}\n",
        encoding="utf-8",
    )
    result = run("validate", "--root", shared, *AS_OF)
    assert result.exit_code == 1
    assert result.lines == [
        "people.yaml:4:39: error: `people[2].side`: `vic` is a vendor-side person: people.yaml "
        "holds internal people only; define vendor-side people under `people:` in their vendor's "
        "vendor.yaml [invalid-value]",
        "people.yaml:5:64: error: `people[3].counterpart`: a counterpart is per vendor, not set "
        "in people.yaml: leave it out here and write `counterpart: <this person's id>` on their "
        "peer in the vendor's vendor.yaml [invalid-value]",
        "people.yaml:6:32: error: `people[4].side`: expected `internal` (people.yaml holds "
        'internal people only), got "internl" [invalid-value]',
        # The directory could not be read: beta's references to it are not reported on top.
        "Checked 12 files: 3 errors, 0 warnings.",
    ]


def test_one_id_is_one_person(run: Run, shared: Path) -> None:
    (shared / "people.yaml").write_text(
        PEOPLE + "  - {id: ana, name: Ana Again, tier: management}\n"
        "  - {id: otto, name: Otto Ops, tier: operational}\n",
        encoding="utf-8",
    )
    result = run("validate", "--root", shared, *AS_OF)
    assert result.exit_code == 1
    assert result.lines == [
        "people.yaml:6:10: error: duplicate person id `ana` (first defined at line 3) "
        "[duplicate-id]",
        "vendors/acme/vendor.yaml:6:10: error: person `otto` is already in the shared directory "
        "(people.yaml:7); remove them here to use that entry, or give them another id "
        "[duplicate-id]",
        "Checked 12 files: 2 errors, 0 warnings.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "people:\n  - {id: ana, name: Ana, tier: management\n",
            "people.yaml:2:5: error: invalid YAML: unclosed bracket '{' [yaml-syntax]",
        ),
        (
            "people:\n  ana: {name: Ana}\n",
            "people.yaml:2:3: error: `people`: input should be a valid list, got a mapping "
            "[wrong-type]",
        ),
        (
            "staff: []\n",
            "people.yaml:1:1: error: unknown key `staff`; known keys: people [unknown-key]",
        ),
        (
            "",
            "people.yaml:1:1: error: file is empty: it should hold a mapping of keys [empty-file]",
        ),
    ],
    ids=["syntax", "mapping", "unknown-key", "empty"],
)
def test_a_broken_people_yaml_is_located_never_a_traceback(
    run: Run, shared: Path, text: str, expected: str
) -> None:
    (shared / "people.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "--root", shared, *AS_OF)
    assert result.exit_code == 1
    assert result.lines == [expected, "Checked 12 files: 1 error, 0 warnings."]
    report = run("qbr", "acme", "--root", shared, *AS_OF)
    assert report.exit_code == 1
    assert expected in report.stdout + report.stderr
    assert "Traceback" not in report.stdout + report.stderr


def test_counterparts_map_shared_people_to_the_vendors_people(run: Run, shared: Path) -> None:
    _edit(shared, BETA, "  sam: bob\n", "  sam: ana\n  samm: bob\n  bob: bob\n")
    result = run("validate", "--root", shared, *AS_OF)
    assert result.lines == [
        "vendors/beta/vendor.yaml:8:8: error: `ana` is on the internal side; this needs a person "
        "on the vendor side [wrong-side]",
        "vendors/beta/vendor.yaml:9:3: error: no person `samm` in this vendor or in people.yaml; "
        "did you mean `sam`? [unknown-person]",
        "vendors/beta/vendor.yaml:10:3: error: `bob` is one of this vendor's own people: write "
        "`counterpart: bob` on their entry under `people:` instead; `counterparts:` is for "
        "people of people.yaml [invalid-value]",
        "Checked 12 files: 3 errors, 0 warnings.",
    ]


def test_a_shared_person_without_a_peer_here_has_no_counterpart(run: Run, shared: Path) -> None:
    _edit(shared, BETA, "counterparts:\n  sam: bob\n", "")
    _edit(shared, BETA, "status: prospect", "status: onboarding")
    result = run("validate", "--root", shared, *AS_OF)
    assert (
        "vendors/beta/vendor.yaml:9:15: warning: `sam` (management tier, from people.yaml) has "
        "no vendor counterpart in this relationship; add `counterpart: sam` to their peer among "
        "the vendor's people, or `sam: <peer id>` under `counterparts:` [counterparts]"
    ) in result.lines
    assert not any("`ana`" in line for line in result.lines)  # Bob names her


HOSTILE = "{{ 7*7 }} <script>x</script> | [link](javascript:alert(1))\nroles: {relationship: evil}"


def test_hostile_text_in_people_yaml_stays_inert(run: Run, shared: Path) -> None:
    people = PEOPLE.replace("name: Ana Internal", f"name: {json.dumps(HOSTILE)}")
    (shared / "people.yaml").write_text(people, encoding="utf-8")
    assert run("validate", "--root", shared, *AS_OF).exit_code == 0
    qbr = run("qbr", "acme", "--root", shared, *AS_OF).stdout
    assert (
        r"| \{\{ 7\*7 \}\} &lt;script&gt;x&lt;/script&gt; \| \[link\](javascript:alert(1))<br>"
        r"roles: \{relationship: evil\} | — | Relationship manager | Victor Vendor |"
    ) in qbr
    assert "49" not in qbr and "<script>" not in qbr
    assert as_json(run, "show", "acme", "--root", shared)["roles"][0]["holder"] == HOSTILE
    # The draft of a new vendor lists the shared people in comments: one line each, whatever
    # the name holds, so the draft's data is what vendorctl wrote.
    result = run("new", "vendor", "gamma", "--no-input", "--root", shared)
    assert result.exit_code == 0, result.stderr
    draft = (shared / "vendors/gamma/vendor.yaml").read_text(encoding="utf-8")
    assert (
        "#   ana: {{ 7*7 }} <script>x</script> | [link](javascript:alert(1)... (management)\n"
        in (draft)
    )
    assert "\nroles: {}  #" in draft and "evil" not in draft


def test_new_vendor_offers_the_shared_people(run: Run, shared: Path) -> None:
    result = run(
        "new", "vendor", "gamma", "--name", "Gamma", "--segment", "commodity",
        "--status", "prospect", "--relationship", "sam", "--no-input", "--root", shared,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    draft = (shared / "vendors/gamma/vendor.yaml").read_text(encoding="utf-8")
    assert (
        "people: []  # {id, name, side: internal|vendor, title, tier: "
        "operational|management|executive, counterpart}\n"
        "# Shared internal people (people.yaml): name them by id here, never copy them:\n"
        "#   ana: Ana Internal (management)\n"
        "#   erin: Erin Exec (executive)\n"
        "#   sam: Sam Shared, Buyer (management)\n"
        "# Their peer here: `counterpart: <their id>` on a vendor person, or "
        "`counterparts: {<their id>: <peer id>}`.\n"
        "roles:  # relationship, service_delivery, commercial, transformation: internal person "
        "ids\n"
        "  relationship: sam\n"
    ) in draft
    shown = as_json(run, "show", "gamma", "--root", shared)
    assert shown["roles"][0] == {"role": "Relationship manager", "holder": "Sam Shared"}
    # Asked on a terminal, among the directory's ids; an unknown one is listed to fill in.
    typed = CliRunner().invoke(
        app,
        ["new", "vendor", "delta", "--input", "--root", str(shared)],
        input="Delta\ncommodity\nprospect\nerni\n",
    )
    assert typed.exit_code == 0, typed.output
    assert "Relationship manager (people.yaml: ana, erin, sam): " in typed.output
    assert (
        "vendors/delta/vendor.yaml:15:17: error: no person `erni` in this vendor or in "
        "people.yaml; did you mean `erin`? [unknown-person]"
    ) in typed.output


def test_new_vendor_without_a_directory_asks_nothing_more(run: Run, portfolio: Path) -> None:
    typed = CliRunner().invoke(
        app,
        ["new", "vendor", "delta", "--input", "--root", str(portfolio)],
        input="Delta\ncommodity\nprospect\n",
    )
    assert typed.exit_code == 0, typed.output
    assert "Relationship manager" not in typed.output
    draft = (portfolio / "vendors/delta/vendor.yaml").read_text(encoding="utf-8")
    assert "people.yaml" not in draft


def test_a_meeting_draft_invites_shared_people_of_its_tier(run: Run, shared: Path) -> None:
    result = run(
        "new", "meeting", "acme", "--kind", "qbr", "--date", "2026-12-15", "--no-input",
        "--root", shared,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    minutes = (shared / "vendors/acme/meetings/2026-12-15-qbr.yaml").read_text(encoding="utf-8")
    assert "attendees: [carl, victor, vicky, ana]  # person ids of both sides\n" in minutes


def test_validate_in_several_processes_sees_the_directory(run: Run, shared: Path) -> None:
    _edit(shared, BETA, "relationship: ana", "relationship: anna")
    one = run("validate", "--root", shared, "--jobs", "1", *AS_OF)
    two = run("validate", "--root", shared, "--jobs", "2", *AS_OF)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert "did you mean `ana`?" in one.stdout


def test_init_brings_the_shared_directory_along(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert run("init", target).exit_code == 0
    assert (target / "people.yaml").is_file()
    assert (target / "schemas" / "people.schema.json").is_file()
    check = run("validate", "--root", target)
    assert check.exit_code == 0 and " 0 errors, " in check.lines[-1], check.stdout


def test_the_diff_reports_the_directory_and_a_move_into_it_is_no_change(
    run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    base = repo.commit("base")
    share(root)  # Ana and Erin move into people.yaml; beta comes
    repo.commit("shared people")
    found = changes(run, repo, base, "HEAD")
    assert [(c["vendor"], c["kind"]) for c in found if c["vendor"] in (None, "acme")] == [
        (None, "person-added"),
        (None, "person-added"),
        (None, "person-added"),
    ]
    assert [c["after"] for c in found if c["vendor"] is None] == [
        "Ana Internal (people.yaml)",
        "Erin Exec (people.yaml)",
        "Sam Shared (people.yaml)",
    ]
    repo.edit(
        "people.yaml", "  - {id: sam, name: Sam Shared, title: Buyer, tier: management}\n", ""
    )
    repo.edit(BETA, "counterparts:\n  sam: bob\n", "")
    repo.edit(BETA, "  commercial: sam\n", "")
    repo.commit("Sam leaves")
    found = changes(run, repo, "HEAD~1", "HEAD")
    assert [(c["vendor"], c["kind"], c["subject"]) for c in found] == [
        (None, "person-removed", "person sam"),
        ("beta", "person-removed", "person sam"),
        ("beta", "role-vacated", "role commercial"),
    ]
    vacated = found[-1]
    assert vacated["before"] == "Sam Shared (sam)"
