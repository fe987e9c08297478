"""Load: write one article's extraction, and re-derive the meetings it touches.

A meeting's facts are never written directly: each source files a report (kind, date, city...)
and the meeting is recomputed from all its reports by fixed rules, so the result is the same
whichever order the files arrive in, and removing a source withdraws exactly its word.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz, utils
from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from app.ingest import confidence
from app.ingest.errors import IngestError
from app.ingest.extract import MeetingDraft
from app.ingest.reference import Reference
from app.ingest.text import slugify, squash
from app.models import (
    Base,
    Country,
    Meeting,
    MeetingReport,
    MeetingSlugAlias,
    Mention,
    Minister,
    Participation,
    Source,
    Statement,
    StatementCountry,
    StatementTopic,
    Topic,
)

# Lower is better: how much each rule is trusted to give a meeting's date or city.
DATE_RULE_RANK = {
    "explicit-date": 0,
    "iso-date": 0,
    "weekday-before-publication": 1,
    "today-publication": 2,
    "yesterday-publication": 2,
    "mentioned-month": 3,
    "mentioned-year": 4,
    "publication-date-fallback": 5,
}
CITY_RULE_RANK = {
    "dateline": 0,
    "in-city": 1,
    "mentioned": 2,
    "visiting-side": 3,
    "here-outlet-home": 4,
}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
SAME_MEETING_DAYS = 2


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
    body: str
    paragraphs: tuple[tuple[int, int], ...]
    removed: tuple[tuple[str, int, int], ...]
    meetings: tuple[MeetingDraft, ...]
    people: tuple[PersonRecord, ...]
    mentions: tuple[MentionRecord, ...]
    participants: tuple[str, ...]
    statements: tuple[StatementRecord, ...]


@dataclass(frozen=True)
class ReferenceIds:
    """Topic and country ids by slug: read once per ingest run, after the reference is synced."""

    topics: dict[str, int]
    countries: dict[str, int]


def reference_ids(session: Session) -> ReferenceIds:
    """The ids the reference data has in the database now."""
    return ReferenceIds(
        dict(session.execute(select(Topic.slug, Topic.id)).all()),
        dict(session.execute(select(Country.slug, Country.id)).all()),
    )


def statement_id(source_key: str, text: str) -> str:
    """A statement's permanent id: its source and its words, nothing that depends on order."""
    return hashlib.sha256(f"{source_key}\n{squash(text)}".encode()).hexdigest()[:12]


def sync_reference(session: Session, reference: Reference) -> None:
    """Make the topics and dictionary ministers in the database match the reference files."""
    topics = {t.slug: t for t in session.scalars(select(Topic))}
    for rule in reference.topics:
        topic = topics.pop(rule.slug, None) or Topic(slug=rule.slug)
        topic.name, topic.description = rule.name, rule.description
        session.add(topic)
    for stale in topics.values():
        session.delete(stale)
    countries = {c.slug: c for c in session.scalars(select(Country))}
    for party in reference.parties:
        country = countries.pop(party.slug, None) or Country(slug=party.slug)
        country.name, country.kind = party.name, party.kind
        session.add(country)
    for stale_country in countries.values():
        session.delete(stale_country)
    ministers = {m.slug: m for m in session.scalars(select(Minister))}
    for person in reference.people:
        minister = ministers.get(person.slug) or Minister(slug=person.slug)
        minister.name = person.name
        minister.country = person.country
        minister.portfolio = person.portfolio_on(None)
        minister.tenure_start = person.tenure_start
        minister.tenure_end = person.tenure_end
        minister.aliases = list(person.aliases)
        minister.posts = [
            {"portfolio": p.portfolio, "from": _iso(p.start), "to": _iso(p.end)} for p in person.posts
        ]
        minister.in_dictionary = True
        session.add(minister)
    known = {p.slug for p in reference.people}
    for slug, minister in ministers.items():
        if minister.in_dictionary and slug not in known:
            minister.in_dictionary = False
    session.flush()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def delete_source(session: Session, source: Source) -> set[int]:
    """Remove a source and everything it contributed; return the meetings it touched."""
    touched = set(
        session.scalars(select(MeetingReport.meeting_id).where(MeetingReport.source_id == source.id))
    )
    unindex_source(session, source.id)  # the full-text index has no foreign key on SQLite
    session.delete(source)
    session.flush()
    return touched


