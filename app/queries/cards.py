"""Meeting cards and statement views for the rows a page shows, in a fixed number of queries.

Each function is given the meetings or statements a page shows and reads only theirs: the counts
come from the summaries that ingestion keeps (app.ingest.summaries), never from every statement.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.orm import Session, aliased

from app.models import (
    Country,
    Meeting,
    MeetingCountry,
    MeetingTopic,
    Minister,
    Participation,
    Source,
    Statement,
    StatementCountry,
    StatementTopic,
    Topic,
)
from app.queries.views import Echo, MeetingSummary, Ref, StatementView


def said_once() -> ColumnElement[bool]:
    """A statement as first reported, not an outlet's echo of another.

    Written so that no index answers it: `echo_of IS NULL` holds for most statements, yet SQLite's
    planner would take the index on echo_of for a selective one and read them all, when a page
    wants the statements of a few meetings (or of one topic, or one minister).
    """
    return func.coalesce(Statement.echo_of, "") == ""


STATEMENT_COLUMNS = (
    Statement.id,
    Statement.text,
    Statement.kind,
    Statement.speaker_type,
    Statement.speaker_label,
    Statement.speaker_rule,
    Statement.paragraph,
    Statement.start,
    Statement.end,
    Statement.meeting_id,
    Statement.echo_of,
    Statement.echo_count,
    Statement.outlet_count,
    Statement.corrected,
    Statement.verified,
)

# Past this many meetings a card query reads the summaries whole rather than binding every id.
BOUND_IDS = 900

# The card queries are built once (for a few meetings, by their ids; or for all): each page binds
# its meetings' ids to them rather than building and keying a statement on every request.
IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)


@cache
def _participants(bounded: bool) -> Select[Any]:
    """Each meeting's participants, once a person (each source that names one has a row)."""
    present = select(Participation.meeting_id, Participation.minister_id).distinct()
    if bounded:
        present = present.where(Participation.meeting_id.in_(IDS))
    people = present.subquery()
    return (
        select(people.c.meeting_id, Minister.slug, Minister.name, Minister.country)
        .join(Minister, Minister.id == people.c.minister_id)
        .order_by(Minister.country != "India", Minister.portfolio != "foreign", Minister.name)
    )


@cache
def _named(bounded: bool) -> CompoundSelect[int, str, str, str, int]:
    """Each meeting's topics and countries named, from its summaries, most statements first."""
    topics = (
        select(
            MeetingTopic.meeting_id,
            literal("topic"),
            Topic.slug,
            Topic.name.label("name"),
            MeetingTopic.statements.label("n"),
        )
        .join(Topic, Topic.id == MeetingTopic.topic_id)
        .where(MeetingTopic.statements > 0)
    )
    countries = select(
        MeetingCountry.meeting_id, literal("country"), Country.slug, Country.name, MeetingCountry.statements
    ).join(Country, Country.id == MeetingCountry.country_id)
    if bounded:
        topics = topics.where(MeetingTopic.meeting_id.in_(IDS))
        countries = countries.where(MeetingCountry.meeting_id.in_(IDS))
    return topics.union_all(countries).order_by(literal_column("n").desc(), literal_column("name"))


def meeting_cards(session: Session, meetings: Sequence[Meeting]) -> list[MeetingSummary]:
    """The cards of these meetings (in their order): participants, topics and countries named.

    Two queries: the participants, and the topics and countries from the meetings' summaries.
    """
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    wanted = set(ids)
    bounded = len(ids) <= BOUND_IDS
    params = {"ids": ids} if bounded else {}
    participants: dict[int, list[Ref]] = defaultdict(list)
    for meeting_id, slug, name, country in session.execute(_participants(bounded), params):
        if meeting_id in wanted:
            participants[meeting_id].append(Ref(slug, name, country=country or ""))
    topics: dict[int, list[Ref]] = defaultdict(list)
    countries: dict[int, list[Ref]] = defaultdict(list)
    for meeting_id, what, slug, name, n in session.execute(_named(bounded), params):
        if meeting_id in wanted:
            (topics if what == "topic" else countries)[meeting_id].append(Ref(slug, name, n))
    return [
        MeetingSummary(
            id=m.id,
            slug=m.slug,
            kind=m.kind,
            edition=m.edition,
            date=m.date,
            date_precision=m.date_precision,
            status=m.status,
            city=m.city,
            date_rule=m.date_rule,
            city_rule=m.city_rule,
            corrected=tuple(m.corrected or ()),
            participants=tuple(participants[m.id]),
            topics=tuple(topics[m.id]),
            countries=tuple(countries[m.id]),
            statement_count=m.statement_count,
            source_count=m.source_count,
        )
        for m in meetings
    ]


MEETINGS_BY_ID = select(Meeting).where(Meeting.id.in_(IDS))


