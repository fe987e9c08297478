"""Prepare one file for loading: read it, parse it and run the extraction stages.

Nothing here touches the database, and nothing here imports the database layer: on several
cores the files are prepared in worker processes, which start lean and stay lean.
"""

import ctypes
import hashlib
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.ingest.clean import Span, clean
from app.ingest.errors import IngestError, NotAMeeting
from app.ingest.extract.dates import day_of_writing
from app.ingest.extract.meetings import MeetingDraft, find_meetings
from app.ingest.extract.official import issuer, official_statements
from app.ingest.extract.people import find_people
from app.ingest.extract.statements import find_statements
from app.ingest.parse import MAX_ARTICLE_BYTES, Article, parse_article
from app.ingest.reference import Reference
from app.ingest.resolve import resolve_people, resolve_speakers
from app.ingest.segment import Sentence, opening_dateline, read_dateline, segment
from app.ingest.text import slugify, squash


@dataclass(frozen=True)
class PersonRecord:
    slug: str
    name: str
    country: str | None
    portfolio: str | None
    rule: str = "dictionary"


@dataclass(frozen=True)
class MentionRecord:
    person: str  # slug
    surface: str
    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class StatementRecord:
    id: str
    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    speaker_type: str
    speaker_label: str
    speaker_rule: str
    person: str | None  # slug
    topics: tuple[tuple[str, str], ...]
    named: tuple[tuple[str, str], ...] = ()
    printed_number: int | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything one article yields, ready to load."""

    file: str
    slug_base: str
    content_hash: str
    fingerprint: str
    title: str
    outlet: str | None
    published: date | None
    published_rule: str
    url: str | None
    metadata_rules: tuple[tuple[str, str], ...]  # (field, rule) for the title, outlet and url
    body: str
    paragraphs: tuple[tuple[int, int], ...]
    removed: tuple[tuple[str, int, int], ...]
    meetings: tuple[MeetingDraft, ...]
    people: tuple[PersonRecord, ...]
    mentions: tuple[MentionRecord, ...]
    participants: tuple[str, ...]
    statements: tuple[StatementRecord, ...]
    kind: str = "report"  # or "official": a joint statement or a ministry's release


def statement_id(source_key: str, text: str) -> str:
    """A statement's permanent id: its source and its words, nothing that depends on order."""
    return hashlib.sha256(f"{source_key}\n{squash(text)}".encode()).hexdigest()[:12]


# Bump when extraction rules change, so that unchanged files are extracted again.
EXTRACTOR_VERSION = "5"


def fingerprint(raw: bytes, reference: Reference) -> str:
    """What decides whether a file needs extracting again."""
    return hashlib.sha256(raw + reference.fingerprint.encode() + EXTRACTOR_VERSION.encode()).hexdigest()


# The agencies a dateline names, by the names their copy goes by.
AGENCIES = {
    "Kyodo": "Kyodo News",
    "PTI": "Press Trust of India",
    "IANS": "IANS",
    "ANI": "ANI",
    "UNI": "United News of India",
    "PIB": "Press Information Bureau",
    "Reuters": "Reuters",
    "AFP": "AFP",
    "AP": "Associated Press",
    "Jiji": "Jiji Press",
    "Jiji Press": "Jiji Press",
}
_TITLE_LENGTH = 100


def headline(sentences: list[Sentence]) -> str:
    """A title for an article without one: its first sentence, without the dateline, cut at a
    word boundary."""
    first = sentences[0].text if sentences else ""
    if len(first) <= _TITLE_LENGTH:
        return first
    cut = first[: _TITLE_LENGTH + 1].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return f"{cut}…"


_NOT_A_HEADLINE = re.compile(
    r"^(?:by\s|date\s|updated|published|posted|photo|file\s|image|\W)|\d{1,2}:\d{2}|\|", re.IGNORECASE
)


