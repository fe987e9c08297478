"""Bad input: every crafted file either loads as it should, or fails alone in one line naming it."""

# The catalogue. Files are in tests/bad_input/; those marked * are written into the test's own
# folder by tests/bad_input/generate.py. Each input is ingested together with seeds/ into a copy
# of the seeded database, in a child process given 3 s (20 s for the 2 MB line) and 1 GB more
# memory; whatever the input does, the seed articles and meetings must come out unchanged, no
# command may run, and check_integrity must find nothing wrong. "fails: X" means exactly one
# line `error: FILE: X` and no traceback (abridged here; CASES below has each message exactly).
# XFAIL: the app does not yet do what the case expects; CASES gives the reason.
#
# | input                         | what it is                        | outcome                             |
# | ----------------------------- | --------------------------------- | ----------------------------------- |
# | well_formed.md                | control: the story the rest vary  | loads: 4 statements, 1 meeting      |
# | binary_nul.txt                | text with NUL and control bytes   | fails: file is binary, not text     |
# | png_header.txt                | a 1x1 PNG image named .txt        | fails: file is binary, not text     |
# | empty.txt                     | zero bytes                        | fails: article body is empty        |
# | whitespace_only.txt           | spaces, tabs, CRLF, NBSP, U+3000  | fails: article body is empty        |
# | front_matter_only.md          | front matter, no body             | fails: article body is empty        |
# | fifty_megabytes *             | a good article padded to 50 MB    | fails: file is larger than 5 MB     |
# | latin1.txt                    | Latin-1, not UTF-8                | fails: not UTF-8 (bad byte at 64)   |
# | surrogate_utf8.txt            | an encoded surrogate, ED A0 80    | fails: not UTF-8 (bad byte at 27)   |
# | utf16.txt                     | the story in UTF-16, with BOM     | fails: not UTF-8                    |
# | bom.md                        | UTF-8 with a byte order mark      | loads: BOM not in the body          |
# | crlf.md                       | CRLF line ends                    | loads: CRLF kept, offsets right     |
# | lone_cr.md                    | lone-CR line ends                 | loads like crlf.md                  |
# | unclosed_front_matter.md      | no closing --- line               | fails: no closing '---' line        |
# | front_matter_list.md          | front matter is a YAML list       | fails: must be a mapping            |
# | front_matter_non_text_keys.md | keys 1 and 2024-01-01             | fails: non-text keys: [...]         |
# | python_object_tag.md          | !!python/object/apply:os.system   | fails: not valid YAML; nothing runs |
# | billion_laughs_title.md       | 9x9 alias bomb as the title       | fails in one line, at once          |
# | billion_laughs_unused.md      | 9x9 alias bomb in unread keys     | loads, at once                      |
# | deeply_nested_yaml.md         | a title 5,000 lists deep          | fails: 'title' must be text         |
# | future_published.md           | published 2027-01-05              | fails: published date in the future |
# | impossible_date_unquoted.md   | published: 2024-02-30             | fails: impossible value (day ...)   |
# | impossible_date_quoted.md     | published: '2024-02-30'           | fails: 'published' not an ISO date  |
# | impossible_date_line.txt      | body line 'date 2024-02-30'       | fails: date line ... is impossible  |
# | seed copy *                   | seeds/000 under another name      | fails: same article as seeds/000_.. |
# | seed refiled *                | seeds/002 body, new front, CRLF   | fails: same article as seeds/002_.. |
# | other_subject.md              | a cricket report                  | fails: no ministers' meeting found  |
# | hostile_names.md              | '); DROP TABLE and <script> names | loads: verbatim; pages escape it    |
# | html_in_body.md               | <script>, <img onerror> in body   | loads: verbatim; pages escape it    |
# | two_megabyte_line *           | the story on one line, 2 MB long  | loads: 1 paragraph, 4 statements    |
# | two_megabyte_word *           | one 2 MB word                     | fails: nothing is left of the body  |
# | rtl_zero_width.md             | ZWSP in a name, RLO, WJ, BOM      | loads; speaker resolved             |
# | javascript_url.md             | url: javascript:alert(...)        | fails: url must be http(s)          |
# | long_title.md                 | a 10,000-character title          | fails: title over 500 chars         |
# | scanned_report.pdf            | a .pdf named explicitly           | fails: not an article               |
# | missing folder *              | a folder that does not exist      | fails: no such file or folder       |
# | symlink loop *                | loop.txt -> loop.txt              | fails: no such file or folder       |
# | unreadable *                  | mode 000 (root: /proc/self/mem)   | fails: cannot be read (...)         |
# | newline in name *             | empty, named 'two\nlines.txt'     | fails in one line                   |
# | only_planned_meeting.md       | announces the 2027 2+2, no more   | loads: 1 planned meeting            |
# | no_article.html               | a saved page of links and banner  | fails: no article text in the page  |

