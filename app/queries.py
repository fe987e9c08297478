"""Read-only queries behind every page, feed and export. They never commit.

Each page costs a fixed handful of queries whatever the archive holds: lists are loaded with one
query per kind of row and assembled in Python, never with a query per item.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Self, TypeVar
from urllib.parse import urlencode

from rapidfuzz import fuzz, process
from sqlalchemy import Select, extract, func, literal, select, text
from sqlalchemy.orm import Session

from app.models import (
    Country,
    Meeting,
    MeetingReport,
    MeetingSlugAlias,
    Mention,
    Minister,
    MinisterSlugAlias,
    Participation,
    Rejection,
    Source,
    Statement,
    StatementCountry,
    StatementTopic,
    Topic,
)

KIND_NAMES = {
    "two-plus-two": "India–Japan 2+2 Ministerial Dialogue",
    "defence-ministerial": "India–Japan Defence Ministers' Meeting",
    "foreign-ministerial": "India–Japan Foreign Ministers' Strategic Dialogue",
    "summit": "India–Japan Annual Summit",
    "other": "India–Japan Ministerial Meeting",
}
KIND_SHORT = {
    "two-plus-two": "2+2 dialogue",
    "defence-ministerial": "Defence ministers",
    "foreign-ministerial": "Foreign ministers",
    "summit": "Summit",
    "other": "Other",
}
SPEAKER_TYPE_NAMES = {
    "joint-statement": "Joint statement",
    "ministry-statement": "Ministry statement",
    "officials": "Officials",
    "sources": "Sources",
    "both-sides": "Both sides",
    "reporter": "Reporter",
}
PORTFOLIO_NAMES = {
    "foreign": "Foreign Minister",
    "defence": "Defence Minister",
    "prime-minister": "Prime Minister",
}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def meeting_title(kind: str, edition: int | None) -> str:
    """ "3rd India–Japan 2+2 Ministerial Dialogue"."""
    name = KIND_NAMES.get(kind, KIND_NAMES["other"])
    return f"{ordinal(edition)} {name}" if edition else name


def date_words(day: date, precision: str) -> str:
    """A date written to its precision: "Saturday 30 November 2019", "September 2022", "2027"."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%B %Y")
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def short_date(day: date, precision: str) -> str:
    """ "30 Nov 2019", "Sep 2022", "2027"."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%b %Y")
    return f"{day.day} {day.strftime('%b %Y')}"


# --- shared view models -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A named thing with a page: a topic, a minister, a country or group."""

    slug: str
    name: str
    count: int | None = None  # statements, where a list ranks by it
    country: str = ""  # for a minister


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    slug: str
    kind: str
    edition: int | None
    date: date
    date_precision: str
    status: str
    city: str | None
    date_rule: str
    city_rule: str | None
    corrected: tuple[str, ...]  # facts set by hand in seeds/corrections.yaml
    participants: tuple[Ref, ...]
    topics: tuple[Ref, ...]  # most statements first; extra is the count
    countries: tuple[Ref, ...]
    statement_count: int
    source_count: int

    @property
    def title(self) -> str:
        return meeting_title(self.kind, self.edition)

    @property
    def date_long(self) -> str:
        return date_words(self.date, self.date_precision)

    @property
    def date_label(self) -> str:
        return short_date(self.date, self.date_precision)

    @property
    def date_iso(self) -> str:
        return {"day": self.date.isoformat(), "month": self.date.strftime("%Y-%m")}.get(
            self.date_precision, str(self.date.year)
        )

    @property
    def kind_name(self) -> str:
        return KIND_SHORT.get(self.kind, self.kind)

    @property
    def year(self) -> int:
        return self.date.year


@dataclass(frozen=True)
class StatementView:
    id: str
    text: str
    kind: str
    speaker_type: str
    speaker_label: str
    speaker: Ref | None  # the minister, when the speaker is one
    speaker_rule: str
    source: Ref
    source_outlet: str | None
    source_published: date | None
    source_url: str | None
    paragraph: int
    start: int
    end: int
    meeting: MeetingSummary | None
    topics: tuple[Ref, ...]
    countries: tuple[Ref, ...]
    echo_of: str | None = None  # the statement this one repeats, as carried by another outlet
    echoes: tuple["Echo", ...] = ()  # the same words as carried by other outlets
    corrected: tuple[str, ...] = ()  # facts set by hand: "speaker", "meeting", "topics"
    verified: bool = False

    @property
    def outlet_count(self) -> int:
        """How many outlets carry this statement."""
        return 1 + len({e.outlet for e in self.echoes if e.outlet != self.source_outlet})

    @property
    def speaker_name(self) -> str:
        if self.speaker is not None:
            return self.speaker.name
        return self.speaker_label or SPEAKER_TYPE_NAMES.get(self.speaker_type, self.speaker_type)

    @property
    def speaker_key(self) -> str:
        """The value of the `speaker` filter that selects this statement's speaker."""
        return self.speaker.slug if self.speaker else self.speaker_type

    # The names the statement macro reads.
    @property
    def speaker_url(self) -> str | None:
        return f"/ministers/{self.speaker.slug}" if self.speaker else None

    @property
    def source_slug(self) -> str:
        return self.source.slug

    @property
    def source_label(self) -> str:
        when = short_date(self.source_published, "day") if self.source_published else "undated"
        return f"{self.source_outlet or self.source.name}, {when}"

    @property
    def meeting_title(self) -> str | None:
        return self.meeting.title if self.meeting else None

    @property
    def meeting_slug(self) -> str | None:
        return self.meeting.slug if self.meeting else None


@dataclass(frozen=True)
class Echo:
    """Another outlet's report of the same statement."""

    statement_id: str
    source_slug: str
    outlet: str | None
    paragraph: int


# --- filters ------------------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class BadFilter(ValueError):
    """A query parameter that names no valid value; the message says which and why."""


