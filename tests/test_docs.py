"""The documentation matches the program: every command and option `--help` shows is documented,
every command the docs show runs, the README's walk-through works as written, the modelling
guide's files validate, and every link between the pages resolves."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from tests.conftest import PINNED_ENV, REPO
from vendorctl.cli import app

README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
COMMANDS_PAGE = DOCS / "commands.md"
MODELLING_PAGE = DOCS / "modelling.md"
WALK_THROUGH = "A ten-minute walk-through"
COMMON_OPTIONS = "Common options"
# What makes up the example portfolio at the repository's root (people.yaml once it has one).
PORTFOLIO = ("vendorctl.yaml", "people.yaml", "vendors", "templates", "schemas", "reports")
# The walk-through installs vendorctl first; the tests run the vendorctl they were installed with.
INSTALL_LINES = ("pipx install ", "python -m pip install ")
# A documented command that cannot run in a test ends in this comment; none does today.
NOT_RUN = re.compile(r"#\s*not run\b.*$")
SHELL_OPERATORS = {"|", "||", "&&", ";", ">", ">>", "<", "&", "(", ")"}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "T",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "T",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


# -- reading Markdown ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, text, first line number and the line before it."""

    lang: str
    text: str
    line: int
    lead: str  # the last non-blank line above the fence: it names the file a block is


@dataclass(frozen=True)
class Section:
    """A heading and the Markdown below it, up to the next heading of its level or higher."""

    level: int
    title: str
    text: str


def blocks(text: str) -> list[Block]:
    """Every fenced code block of a Markdown text, in order (fences may be indented)."""
    found, lines = [], text.splitlines()
    index = 0
    while index < len(lines):
        opening = re.match(r"^\s*```(\S*)\s*$", lines[index])
        if opening is None:
            index += 1
            continue
        lead = next((line for line in reversed(lines[:index]) if line.strip()), "")
        end = index + 1
        while not re.match(r"^\s*```\s*$", lines[end]):
            end += 1
        indent = len(lines[index]) - len(lines[index].lstrip())
        body = [line[indent:] for line in lines[index + 1 : end]]
        found.append(Block(opening.group(1), "\n".join(body) + "\n", index + 1, lead.strip()))
        index = end + 1
    return found


def prose(text: str) -> str:
    """The text outside code blocks."""
    kept, fence = [], False
    for line in text.splitlines():
        if re.match(r"^\s*```", line):
            fence = not fence
        elif not fence:
            kept.append(line)
    return "\n".join(kept)


def sections(text: str) -> list[Section]:
    """Every section of a Markdown text, code blocks included (a `#` line inside a code block
    is not a heading)."""
    lines, heads, fence = text.splitlines(), [], False
    for number, line in enumerate(lines):
        if re.match(r"^\s*```", line):
            fence = not fence
        elif not fence and (match := re.match(r"^(#{1,6}) (.+)$", line)):
            heads.append((number, len(match.group(1)), match.group(2).strip()))
    found = []
    for position, (start, level, title) in enumerate(heads):
        end = next((n for n, lv, _ in heads[position + 1 :] if lv <= level), len(lines))
        found.append(Section(level, title, "\n".join(lines[start + 1 : end])))
    return found


def section(path: Path, title: str) -> Section:
    """The one section of a page with this title."""
    matching = [s for s in sections(path.read_text(encoding="utf-8")) if s.title == title]
    assert len(matching) == 1, f"{path.name}: {len(matching)} sections titled {title!r}"
    return matching[0]