import multiprocessing
import os
import re
import resource
import tracemalloc
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine, make_session_factory
from app.export import export_database
from app.ingest.parse import MAX_ARTICLE_BYTES
from app.ingest.pipeline import ingest
from app.ingest.reference import Reference
from app.integrity import check_integrity
from app.main import create_app
from app.models import Meeting, MeetingReport, Mention, Minister, Rejection, Source, Statement
from tests.bad_input import generate
from tests.conftest import SEEDS, TODAY, Database

BAD = Path(__file__).parent / "bad_input"
SEED_FILES = sorted(f"seeds/{p.name}" for p in SEEDS.glob("0*.txt"))
TIME_LIMIT = 3.0  # seconds an ingest may take (most cases take a fraction of one)
MEMORY_LIMIT = 2**30  # bytes an ingest may add to its process before allocation fails
MAX_LINE = 300  # characters: a problem line longer than this is not one line a person reads

# The four statements of well_formed.md, as its variants must also yield them.
STORY = (
    "Defence Minister Rajnath Singh held talks with his Japanese counterpart Shinjiro Koizumi in Tokyo "
    "on Thursday, and the two sides agreed to deepen maritime cooperation in the Indo-Pacific.",
    '"India and Japan share a commitment to a free and open Indo-Pacific, and our navies will train '
    'together more often," Singh said after the meeting.',
    "Koizumi said Japan welcomed India's plan to host the next round of the Dharma Guardian exercise.",
    "The two ministers also discussed the co-development of unmanned systems, officials said.",
)
STORY_TITLE = "India, Japan defence ministers agree to deepen maritime cooperation"


class StillBroken(Exception):
    """The app does not yet do what the case expects; only cases marked xfail may raise it."""


def expect(condition: bool, problem: str) -> None:
    """Hold the app to an expected outcome (a miss is StillBroken, not an AssertionError)."""
    if not condition:
        raise StillBroken(problem)


# --- running one ingest, guarded --------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What one ingest did, as its caller and the person at the terminal see it."""

    lines: list[str]
    read: int
    loaded: int
    unchanged: int
    failed: list[tuple[str, str]]
    commands: list[str]  # what the run asked os.system to do


def _ingest_in_child(url: str, paths: list[Path], reference: Reference, channel: Connection) -> None:
    """Run the ingest in a forked process, its memory capped, and send back what it did."""
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + MEMORY_LIMIT, in_use + MEMORY_LIMIT))
    commands: list[str] = []

    def record(command: Any) -> int:
        commands.append(str(command))
        return 0

    os.system = record
    engine = make_engine(url)
    lines: list[str] = []
    try:
        summary = ingest(
            paths,
            make_session_factory(engine),
            reference,
            root=PROJECT_ROOT,
            today=TODAY,
            report=lines.append,
        )
        failed = [(e.path, e.problem) for e in summary.failed]
        channel.send(Run(lines, summary.read, summary.loaded, summary.unchanged, failed, commands))
    except BaseException as exc:  # the parent reports it; a crash is an outcome like any other
        channel.send(f"ingest raised {exc.__class__.__name__}: {str(exc)[:300]}")
    finally:
        engine.dispose()


def ingest_guarded(db: Database, paths: list[Path], reference: Reference, time_limit: float) -> Run | str:
    """Ingest `paths` into `db` in a child process; a string says why it did not finish."""
    db.engine.dispose()  # the child must not share the parent's connections
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_ingest_in_child, args=(db.url, paths, reference, sending), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(time_limit):
            return f"ingest did not finish within {time_limit:g} s"
        result: Run | str = receiving.recv()
        return result
    except EOFError:
        child.join()
        return f"the ingest process died (exit code {child.exitcode})"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()