@dataclass(frozen=True)
class FilterSet:
    """Repeated query parameters, a sorted tuple of values per field: order-free and canonical."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = ()  # (query parameter, attribute)

    @classmethod
    def parse(cls, params: Iterable[tuple[str, str]]) -> Self:
        """Read repeated query parameters; raise BadFilter for a malformed value."""
        names = dict(cls.FIELDS)
        values: dict[str, set[str]] = defaultdict(set)
        for key, raw in params:
            value = raw.strip()
            if key not in names or not value:
                continue
            if key == "year":
                if not re.fullmatch(r"\d{4}", value):
                    raise BadFilter(f"year must be a four-digit year, not {value[:40]!r}")
            elif not SLUG.match(value) or len(value) > 80:
                raise BadFilter(f"{key} must be a slug like 'maritime-security', not {value[:40]!r}")
            values[key].add(value)
        return cls._build({key: values[key] for key, _ in cls.FIELDS})

    @classmethod
    def _build(cls, values: dict[str, set[str]]) -> Self:
        arguments: dict[str, Any] = {
            attr: tuple(sorted(int(v) for v in values[key])) if key == "year" else tuple(sorted(values[key]))
            for key, attr in cls.FIELDS
        }
        return cls(**arguments)

    def _values(self) -> dict[str, set[str]]:
        return {key: {str(v) for v in getattr(self, attr)} for key, attr in self.FIELDS}

    def pairs(self) -> list[tuple[str, str]]:
        """The canonical query parameters, in a fixed order."""
        return [(key, str(v)) for key, attr in self.FIELDS for v in getattr(self, attr)]

    def url(self, path: str) -> str:
        """`path` with these filters as its canonical query string."""
        pairs = self.pairs()
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def selected(self, key: str) -> set[str]:
        return self._values()[key]

    def toggled(self, key: str, value: str) -> Self:
        """These filters with one value added, or removed if present."""
        values = self._values()
        values[key] ^= {value}
        return self._build(values)

    def without(self, key: str) -> Self:
        values = self._values()
        values[key] = set()
        return self._build(values)

    @property
    def active(self) -> bool:
        return bool(self.pairs())


@dataclass(frozen=True)
class Filters(FilterSet):
    """The timeline's filters, shared by search and the downloads."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("year", "years"),
        ("kind", "kinds"),
        ("topic", "topics"),
        ("minister", "ministers"),
        ("country", "countries"),
    )

    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    ministers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    key: str
    value: str
    label: str
    count: int
    selected: bool
    url: str  # the view with this value toggled


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class ActiveFilter:
    name: str
    label: str
    remove_url: str


def active_filters(facets: Iterable[Facet]) -> list[ActiveFilter]:
    """The selected facet values, each with the link that removes it."""
    return [
        ActiveFilter(facet.title, value.label, value.url)
        for facet in facets
        for value in facet.values
        if value.selected
    ]


# --- the timeline -------------------------------------------------------------------------------


@dataclass
class MeetingIndex:
    """Every meeting with what the timeline filters on, loaded in a fixed number of queries."""

    meetings: list[MeetingSummary]
    # Names of the values that occur in some meeting: what the facets can offer.
    topic_names: dict[str, str]
    minister_names: dict[str, str]
    country_names: dict[str, str]
    topic_sets: dict[int, set[str]] = field(default_factory=dict)
    minister_sets: dict[int, set[str]] = field(default_factory=dict)
    country_sets: dict[int, set[str]] = field(default_factory=dict)

    def matches(self, meeting: MeetingSummary, filters: Filters, skip: str = "") -> bool:
        """Whether a meeting passes the filters; `skip` leaves one facet out (for its counts)."""
        if skip != "year" and filters.years and meeting.year not in filters.years:
            return False
        if skip != "kind" and filters.kinds and meeting.kind not in filters.kinds:
            return False
        if skip != "topic" and not set(filters.topics) <= self.topic_sets.get(meeting.id, set()):
            return False
        if skip != "minister" and not set(filters.ministers) <= self.minister_sets.get(meeting.id, set()):
            return False
        return skip == "country" or set(filters.countries) <= self.country_sets.get(meeting.id, set())

    def select(self, filters: Filters) -> list[MeetingSummary]:
        return [m for m in self.meetings if self.matches(m, filters)]


def meeting_index(session: Session) -> MeetingIndex:
    """All meetings as timeline cards, with their topics, participants and countries named.

    Six queries whatever the archive holds: one per kind of fact, joined to its names.
    """
    meetings = session.scalars(select(Meeting).order_by(Meeting.date.desc(), Meeting.slug)).all()
    participants: dict[int, list[Ref]] = defaultdict(list)
    for meeting_id, slug, name, country in session.execute(
        select(Participation.meeting_id, Minister.slug, Minister.name, Minister.country)
        .join(Minister, Minister.id == Participation.minister_id)
        .order_by(Minister.country != "India", Minister.portfolio != "foreign", Minister.name)
    ):
        person = Ref(slug, name, country=country or "")
        if person not in participants[meeting_id]:  # one row per source that names them
            participants[meeting_id].append(person)
    topics: dict[int | None, list[Ref]] = defaultdict(list)
    for statement_meeting, slug, name, n in session.execute(
        select(Statement.meeting_id, Topic.slug, Topic.name, func.count())
        .join(StatementTopic, StatementTopic.statement_id == Statement.id)
        .join(Topic, Topic.id == StatementTopic.topic_id)
        .where(Statement.kind != "context", Statement.meeting_id.is_not(None), Statement.echo_of.is_(None))
        .group_by(Statement.meeting_id, Topic.id)
        .order_by(func.count().desc(), Topic.name)
    ):
        topics[statement_meeting].append(Ref(slug, name, n))
    named: dict[int | None, list[Ref]] = defaultdict(list)
    for statement_meeting, slug, name, n in session.execute(
        select(Statement.meeting_id, Country.slug, Country.name, func.count())
        .join(StatementCountry, StatementCountry.statement_id == Statement.id)
        .join(Country, Country.id == StatementCountry.country_id)
        .where(Statement.kind != "context", Statement.meeting_id.is_not(None), Statement.echo_of.is_(None))
        .group_by(Statement.meeting_id, Country.id)
        .order_by(func.count().desc(), Country.name)
    ):
        named[statement_meeting].append(Ref(slug, name, n))
    statement_counts: dict[int | None, int] = dict(
        session.execute(
            select(Statement.meeting_id, func.count())
            .where(Statement.kind != "context", Statement.echo_of.is_(None))
            .group_by(Statement.meeting_id)
        ).all()
    )
    source_counts: dict[int, int] = dict(
        session.execute(
            select(MeetingReport.meeting_id, func.count()).group_by(MeetingReport.meeting_id)
        ).all()
    )
    index = MeetingIndex(meetings=[], topic_names={}, minister_names={}, country_names={})
    for meeting in meetings:
        summary = MeetingSummary(
            id=meeting.id,
            slug=meeting.slug,
            kind=meeting.kind,
            edition=meeting.edition,
            date=meeting.date,
            date_precision=meeting.date_precision,
            status=meeting.status,
            city=meeting.city,
            date_rule=meeting.date_rule,
            city_rule=meeting.city_rule,
            corrected=tuple(meeting.corrected),
            participants=tuple(participants[meeting.id]),
            topics=tuple(topics[meeting.id]),
            countries=tuple(named[meeting.id]),
            statement_count=statement_counts.get(meeting.id, 0),
            source_count=source_counts.get(meeting.id, 0),
        )
        index.meetings.append(summary)
        index.topic_sets[meeting.id] = {t.slug for t in summary.topics}
        index.minister_sets[meeting.id] = {p.slug for p in summary.participants}
        index.country_sets[meeting.id] = {c.slug for c in summary.countries}
        index.topic_names.update((t.slug, t.name) for t in summary.topics)
        index.minister_names.update((p.slug, p.name) for p in summary.participants)
        index.country_names.update((c.slug, c.name) for c in summary.countries)
    return index