def cards_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, MeetingSummary]:
    """The cards of the meetings with these ids (three queries; none for no ids)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    meetings = session.scalars(MEETINGS_BY_ID, {"ids": wanted}).all()
    return {card.id: card for card in meeting_cards(session, meetings)}


# What statement_views reads for the statements a page shows, built once; the ids are bound.
STATEMENT_IDS: BindParameter[list[str]] = bindparam("statements", expanding=True)
STATEMENTS_NAMED = (
    select(StatementTopic.statement_id, literal("topic"), Topic.slug, Topic.name)
    .join(Topic, Topic.id == StatementTopic.topic_id)
    .where(StatementTopic.statement_id.in_(STATEMENT_IDS))
    .union_all(
        select(StatementCountry.statement_id, literal("country"), Country.slug, Country.name)
        .join(Country, Country.id == StatementCountry.country_id)
        .where(StatementCountry.statement_id.in_(STATEMENT_IDS))
    )
    .order_by("name")
)
# A statement's echoes in the archive's order, all or the first few of each statement (read
# through the index on echo_of and archive order: a statement carried thousands of times costs ten).
_REPEATED = aliased(Statement)
_FIRST = aliased(Statement)


@cache
def _echoes(first: int | None) -> Select[str | None, str, str, str | None, int]:
    """The echoes of the bound statements: all of them, or the `first` of each."""
    echoes = (
        select(Statement.echo_of, Statement.id, Source.slug, Source.outlet, Statement.paragraph)
        .join(Source, Source.id == Statement.source_id)
        .order_by(Statement.archive_order, Statement.position)
    )
    if first is None:
        return echoes.where(Statement.echo_of.in_(STATEMENT_IDS))
    earliest = (
        select(_FIRST.id)
        .where(_FIRST.echo_of == _REPEATED.id)
        .order_by(_FIRST.archive_order, _FIRST.position)
        .limit(first)
        .correlate(_REPEATED)
    )
    return echoes.join(_REPEATED, Statement.id.in_(earliest)).where(_REPEATED.id.in_(STATEMENT_IDS))


def statement_views(
    session: Session,
    chosen: Select[Any],
    meetings: dict[int, MeetingSummary] | None = None,
    echoes_shown: int | None = None,
) -> list[StatementView]:
    """Views of the statements whose ids `chosen` selects, in report order, each with all its
    echoes or the first `echoes_shown` (none read for 0; `echo_count` and `outlet_count` count them all).

    Three queries, and three more for the cards of their meetings unless `meetings` holds them.
    `chosen` runs once; the statements' topics, countries and echoes are read by the ids it found.
    """
    # Plain columns, not entities: a page of statements costs no ORM bookkeeping.
    rows = session.execute(
        select(
            *STATEMENT_COLUMNS,
            Source.slug.label("source_slug"),
            Source.title.label("source_title"),
            Source.outlet,
            Source.published,
            Source.url,
            Minister.slug.label("minister_slug"),
            Minister.name.label("minister_name"),
            Minister.country.label("minister_country"),
        )
        .join(Source, Source.id == Statement.source_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(Statement.id.in_(chosen))
        .order_by(Statement.archive_order, Statement.position)
    ).all()
    if not rows:
        return []
    # The ids found, bound as values: the later queries need not run `chosen` again.
    found = [st.id for st in rows]
    topics: dict[str, list[Ref]] = defaultdict(list)
    countries: dict[str, list[Ref]] = defaultdict(list)
    for statement_id, what, slug, name in session.execute(STATEMENTS_NAMED, {"statements": found}):
        (topics if what == "topic" else countries)[statement_id].append(Ref(slug, name))
    echoes: dict[str, list[Echo]] = defaultdict(list)
    read = session.execute(_echoes(echoes_shown), {"statements": found}) if echoes_shown != 0 else ()
    for echo_of, echo_id, source_slug, outlet, paragraph in read:
        if echo_of is not None:
            echoes[echo_of].append(Echo(echo_id, source_slug, outlet, paragraph))
    needed = {st.meeting_id for st in rows if st.meeting_id is not None}
    if meetings is None or not needed <= meetings.keys():
        meetings = {**(meetings or {}), **cards_by_id(session, needed - (meetings or {}).keys())}
    return [
        StatementView(
            id=st.id,
            text=st.text,
            kind=st.kind,
            speaker_type=st.speaker_type,
            speaker_label=st.speaker_label,
            speaker=Ref(st.minister_slug, st.minister_name, country=st.minister_country or "")
            if st.minister_slug is not None
            else None,
            speaker_rule=st.speaker_rule,
            source=Ref(st.source_slug, st.source_title),
            source_outlet=st.outlet,
            source_published=st.published,
            source_url=st.url,
            paragraph=st.paragraph,
            start=st.start,
            end=st.end,
            meeting=meetings.get(st.meeting_id) if st.meeting_id else None,
            topics=tuple(topics[st.id]),
            countries=tuple(countries[st.id]),
            echo_of=st.echo_of,
            echoes=tuple(echoes[st.id]),
            echo_count=st.echo_count,
            outlet_count=st.outlet_count,
            corrected=tuple(st.corrected or ()),
            verified=st.verified,
        )
        for st in rows
    ]