# --- what a case expects ----------------------------------------------------------------------


def _names(path: Path) -> set[str]:
    """The ways a problem line may name `path`: as given, relative to the project, escaped."""
    names = {str(path)}
    with suppress(ValueError, OSError, RuntimeError):  # outside the project, or a link loop
        names.add(str(path.resolve().relative_to(PROJECT_ROOT)))
    return names | {name.encode("unicode_escape").decode("ascii") for name in names}


def _body_of(path: Path) -> str:
    """The file's text after its front matter, as the parser must keep it."""
    text = path.read_bytes().decode("utf-8-sig")
    return re.split(r"(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n)", text, maxsplit=1)[1]


@dataclass
class Loaded:
    """A case's new source, with its session and the pages over the database."""

    session: Session
    source: Source
    db: Database
    path: Path
    _apps: list[FastAPI] = field(default_factory=list)

    @property
    def statements(self) -> list[Statement]:
        return list(
            self.session.scalars(
                select(Statement).where(Statement.source_id == self.source.id).order_by(Statement.position)
            )
        )

    @property
    def meetings(self) -> list[Meeting]:
        return list(
            self.session.scalars(
                select(Meeting)
                .join(MeetingReport, MeetingReport.meeting_id == Meeting.id)
                .where(MeetingReport.source_id == self.source.id)
                .order_by(Meeting.date)
            )
        )

    @property
    def people(self) -> list[Minister]:
        """The people this source names who are not in the actor dictionary."""
        named = select(Mention.minister_id).where(Mention.source_id == self.source.id)
        return list(
            self.session.scalars(select(Minister).where(Minister.id.in_(named), ~Minister.in_dictionary))
        )

    @cached_property
    def client(self) -> TestClient:
        app = create_app(Settings(database_url=self.db.url))
        self._apps.append(app)
        return TestClient(app)

    def page(self, address: str) -> BeautifulSoup:
        response = self.client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        return BeautifulSoup(response.text, "html.parser")

    def close(self) -> None:
        for app in self._apps:
            app.state.engine.dispose()


@dataclass(frozen=True)
class Fails:
    """The file is refused: one line `error: FILE: PROBLEM`, PROBLEM matching this pattern."""

    problem: str

    def verify(self, run: Run, path: Path, db: Database) -> None:
        errors = [line for line in run.lines if line.startswith("error: ")]
        expect(
            run.loaded == 0 and len(run.failed) == 1 and len(errors) == 1,
            f"expected one failure; loaded {run.loaded}, lines {[line[:200] for line in run.lines]}",
        )
        line = errors[0]
        expect(
            "\n" not in line and "Traceback" not in line and len(line) <= MAX_LINE,
            f"not one short line: {line[:MAX_LINE]!r} ({len(line)} characters)",
        )
        names = "|".join(re.escape(name) for name in sorted(_names(path)))
        expect(
            re.fullmatch(f"error: (?:{names}): (?:{self.problem})", line) is not None,
            f"{line!r} does not name the file with the problem {self.problem!r}",
        )
        with db.sessions() as session:  # listed on /review until it loads
            rejection = session.get(Rejection, run.failed[0][0])
            assert rejection is not None
            assert rejection.problem == run.failed[0][1]


@dataclass(frozen=True)
class Loads:
    """The file loads as one new source, and `check` holds of what was stored."""

    check: Callable[[Loaded], None]

    def verify(self, run: Run, path: Path, db: Database) -> None:
        expect(
            run.failed == [] and run.loaded == 1,
            f"expected it to load; loaded {run.loaded}, lines {[line[:200] for line in run.lines]}",
        )
        with db.sessions() as session:
            source = session.scalars(select(Source).where(Source.file.not_in(SEED_FILES))).one()
            assert source.file in _names(path)
            loaded = Loaded(session, source, db, path)
            try:
                self.check(loaded)
            finally:
                loaded.close()


# --- the checks of the cases that load --------------------------------------------------------