def headline_line(body: str, set_aside: tuple[Span, ...], paragraphs: tuple[Span, ...]) -> str | None:
    """The headline a saved page prints above the story: the first line the cleaner set aside
    there that reads as one (four words or more, no byline, timestamp or dateline)."""
    first = paragraphs[0].start if paragraphs else len(body)
    for span in sorted(set_aside, key=lambda s: s.start):
        if span.end > first:
            break
        line = " ".join(body[span.start : span.end].split())
        if len(line.split()) >= 4 and not _NOT_A_HEADLINE.search(line) and read_dateline(line) is None:
            return line[:500]
    return None


# A column's label above its headline, as news sites print it.
_OPINION = re.compile(r"(?:opinion|op-ed|commentary|editorial|column|analysis)\s*(?:[:|\n]|$)", re.IGNORECASE)


def extract_article(article: Article, reference: Reference, today: date) -> Extraction:
    """Run clean -> segment -> extract -> resolve on one article; no database involved."""
    if article.published and article.published > today:
        raise IngestError(article.file, f"published date {article.published} is in the future")
    cleaned = clean(article.body, article.title)
    if not cleaned.paragraphs:
        raise IngestError(article.file, "nothing is left of the body once captions and trailers are removed")
    if _OPINION.match(article.body.lstrip()) or _OPINION.match(article.title or ""):
        raise NotAMeeting(article.file, "an opinion column, not a report of a meeting")
    sentences = segment(article.body, cleaned.paragraphs)
    headlines = tuple(Span(r.start, r.end) for r in cleaned.removed if r.reason == "headline")
    opening = opening_dateline(article.body, cleaned.paragraphs, headlines)
    dateline = opening[1] if opening else None
    anchor, anchor_rule = day_of_writing(article, dateline, sentences)
    mentions = find_people(sentences, reference)
    people = resolve_people(mentions, reference, anchor)
    reading = find_meetings(sentences, mentions, people, reference, anchor, dateline, article.outlet)
    if not reading.meetings:
        if reading.not_a_meeting and reading.not_a_meeting.startswith("about "):
            raise NotAMeeting(article.file, reading.not_a_meeting)
        problem = reading.not_a_meeting or "no India–Japan ministers' meeting found"
        if anchor is None and "date" not in problem:
            problem += " (and no publication date to date one: add 'published' to the front matter)"
        raise IngestError(article.file, problem)
    meetings = list(reading.meetings)
    subject = meetings[0]
    if subject.date != anchor:  # posts are held on the meeting's day, not the article's
        people = resolve_people(mentions, reference, subject.date)
    issued_by = issuer(article.kind, article.title, article.outlet, article.body, cleaned.paragraphs)
    if issued_by is not None:
        drafts = official_statements(article.body, cleaned.paragraphs, issued_by, reference)
    else:
        drafts = find_statements(sentences, mentions, reference)
    speakers = resolve_speakers(drafts, people, mentions)

    records: dict[str, PersonRecord] = {}
    mention_records = []
    for mention, person in zip(mentions, people, strict=True):
        if person is None:
            continue
        records.setdefault(
            person.slug, PersonRecord(person.slug, person.name, person.country, person.portfolio, person.rule)
        )
        mention_records.append(
            MentionRecord(person.slug, mention.surface, person.rule, mention.start, mention.end)
        )
    # Only a meeting that took place has participants; an announced one has none yet.
    participants = reading.participants if subject.status == "held" else ()
    source_key = article.url or Path(article.file).stem
    statements: dict[str, StatementRecord] = {}
    for draft, speaker in zip(drafts, speakers, strict=True):
        sid = statement_id(source_key, draft.text)
        if sid in statements:
            continue
        statements[sid] = StatementRecord(
            id=sid,
            paragraph=draft.paragraph,
            start=draft.start,
            end=draft.end,
            text=draft.text,
            kind=draft.kind,
            speaker_type=speaker.type,
            speaker_label=speaker.label,
            speaker_rule=speaker.rule,
            person=speaker.person.slug if speaker.person else None,
            topics=draft.topics,
            named=draft.named,
            printed_number=draft.number,
        )
    # The slug keeps the first words of the first paragraph, as it always has, so that the
    # addresses of sources without a title stay what they were.
    slug_title = article.title or " ".join(
        article.body[cleaned.paragraphs[0].start : cleaned.paragraphs[0].end].split()[:12]
    )
    rules = dict(article.metadata_rules)
    title, outlet = article.title, article.outlet
    if not title and (line := headline_line(article.body, headlines, cleaned.paragraphs)) is not None:
        title, rules["title"] = line, "headline-line"
    elif not title:
        title, rules["title"] = headline(sentences), "first-sentence"
    if not outlet and dateline is not None and dateline.agency:
        outlet, rules["outlet"] = AGENCIES.get(dateline.agency, dateline.agency), "dateline-agency"
    metadata_rules = tuple(rules.items())
    # Without a date in the front matter, the dateline's or the address's day is the publication
    # date, and the rule says so; a day read off the text only dates the meeting.
    published_on, published_rule = article.published, article.published_rule
    if published_on is None and anchor_rule in ("dateline", "url"):
        published_on, published_rule = anchor, anchor_rule
    published = published_on.isoformat() if published_on else "undated"
    return Extraction(
        file=article.file,
        slug_base=f"{published}-{slugify(slug_title, max_words=8)}",
        content_hash=hashlib.sha256(" ".join(article.body.split()).encode()).hexdigest(),
        fingerprint=fingerprint(article.raw, reference),
        title=title,
        outlet=outlet,
        published=published_on,
        published_rule=published_rule,
        url=article.url,
        metadata_rules=metadata_rules,
        body=article.body,
        paragraphs=tuple((p.start, p.end) for p in cleaned.paragraphs),
        removed=tuple((r.reason, r.start, r.end) for r in cleaned.removed),
        meetings=tuple(meetings),
        people=tuple(records.values()),
        mentions=tuple(mention_records),
        participants=participants,
        statements=tuple(statements.values()),
        kind="official" if issued_by is not None else "report",
    )


