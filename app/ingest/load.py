"""Load: write one article's extraction, and re-derive the meetings it touches.

A meeting's facts are never written directly: each source files a report (kind, date, city...)
and the meeting is recomputed from all its reports by fixed rules, so the result is the same
whichever order the files arrive in, and removing a source withdraws exactly its word.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, utils
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.ingest import confidence
from app.ingest.errors import IngestError
from app.ingest.extract import MeetingDraft
from app.ingest.reference import Reference
from app.ingest.text import slugify, squash
from app.models import (
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
    slug = f"{_date_label(meeting.date, meeting.date_precision)}-{meeting.kind}"
    taken = session.scalar(select(Meeting.id).where(Meeting.slug == slug, Meeting.id != meeting.id))
    if taken is not None:
        slug = f"{slug}-{slugify(meeting.city or str(meeting.id))}"
    if meeting.slug and meeting.slug != slug and not meeting.slug.startswith("pending-"):
        session.merge(MeetingSlugAlias(slug=meeting.slug, meeting_id=meeting.id))
    session.execute(delete(MeetingSlugAlias).where(MeetingSlugAlias.slug == slug))
    meeting.slug = slug
    session.flush()


def load_extraction(session: Session, extraction: Extraction) -> None:
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
    for person in extraction.people:
        minister = session.scalar(select(Minister).where(Minister.slug == person.slug))
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
    session.add_all(
        Mention(
            source_id=source.id,
            minister_id=ministers[m.person].id,
            surface=m.surface,
            rule=m.rule,
            start=m.start,
            end=m.end,
        )
        for m in extraction.mentions
    )
    if subject_id is not None:
        rules = {p.slug: p.rule for p in extraction.people}
        session.add_all(
            Participation(
                meeting_id=subject_id,
                minister_id=ministers[slug].id,
                source_id=source.id,
                rule=rules[slug],
                confidence=confidence.of(confidence.PERSON, rules[slug]),
            )
            for slug in extraction.participants
        )
    topic_ids = dict(session.execute(select(Topic.slug, Topic.id)).all())
    country_ids = dict(session.execute(select(Country.slug, Country.id)).all())
    for position, record in enumerate(extraction.statements):
        session.add(
            Statement(
                id=record.id,
                source_id=source.id,
                meeting_id=subject_id,
                kind=record.kind,
                speaker_type=record.speaker_type,
                minister_id=ministers[record.person].id if record.person else None,
                speaker_label=record.speaker_label,
                speaker_rule=record.speaker_rule,
                speaker_confidence=confidence.of(confidence.SPEAKER, record.speaker_rule),
                text=record.text,
                paragraph=record.paragraph,
                start=record.start,
                end=record.end,
                position=position,
            )
        )
        session.add_all(
            StatementTopic(
                statement_id=record.id,
                topic_id=topic_ids[slug],
                matched=matched[:200],
                confidence=confidence.topic(matched),
            )
            for slug, matched in record.topics
            if slug in topic_ids
        )
        session.add_all(
            StatementCountry(statement_id=record.id, country_id=country_ids[slug], matched=words[:200])
            for slug, words in record.named
            if slug in country_ids
        )
    session.flush()
    index_source(session, source, extraction)
    for meeting_id in set(meeting_ids) | touched:
        corroborate(session, meeting_id)
    for meeting_id in touched - set(meeting_ids):
        if (meeting := session.get(Meeting, meeting_id)) is not None:
            refresh_meeting(session, meeting)
    _forget_unused_people(session, named_before)


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
    ranked = sorted(
        rows,
        key=lambda r: (r[0].kind != "quote", r[1] or date.max, r[2], r[0].position),
    )
    texts = {r[0].id: utils.default_process(r[0].text) for r in ranked}
    representatives: list[Statement] = []
    for statement, _, _ in ranked:
        statement.echo_of = None
        words = len(texts[statement.id].split())
        for kept in representatives:
            if kept.source_id == statement.source_id or words < ECHO_MIN_WORDS:
                continue
            if len(texts[kept.id].split()) < ECHO_MIN_WORDS:
                continue
            if fuzz.token_set_ratio(texts[kept.id], texts[statement.id]) >= ECHO_SIMILARITY:
                statement.echo_of = kept.id
                break
        else:
            representatives.append(statement)
    session.flush()