def _the_story(loaded: Loaded, paragraphs: int = 4) -> None:
    """The fictional story, whatever its encoding or layout: its statements, meeting and body."""
    assert loaded.source.body == _body_of(loaded.path)
    assert loaded.source.title == STORY_TITLE
    assert loaded.source.published == date(2026, 10, 15)
    assert len(loaded.source.paragraphs) == paragraphs
    assert tuple(s.text for s in loaded.statements) == STORY
    [meeting] = loaded.meetings
    assert (meeting.slug, meeting.status, meeting.city) == ("2026-10-15-defence-ministerial", "held", "Tokyo")


def _well_formed(loaded: Loaded) -> None:
    _the_story(loaded)
    assert loaded.statements[0].minister is not None
    assert loaded.statements[0].minister.slug == "rajnath-singh"


def _bom(loaded: Loaded) -> None:
    _the_story(loaded)
    assert "\ufeff" not in loaded.source.body


def _crlf(loaded: Loaded) -> None:
    _the_story(loaded)
    assert "\r\n" in loaded.source.body


def _lone_cr(loaded: Loaded) -> None:
    expect(loaded.source.title == STORY_TITLE, f"front matter not read: title {loaded.source.title[:60]!r}")
    _the_story(loaded)


def _one_long_line(loaded: Loaded) -> None:
    assert len(loaded.source.body) > 2 * 2**20
    assert "\n" not in loaded.source.body
    _the_story(loaded, paragraphs=1)


def _unused_alias_bomb(loaded: Loaded) -> None:
    _the_story(loaded)
    assert loaded.source.url is None


def _no_script_runs(page: BeautifulSoup) -> None:
    """Markup from an article is shown as text: none of its scripts or event handlers is live."""
    assert not [s for s in page.find_all("script") if "alert" in s.get_text() + str(s.get("src", ""))]
    assert not page.select("[onerror], [onload], [onclick]")


def _hostile_names(loaded: Loaded) -> None:
    assert loaded.source.body == _body_of(loaded.path)
    assert any("'); DROP TABLE ministers; --" in s.text for s in loaded.statements)
    assert loaded.people, "no hostile name reached the people table, so no page below shows one"
    for person in loaded.people:  # what the extractor keeps of a hostile name is text from the article
        assert person.name in loaded.source.body
        _no_script_runs(loaded.page(f"/ministers/{person.slug}"))
    page = loaded.page(f"/sources/{loaded.source.slug}")
    _no_script_runs(page)
    assert "Hiroshi<script>alert(1)</script> Tanaka" in page.get_text()


def _html_in_body(loaded: Loaded) -> None:
    assert loaded.source.body == _body_of(loaded.path)
    assert loaded.source.title == "India, Japan <b>defence</b> ministers meet <script>alert(3)</script>"
    scripted = [s for s in loaded.statements if "<script>" in s.text]
    assert scripted, "no statement kept the markup"
    source_page = loaded.page(f"/sources/{loaded.source.slug}")
    for page in (
        source_page,
        loaded.page(f"/statements/{scripted[0].id}"),
        loaded.page(f"/meetings/{loaded.meetings[0].slug}"),
    ):
        _no_script_runs(page)
    shown = source_page.get_text()
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(2)>" in shown
    assert "<script>alert(3)</script>" in shown


def _rtl_zero_width(loaded: Loaded) -> None:
    assert loaded.source.body == _body_of(loaded.path)
    assert "\u202e" in loaded.source.body
    assert "\u200b" in loaded.source.body
    assert len(loaded.statements) == len(STORY)
    assert "Raj\u200bnath Si\u200dngh" in loaded.statements[0].text
    speaker = loaded.statements[0].minister
    expect(
        speaker is not None and speaker.slug == "rajnath-singh",
        f"the speaker of {loaded.statements[0].text[:40]!r} is {loaded.statements[0].speaker_label!r}, "
        "not Rajnath Singh",
    )


def _javascript_url(loaded: Loaded) -> None:
    _the_story(loaded)
    page = loaded.page(f"/sources/{loaded.source.slug}")
    scripted = [
        a["href"] for a in page.select("a[href]") if str(a["href"]).strip().lower().startswith("javascript:")
    ]
    expect(not scripted, f"the source page links to {scripted}")


def _only_planned(loaded: Loaded) -> None:
    meetings = [(m.slug, m.status) for m in loaded.meetings]
    assert ("2027-two-plus-two", "planned") in meetings
    expect(meetings == [("2027-two-plus-two", "planned")], f"the article yields the meetings {meetings}")


