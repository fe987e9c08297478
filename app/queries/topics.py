"""Topics: the index, and one topic's statements across meetings with year, speaker and country facets.

A topic page reads its statements through the index on the topic; the filters and facet counts
are SQL over those statements, and only the page's meetings' statements are read whole.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, case, cast, exists, extract, func, literal, or_
from sqlalchemy import select as select_
from sqlalchemy.orm import Session, aliased

from app.filters import EVERYTHING, Paging, TopicFilters
from app.models import (
    ArchiveYear,
    Country,
    Meeting,
    MeetingTopic,
    MeetingTopicCountry,
    MeetingTopicSpeaker,
    Minister,
    Statement,
    StatementCountry,
    StatementTopic,
    Topic,
)
from app.queries.cards import meeting_cards, said_once, statement_views
from app.queries.timeline import in_years
from app.queries.views import (
    SPEAKER_TYPE_NAMES,
    Facet,
    MeetingSummary,
    Ref,
    StatementView,
    facet_value,
    short_date,
)

CHART_MEETINGS = 30  # more meetings than this are charted by year


@dataclass(frozen=True)
class TopicOverview:
    slug: str
    name: str
    description: str
    statement_count: int
    meeting_count: int


def topics_overview(session: Session) -> list[TopicOverview]:
    """Every topic with how many statements and meetings touch it, echoes counted as carried.

    Read from the meeting summaries; the statements at no meeting, which have no summary, are
    counted through the index on their meeting.
    """
    unplaced = (
        select_(StatementTopic.topic_id, func.count().label("n"))
        .join(Statement, Statement.id == StatementTopic.statement_id)
        .where(Statement.meeting_id.is_(None), Statement.kind != "context")
        .group_by(StatementTopic.topic_id)
        .subquery()
    )
    summed = (
        select_(
            MeetingTopic.topic_id,
            func.sum(MeetingTopic.carried).label("carried"),
            func.count().label("meetings"),
        )
        .where(MeetingTopic.carried > 0)
        .group_by(MeetingTopic.topic_id)
        .subquery()
    )
    rows = session.execute(
        select_(
            Topic.slug,
            Topic.name,
            Topic.description,
            func.coalesce(summed.c.carried, 0) + func.coalesce(unplaced.c.n, 0),
            func.coalesce(summed.c.meetings, 0),
        )
        .outerjoin(summed, summed.c.topic_id == Topic.id)
        .outerjoin(unplaced, unplaced.c.topic_id == Topic.id)
        .order_by(Topic.name)
    ).all()
    return [TopicOverview(slug, name, description, int(n), int(m)) for slug, name, description, n, m in rows]


@dataclass(frozen=True)
class MeetingStatements:
    meeting: MeetingSummary | None
    statements: tuple[StatementView, ...]
    named: tuple[Ref, ...]  # countries and groups these statements name


@dataclass(frozen=True)
class TopicDetail:
    topic: TopicOverview
    filters: TopicFilters
    meetings: tuple[MeetingStatements, ...]  # oldest first
    facets: tuple[Facet, ...]
    shown: int
    total: int
    series: tuple[tuple[str, int], ...] = ()  # (a meeting's date, or a year), statements; oldest first
    page: int = 1
    pages: int = 1

    @property
    def series_highest(self) -> int:
        return max((n for _, n in self.series), default=0)


def _conditions(filters: TopicFilters, skip: str = "") -> list[ColumnElement[bool]]:
    """The topic page's filters on a statement (joined to its meeting and minister, if any)."""
    found: list[ColumnElement[bool]] = []
    if skip != "year" and filters.years:
        found.append(in_years(Meeting.date, filters.years))
    if skip != "speaker" and filters.speakers:
        found.append(
            or_(
                Minister.slug.in_(filters.speakers),
                and_(Statement.minister_id.is_(None), Statement.speaker_type.in_(filters.speakers)),
            )
        )
    if skip != "country":
        for slug in filters.countries:
            found.append(
                exists().where(
                    StatementCountry.statement_id == Statement.id,
                    StatementCountry.country_id
                    == select_(Country.id).where(Country.slug == slug).scalar_subquery(),
                )
            )
    return found