_reference: Reference | None = None  # a worker's reference data, set once when it starts


def start_worker(reference: Reference) -> None:
    global _reference
    _reference = reference


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def start_pool_worker(reference: Reference, parent: int) -> None:
    """Start a worker process of the ingest `parent`, set to end when that process ends."""
    end_with_parent(parent)
    start_worker(reference)


def end_with_parent(parent: int) -> None:
    """Make this process end as soon as `parent` does, however it ends (SIGKILL included).

    A pool's workers outlive a killed ingest otherwise: they block reading their task queue for
    as long as the pipe stays open. On Linux the kernel sends this process SIGKILL when its parent
    dies (PR_SET_PDEATHSIG): nothing to poll, nothing to miss. The parent may have died before the
    call, so its pid is checked after it. (The kernel means the thread that started the worker:
    the ingest's own, which outlives its pool.) Elsewhere a daemon thread looks at the parent's
    pid every half second.
    """
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def prepare_file(job: tuple[Path, str, date]) -> tuple[str, Extraction | IngestError]:
    """Read, parse and extract one file (its path, its name in messages, today's date)."""
    path, name, today = job
    reference = _reference
    assert reference is not None, "start_worker first"
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:  # refused before a byte of it is read
            return name, IngestError(name, f"file is larger than {MAX_ARTICLE_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except OSError as exc:
        return name, IngestError(name, f"cannot be read ({exc.strerror})")
    try:
        return name, extract_article(parse_article(path, raw, name), reference, today)
    except IngestError as exc:
        return name, exc
    except Exception as exc:
        return name, IngestError(
            name, f"extraction failed ({exc.__class__.__name__}: {exc}); please report it"
        )