# --- the catalogue ----------------------------------------------------------------------------


def committed(name: str) -> Callable[[Path], Path]:
    """A crafted file kept in tests/bad_input/."""

    def path(_folder: Path) -> Path:
        return BAD / name

    return path


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # the input's path, given the test's own folder
    outcome: Fails | Loads
    bug: str | None = None  # set when the app does not yet do what `outcome` says
    time_limit: float = TIME_LIMIT


def _case(name: str, outcome: Fails | Loads, bug: str | None = None) -> Case:
    return Case(name, committed(name), outcome, bug)


NOT_TEXT = Fails(re.escape("file is binary, not text"))
EMPTY = Fails(re.escape("article body is empty"))
NOWHERE = Fails(re.escape("no such file or folder"))

CASES = [
    _case("well_formed.md", Loads(_well_formed)),
    _case("binary_nul.txt", NOT_TEXT),
    _case("png_header.txt", NOT_TEXT),
    _case("empty.txt", EMPTY),
    _case("whitespace_only.txt", EMPTY),
    _case("front_matter_only.md", EMPTY),
    Case("fifty_megabytes", generate.fifty_megabytes, Fails(r"file is larger than 5 MB")),
    _case("latin1.txt", Fails(re.escape("file is not UTF-8 (bad byte at position 64)"))),
    _case("surrogate_utf8.txt", Fails(re.escape("file is not UTF-8 (bad byte at position 27)"))),
    _case(
        "utf16.txt",
        Fails(r"file is not UTF-8.*"),
    ),
    _case("bom.md", Loads(_bom)),
    _case("crlf.md", Loads(_crlf)),
    _case(
        "lone_cr.md",
        Loads(_lone_cr),
    ),
    _case("unclosed_front_matter.md", Fails(re.escape("front matter has no closing '---' line"))),
    _case("front_matter_list.md", Fails(re.escape("front matter must be a mapping of field: value"))),
    _case(
        "front_matter_non_text_keys.md",
        Fails(re.escape("front matter has non-text keys: [1, datetime.date(2024, 1, 1)]")),
    ),
    _case(
        "python_object_tag.md",
        Fails(
            re.escape(
                "front matter is not valid YAML (could not determine a constructor for the tag "
                "'tag:yaml.org,2002:python/object/apply:os.system')"
            )
        ),
    ),
    _case(
        "billion_laughs_title.md",
        Fails(r"front matter 'title' must be text, not .+"),
    ),
    _case("billion_laughs_unused.md", Loads(_unused_alias_bomb)),
    _case(
        "deeply_nested_yaml.md",
        Fails(r"front matter 'title' must be text, not .+"),
    ),
    _case("future_published.md", Fails(re.escape("published date 2027-01-05 is in the future"))),
    _case(
        "impossible_date_unquoted.md",
        Fails(re.escape("front matter has an impossible value (day is out of range for month)")),
    ),
    _case(
        "impossible_date_quoted.md",
        Fails(re.escape("front matter 'published' is not an ISO date: '2024-02-30'")),
    ),
    _case("impossible_date_line.txt", Fails(re.escape("date line '2024-02-30' is impossible"))),
    Case(
        "seed copy",
        generate.seed_under_another_name,
        Fails(re.escape("same article as seeds/000_bac54ace09ae3e22.txt (already loaded)")),
    ),
    Case(
        "seed refiled",
        generate.seed_refiled,
        Fails(re.escape("same article as seeds/002_8c8e4bfc36085583.txt (already loaded)")),
    ),
    _case("other_subject.md", Fails(re.escape("no India–Japan ministers' meeting found"))),
    _case("hostile_names.md", Loads(_hostile_names)),
    _case("html_in_body.md", Loads(_html_in_body)),
    Case("two_megabyte_line", generate.two_megabyte_line, Loads(_one_long_line), time_limit=20.0),
    Case(
        "two_megabyte_word",
        generate.two_megabyte_word,
        Fails(re.escape("nothing is left of the body once captions and trailers are removed")),
    ),
    _case(
        "rtl_zero_width.md",
        Loads(_rtl_zero_width),
    ),
    _case(
        "javascript_url.md",
        Fails(
            re.escape("front matter 'url' must be an http:// or https:// address, not 'javascript:") + ".*"
        ),
    ),
    _case(
        "long_title.md",
        Fails(r"front matter 'title' is longer than 500 characters.*"),
    ),
    _case("scanned_report.pdf", Fails(re.escape("not an article: expected a .txt, .md, .html or .htm file"))),
    Case("missing folder", generate.missing_folder, NOWHERE),
    Case("symlink loop", generate.symlink_loop, NOWHERE),
    Case("unreadable", generate.unreadable, Fails(r"cannot be read \(.+\)")),
    Case(
        "newline in name",
        generate.newline_in_name,
        EMPTY,
    ),
    _case(
        "only_planned_meeting.md",
        Loads(_only_planned),
    ),
    _case("no_article.html", Fails(re.escape("no article text found in the page"))),
]


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(raises=StillBroken, strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.name, marks=marks)