def _on_topic(
    topic_id: int,
    *columns: Any,
    years: tuple[int, ...] = (),
    meeting_ids: list[int] | None = None,
    unplaced: bool = False,
) -> Select[Any]:
    """The topic's statements (each once, context aside), with their meeting and minister joined.

    Given meetings (and `unplaced`: statements at no meeting), or years, the statements are found
    through those meetings and checked against the topic; else through the index on the topic.
    """
    found = (
        select_(*columns)
        .select_from(Statement)
        .outerjoin(Meeting, Meeting.id == Statement.meeting_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(Statement.kind != "context", said_once())
    )
    on_topic = exists().where(
        StatementTopic.statement_id == Statement.id, StatementTopic.topic_id == topic_id
    )
    if meeting_ids is not None:
        places = [Statement.meeting_id.in_(meeting_ids)] if meeting_ids else []
        if unplaced:
            places.append(Statement.meeting_id.is_(None))
        return found.where(or_(*places) if places else literal(False), on_topic)
    if years:
        held = aliased(Meeting)
        return found.where(
            Statement.meeting_id.in_(select_(held.id).where(in_years(held.date, years))), on_topic
        )
    return found.join(
        StatementTopic, and_(StatementTopic.statement_id == Statement.id, StatementTopic.topic_id == topic_id)
    )


def _all(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return and_(*conditions) if conditions else literal(True)


def _by_statement(filters: TopicFilters) -> bool:
    """Whether the filters need each statement (speakers, countries), or the meeting summaries do."""
    return bool(filters.speakers or filters.countries)


@dataclass(frozen=True)
class TopicYear:
    """A year of a topic, from its meeting summaries (statements at no meeting aside)."""

    year: int
    meetings: int  # meetings with statements on the topic, each once
    statements: int  # each once
    carried: int  # as carried by every outlet
    meetings_carried: int  # meetings with statements on the topic, echoes counted


@dataclass(frozen=True)
class TopicYears:
    """The topic's years, and the meetings with statements (on any topic) of every year."""

    on_topic: dict[int, TopicYear]
    meetings: dict[int, int]  # year: meetings with statements


def _topic_years(session: Session, topic_id: int) -> TopicYears:
    """The topic's meeting summaries by year, from the index on (topic, year), and the meetings
    with statements of every year: one query."""
    rows = session.execute(
        select_(
            literal("topic"),
            MeetingTopic.year,
            func.count(case((MeetingTopic.statements > 0, 1))),
            func.sum(MeetingTopic.statements),
            func.sum(MeetingTopic.carried),
            func.count(case((MeetingTopic.carried > 0, 1))),
        )
        .where(MeetingTopic.topic_id == topic_id)
        .group_by(MeetingTopic.year)
        .union_all(
            select_(
                literal("all"), ArchiveYear.year, ArchiveYear.meetings, literal(0), literal(0), literal(0)
            )
        )
    ).all()
    found = TopicYears({}, {})
    for key, y, m, n, c, mc in rows:
        if key == "topic":
            found.on_topic[int(y)] = TopicYear(int(y), int(m), int(n), int(c), int(mc))
        else:
            found.meetings[int(y)] = int(m)
    return found


def _row(facet: str, *columns: Any) -> tuple[Any, ...]:
    """A facet's row: its key, then a value, its label and a count."""
    return (literal(facet), *columns)


def _summed_facets(topic_id: int, years: tuple[int, ...]) -> list[Select[Any]]:
    """The speaker and country facets of the topic's statements in these years (all: none), from
    the meetings' summaries; statements at no meeting, which have none, are counted one by one."""
    speaker = func.coalesce(Minister.slug, MeetingTopicSpeaker.speaker_type)
    by_speaker = (
        select_(*_row("speaker", speaker, Minister.name, func.sum(MeetingTopicSpeaker.statements)))
        .select_from(MeetingTopicSpeaker)
        .outerjoin(Minister, Minister.id == MeetingTopicSpeaker.minister_id)
        .where(MeetingTopicSpeaker.topic_id == topic_id)
        .group_by(speaker, Minister.name)
    )
    by_country = (
        select_(*_row("country", Country.slug, Country.name, func.sum(MeetingTopicCountry.statements)))
        .select_from(MeetingTopicCountry)
        .join(Country, Country.id == MeetingTopicCountry.country_id)
        .where(MeetingTopicCountry.topic_id == topic_id)
        .group_by(Country.slug, Country.name)
    )
    if years:
        return [
            by_speaker.where(MeetingTopicSpeaker.year.in_(years)),
            by_country.where(MeetingTopicCountry.year.in_(years)),
        ]
    return [by_speaker, by_country, *_counted_facets(topic_id, TopicFilters(), meeting_ids=[], unplaced=True)]


def _counted_facets(
    topic_id: int,
    filters: TopicFilters,
    years: tuple[int, ...] = (),
    meeting_ids: list[int] | None = None,
    unplaced: bool = False,
) -> list[Select[Any]]:
    """The speaker and country facets counted over each of the topic's statements that `_on_topic`
    finds (in these years, or at these meetings) and the other facets' filters keep."""
    speaker = func.coalesce(Minister.slug, Statement.speaker_type)
    return [
        _on_topic(
            topic_id,
            literal("speaker"),
            speaker,
            Minister.name,
            func.count(),
            years=years,
            meeting_ids=meeting_ids,
            unplaced=unplaced,
        )
        .where(*_conditions(filters, "speaker"))
        .group_by(speaker, Minister.name),
        _on_topic(
            topic_id,
            literal("country"),
            Country.slug,
            Country.name,
            func.count(),
            years=years,
            meeting_ids=meeting_ids,
            unplaced=unplaced,
        )
        .join(StatementCountry, StatementCountry.statement_id == Statement.id)
        # `+ 0`: no index on the country may drive the count. From the few countries, SQLite's
        # planner would otherwise read every statement that names each (all of the archive's).
        .join(Country, Country.id == StatementCountry.country_id + 0)
        .where(*_conditions(filters, "country"))
        .group_by(Country.slug, Country.name),
    ]


def _facets(session: Session, topic_id: int, filters: TopicFilters, years: TopicYears) -> tuple[Facet, ...]:
    year = cast(extract("year", Meeting.date), String)
    speaker = func.coalesce(Minister.slug, Statement.speaker_type)
    parts: list[Select[Any]] = []
    if _by_statement(filters):
        parts += [
            _on_topic(topic_id, literal("year"), year.label("value"), literal(None, String), func.count())
            .where(Statement.meeting_id.is_not(None), *_conditions(filters, "year"))
            .group_by(year),
            *_counted_facets(topic_id, filters, years=filters.years),
        ]
    else:
        parts += _summed_facets(topic_id, filters.years)
    # The names of the values selected, from anywhere on the topic: a selected value that the
    # other filters leave out of its facet is still named as the topic's statements name it.
    if filters.speakers:
        parts.append(
            _on_topic(topic_id, literal("speaker-name"), speaker, Minister.name, literal(0))
            .where(speaker.in_(filters.speakers))
            .group_by(speaker, Minister.name)
        )
    if filters.countries:
        parts.append(
            _on_topic(topic_id, literal("country-name"), Country.slug, Country.name, literal(0))
            .join(StatementCountry, StatementCountry.statement_id == Statement.id)
            .join(Country, Country.id == StatementCountry.country_id)
            .where(Country.slug.in_(filters.countries))
            .group_by(Country.slug, Country.name)
        )
    rows: list[Any] = list(session.execute(parts[0].union_all(*parts[1:])).all())
    if not _by_statement(filters):
        rows += [("year", y.year, None, y.statements) for y in years.on_topic.values() if y.statements]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for key, value, label, n in rows:
        if key.endswith("-name"):
            key = key.removesuffix("-name")
            labels[key].setdefault(value, label or SPEAKER_TYPE_NAMES.get(value, value))
            continue
        value = str(int(float(value))) if key == "year" else value
        counts[key][value] = counts[key].get(value, 0) + int(n)
        if key == "speaker":
            labels[key][value] = label or SPEAKER_TYPE_NAMES.get(value, value)
        elif label:
            labels[key][value] = label

    def label_of(key: str, value: str) -> str:
        return labels[key].get(value, value)  # a value selected but found nowhere: as written

    def facet(key: str, title: str) -> Facet:
        values = set(counts[key]) | filters.selected(key)
        ordered = sorted(values) if key == "year" else sorted(values, key=lambda v: label_of(key, v))
        return Facet(
            key,
            title,
            tuple(facet_value(filters, key, v, label_of(key, v), counts[key].get(v, 0)) for v in ordered),
        )

    return (facet("year", "Year"), facet("speaker", "Speaker"), facet("country", "Country or group named"))


def _series(session: Session, topic_id: int, years: TopicYears) -> tuple[tuple[str, int], ...]:
    """Statements on the topic at each meeting that has statements, oldest first; by year past 30."""
    if sum(years.meetings.values()) > CHART_MEETINGS:
        return tuple(
            (str(y), years.on_topic[y].statements if y in years.on_topic else 0)
            for y in sorted(years.meetings)
        )
    on_topic = and_(MeetingTopic.meeting_id == Meeting.id, MeetingTopic.topic_id == topic_id)
    rows = session.execute(
        select_(Meeting.date, Meeting.date_precision, func.coalesce(MeetingTopic.statements, 0))
        .outerjoin(MeetingTopic, on_topic)
        .where(Meeting.statement_count > 0)
        .order_by(Meeting.date, Meeting.slug)
    ).all()
    return tuple((short_date(day, precision), int(n)) for day, precision, n in rows)


def topic_detail(
    session: Session,
    slug: str,
    filters: TopicFilters,
    paging: Paging = EVERYTHING,
    echoes_shown: int | None = None,
) -> TopicDetail | None:
    """Every statement on a topic, oldest meeting first, filtered by year, speaker and country,
    with each statement's echoes (the first `echoes_shown`, or all).

    Without speaker or country filters, the counts and the page's meetings come from the meeting
    summaries; statements are read for the page's meetings only (and for the facets, within the
    years selected).
    """
    topic = session.scalar(select_(Topic).where(Topic.slug == slug))
    if topic is None:
        return None
    conditions = _conditions(filters)
    chosen = _all(conditions)
    # Statements at no meeting have no summary: they are counted here, through the meeting index.
    no_meeting = select_(Statement.id).where(
        Statement.meeting_id.is_(None),
        Statement.kind != "context",
        exists().where(StatementTopic.statement_id == Statement.id, StatementTopic.topic_id == topic.id),
    )
    unplaced_query = _on_topic(topic.id, func.count(), meeting_ids=[], unplaced=True).where(chosen)
    held = MeetingTopic.year.in_(filters.years) if filters.years else literal(True)
    years = _topic_years(session, topic.id)
    in_view = [y for y in years.on_topic.values() if not filters.years or y.year in filters.years]

    def counted(query: Select[Any]) -> Any:
        return select_(func.count()).select_from(query.subquery()).scalar_subquery()

    counts: list[Any] = [
        counted(no_meeting),
        counted(no_meeting.where(said_once())),
        unplaced_query.scalar_subquery(),
    ]
    if _by_statement(filters):
        matching = _on_topic(topic.id, Statement.id, Statement.meeting_id, years=filters.years).where(
            Statement.meeting_id.is_not(None), chosen
        )
        counts += [counted(matching), counted(matching.with_only_columns(Statement.meeting_id).distinct())]
    # One query for the counts the summaries cannot give: statements at no meeting, counted through
    # the index on the meeting, and those that speaker or country filters keep.
    unplaced_all, unplaced_once, unplaced, *by_statement = session.execute(select_(*counts)).one()
    if by_statement:
        shown_placed, groups = by_statement
    else:
        shown_placed, groups = sum(y.statements for y in in_view), sum(y.meetings for y in in_view)
    carried = sum(y.carried for y in years.on_topic.values())
    overview = TopicOverview(
        topic.slug,
        topic.name,
        topic.description,
        carried + unplaced_all,
        sum(y.meetings_carried for y in years.on_topic.values()),
    )
    placed = sum(y.statements for y in years.on_topic.values())
    total = int(placed) + unplaced_once
    shown = int(shown_placed) + unplaced
    # The page's meetings, oldest first; statements at no meeting come last, as one group.
    if _by_statement(filters):
        page = select_(Meeting).where(
            Meeting.id.in_(_on_topic(topic.id, Statement.meeting_id, years=filters.years).where(chosen))
        )
    else:
        page = (
            select_(Meeting)
            .join(MeetingTopic, MeetingTopic.meeting_id == Meeting.id)
            .where(MeetingTopic.topic_id == topic.id, MeetingTopic.statements > 0, held)
        )
    page = page.order_by(Meeting.date, Meeting.slug).offset(paging.offset)
    if paging.size is not None:
        page = page.limit(paging.size)
    cards = meeting_cards(session, session.scalars(page).all())
    end = groups + (1 if unplaced else 0)
    last = paging.offset + (paging.size if paging.size is not None else end)
    with_unplaced = bool(unplaced) and paging.offset <= groups < last
    views = statement_views(
        session,
        _on_topic(topic.id, Statement.id, meeting_ids=[c.id for c in cards], unplaced=with_unplaced).where(
            chosen
        ),
        {c.id: c for c in cards},
        echoes_shown,
    )
    by_meeting: dict[int | None, list[StatementView]] = defaultdict(list)
    for view in views:
        by_meeting[view.meeting.id if view.meeting else None].append(view)
    ordered: list[tuple[MeetingSummary | None, list[StatementView]]] = [
        (card, by_meeting[card.id]) for card in cards if by_meeting[card.id]
    ]
    if by_meeting[None]:
        ordered.append((None, by_meeting[None]))
    meetings = []
    for card, group in ordered:
        named: dict[str, Ref] = {}
        for view in group:
            for country in view.countries:
                named.setdefault(country.slug, country)
        meetings.append(
            MeetingStatements(card, tuple(group), tuple(sorted(named.values(), key=lambda r: r.name)))
        )
    return TopicDetail(
        overview,
        filters,
        tuple(meetings),
        _facets(session, topic.id, filters, years),
        shown,
        total,
        _series(session, topic.id, years),
        paging.page,
        paging.pages(end),
    )
