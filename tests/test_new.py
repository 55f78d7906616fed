"""new: each kind of draft lands in the right place, validates once filled, never overwrites."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


def _fill(path: Path, **values: str) -> None:
    text = path.read_text()
    for key, value in values.items():
        before = text
        text = text.replace(f"{key}: ~", f"{key}: {value}", 1)
        assert text != before, key
    path.write_text(text)


def test_new_vendor_with_placeholders_then_filled(run: Run, portfolio: Path) -> None:
    result = run("new", "vendor", "beta", "--no-input", "--root", portfolio)
    assert result.exit_code == 0
    # name, segment and status (errors) and category (optional, listed all the same)
    assert result.lines[0] == "wrote vendors/beta/vendor.yaml; fill in the placeholders (4):"
    path = portfolio / "vendors/beta/vendor.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schemas/vendor.schema.json\nid: beta\n"
    )
    _fill(path, name="Beta", segment="commodity", status="prospect")
    assert run("validate", "--root", portfolio).exit_code == 0


def test_new_never_overwrites(run: Run, portfolio: Path) -> None:
    before = (portfolio / "vendors/acme/vendor.yaml").read_text()
    result = run(
        "new",
        "vendor",
        "acme",
        "--name",
        "X",
        "--segment",
        "tactical",
        "--status",
        "active",
        "--no-input",
        "--root",
        portfolio,
    )
    assert result.exit_code == 2
    assert "vendors/acme/vendor.yaml exists; it is never overwritten" in result.stderr
    assert (portfolio / "vendors/acme/vendor.yaml").read_text() == before


def test_new_contract_health_and_issue_validate_once_filled(run: Run, portfolio: Path) -> None:
    assert run(
        "new",
        "contract",
        "acme",
        "acme-sow",
        "--title",
        "SOW",
        "--kind",
        "sow",
        "--start",
        "2026-11-01",
        "--no-input",
        "--root",
        portfolio,
    ).lines == [
        "wrote vendors/acme/contracts/acme-sow.yaml; fill in the placeholders (1):",
        "  vendors/acme/contracts/acme-sow.yaml:6:6: optional: `end` is still ~: last day of the "
        "initial term; remove for an evergreen contract; fill it in or remove the line",
    ]
    health = run("new", "health", "acme", "--date", "2026-11-20", "--root", portfolio)
    assert (
        health.lines[0]
        == "wrote vendors/acme/health/2026-11-20.yaml; fill in the placeholders (12):"
    )
    path = portfolio / "vendors/acme/health/2026-11-20.yaml"
    for _ in range(2):
        _fill(
            path, trust="4", communication="3", commitment="4", collaboration="3", satisfaction="4"
        )
    assert run(
        "new",
        "issue",
        "acme",
        "late-invoices",
        "--title",
        "Invoices arrive late",
        "--opened",
        "2026-11-02",
        "--no-input",
        "--root",
        portfolio,
    ).lines == [
        "wrote vendors/acme/issues/late-invoices.yaml; fill in the placeholders (1):",
        "  vendors/acme/issues/late-invoices.yaml:8:12: optional: `issues[0].owner` is still ~: "
        "internal person id (optional); fill it in or remove the line",
    ]
    assert run("validate", "--root", portfolio, "--as-of", "2026-11-20").exit_code == 0


def test_new_meeting_prefills_attendees_and_carries_open_actions(run: Run, portfolio: Path) -> None:
    result = run(
        "new",
        "meeting",
        "acme",
        "--kind",
        "qbr",
        "--date",
        "2026-12-15",
        "--no-input",
        "--root",
        portfolio,
    )
    assert result.lines == ["wrote vendors/acme/meetings/2026-12-15-qbr.yaml; it validates."]
    text = (portfolio / "vendors/acme/meetings/2026-12-15-qbr.yaml").read_text()
    assert "tier: management" in text
    assert "attendees: [ana, carl, victor, vicky]" in text
    assert (
        '  - {id: dr-test, title: "Run a DR test", owner: victor, due: 2026-11-30, status: open}'
        in text
    )


def test_new_risk_is_appended_to_the_register(run: Run, portfolio: Path) -> None:
    result = run(
        "new",
        "risk",
        "acme",
        "exit-plan",
        "--title",
        "No exit plan",
        "--likelihood",
        "4",
        "--impact",
        "4",
        "--no-input",
        "--root",
        portfolio,
    )
    assert result.lines == [
        "wrote vendors/acme/vendor.yaml; fill in the placeholders (3):",
        "  vendors/acme/vendor.yaml:39:12: optional: `risks[1].owner` is still ~: internal person "
        "id; fill it in or remove the line",
        "  vendors/acme/vendor.yaml:40:17: optional: `risks[1].mitigation` is still ~: what reduces "
        "the risk now; fill it in or remove the line",
        "  vendors/acme/vendor.yaml:41:16: optional: `risks[1].review_by` is still ~: next review, "
        "YYYY-MM-DD; fill it in or remove the line",
    ]
    text = (portfolio / "vendors/acme/vendor.yaml").read_text()
    assert '     review_by: 2027-01-31}\n  - id: exit-plan\n    title: "No exit plan"\n' in text
    validate = run("validate", "--root", portfolio)
    assert (
        "critical risk `exit-plan` (score 16) has no `mitigation`, `owner`, `review_by`"
        in validate.stdout
    )


def test_interactive_prompts_read_standard_input(portfolio: Path, monkeypatch: object) -> None:
    from typer.testing import CliRunner

    from vendorctl.cli import app

    result = CliRunner().invoke(
        app,
        ["new", "vendor", "gamma", "--input", "--root", str(portfolio)],
        input="Gamma Ltd\ncommodity\nprospect\n",
    )
    assert result.exit_code == 0, result.output
    assert "wrote vendors/gamma/vendor.yaml; fill in the placeholders (1):" in result.output
    assert 'name: "Gamma Ltd"' in (portfolio / "vendors/gamma/vendor.yaml").read_text()


def test_no_input_never_prompts(run: Run, portfolio: Path) -> None:
    result = run(
        "new", "issue", "acme", "quiet", "--no-input", "--opened", "2026-11-01", "--root", portfolio
    )
    assert result.exit_code == 0 and "fill in the placeholders (2)" in result.stdout


def test_bad_ids_and_unknown_vendors_are_usage_errors(run: Run, portfolio: Path) -> None:
    assert run("new", "vendor", "Bad_Id", "--no-input", "--root", portfolio).exit_code == 2
    missing = run("new", "health", "nobody", "--date", "2026-11-01", "--root", portfolio)
    assert missing.exit_code == 2 and "no vendor 'nobody'" in missing.stderr


def test_a_meeting_kind_cannot_name_a_path(run: Run, portfolio: Path, tmp_path: Path) -> None:
    result = run(
        "new",
        "meeting",
        "acme",
        "--kind",
        "/../../../escaped",
        "--date",
        "2026-11-02",
        "--no-input",
        "--root",
        portfolio,
    )
    assert result.exit_code == 2 and "meeting kind" in result.stderr
    assert not list(tmp_path.rglob("escaped*"))


def test_a_risk_needs_its_essentials_and_a_fresh_id(run: Run, portfolio: Path) -> None:
    before = (portfolio / "vendors/acme/vendor.yaml").read_text()
    missing = run("new", "risk", "acme", "r1", "--no-input", "--root", portfolio)
    assert (
        missing.exit_code == 2
        and "a risk needs --title, --likelihood and --impact" in missing.stderr
    )
    twice = run(
        "new",
        "risk",
        "acme",
        "lock-in",
        "--title",
        "T",
        "--likelihood",
        "2",
        "--impact",
        "3",
        "--no-input",
        "--root",
        portfolio,
    )
    assert twice.exit_code == 2 and "already has a risk 'lock-in'" in twice.stderr
    assert (portfolio / "vendors/acme/vendor.yaml").read_text() == before


def test_an_action_without_an_id_is_carried_and_closed_by_its_title(
    run: Run, portfolio: Path
) -> None:
    qbr = portfolio / "vendors/acme/meetings/2026-09-15-qbr.yaml"
    qbr.write_text(qbr.read_text().replace("{id: dr-test, title", "{title"))
    run(
        "new",
        "meeting",
        "acme",
        "--kind",
        "qbr",
        "--date",
        "2026-12-01",
        "--no-input",
        "--root",
        portfolio,
    )
    carried = portfolio / "vendors/acme/meetings/2026-12-01-qbr.yaml"
    carried.write_text(carried.read_text().replace("status: open}", "status: done}"))
    shown = run("show", "acme", "--as-of", "2026-12-02", "--format", "json", "--root", portfolio)
    assert '"actions": []' in shown.stdout