@dataclass(frozen=True)
class YearGroup:
    year: int
    meetings: tuple[MeetingSummary, ...]


Item = TypeVar("Item")


@dataclass(frozen=True)
class Paging:
    """Which page of a list is shown: a page holds `size` items; `None` shows them all."""

    page: int = 1
    size: int | None = None

    def cut(self, items: Sequence[Item]) -> Sequence[Item]:
        if self.size is None:
            return items
        return items[(self.page - 1) * self.size : self.page * self.size]

    def pages(self, count: int) -> int:
        return 1 if self.size is None else max(1, -(-count // self.size))


def parse_page(value: str | None) -> int:
    """A `page` query parameter: a whole number from 1."""
    if value is None or value == "":
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise BadFilter(f"page must be a whole number from 1, not {value[:20]!r}")
    return int(value)


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


def _facet_values(
    index: MeetingIndex,
    filters: Filters,
    key: str,
    values: dict[str, str],
    of: Callable[[MeetingSummary], Iterable[str]],
    path: str,
) -> tuple[FacetValue, ...]:
    # Year and kind combine with OR, so their counts ignore their own selection; topics,
    # ministers and countries combine with AND, so a count is what selecting the value too leaves.
    skip = key if key in ("year", "kind") else ""
    counts: Counter[str] = Counter()
    for meeting in index.meetings:
        if index.matches(meeting, filters, skip=skip):
            counts.update(set(of(meeting)))
    selected = filters.selected(key)
    shown = [v for v in values if counts[v] or v in selected]
    return tuple(
        FacetValue(key, v, values[v], counts[v], v in selected, filters.toggled(key, v).url(path))
        for v in shown
    )


def timeline(session: Session, filters: Filters, path: str = "/", paging: Paging = Paging()) -> Timeline:
    """The meetings matching `filters`, newest first and grouped by year, with facet counts."""
    index = meeting_index(session)
    chosen = index.select(filters)
    groups: dict[int, list[MeetingSummary]] = defaultdict(list)
    for meeting in paging.cut(chosen):
        groups[meeting.year].append(meeting)
    years = {str(m.year): str(m.year) for m in index.meetings}
    kinds = {k: KIND_SHORT[k] for k in KIND_SHORT if any(m.kind == k for m in index.meetings)}
    topic_order = dict(sorted(index.topic_names.items(), key=lambda item: item[1]))
    minister_order = dict(sorted(index.minister_names.items(), key=lambda item: item[1]))
    country_order = dict(sorted(index.country_names.items(), key=lambda item: item[1]))

    def facet(
        key: str, title: str, labels: dict[str, str], of: Callable[[MeetingSummary], Iterable[str]]
    ) -> Facet:
        return Facet(key, title, _facet_values(index, filters, key, labels, of, path))

    facets = (
        facet("year", "Year", years, lambda m: [str(m.year)]),
        facet("topic", "Topic", topic_order, lambda m: [t.slug for t in m.topics]),
        facet("kind", "Kind of meeting", kinds, lambda m: [m.kind]),
        facet("minister", "Minister", minister_order, lambda m: [p.slug for p in m.participants]),
        facet(
            "country",
            "Country or group named",
            country_order,
            lambda m: [c.slug for c in m.countries],
        ),
    )
    unknown = tuple(
        f"{key}={value}"
        for key, value in filters.pairs()
        if (key == "topic" and value not in index.topic_names)
        or (key == "minister" and value not in index.minister_names)
        or (key == "country" and value not in index.country_names)
        or (key == "kind" and value not in KIND_NAMES)
    )
    return Timeline(
        filters=filters,
        years=tuple(YearGroup(y, tuple(ms)) for y, ms in sorted(groups.items(), reverse=True)),
        facets=facets,
        total=len(index.meetings),
        shown=len(chosen),
        unknown=unknown,
        page=paging.page,
        pages=paging.pages(len(chosen)),
    )


# --- statements ---------------------------------------------------------------------------------


def _statement_views(
    session: Session, chosen: Select[str], index: MeetingIndex | None = None
) -> list[StatementView]:
    """Views of the statements whose ids `chosen` selects, in report order, in three queries."""
    rows = session.execute(
        select(Statement, Source, Minister)
        .join(Source, Source.id == Statement.source_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(Statement.id.in_(chosen))
        .order_by(Source.published, Source.slug, Statement.position)
    ).all()
    topics: dict[str, list[Ref]] = defaultdict(list)
    countries: dict[str, list[Ref]] = defaultdict(list)
    for statement_id, what, slug, name in session.execute(
        select(StatementTopic.statement_id, literal("topic"), Topic.slug, Topic.name)
        .join(Topic, Topic.id == StatementTopic.topic_id)
        .where(StatementTopic.statement_id.in_(chosen))
        .union_all(
            select(StatementCountry.statement_id, literal("country"), Country.slug, Country.name)
            .join(Country, Country.id == StatementCountry.country_id)
            .where(StatementCountry.statement_id.in_(chosen))
        )
        .order_by("name")
    ):
        (topics if what == "topic" else countries)[statement_id].append(Ref(slug, name))
    echoes: dict[str, list[Echo]] = defaultdict(list)
    for echo_of, echo_id, source_slug, outlet, paragraph in session.execute(
        select(Statement.echo_of, Statement.id, Source.slug, Source.outlet, Statement.paragraph)
        .join(Source, Source.id == Statement.source_id)
        .where(Statement.echo_of.in_(chosen))
        .order_by(Source.published, Source.slug)
    ):
        if echo_of is not None:
            echoes[echo_of].append(Echo(echo_id, source_slug, outlet, paragraph))
    meetings = {m.id: m for m in (index or meeting_index(session)).meetings}
    views = []
    for st, source, minister in rows:
        views.append(
            StatementView(
                id=st.id,
                text=st.text,
                kind=st.kind,
                speaker_type=st.speaker_type,
                speaker_label=st.speaker_label,
                speaker=Ref(minister.slug, minister.name, country=minister.country or "")
                if minister
                else None,
                speaker_rule=st.speaker_rule,
                source=Ref(source.slug, source.title),
                source_outlet=source.outlet,
                source_published=source.published,
                source_url=source.url,
                paragraph=st.paragraph,
                start=st.start,
                end=st.end,
                meeting=meetings.get(st.meeting_id) if st.meeting_id else None,
                topics=tuple(topics[st.id]),
                countries=tuple(countries[st.id]),
                echo_of=st.echo_of,
                echoes=tuple(echoes[st.id]),
                corrected=tuple(st.corrected),
                verified=st.verified,
            )
        )
    return views


def statement(session: Session, statement_id: str) -> StatementView | None:
    """One statement, for its permalink page."""
    views = _statement_views(session, select(Statement.id).where(Statement.id == statement_id))
    return views[0] if views else None


# --- meetings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicGroup:
    topic: Ref | None  # None: statements that touch no topic of the taxonomy
    statements: tuple[StatementView, ...]


@dataclass(frozen=True)
class SourceSummary:
    slug: str
    title: str
    outlet: str | None
    published: date | None
    url: str | None
    role: str


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingSummary
    date_rule: str
    city_rule: str | None
    groups: tuple[TopicGroup, ...]
    context: tuple[StatementView, ...]
    sources: tuple[SourceSummary, ...]
    previous: MeetingSummary | None
    next: MeetingSummary | None
    previous_of_kind: MeetingSummary | None


def minister_alias(session: Session, slug: str) -> str | None:
    """The current slug of a person once at `slug` (two spellings merged by hand)."""
    return session.scalar(
        select(Minister.slug)
        .join(MinisterSlugAlias, MinisterSlugAlias.minister_id == Minister.id)
        .where(MinisterSlugAlias.slug == slug)
    )


def meeting_alias(session: Session, slug: str) -> str | None:
    """The current slug of a meeting that was once at `slug`."""
    return session.scalar(
        select(Meeting.slug)
        .join(MeetingSlugAlias, MeetingSlugAlias.meeting_id == Meeting.id)
        .where(MeetingSlugAlias.slug == slug)
    )


def meeting_detail(session: Session, slug: str) -> MeetingDetail | None:
    """A meeting's page: facts, statements grouped by leading topic, sources, neighbours."""
    index = meeting_index(session)
    chronological = sorted(index.meetings, key=lambda m: (m.date, m.slug))
    position = next((i for i, m in enumerate(chronological) if m.slug == slug), None)
    if position is None:
        return None
    meeting = summary = chronological[position]
    views = _statement_views(
        session,
        select(Statement.id).where(Statement.meeting_id == meeting.id, Statement.echo_of.is_(None)),
        index,
    )
    ranking = {t.slug: i for i, t in enumerate(summary.topics)}
    grouped: dict[str | None, list[StatementView]] = defaultdict(list)
    for view in views:
        if view.kind == "context":
            continue
        lead = min(view.topics, key=lambda t: ranking.get(t.slug, 99), default=None)
        grouped[lead.slug if lead else None].append(view)
    groups = [
        TopicGroup(topic, tuple(grouped[topic.slug])) for topic in summary.topics if grouped[topic.slug]
    ]
    if grouped[None]:
        groups.append(TopicGroup(None, tuple(grouped[None])))
    sources = session.execute(
        select(Source, MeetingReport.role)
        .join(MeetingReport, MeetingReport.source_id == Source.id)
        .where(MeetingReport.meeting_id == meeting.id)
        .order_by(Source.published, Source.slug)
    ).all()
    earlier_of_kind = [m for m in chronological[:position] if m.kind == meeting.kind and m.statement_count]
    return MeetingDetail(
        meeting=summary,
        date_rule=summary.date_rule,
        city_rule=summary.city_rule,
        groups=tuple(groups),
        context=tuple(v for v in views if v.kind == "context"),
        sources=tuple(
            SourceSummary(s.slug, s.title, s.outlet, s.published, s.url, role) for s, role in sources
        ),
        previous=chronological[position - 1] if position > 0 else None,
        next=chronological[position + 1] if position + 1 < len(chronological) else None,
        previous_of_kind=earlier_of_kind[-1] if earlier_of_kind else None,
    )


# --- topics -------------------------------------------------------------------------------------


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
        select(
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
class TopicFilters(FilterSet):
    """A topic page's filters."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("year", "years"),
        ("speaker", "speakers"),
        ("country", "countries"),
    )

    years: tuple[int, ...] = ()
    speakers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()

    def matches(self, view: StatementView, skip: str = "") -> bool:
        if skip != "year" and self.years and (view.meeting is None or view.meeting.year not in self.years):
            return False
        if skip != "speaker" and self.speakers and view.speaker_key not in self.speakers:
            return False
        named = {c.slug for c in view.countries}
        return skip == "country" or set(self.countries) <= named


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


CHART_MEETINGS = 30  # more meetings than this are charted by year


def topic_detail(
    session: Session, slug: str, filters: TopicFilters, path: str = "", paging: Paging = Paging()
) -> TopicDetail | None:
    """Every statement on a topic, oldest meeting first, filtered by year, speaker and country."""
    overview = next((t for t in topics_overview(session) if t.slug == slug), None)
    if overview is None:
        return None
    on_topic = (
        select(Statement.id)
        .join(StatementTopic, StatementTopic.statement_id == Statement.id)
        .join(Topic, Topic.id == StatementTopic.topic_id)
        .where(Topic.slug == slug, Statement.kind != "context", Statement.echo_of.is_(None))
    )
    index = meeting_index(session)
    views = _statement_views(session, on_topic, index)
    series = tuple(
        (m, next((t.count or 0 for t in m.topics if t.slug == slug), 0))
        for m in sorted(index.meetings, key=lambda m: (m.date, m.slug))
        if m.statement_count
    )
    chosen = [v for v in views if filters.matches(v)]
    by_meeting: dict[int | None, list[StatementView]] = defaultdict(list)
    for view in chosen:
        by_meeting[view.meeting.id if view.meeting else None].append(view)
    ordered = sorted(
        by_meeting.items(),
        key=lambda item: (
            (item[1][0].meeting.date, item[1][0].meeting.slug) if item[1][0].meeting else (date.max, "")
        ),
    )
    meetings = []
    for _, group in ordered:
        named: dict[str, Ref] = {}
        for view in group:
            for country in view.countries:
                named.setdefault(country.slug, country)
        meetings.append(
            MeetingStatements(
                group[0].meeting, tuple(group), tuple(sorted(named.values(), key=lambda r: r.name))
            )
        )

    def facet(
        key: str,
        title: str,
        label_of: dict[str, str],
        values_of: Callable[[StatementView], Iterable[str]],
    ) -> Facet:
        pool = [v for v in views if filters.matches(v, skip=key)]
        counts: Counter[str] = Counter()
        for view in pool:
            counts.update(set(values_of(view)))
        selected = filters.selected(key)
        ordered_values = sorted(set(counts) | selected, key=lambda v: label_of.get(v, v))
        if key == "year":
            ordered_values = sorted(set(counts) | selected)
        return Facet(
            key,
            title,
            tuple(
                FacetValue(
                    key,
                    v,
                    label_of.get(v, v),
                    counts[v],
                    v in selected,
                    filters.toggled(key, v).url(path),
                )
                for v in ordered_values
            ),
        )

    speaker_labels = {
        v.speaker_key: v.speaker_name if v.speaker else SPEAKER_TYPE_NAMES.get(v.speaker_type, v.speaker_type)
        for v in views
    }
    country_labels = {c.slug: c.name for v in views for c in v.countries}
    facets = (
        facet("year", "Year", {}, lambda v: [str(v.meeting.year)] if v.meeting else []),
        facet("speaker", "Speaker", speaker_labels, lambda v: [v.speaker_key]),
        facet(
            "country",
            "Country or group named",
            country_labels,
            lambda v: [c.slug for c in v.countries],
        ),
    )
    if len(series) > CHART_MEETINGS:
        by_year: Counter[str] = Counter()
        for meeting, count in series:
            by_year[str(meeting.year)] += count
        chart = tuple(sorted(by_year.items()))
    else:
        chart = tuple((m.date_label, n) for m, n in series)
    return TopicDetail(
        overview,
        filters,
        tuple(paging.cut(meetings)),
        facets,
        len(chosen),
        len(views),
        chart,
        paging.page,
        paging.pages(len(meetings)),
    )


# --- ministers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinisterOverview:
    slug: str
    name: str
    country: str | None
    portfolio: str | None
    tenure_start: date | None
    tenure_end: date | None
    in_dictionary: bool
    meeting_count: int
    statement_count: int

    @property
    def portfolio_name(self) -> str:
        return PORTFOLIO_NAMES.get(self.portfolio or "", "Minister")


def ministers_overview(session: Session) -> list[MinisterOverview]:
    """Everyone the articles name who took part in a meeting or is quoted, by country and name."""
    meetings = dict(
        session.execute(
            select(Participation.minister_id, func.count(func.distinct(Participation.meeting_id))).group_by(
                Participation.minister_id
            )
        ).all()
    )
    statements = dict(
        session.execute(
            select(Statement.minister_id, func.count())
            .where(Statement.minister_id.is_not(None))
            .group_by(Statement.minister_id)
        ).all()
    )
    mentioned = set(session.scalars(select(Mention.minister_id).distinct()))
    people = session.scalars(select(Minister).order_by(Minister.country, Minister.name)).all()
    return [
        MinisterOverview(
            m.slug,
            m.name,
            m.country,
            m.portfolio,
            m.tenure_start,
            m.tenure_end,
            m.in_dictionary,
            meetings.get(m.id, 0),
            statements.get(m.id, 0),
        )
        for m in people
        if m.id in meetings or m.id in statements or m.id in mentioned
    ]


@dataclass(frozen=True)
class MinisterDetail:
    minister: MinisterOverview
    posts: tuple[dict[str, str | None], ...]
    aliases: tuple[str, ...]
    meetings: tuple[MeetingSummary, ...]  # newest first
    statements: tuple[StatementView, ...]  # oldest first


def minister_detail(session: Session, slug: str) -> MinisterDetail | None:
    """A minister's page: who they are, the meetings they attended, what they said."""
    minister = session.scalar(select(Minister).where(Minister.slug == slug))
    if minister is None:
        return None
    index = meeting_index(session)
    attended = [m for m in index.meetings if slug in index.minister_sets.get(m.id, set())]
    statements = _statement_views(
        session, select(Statement.id).where(Statement.minister_id == minister.id), index
    )
    surfaces = set(
        session.scalars(select(Mention.surface).where(Mention.minister_id == minister.id).distinct())
    )
    aliases = sorted({" ".join(a.split()) for a in (*minister.aliases, *surfaces)} - {minister.name})
    overview = MinisterOverview(
        minister.slug,
        minister.name,
        minister.country,
        minister.portfolio,
        minister.tenure_start,
        minister.tenure_end,
        minister.in_dictionary,
        len(attended),
        len(statements),
    )
    return MinisterDetail(
        minister=overview,
        posts=tuple(minister.posts),
        aliases=tuple(aliases),
        meetings=tuple(attended),
        statements=tuple(statements),
    )


# --- sources ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph: plain text, or the text of a statement."""

    text: str
    statement: StatementView | None = None

    @property
    def statement_id(self) -> str | None:
        return self.statement.id if self.statement else None

    @property
    def kind(self) -> str | None:
        return self.statement.kind if self.statement else None

    @property
    def speaker_label(self) -> str | None:
        return self.statement.speaker_name if self.statement else None


@dataclass(frozen=True)
class Paragraph:
    number: int
    segments: tuple[Piece, ...]


@dataclass(frozen=True)
class RemovedText:
    reason: str
    text: str


@dataclass(frozen=True)
class SourceDetail:
    slug: str
    title: str
    outlet: str | None
    published: date | None
    published_rule: str
    url: str | None
    metadata_rules: dict[str, str]  # the rule that found the title, outlet and url
    file: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedText, ...]
    meetings: tuple[MeetingSummary, ...]
    statement_count: int


def source_detail(session: Session, slug: str) -> SourceDetail | None:
    """A cleaned article: numbered paragraphs with its statements marked, and what was removed."""
    source = session.scalar(select(Source).where(Source.slug == slug))
    if source is None:
        return None
    index = meeting_index(session)
    views = _statement_views(session, select(Statement.id).where(Statement.source_id == source.id), index)
    by_paragraph: dict[int, list[StatementView]] = defaultdict(list)
    for view in views:
        by_paragraph[view.paragraph].append(view)
    paragraphs = []
    for number, (start, end) in enumerate(source.paragraphs, start=1):
        pieces, cursor = [], start
        for view in by_paragraph[number]:
            if view.start > cursor:
                pieces.append(Piece(source.body[cursor : view.start]))
            pieces.append(Piece(source.body[view.start : view.end], view))
            cursor = view.end
        if cursor < end:
            pieces.append(Piece(source.body[cursor:end]))
        paragraphs.append(Paragraph(number, tuple(pieces)))
    meeting_ids = set(
        session.scalars(select(MeetingReport.meeting_id).where(MeetingReport.source_id == source.id))
    )
    return SourceDetail(
        slug=source.slug,
        title=source.title,
        outlet=source.outlet,
        published=source.published,
        published_rule=source.published_rule,
        url=source.url,
        metadata_rules=dict(source.metadata_rules or {}),
        file=source.file,
        paragraphs=tuple(paragraphs),
        removed=tuple(
            RemovedText(r["reason"], " ".join(source.body[r["start"] : r["end"]].split()))
            for r in source.removed
        ),
        meetings=tuple(m for m in index.meetings if m.id in meeting_ids),
        statement_count=len(views),
    )


def sources_overview(session: Session) -> list[SourceSummary]:
    """Every source, newest first."""
    return [
        SourceSummary(s.slug, s.title, s.outlet, s.published, s.url, "")
        for s in session.scalars(select(Source).order_by(Source.published.desc(), Source.slug))
    ]


# --- search -------------------------------------------------------------------------------------

MAX_QUERY_LENGTH = 200
_HIT_START, _HIT_END = "\x02", "\x03"


@dataclass(frozen=True)
class Snippet:
    """Search-result text as runs of (text, matched?); the template escapes each run."""

    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "statement" or "paragraph"
    snippet: Snippet
    statement: StatementView | None
    source: SourceSummary
    paragraph: int
    meeting: MeetingSummary | None


@dataclass(frozen=True)
class SearchResults:
    query: str
    filters: Filters
    hits: tuple[SearchHit, ...]
    total: int


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:20]


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word must match (prefix match on the last one)."""
    terms = [f'"{w}"' for w in _words(query)]
    if terms:
        terms[-1] += "*"
    return " ".join(terms)


def tsquery(query: str) -> str:
    """A user's words as a PostgreSQL tsquery: every word must match (prefix match on the last one)."""
    terms = [w.lower() for w in _words(query)]
    if terms:
        terms[-1] += ":*"
    return " & ".join(terms)


@dataclass(frozen=True)
class TextMatch:
    kind: str  # "statement" or "paragraph"
    ref: str  # a statement id, or a paragraph number
    source_id: int
    marked: str  # the snippet with each matched word between _HIT_START and _HIT_END


def full_text(session: Session, query: str, kind: str | None = None, limit: int = 500) -> list[TextMatch]:
    """Rows of the full-text index matching every word of `query`, best first.

    SQLite answers with FTS5, PostgreSQL with a tsvector column: this is the one place that differs.
    """
    if not _words(query):
        return []
    only = "AND kind = :kind" if kind else ""
    if session.get_bind().dialect.name == "sqlite":
        sql = (
            "SELECT kind, ref, source_id, "
            f"snippet(search_index, 3, '{_HIT_START}', '{_HIT_END}', '…', 24) AS marked "
            f"FROM search_index WHERE search_index MATCH :match {only} ORDER BY rank LIMIT :limit"
        )
        match = fts_query(query)
    else:
        sql = (
            # The tsv column is built with angle brackets as spaces (PostgreSQL's parser would skip
            # what lies between "<script>" and "</script>" as markup); snippets show the text as written.
            "SELECT kind, ref, source_id, ts_headline('english', text, q, "
            f'\'StartSel="{_HIT_START}", StopSel="{_HIT_END}", MaxWords=30, MinWords=12, '
            'MaxFragments=1, FragmentDelimiter="…"\') AS marked '
            "FROM search_index, to_tsquery('english', :match) AS q "
            f"WHERE tsv @@ q {only} ORDER BY ts_rank(tsv, q) DESC, kind, ref LIMIT :limit"
        )
        match = tsquery(query)
    rows = session.execute(text(sql), {"match": match, "kind": kind, "limit": limit}).all()
    return [TextMatch(r.kind, str(r.ref), r.source_id, r.marked) for r in rows]


def _snippet(marked: str) -> Snippet:
    parts: list[tuple[str, bool]] = []
    for n, chunk in enumerate(re.split(f"[{_HIT_START}{_HIT_END}]", marked)):
        if chunk:
            parts.append((chunk, n % 2 == 1))
    return Snippet(tuple(parts))


def search(session: Session, query: str, filters: Filters, limit: int = 50) -> SearchResults:
    """Statements and article paragraphs matching `query`, best first, within `filters`."""
    rows = full_text(session, query)
    if not rows:
        return SearchResults(query, filters, (), 0)
    index = meeting_index(session)
    allowed = {m.id for m in index.select(filters)} if filters.active else None
    statement_ids = [r.ref for r in rows if r.kind == "statement"]
    statements = {
        v.id: v
        for v in _statement_views(session, select(Statement.id).where(Statement.id.in_(statement_ids)), index)
    }
    sources: dict[int, Source] = {}
    reports: dict[int, list[int]] = defaultdict(list)  # the meetings each source reports, subject first
    for source, meeting_id in session.execute(
        select(Source, MeetingReport.meeting_id)
        .outerjoin(MeetingReport, MeetingReport.source_id == Source.id)
        .where(Source.id.in_({r.source_id for r in rows}))
        .order_by(MeetingReport.role.desc())
    ):
        sources[source.id] = source
        if meeting_id is not None:
            reports[source.id].append(meeting_id)
    meetings = {m.id: m for m in index.meetings}
    hits = []
    for row in rows:
        source = sources[row.source_id]
        summary = SourceSummary(source.slug, source.title, source.outlet, source.published, source.url, "")
        if row.kind == "statement":
            view = statements.get(row.ref)
            if view is None:
                continue
            meeting = view.meeting
            paragraph = view.paragraph
        else:
            view = None
            meeting = next((meetings[i] for i in reports[source.id] if i in meetings), None)
            paragraph = int(row.ref)
        if allowed is not None and (meeting is None or meeting.id not in allowed):
            continue
        hits.append(SearchHit(row.kind, _snippet(row.marked), view, summary, paragraph, meeting))
    return SearchResults(query, filters, tuple(hits[:limit]), len(hits))


# --- analysis: the topic x meeting matrix, and two meetings compared -----------------------------


@dataclass(frozen=True)
class MatrixRow:
    topic: Ref
    counts: tuple[int, ...]  # one per column, in column order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Matrix:
    meetings: tuple[MeetingSummary, ...]  # columns, oldest first
    rows: tuple[MatrixRow, ...]
    highest: int
    page: int = 1  # page 1 holds the most recent meetings
    pages: int = 1

    def shade(self, count: int) -> int:
        """A shade from 0 (none) to 5 (the highest count in the table)."""
        if count == 0 or self.highest == 0:
            return 0
        return max(1, round(5 * count / self.highest))


def topic_matrix(session: Session, paging: Paging = Paging()) -> Matrix:
    """Statements per topic per meeting: what each topic page lists, counted."""
    index = meeting_index(session)
    newest_first = [m for m in index.meetings if m.statement_count]
    columns = tuple(sorted(paging.cut(newest_first), key=lambda m: (m.date, m.slug)))
    topics = session.execute(select(Topic.slug, Topic.name).order_by(Topic.name)).all()
    rows = tuple(
        MatrixRow(
            Ref(slug, name),
            tuple(next((t.count or 0 for t in m.topics if t.slug == slug), 0) for m in columns),
        )
        for slug, name in topics
    )
    highest = max((c for r in rows for c in r.counts), default=0)
    return Matrix(columns, rows, highest, paging.page, paging.pages(len(newest_first)))


@dataclass(frozen=True)
class SharedTopic:
    topic: Ref
    first: tuple[StatementView, ...]
    second: tuple[StatementView, ...]


@dataclass(frozen=True)
class Comparison:
    first: MeetingSummary
    second: MeetingSummary
    shared: tuple[SharedTopic, ...]
    only_first: tuple[Ref, ...]
    only_second: tuple[Ref, ...]
    named_first: tuple[Ref, ...]
    named_second: tuple[Ref, ...]

    @property
    def named_only_first(self) -> tuple[Ref, ...]:
        second = {c.slug for c in self.named_second}
        return tuple(c for c in self.named_first if c.slug not in second)

    @property
    def named_only_second(self) -> tuple[Ref, ...]:
        first = {c.slug for c in self.named_first}
        return tuple(c for c in self.named_second if c.slug not in first)


def compare_meetings(session: Session, first_slug: str, second_slug: str) -> Comparison | None:
    """Two meetings side by side: topics raised at both or one, and who each named."""
    index = meeting_index(session)
    by_slug = {m.slug: m for m in index.meetings}
    first, second = by_slug.get(first_slug), by_slug.get(second_slug)
    if first is None or second is None:
        return None
    views = _statement_views(
        session,
        select(Statement.id).where(
            Statement.meeting_id.in_([first.id, second.id]),
            Statement.kind != "context",
            Statement.echo_of.is_(None),
        ),
        index,
    )
    first_topics = {t.slug: t for t in first.topics}
    second_topics = {t.slug: t for t in second.topics}

    def on(meeting: MeetingSummary, slug: str) -> tuple[StatementView, ...]:
        return tuple(
            v
            for v in views
            if v.meeting and v.meeting.id == meeting.id and slug in {t.slug for t in v.topics}
        )

    shared = tuple(
        SharedTopic(first_topics[slug], on(first, slug), on(second, slug))
        for slug in sorted(set(first_topics) & set(second_topics), key=lambda s: first_topics[s].name)
    )
    return Comparison(
        first=first,
        second=second,
        shared=shared,
        only_first=tuple(t for t in first.topics if t.slug not in second_topics),
        only_second=tuple(t for t in second.topics if t.slug not in first_topics),
        named_first=first.countries,
        named_second=second.countries,
    )


# --- statements for the API ---------------------------------------------------------------------


@dataclass(frozen=True)
class StatementFilters(FilterSet):
    """The filters of the statements list in the API."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("year", "years"),
        ("topic", "topics"),
        ("meeting", "meetings"),
        ("speaker", "speakers"),
        ("country", "countries"),
    )

    years: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


def statements_list(
    session: Session, filters: StatementFilters, query: str, offset: int, limit: int
) -> tuple[list[StatementView], int]:
    """One page of statements (each once, however many outlets carried it) and the total."""
    chosen = select(Statement.id).where(Statement.echo_of.is_(None))
    if filters.years:
        chosen = chosen.where(
            Statement.meeting_id.in_(
                select(Meeting.id).where(extract("year", Meeting.date).in_(filters.years))
            )
        )
    for topic in filters.topics:
        chosen = chosen.where(
            Statement.id.in_(
                select(StatementTopic.statement_id)
                .join(Topic, Topic.id == StatementTopic.topic_id)
                .where(Topic.slug == topic)
            )
        )
    if filters.meetings:
        chosen = chosen.where(
            Statement.meeting_id.in_(select(Meeting.id).where(Meeting.slug.in_(filters.meetings)))
        )
    if filters.speakers:
        chosen = chosen.where(
            Statement.minister_id.in_(select(Minister.id).where(Minister.slug.in_(filters.speakers)))
            | Statement.speaker_type.in_(filters.speakers)
        )
    for country in filters.countries:
        chosen = chosen.where(
            Statement.id.in_(
                select(StatementCountry.statement_id)
                .join(Country, Country.id == StatementCountry.country_id)
                .where(Country.slug == country)
            )
        )
    if query:
        matching = [m.ref for m in full_text(session, query, kind="statement", limit=100_000)]
        chosen = chosen.where(Statement.id.in_(matching))
    total = session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    page = (
        chosen.join(Source, Source.id == Statement.source_id)
        .order_by(Source.published, Source.slug, Statement.position)
        .offset(offset)
        .limit(limit)
    )
    ids = list(session.scalars(page))
    return _statement_views(session, select(Statement.id).where(Statement.id.in_(ids))), total


# --- review -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """Something that most needs a human look, with the line that would correct it."""

    confidence: float
    kind: str
    title: str
    context: str
    correction: str
    url: str


def _context(body: str, start: int, end: int, paragraph: tuple[int, int]) -> str:
    """The sentence in its paragraph, with the sentence in [brackets]."""
    left, right = paragraph
    return " ".join(f"{body[left:start]}[{body[start:end]}]{body[end:right]}".split())


def review_items(session: Session, limit: int = 200) -> list[ReviewItem]:
    """Lowest confidence first: guessed dates, unsure speakers, unknown people, rejected files."""
    items: list[ReviewItem] = []
    for meeting in session.scalars(select(Meeting).where(Meeting.date_confidence < 0.5)):
        items.append(
            ReviewItem(
                meeting.date_confidence,
                "meeting date",
                f"{meeting_title(meeting.kind, meeting.edition)}: date taken from the publication date",
                f"dated {meeting.date.isoformat()} by rule {meeting.date_rule}",
                f"- set_meeting: {{meeting: {meeting.slug}, date: {meeting.date.isoformat()}}}",
                f"/meetings/{meeting.slug}",
            )
        )
    unsure = session.execute(
        select(Statement, Source, Minister.slug)
        .join(Source, Source.id == Statement.source_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(
            Statement.speaker_rule.like("unresolved%") | Statement.speaker_rule.like("pronoun%"),
            Statement.kind != "context",
        )
        .order_by(Statement.speaker_confidence, Source.slug, Statement.position)
    ).all()
    participants: dict[int | None, list[str]] = defaultdict(list)
    for meeting_id, slug in session.execute(
        select(Participation.meeting_id, Minister.slug)
        .join(Minister, Minister.id == Participation.minister_id)
        .distinct()
        .order_by(Minister.slug)
    ):
        participants[meeting_id].append(slug)
    for statement, source, minister_slug in unsure:
        paragraph = tuple(source.paragraphs[statement.paragraph - 1])
        candidate = minister_slug
        if statement.speaker_type == "minister" and candidate is None:
            candidate = next(iter(participants[statement.meeting_id]), None)
        if candidate:
            line = f"- set_speaker: {{statement: {statement.id}, minister: {candidate}}}"
        elif statement.speaker_type != "minister":
            line = f"- set_speaker: {{statement: {statement.id}, type: {statement.speaker_type}}}"
        else:
            line = f"- set_speaker: {{statement: {statement.id}, type: officials}}"
        others = [s for s in participants[statement.meeting_id] if s != candidate]
        if others:
            line += f"  # or: {', '.join(others)}"
        items.append(
            ReviewItem(
                statement.speaker_confidence,
                "speaker",
                f"{statement.speaker_label} ({statement.speaker_rule.replace('-', ' ')}), "
                f"{source.outlet or source.slug}",
                _context(source.body, statement.start, statement.end, (paragraph[0], paragraph[1])),
                line,
                f"/statements/{statement.id}",
            )
        )
    known = dict(
        session.execute(select(Minister.slug, Minister.name).where(Minister.in_dictionary.is_(True))).all()
    )
    for person in session.scalars(
        select(Minister).where(Minister.in_dictionary.is_(False)).order_by(Minister.slug)
    ):
        close = process.extractOne(person.name, known, scorer=fuzz.token_sort_ratio)
        line = (
            f"- merge_ministers: {{from: {person.slug}, into: {close[2]}}}"
            if close and close[1] >= 60
            else f"# add {person.name} to seeds/ministers.yaml"
        )
        items.append(
            ReviewItem(
                0.6,
                "person not in dictionary",
                f"{person.name} ({person.country or 'country unknown'}, "
                f"{person.portfolio or 'portfolio unknown'})",
                "found by title in the reports; not in seeds/ministers.yaml",
                line,
                f"/ministers/{person.slug}",
            )
        )
    for rejection in session.scalars(select(Rejection).order_by(Rejection.file)):
        items.append(
            ReviewItem(
                0.0,
                "file not loaded",
                rejection.file,
                rejection.problem,
                "# no meeting was loaded from this file: fix its text or front matter, or remove it",
                "",
            )
        )
    items.sort(key=lambda item: (item.confidence, item.kind, item.title))
    return items[:limit]