def _matching_meeting(session: Session, draft: MeetingDraft) -> Meeting | None:
    # Every rule below compares meetings of the draft's year (give or take a few days), so
    # only those are read, however large the archive.
    year = draft.date.year
    candidates = session.scalars(
        select(Meeting)
        .where(
            Meeting.kind == draft.kind,
            Meeting.date.between(date(year - 1, 12, 25), date(year + 1, 1, 7)),
        )
        .order_by(Meeting.date, Meeting.id)
    ).all()
    if draft.date_precision == "day":
        for meeting in candidates:
            same_day = (
                meeting.date_precision == "day" and abs((meeting.date - draft.date).days) <= SAME_MEETING_DAYS
            )
            if same_day and not (
                meeting.city
                and draft.city
                and meeting.city != draft.city
                and meeting.status == draft.status == "held"
            ):
                return meeting
        for meeting in candidates:
            if meeting.date_precision == "month" and (meeting.date.year, meeting.date.month) == (
                draft.date.year,
                draft.date.month,
            ):
                return meeting
        for meeting in candidates:
            if (
                meeting.date_precision == "year"
                and meeting.date.year == draft.date.year
                and meeting.status != "held"
            ):
                return meeting
        return None
    if draft.date_precision == "month":
        same = [m for m in candidates if (m.date.year, m.date.month) == (draft.date.year, draft.date.month)]
    else:
        same = [m for m in candidates if m.date.year == draft.date.year]
    return same[0] if len(same) == 1 else None


