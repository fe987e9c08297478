"""The timeline: meetings matching the filters, newest first, with facet counts.

The filters become SQL over the meetings and their summaries; each facet is one grouped count over
an indexed summary table; only the page's meetings are read whole.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    cast,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session

from app.filters import EVERYTHING, Filters, Paging
from app.models import Country, Meeting, MeetingCountry, MeetingTopic, Minister, Participation, Topic
from app.queries.cards import meeting_cards
from app.queries.views import KIND_NAMES, KIND_SHORT, Facet, FacetValue, MeetingSummary, facet_value


@dataclass(frozen=True)
class YearGroup:
    year: int
    meetings: tuple[MeetingSummary, ...]


@dataclass(frozen=True)
class Timeline:
    filters: Filters
    years: tuple[YearGroup, ...]  # the meetings of this page only
    facets: tuple[Facet, ...]
    total: int
    shown: int  # meetings matching the filters, on every page
    unknown: tuple[str, ...]  # filter values that name nothing
    page: int = 1
    pages: int = 1

    @property
    def meetings(self) -> list[MeetingSummary]:
        """This page's meetings, newest first."""
        return [m for group in self.years for m in group.meetings]


def in_years(column: Any, years: tuple[int, ...]) -> ColumnElement[bool]:
    """Dates within any of these years, as ranges an index on the date can answer."""
    return or_(*(column.between(date(y, 1, 1), date(y, 12, 31)) for y in years))


def meeting_conditions(filters: Filters, skip: str = "") -> list[ColumnElement[bool]]:
    """The timeline's filters as conditions on Meeting; `skip` leaves one facet out (for its counts).

    Years and kinds combine with OR; topics, ministers and countries with AND.
    """
    found: list[ColumnElement[bool]] = []
    if skip != "year" and filters.years:
        found.append(in_years(Meeting.date, filters.years))
    if skip != "kind" and filters.kinds:
        found.append(Meeting.kind.in_(filters.kinds))
    if skip != "topic":
        for slug in filters.topics:
            found.append(
                Meeting.id.in_(
                    select(MeetingTopic.meeting_id)
                    .join(Topic, Topic.id == MeetingTopic.topic_id)
                    .where(Topic.slug == slug, MeetingTopic.statements > 0)
                )
            )
    if skip != "minister":
        for slug in filters.ministers:
            found.append(
                Meeting.id.in_(
                    select(Participation.meeting_id)
                    .join(Minister, Minister.id == Participation.minister_id)
                    .where(Minister.slug == slug)
                )
            )
    if skip != "country":
        for slug in filters.countries:
            found.append(
                Meeting.id.in_(
                    select(MeetingCountry.meeting_id)
                    .join(Country, Country.id == MeetingCountry.country_id)
                    .where(Country.slug == slug)
                )
            )
    return found


def _year_and_kind_facets(session: Session, filters: Filters) -> tuple[list[FacetValue], list[FacetValue]]:
    """Meetings by year and by kind under the other filters: the filters find the meetings counted.

    A selected value that no meeting under the other filters has is listed with 0 when some meeting
    of the archive has it; one named nowhere is not listed (the page says it names nothing).
    """
    year = extract("year", Meeting.date)
    by_year = {
        int(y): n
        for y, n in session.execute(
            select(year, func.count()).where(*meeting_conditions(filters, "year")).group_by(year)
        )
    }
    by_kind = dict(
        session.execute(
            select(Meeting.kind, func.count())
            .where(*meeting_conditions(filters, "kind"))
            .group_by(Meeting.kind)
        ).all()
    )
    missing_years = tuple(y for y in filters.years if y not in by_year)
    missing_kinds = [k for k in filters.kinds if k not in by_kind]
    held: list[Select[Any, str]] = []
    if missing_years:
        held.append(
            select(cast(year, String).label("value"), literal("year"))  # text, as the kinds below
            .where(in_years(Meeting.date, missing_years))
            .group_by(year)
        )
    if missing_kinds:
        held.append(
            select(Meeting.kind, literal("kind"))
            .where(Meeting.kind.in_(missing_kinds))
            .group_by(Meeting.kind)
        )
    if held:
        for value, key in session.execute(held[0].union_all(*held[1:])):
            if key == "year":
                by_year.setdefault(int(value), 0)
            else:
                by_kind.setdefault(value, 0)
    years = [
        facet_value(filters, "year", str(y), str(y), n) for y, n in sorted(by_year.items(), reverse=True)
    ]
    kinds = [facet_value(filters, "kind", k, KIND_SHORT[k], by_kind[k]) for k in KIND_SHORT if k in by_kind]
    return years, kinds