def slugs(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to
    hyphens, and -1, -2 ... after a repeated one."""
    seen: dict[str, int] = {}
    for found in sections(text):
        slug = re.sub(r"[^\w\- ]", "", found.title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        if count:
            seen[f"{slug}-{count}"] = 1
    return set(seen)


def mentions(text: str, option: str) -> bool:
    """Whether an option appears in a text as itself (`--out` is not `--outstanding`)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


# -- the program --------------------------------------------------------------------------------


def commands() -> dict[tuple[str, ...], Any]:
    """Every command `vendorctl --help` leads to, by its words (`("new", "vendor")`)."""

    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                if not getattr(sub, "hidden", False):
                    yield from walk(sub, (*path, name))
        else:
            yield path, command

    return dict(walk(typer.main.get_command(app), ()))


def options(command: Any) -> list[str]:
    """A command's options as written on the command line, long and short."""
    return [
        name
        for param in command.params
        if param.param_type_name == "option" and not getattr(param, "hidden", False)
        for name in (*param.opts, *param.secondary_opts)
    ]


def common_options() -> set[str]:
    """The options the commands page documents once for every command that takes them."""
    table = section(COMMANDS_PAGE, COMMON_OPTIONS).text
    cells = [row.split("|")[1] for row in table.splitlines() if row.startswith("| `")]
    return {name.split()[0] for cell in cells for name in re.findall(r"`(-[^`]+)`", cell)}


def command_sections() -> dict[str, Section]:
    """The commands page's sections about commands (titled `vendorctl ...`), each with the
    sections below it up to the next command's (a topic such as "Sharing with the vendor" goes
    with the command above it)."""
    found: dict[str, Section] = {}
    current = None
    for part in sections(COMMANDS_PAGE.read_text(encoding="utf-8")):
        if part.level != 2:
            continue
        if part.title.startswith("`vendorctl "):
            current = part.title
            found[current] = part
        elif current is not None and part.title != COMMON_OPTIONS:
            kept = found[current]
            found[current] = Section(2, current, f"{kept.text}\n## {part.title}\n{part.text}")
    return found


def section_of(path: tuple[str, ...], documented: dict[str, Section]) -> Section:
    """The commands page's section about one command: its title names the command
    (`vendorctl kpi import`) or lists it among its group's (`vendorctl new vendor|contract`)."""
    first, *rest = path
    matching = [
        found
        for title, found in documented.items()
        if re.search(rf"`vendorctl {re.escape(first)}(?![\w-])", title)
        and all(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", title) for word in rest)
    ]
    assert len(matching) == 1, f"{' '.join(path)}: {len(matching)} sections in commands.md"
    return matching[0]


def test_every_command_has_its_section_and_every_option_is_documented() -> None:
    documented, common = command_sections(), common_options()
    undocumented = []
    for path, command in commands().items():
        found = section_of(path, documented)
        for option in options(command):
            if option not in common and not mentions(f"{found.title}\n{found.text}", option):
                undocumented.append(f"vendorctl {' '.join(path)} {option}")
    assert undocumented == []
    assert len(commands()) >= 20  # the walk reached the `new` and `kpi` groups
    assert {("new", "health"), ("kpi", "import")} <= set(commands())


def test_the_options_of_vendorctl_itself_are_common_options() -> None:
    root = typer.main.get_command(app)
    assert [o for o in options(root) if o not in common_options()] == []


def test_the_commands_page_documents_no_command_or_option_that_does_not_exist() -> None:
    known = commands()
    for title in command_sections():
        for mention in re.findall(r"`vendorctl ([a-z]+(?: [a-z]+)?)", title):
            words = tuple(mention.split())
            group = [path for path in known if path[: len(words)] == words]
            assert group, f"{title}: no command `vendorctl {mention}`"
            real = {o for path in group for o in options(known[path])}
            written = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", title.split(mention, 1)[1]))
            assert written <= real | common_options(), (title, sorted(written - real))


# -- every documented command runs --------------------------------------------------------------


@dataclass(frozen=True)
class Documented:
    """A `vendorctl` command line of a ```sh block, where it is written."""

    page: Path
    line: int
    text: str

    @property
    def args(self) -> list[str]:
        words = shell_words(self.text)
        assert words[0] == "vendorctl"
        return words[1:]

    def __str__(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def shell_words(line: str) -> list[str]:
    """A command line's words as a POSIX shell reads them, comments left out. A line must be one
    plain command: an unquoted `<` or `>` (`--install git+https://<host>/...`) would be a
    redirection to a shell, so the text cannot be pasted as it is."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words = list(lexer)
    assert not SHELL_OPERATORS & set(words), f"not one plain command: {line}"
    return words


def outside_walk_through(page: Path) -> str:
    """A page's text, less the README's walk-through (its commands run in order, below)."""
    text = page.read_text(encoding="utf-8")
    if page == README:
        walk = section(README, WALK_THROUGH).text
        assert walk in text
        text = text.replace(walk, "\n" * walk.count("\n"))  # line numbers stay true
    return text


def documented_lines() -> tuple[list[Documented], list[Documented]]:
    """The command lines of every page to run, and those marked `# not run`."""
    run: list[Documented] = []
    skipped: list[Documented] = []
    for page in PAGES:
        for block in blocks(outside_walk_through(page)):
            if block.lang not in ("sh", "bash", "shell"):
                continue
            for offset, line in enumerate(block.text.splitlines(), start=1):
                if line.startswith("vendorctl "):
                    found = Documented(page, block.line + offset, line)
                    (skipped if NOT_RUN.search(line) else run).append(found)
    return run, skipped


RUN, SKIPPED = documented_lines()


def file_blocks(text: str) -> list[tuple[str, str]]:
    """The files a page shows whole: a yaml or csv block whose lead-in line ends with the
    file's path in backticks and a colon (`vendors/acme/vendor.yaml`:)."""
    found = []
    for block in blocks(text):
        named = re.search(r"`([\w./-]+\.(?:yaml|csv))`:$", block.lead)
        if named and block.lang in ("yaml", "csv"):
            found.append((named.group(1), block.text))
    return found


def example_copy(target: Path) -> Path:
    """A copy of the repository's example portfolio, free to change."""
    target.mkdir()
    for name in PORTFOLIO:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def write_files(root: Path, files: list[tuple[str, str]]) -> None:
    for name, text in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Colour off, a fixed width, no CI, and a git of its own (no user configuration)."""
    for key, value in {**PINNED_ENV, **GIT_ENV}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return monkeypatch


def test_the_docs_show_commands_and_mark_none_not_run() -> None:
    assert len(RUN) >= 15
    # Every documented command runs; should one ever need `# not run`, name it here and why.
    assert [str(line) for line in SKIPPED] == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("documented", RUN, ids=str)
def test_every_documented_command_runs(
    documented: Documented, pinned: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In a copy of the example portfolio, committed to git (for `diff`), with the page's own
    files written in (the modelling guide's vendors and contracts): no usage error, no crash."""
    root = example_copy(tmp_path / "portfolio")
    write_files(root, file_blocks(documented.page.read_text(encoding="utf-8")))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "example")
    pinned.chdir(root)
    result = CliRunner().invoke(app, documented.args)
    assert result.exit_code not in (2, 3), f"{documented}: {documented.text}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


# -- the walk-through, step by step -------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_walk_through_reaches_a_committed_scorecard(
    pinned: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every step of the README's walk-through, in order, in an empty folder: its commands (git
    too), the files it shows whole written where it says, and the output it shows compared."""
    pinned.chdir(tmp_path)
    here, last, printed = tmp_path, None, {}
    steps = blocks(section(README, WALK_THROUGH).text)
    written = file_blocks(section(README, WALK_THROUGH).text)
    assert [name for name, _ in written] == [
        "vendorctl.yaml",
        "vendors/acme-hosting/vendor.yaml",
        "vendors/acme-hosting/contracts/acme-hosting-msa.yaml",
        "acme-export.csv",
    ]
    for step in steps:
        named = re.search(r"`([\w./-]+\.(?:yaml|csv))`:$", step.lead)
        if step.lang in ("yaml", "csv") and named:
            write_files(here, [(named.group(1), step.text)])
        elif step.lang == "text":
            assert last is not None and last.stdout == step.text, "the output shown differs"
        elif step.lang == "sh":
            for line in step.text.splitlines():
                words = shell_words(line)
                if line.startswith(INSTALL_LINES):
                    continue
                if words[0] == "cd":
                    here = here / words[1]
                    pinned.chdir(here)
                elif words[0] == "git":
                    git(here, *words[1:])
                else:
                    assert words[0] == "vendorctl", f"the test cannot follow: {line}"
                    last = CliRunner().invoke(app, words[1:])
                    assert last.exit_code == 0, f"{line}\n{last.output}"
                    printed[line] = last.stdout
    assert here == tmp_path / "my-vendors"
    # What step 8 says of the scorecard.
    scorecard = printed["vendorctl scorecard acme-hosting"]
    assert "# Scorecard: Acme Hosting, 2026-Q3" in scorecard
    assert "- The score for 2026-Q3 is 99.8 (Needs attention)" in scorecard
    assert "| acme-hosting-msa | 2026-09 | 5.0% | EUR 400.00 | 2026-11-29 |" in scorecard
    assert "reports/acme-hosting/scorecard.md" in git(here, "ls-files").splitlines()
    assert git(here, "status", "--porcelain") == ""  # everything is committed
    assert CliRunner().invoke(app, ["render", "--check"]).exit_code == 0


# -- the modelling guide ------------------------------------------------------------------------


def test_the_modelling_guide_files_validate_in_the_example(
    pinned: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = file_blocks(MODELLING_PAGE.read_text(encoding="utf-8"))
    shapes = [s.title for s in sections(MODELLING_PAGE.read_text(encoding="utf-8")) if s.level == 2]
    assert shapes == [
        "Rolling telecom terms",
        "Reseller subscriptions",
        "Cloud commitments (EDP-style)",
        "Managed services",
    ]
    root = example_copy(tmp_path / "portfolio")
    new = [name for name, _ in files if not (root / name).exists()]
    assert len(files) == 6 and len(new) == 4
    # The rolling telecom contract is the example's own, as it is.
    telecom = "vendors/meridian-telecom/contracts/mobile-failover.yaml"
    assert dict(files)[telecom] == (REPO / telecom).read_text(encoding="utf-8")
    write_files(root, files)
    result = CliRunner().invoke(app, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert " 0 errors, " in result.stdout.splitlines()[-1]
    # The guide's new vendors and contracts draw no finding of their own.
    assert [line for line in result.stdout.splitlines() if line.startswith(tuple(new))] == []
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == []


# -- links --------------------------------------------------------------------------------------


def links(page: Path) -> list[str]:
    """The targets of a page's Markdown links, outside code."""
    text = re.sub(r"`[^`\n]*`", "", prose(page.read_text(encoding="utf-8")))
    return re.findall(r"\]\(([^)\s]+)\)", text)


def resolves(page: Path, target: str) -> bool:
    """Whether a link of a page leads somewhere: a file or folder, and a heading if it names one."""
    name, _, anchor = target.partition("#")
    path = (page.parent / name).resolve() if name else page
    if not path.exists():
        return False
    return not anchor or (path.suffix == ".md" and anchor in slugs(path.read_text("utf-8")))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(REPO)))
def test_every_link_resolves(page: Path) -> None:
    # A web address is not checked: the tests run offline.
    local = [target for target in links(page) if not re.match(r"^[a-z]+:", target)]
    assert len(local) >= 1
    assert [target for target in local if not resolves(page, target)] == []


def test_the_readme_links_every_page_of_the_docs() -> None:
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in links(README)}
    assert sorted(p.name for p in DOCS.glob("*.md") if p.resolve() not in linked) == []
    assert len(list(DOCS.glob("*.md"))) >= 7