def _without(exported: dict[str, Any], slugs: set[str], surfaces: set[str], before: dict[str, Any]) -> Any:
    """The export less what the sources `slugs` added: their rows, and the spellings they used."""
    meetings = []
    for meeting in exported["meetings"]:
        others = [slug for slug in meeting["sources"] if slug not in slugs]
        if others:
            meetings.append({**meeting, "sources": others})
    known = {m["slug"]: set(m["aliases"]) for m in before["ministers"]}
    ministers = [
        {**m, "aliases": [a for a in m["aliases"] if a in known[m["slug"]] or a not in surfaces]}
        for m in exported["ministers"]
        if m["slug"] in known
    ]
    return {
        "meetings": meetings,
        "ministers": ministers,
        "statements": [s for s in exported["statements"] if s["source"] not in slugs],
        "sources": [s for s in exported["sources"] if s["slug"] not in slugs],
        "topics": exported["topics"],
    }


def _check_run(case: Case, run: Run | str, path: Path, seeded_db: Database, before: dict[str, Any]) -> None:
    """The seeds are intact and the database sound whatever happened; then the case's outcome."""
    with seeded_db.sessions() as session:
        new = session.scalars(select(Source).where(Source.file.not_in(SEED_FILES))).all()
        surfaces = {
            " ".join(m.split())
            for m in session.scalars(
                select(Mention.surface).where(Mention.source_id.in_([s.id for s in new]))
            )
        }
        assert _without(export_database(session), {s.slug for s in new}, surfaces, before) == before
        assert check_integrity(session) == []
    if not isinstance(run, Run):
        raise StillBroken(run)
    assert run.commands == []
    assert run.unchanged == len(SEED_FILES)
    case.outcome.verify(run, path, seeded_db)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_bad_input(case: Case, tmp_path: Path, seeded_db: Database, reference: Reference) -> None:
    try:
        path = case.make(tmp_path)
    except generate.Unsupported as exc:
        pytest.skip(str(exc))
    with seeded_db.sessions() as session:
        before = export_database(session)

    try:
        run = ingest_guarded(seeded_db, [path, SEEDS], reference, case.time_limit)
        _check_run(case, run, path, seeded_db, before)
    finally:
        for made in tmp_path.iterdir():  # pytest keeps old temporary folders: not 50 MB of them
            made.unlink()


def test_catalogue_table_lists_every_case() -> None:
    """The table at the top of this file (quoted in the README) is the catalogue."""
    rows = re.findall(r"^# \| (\S[^|]*?)\s+\|", Path(__file__).read_text(encoding="utf-8"), re.MULTILINE)
    listed = [row.removesuffix(" *") for row in rows if row != "input" and not row.startswith("-")]
    assert listed == [case.name for case in CASES]


def test_every_crafted_file_is_in_the_catalogue_and_kept_byte_for_byte() -> None:
    crafted = {p.name for p in BAD.iterdir() if p.is_file()} - {
        "README.md",
        "generate.py",
        "__init__.py",
        ".gitattributes",
    }
    assert crafted == {case.name for case in CASES if case.make.__module__ == __name__}
    assert b"\r\n" in (BAD / "crlf.md").read_bytes()
    assert b"\n" not in (BAD / "lone_cr.md").read_bytes()
    assert (BAD / "bom.md").read_bytes().startswith(b"\xef\xbb\xbf---\n")
    assert b"\r" not in (BAD / "well_formed.md").read_bytes()