def _named_facets(session: Session, filters: Filters) -> dict[str, dict[str, tuple[str, int]]]:
    """Topics, ministers and countries that occur at some meeting: name and count under the filters.

    One query. With filters, each count is read from the summaries of the meetings that pass them
    (by the meeting's key); the names are of values that occur at some meeting at all.
    """
    conditions = meeting_conditions(filters)
    chosen = select(Meeting.id).where(*conditions)

    def named(key: str, entity: Any, link: Any, link_id: Any, at: Any, *only: Any) -> Select[Any]:
        occurs = exists().where(link_id == entity.id, *only)
        if conditions:
            # Grouped by the value (`+ 0`), not in an index's order: the rows are those of the
            # meetings that pass, found by the meeting's key, never a scan of every link's index.
            value = link_id + 0
            counted = (
                select(value.label("id"), func.count(func.distinct(at)).label("n"))
                .where(at.in_(chosen), *only)
                .group_by(value)
                .subquery()
            )
            return (
                select(literal(key), entity.slug, entity.name, func.coalesce(counted.c.n, 0))
                .outerjoin(counted, counted.c.id == entity.id)
                .where(occurs)
            )
        return (
            select(literal(key), entity.slug, entity.name, func.count(func.distinct(at)))
            .join(link, link_id == entity.id)
            .where(*only)
            .group_by(entity.id)
        )

    rows = session.execute(
        named(
            "topic",
            Topic,
            MeetingTopic,
            MeetingTopic.topic_id,
            MeetingTopic.meeting_id,
            MeetingTopic.statements > 0,
        ).union_all(
            named("country", Country, MeetingCountry, MeetingCountry.country_id, MeetingCountry.meeting_id),
            named("minister", Minister, Participation, Participation.minister_id, Participation.meeting_id),
        )
    ).all()
    found: dict[str, dict[str, tuple[str, int]]] = {"topic": {}, "minister": {}, "country": {}}
    for key, slug, name, n in rows:
        found[key][slug] = (name, int(n))
    return found


def _facet(filters: Filters, key: str, named: dict[str, tuple[str, int]]) -> tuple[FacetValue, ...]:
    selected = filters.selected(key)
    order = sorted(named.items(), key=lambda item: item[1][0])
    return tuple(
        facet_value(filters, key, value, name, n) for value, (name, n) in order if n or value in selected
    )


def timeline(
    session: Session, filters: Filters, paging: Paging = EVERYTHING, *, facets: bool = True
) -> Timeline:
    """The meetings matching `filters`, newest first and grouped by year, with facet counts."""
    conditions = meeting_conditions(filters)
    # The meetings that pass are found by the filters' indexes, not by testing every meeting.
    total, shown = session.execute(
        select(
            select(func.count()).select_from(Meeting).scalar_subquery(),
            select(func.count()).select_from(Meeting).where(*conditions).scalar_subquery(),
        )
    ).one()
    page = (
        select(Meeting).where(*conditions).order_by(Meeting.date.desc(), Meeting.slug).offset(paging.offset)
    )
    if paging.size is not None:
        page = page.limit(paging.size)
    cards = meeting_cards(session, session.scalars(page).all())
    groups: dict[int, list[MeetingSummary]] = defaultdict(list)
    for meeting in cards:
        groups[meeting.year].append(meeting)
    found: tuple[Facet, ...] = ()
    unknown: tuple[str, ...] = ()
    if facets:
        years, kinds = _year_and_kind_facets(session, filters)
        named = _named_facets(session, filters)
        found = (
            Facet("year", "Year", tuple(years)),
            Facet("topic", "Topic", _facet(filters, "topic", named["topic"])),
            Facet("kind", "Kind of meeting", tuple(kinds)),
            Facet("minister", "Minister", _facet(filters, "minister", named["minister"])),
            Facet("country", "Country or group named", _facet(filters, "country", named["country"])),
        )
        unknown = tuple(
            f"{key}={value}"
            for key, value in filters.pairs()
            if (key in named and value not in named[key]) or (key == "kind" and value not in KIND_NAMES)
        )
    return Timeline(
        filters=filters,
        years=tuple(YearGroup(y, tuple(ms)) for y, ms in sorted(groups.items(), reverse=True)),
        facets=found,
        total=total,
        shown=shown,
        unknown=unknown,
        page=paging.page,
        pages=paging.pages(shown),
    )
