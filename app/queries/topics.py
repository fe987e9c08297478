"""Topics: the index, and one topic's statements across meetings with year, speaker and country facets.

A topic page reads its statements through the index on the topic; the filters and facet counts
are SQL over those statements, and only the page's meetings' statements are read whole.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, case, cast, exists, extract, func, literal, or_
from sqlalchemy import select as select_
from sqlalchemy.orm import Session

from app.filters import EVERYTHING, Paging, TopicFilters
from app.models import (
    Country,
    Meeting,
    MeetingTopic,
    Minister,
    Statement,
    StatementCountry,
    StatementTopic,
    Topic,
)
from app.queries.cards import meeting_cards, statement_views
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
    """Every topic with how many statements and meetings touch it."""
    rows = session.execute(
        select_(
            Topic.slug,
            Topic.name,
            Topic.description,
            func.count(Statement.id),
            func.count(func.distinct(Statement.meeting_id)),
        )
        .outerjoin(StatementTopic, StatementTopic.topic_id == Topic.id)
        .outerjoin(Statement, (Statement.id == StatementTopic.statement_id) & (Statement.kind != "context"))
        .group_by(Topic.id)
        .order_by(Topic.name)
    ).all()
    return [TopicOverview(*row) for row in rows]


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


def _on_topic(topic_id: int, *columns: Any) -> Select[Any]:
    """The topic's statements (each once, context aside), with their meeting and minister joined."""
    return (
        select_(*columns)
        .select_from(StatementTopic)
        .join(Statement, Statement.id == StatementTopic.statement_id)
        .outerjoin(Meeting, Meeting.id == Statement.meeting_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(StatementTopic.topic_id == topic_id, Statement.kind != "context", Statement.echo_of.is_(None))
    )


def _all(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return and_(*conditions) if conditions else literal(True)


def _facets(session: Session, topic_id: int, filters: TopicFilters) -> tuple[Facet, ...]:
    year = cast(extract("year", Meeting.date), String)
    speaker = func.coalesce(Minister.slug, Statement.speaker_type)
    rows = session.execute(
        _on_topic(
            topic_id, literal("year"), year.label("value"), literal(None, String).label("label"), func.count()
        )
        .where(Statement.meeting_id.is_not(None), *_conditions(filters, "year"))
        .group_by(year)
        .union_all(
            _on_topic(topic_id, literal("speaker"), speaker, Minister.name, func.count())
            .where(*_conditions(filters, "speaker"))
            .group_by(speaker, Minister.name),
            _on_topic(topic_id, literal("country"), Country.slug, Country.name, func.count())
            .join(StatementCountry, StatementCountry.statement_id == Statement.id)
            .join(Country, Country.id == StatementCountry.country_id)
            .where(*_conditions(filters, "country"))
            .group_by(Country.slug, Country.name),
        )
    ).all()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for key, value, label, n in rows:
        value = str(int(float(value))) if key == "year" else value
        counts[key][value] = counts[key].get(value, 0) + n
        if key == "speaker":
            labels[key][value] = label or SPEAKER_TYPE_NAMES.get(value, value)
        elif label:
            labels[key][value] = label

    def facet(key: str, title: str) -> Facet:
        selected = filters.selected(key)
        values = set(counts[key]) | selected
        named = labels[key]
        if key == "year":
            ordered = sorted(values)
        else:
            ordered = sorted(
                values, key=lambda v: named.get(v, SPEAKER_TYPE_NAMES.get(v, v) if key == "speaker" else v)
            )
        return Facet(
            key,
            title,
            tuple(
                facet_value(
                    filters,
                    key,
                    v,
                    named.get(v, SPEAKER_TYPE_NAMES.get(v, v) if key == "speaker" else v),
                    counts[key].get(v, 0),
                )
                for v in ordered
            ),
        )

    return (facet("year", "Year"), facet("speaker", "Speaker"), facet("country", "Country or group named"))


def _series(session: Session, topic_id: int) -> tuple[tuple[str, int], ...]:
    """Statements on the topic at each meeting that has statements, oldest first; by year past 30."""
    year = extract("year", Meeting.date)
    on_topic = and_(MeetingTopic.meeting_id == Meeting.id, MeetingTopic.topic_id == topic_id)
    by_year = session.execute(
        select_(year, func.count(), func.coalesce(func.sum(MeetingTopic.statements), 0))
        .select_from(Meeting)
        .outerjoin(MeetingTopic, on_topic)
        .where(Meeting.statement_count > 0)
        .group_by(year)
        .order_by(year)
    ).all()
    if sum(meetings for _, meetings, _ in by_year) > CHART_MEETINGS:
        return tuple(sorted((str(int(y)), int(n)) for y, _, n in by_year))
    rows = session.execute(
        select_(Meeting.date, Meeting.date_precision, func.coalesce(MeetingTopic.statements, 0))
        .outerjoin(MeetingTopic, on_topic)
        .where(Meeting.statement_count > 0)
        .order_by(Meeting.date, Meeting.slug)
    ).all()
    return tuple((short_date(day, precision), int(n)) for day, precision, n in rows)


def topic_detail(
    session: Session, slug: str, filters: TopicFilters, paging: Paging = EVERYTHING
) -> TopicDetail | None:
    """Every statement on a topic, oldest meeting first, filtered by year, speaker and country."""
    topic = session.scalar(select_(Topic).where(Topic.slug == slug))
    if topic is None:
        return None
    chosen = _all(_conditions(filters))
    carried = (
        select_(
            func.count(Statement.id),
            func.count(func.distinct(Statement.meeting_id)),
            func.count(case((Statement.echo_of.is_(None), 1))),
            func.count(case((and_(Statement.echo_of.is_(None), chosen), 1))),
            func.count(
                func.distinct(case((and_(Statement.echo_of.is_(None), chosen), Statement.meeting_id)))
            ),
            func.count(case((and_(Statement.echo_of.is_(None), chosen, Statement.meeting_id.is_(None)), 1))),
        )
        .select_from(StatementTopic)
        .join(Statement, Statement.id == StatementTopic.statement_id)
        .outerjoin(Meeting, Meeting.id == Statement.meeting_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(StatementTopic.topic_id == topic.id, Statement.kind != "context")
    )
    statement_count, meeting_count, total, shown, groups, unplaced = session.execute(carried).one()
    overview = TopicOverview(topic.slug, topic.name, topic.description, statement_count, meeting_count)
    # The page's meetings, oldest first; statements at no meeting come last, as one group.
    with_meetings = _on_topic(topic.id, Statement.meeting_id).where(chosen)
    page = select_(Meeting).where(Meeting.id.in_(with_meetings)).order_by(Meeting.date, Meeting.slug)
    page = page.offset(paging.offset)
    if paging.size is not None:
        page = page.limit(paging.size)
    cards = meeting_cards(session, session.scalars(page).all())
    end = groups + (1 if unplaced else 0)
    last = paging.offset + (paging.size if paging.size is not None else end)
    with_unplaced = bool(unplaced) and paging.offset <= groups < last
    places = [Statement.meeting_id.in_([c.id for c in cards])]
    if with_unplaced:
        places.append(Statement.meeting_id.is_(None))
    views = statement_views(
        session, _on_topic(topic.id, Statement.id).where(chosen, or_(*places)), {c.id: c for c in cards}
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
        _facets(session, topic.id, filters),
        shown,
        total,
        _series(session, topic.id),
        paging.page,
        paging.pages(end),
    )