def _date_label(day: date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": str(day.year)}[precision]


def refresh_meeting(session: Session, meeting: Meeting) -> None:
    """Recompute a meeting from its reports; delete it when no source speaks of it any more."""
    reports = session.scalars(select(MeetingReport).where(MeetingReport.meeting_id == meeting.id)).all()
    if not reports:
        session.delete(meeting)
        return
    subject = [r for r in reports if r.role == "subject"] or list(reports)
    kinds = Counter(r.kind for r in subject)
    meeting.kind = sorted(kinds, key=lambda k: (-kinds[k], k))[0]
    meeting.kind_rule = min(
        (r.kind_rule for r in subject if r.kind == meeting.kind),
        key=lambda rule: -confidence.of(confidence.KIND, rule),
    )
    meeting.kind_confidence = confidence.of(confidence.KIND, meeting.kind_rule)
    statuses = {r.status for r in reports}
    meeting.status = next(s for s in ("held", "planned", "referenced") if s in statuses)

    def date_rank(r: MeetingReport) -> tuple[int, int, int]:
        return (
            PRECISION_RANK[r.date_precision],
            DATE_RULE_RANK.get(r.date_rule, 9),
            r.role != "subject",
        )

    best = min(date_rank(r) for r in reports)
    dates = Counter((r.date, r.date_precision, r.date_rule) for r in reports if date_rank(r) == best)
    meeting.date, meeting.date_precision, meeting.date_rule = sorted(dates, key=lambda d: (-dates[d], d))[0]
    meeting.date_confidence = confidence.of(confidence.DATE, meeting.date_rule)
    editions = Counter(r.edition for r in reports if r.edition)
    meeting.edition = sorted(editions, key=lambda e: (-editions[e], e))[0] if editions else None
    cities = [r for r in reports if r.city]
    if cities:
        top = min(CITY_RULE_RANK.get(r.city_rule or "", 9) for r in cities)
        counts = Counter(
            (r.city, r.city_rule) for r in cities if CITY_RULE_RANK.get(r.city_rule or "", 9) == top
        )
        meeting.city, meeting.city_rule = sorted(counts, key=lambda c: (-counts[c], c))[0]
    else:
        meeting.city, meeting.city_rule = None, None
    meeting.city_confidence = confidence.of(confidence.CITY, meeting.city_rule)
    meeting.corrected = []
    reslug_meeting(session, meeting)


def reslug_meeting(session: Session, meeting: Meeting) -> None:
    """Give a meeting the slug its date and kind imply; the old slug keeps redirecting."""
    base = f"{_date_label(meeting.date, meeting.date_precision)}-{meeting.kind}"
    # Two meetings of one kind on one date (or in one month) are told apart by city, then number.
    candidates = [base, *([f"{base}-{slugify(meeting.city)}"] if meeting.city else [])]
    candidates += [f"{base}-{n}" for n in range(2, 100)]
    taken = set(
        session.scalars(select(Meeting.slug).where(Meeting.slug.in_(candidates), Meeting.id != meeting.id))
    )
    slug = next(c for c in candidates if c not in taken)
    if meeting.slug == slug:
        return
    if meeting.slug and not meeting.slug.startswith("pending-"):
        session.merge(MeetingSlugAlias(slug=meeting.slug, meeting_id=meeting.id))
    session.execute(delete(MeetingSlugAlias).where(MeetingSlugAlias.slug == slug))
    meeting.slug = slug
    session.flush()


def load_extraction(session: Session, extraction: Extraction, ids: ReferenceIds | None = None) -> None:
    """Write one article; the caller commits, or rolls back on any error."""
    existing = session.scalar(select(Source).where(Source.file == extraction.file))
    named_before: set[int] = set()
    touched: set[int] = set()
    if existing is not None:
        named_before = set(
            session.scalars(select(Mention.minister_id).where(Mention.source_id == existing.id))
        )
        touched = delete_source(session, existing)
    twin = session.scalar(select(Source).where(Source.content_hash == extraction.content_hash))
    if twin is not None:
        raise IngestError(extraction.file, f"same article as {twin.file} (already loaded)")
    slug = extraction.slug_base
    if session.scalar(select(Source.id).where(Source.slug == slug)) is not None:
        slug = f"{slug}-{extraction.content_hash[:6]}"
    source = Source(
        slug=slug,
        file=extraction.file,
        content_hash=extraction.content_hash,
        fingerprint=extraction.fingerprint,
        title=extraction.title,
        outlet=extraction.outlet,
        published=extraction.published,
        published_rule=extraction.published_rule,
        url=extraction.url,
        body=extraction.body,
        paragraphs=[list(p) for p in extraction.paragraphs],
        removed=[{"reason": r, "start": s, "end": e} for r, s, e in extraction.removed],
    )
    session.add(source)
    session.flush()

    meeting_ids: list[int] = []
    for n, draft in enumerate(extraction.meetings):
        meeting = _matching_meeting(session, draft)
        if meeting is None:
            meeting = Meeting(
                slug=f"pending-{source.id}-{n}",
                kind=draft.kind,
                date=draft.date,
                date_precision=draft.date_precision,
                date_rule=draft.date_rule,
                status=draft.status,
            )
            session.add(meeting)
            session.flush()
        if meeting.id in meeting_ids:
            continue
        session.add(
            MeetingReport(
                meeting_id=meeting.id,
                source_id=source.id,
                role=draft.role,
                kind=draft.kind,
                edition=draft.edition,
                date=draft.date,
                date_precision=draft.date_precision,
                date_rule=draft.date_rule,
                status=draft.status,
                city=draft.city,
                city_rule=draft.city_rule,
                kind_rule=draft.kind_rule,
                evidence_start=draft.evidence_start,
                evidence_end=draft.evidence_end,
            )
        )
        session.flush()
        meeting_ids.append(meeting.id)
        refresh_meeting(session, meeting)
    subject_id = meeting_ids[0] if meeting_ids else None

    ministers: dict[str, Minister] = {}
    known = {
        m.slug: m
        for m in session.scalars(
            select(Minister).where(Minister.slug.in_([p.slug for p in extraction.people]))
        )
    }
    for person in extraction.people:
        minister = known.get(person.slug)
        if minister is None:
            minister = Minister(
                slug=person.slug,
                name=person.name,
                country=person.country,
                portfolio=person.portfolio,
                aliases=[],
                in_dictionary=False,
            )
            session.add(minister)
        elif not minister.in_dictionary:
            # A person the dictionary lacks keeps one deterministic spelling, whatever the order.
            minister.name = min(minister.name, person.name)
            minister.country = minister.country or person.country
            minister.portfolio = minister.portfolio or person.portfolio
        ministers[person.slug] = minister
    session.flush()
    # The article's own rows go in as plain multi-row INSERTs: nothing reads them back as
    # objects, and the unit of work would cost more than the rest of the load together.
    rows = _article_rows(
        ids or reference_ids(session),
        extraction,
        source.id,
        subject_id,
        {s: m.id for s, m in ministers.items()},
    )
    for model, values in rows:
        if values:
            session.execute(insert(model), values)
    index_source(session, source, extraction)
    for meeting_id in set(meeting_ids) | touched:
        corroborate(session, meeting_id)
    for meeting_id in touched - set(meeting_ids):
        if (meeting := session.get(Meeting, meeting_id)) is not None:
            refresh_meeting(session, meeting)
    _forget_unused_people(session, named_before)


def _article_rows(
    ids: ReferenceIds, extraction: Extraction, source_id: int, meeting_id: int | None, people: dict[str, int]
) -> list[tuple[type[Base], list[dict[str, Any]]]]:
    """The mentions, participations, statements and their topics and countries, as rows."""
    topic_ids, country_ids = ids.topics, ids.countries
    rules = {p.slug: p.rule for p in extraction.people}
    mentions = [
        {
            "source_id": source_id,
            "minister_id": people[m.person],
            "surface": m.surface,
            "rule": m.rule,
            "start": m.start,
            "end": m.end,
        }
        for m in extraction.mentions
    ]
    participations = (
        [
            {
                "meeting_id": meeting_id,
                "minister_id": people[slug],
                "source_id": source_id,
                "rule": rules[slug],
                "confidence": confidence.of(confidence.PERSON, rules[slug]),
            }
            for slug in extraction.participants
        ]
        if meeting_id is not None
        else []
    )
    statements: list[dict[str, Any]] = [
        {
            "id": r.id,
            "source_id": source_id,
            "meeting_id": meeting_id,
            "kind": r.kind,
            "speaker_type": r.speaker_type,
            "minister_id": people[r.person] if r.person else None,
            "speaker_label": r.speaker_label,
            "speaker_rule": r.speaker_rule,
            "speaker_confidence": confidence.of(confidence.SPEAKER, r.speaker_rule),
            "text": r.text,
            "paragraph": r.paragraph,
            "start": r.start,
            "end": r.end,
            "position": position,
            "echo_of": None,
            "corrected": [],
            "verified": False,
        }
        for position, r in enumerate(extraction.statements)
    ]
    topics = [
        {
            "statement_id": r.id,
            "topic_id": topic_ids[slug],
            "matched": matched[:200],
            "confidence": confidence.topic(matched),
            "corrected": False,
        }
        for r in extraction.statements
        for slug, matched in r.topics
        if slug in topic_ids
    ]
    countries = [
        {"statement_id": r.id, "country_id": country_ids[slug], "matched": words[:200]}
        for r in extraction.statements
        for slug, words in r.named
        if slug in country_ids
    ]
    return [
        (Mention, mentions),
        (Participation, participations),
        (Statement, statements),
        (StatementTopic, topics),
        (StatementCountry, countries),
    ]


def _forget_unused_people(session: Session, people: set[int]) -> None:
    """People outside the dictionary exist only while some source still names them."""
    if people:
        named = select(Mention.minister_id).where(Mention.minister_id.in_(people))
        session.execute(
            delete(Minister).where(
                Minister.id.in_(people), Minister.in_dictionary.is_(False), Minister.id.not_in(named)
            )
        )


def index_source(session: Session, source: Source, extraction: Extraction) -> None:
    """Add a source's statements and kept paragraphs to the full-text index."""
    rows = [
        {"kind": "statement", "ref": s.id, "source_id": source.id, "text": s.text}
        for s in extraction.statements
    ] + [
        {"kind": "paragraph", "ref": str(n), "source_id": source.id, "text": source.body[a:b]}
        for n, (a, b) in enumerate(extraction.paragraphs, start=1)
    ]
    if rows:
        session.execute(
            text(
                "INSERT INTO search_index (kind, ref, source_id, text) "
                "VALUES (:kind, :ref, :source_id, :text)"
            ),
            rows,
        )


def unindex_source(session: Session, source_id: int) -> None:
    """Remove a source's rows from the full-text index."""
    session.execute(text("DELETE FROM search_index WHERE source_id = :id"), {"id": source_id})


ECHO_SIMILARITY = 85  # rapidfuzz token_set_ratio at or above which two reports are one statement
ECHO_MIN_WORDS = 8


def corroborate(session: Session, meeting_id: int) -> None:
    """Group one meeting's statements that different outlets carry in (nearly) the same words.

    Each group keeps one representative, chosen by fixed rules (a quotation before a paraphrase,
    then the earliest report), so the grouping does not depend on the order of ingestion.
    """
    rows = session.execute(
        select(Statement, Source.published, Source.slug)
        .join(Source, Source.id == Statement.source_id)
        .where(Statement.meeting_id == meeting_id, Statement.kind != "context")
    ).all()
    if len({statement.source_id for statement, _, _ in rows}) < 2:
        for statement, _, _ in rows:
            if statement.echo_of is not None:
                statement.echo_of = None
        return  # one source: nothing is carried twice
    ranked = sorted(
        rows,
        key=lambda r: (r[0].kind != "quote", r[1] or date.max, r[2], r[0].position),
    )
    texts = {r[0].id: utils.default_process(r[0].text) for r in ranked}
    representatives: list[Statement] = []
    for statement, _, _ in ranked:
        echo_of = None
        words = len(texts[statement.id].split())
        for kept in representatives:
            if kept.source_id == statement.source_id or words < ECHO_MIN_WORDS:
                continue
            if len(texts[kept.id].split()) < ECHO_MIN_WORDS:
                continue
            if fuzz.token_set_ratio(texts[kept.id], texts[statement.id]) >= ECHO_SIMILARITY:
                echo_of = kept.id
                break
        else:
            representatives.append(statement)
        if statement.echo_of != echo_of:
            statement.echo_of = echo_of
    session.flush()