# --- guarantees one case cannot show ----------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_without_being_read_whole(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    path = generate.fifty_megabytes(tmp_path)
    tracemalloc.start()
    try:
        summary = empty_db.ingest(reference, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        path.unlink()
    assert [e.problem for e in summary.failed] == ["file is larger than 5 MB"]
    # Reading one byte past the limit, and the fingerprint's copy of that, is all it needs.
    expect(peak < 3 * MAX_ARTICLE_BYTES, f"{peak / 2**20:.0f} MB held to refuse a 50 MB file")


# --- the checker itself -----------------------------------------------------------------------


def test_check_integrity_finds_nothing_wrong_with_the_seeds(seeded_db: Database) -> None:
    with seeded_db.sessions() as session:
        assert session.scalar(select(Statement.id).limit(1)) is not None
        assert check_integrity(session) == []


def _first_statement(session: Session) -> Statement:
    return session.scalars(select(Statement).order_by(Statement.id).limit(1)).one()


def _unindex_statement(session: Session) -> str:
    statement = _first_statement(session)
    session.execute(
        text("DELETE FROM search_index WHERE kind = 'statement' AND ref = :id"), {"id": statement.id}
    )
    return f"search_index: statements not indexed: {statement.id}"


def _unindex_paragraph(session: Session) -> str:
    source = session.scalars(select(Source).order_by(Source.file).limit(1)).one()
    session.execute(
        text("DELETE FROM search_index WHERE kind = 'paragraph' AND source_id = :id AND ref = '2'"),
        {"id": source.id},
    )
    count = len(source.paragraphs)
    return f"search_index: {source.file} has {count - 1} paragraph rows for its {count} paragraphs"


def _shift_offsets(session: Session) -> str:
    statement = _first_statement(session)
    statement.start += 1
    file = statement.source.file
    return f"statement {statement.id}: [{statement.start}, {statement.end}) of {file} is not its text"


def _lose_paragraph(session: Session) -> str:
    statement = _first_statement(session)
    statement.paragraph = 99
    count = len(statement.source.paragraphs)
    return (
        f"statement {statement.id}: paragraph 99 of {statement.source.file} does not exist (it has {count})"
    )


def _move_to_another_paragraph(session: Session) -> str:
    statement = session.scalars(
        select(Statement).where(Statement.paragraph > 1).order_by(Statement.id)
    ).first()
    assert statement is not None
    statement.paragraph -= 1
    return f"statement {statement.id}: not inside paragraph {statement.paragraph} of {statement.source.file}"


def _echo_nothing(session: Session) -> str:
    statement = _first_statement(session)
    statement.echo_of = "000000000000"
    return f"statement {statement.id}: echo_of points to missing statement 000000000000"


def _orphan_meeting(session: Session) -> str:
    meeting = session.scalars(select(Meeting).order_by(Meeting.slug).limit(1)).one()
    session.execute(text("DELETE FROM meeting_reports WHERE meeting_id = :id"), {"id": meeting.id})
    return f"meeting {meeting.slug}: no source reports it"


BREAKAGES: list[Callable[[Session], str]] = [
    _unindex_statement,
    _unindex_paragraph,
    _shift_offsets,
    _lose_paragraph,
    _move_to_another_paragraph,
    _echo_nothing,
    _orphan_meeting,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.__name__.strip("_"))
def test_check_integrity_reports_a_deliberate_breakage(
    seeded_db: Database, breakage: Callable[[Session], str]
) -> None:
    with seeded_db.sessions() as session:
        expected = breakage(session)
        session.flush()
        assert check_integrity(session) == [expected]


def test_check_integrity_reports_a_dangling_foreign_key(seeded_db: Database) -> None:
    if seeded_db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL enforces foreign keys always; only SQLite can be told not to")
    with seeded_db.engine.connect() as connection:
        # SQLite ignores this pragma inside a transaction: say it on the driver's connection
        # before SQLAlchemy begins one.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql(
            "DELETE FROM statements WHERE id = (SELECT min(statement_id) FROM statement_topics)"
        )
        connection.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    with seeded_db.sessions() as session:
        problems = check_integrity(session)
    assert any(p.startswith("foreign key: statement_topics row ") for p in problems), problems
