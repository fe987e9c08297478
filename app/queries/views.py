"""The view models that pages, feeds, downloads and the API share, and how they name things."""

from dataclasses import dataclass
from datetime import date

from app import urls
from app.filters import FilterSet

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
# The echoes a list shows of each statement; the statement's own page shows them all.
ECHOES_SHOWN = 10
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
    echoes: tuple["Echo", ...] = ()  # the same words as carried by other outlets (or the first few)
    echo_count: int = 0  # all of them, however many `echoes` holds
    outlet_count: int = 1  # how many outlets carry this statement, its own among them
    corrected: tuple[str, ...] = ()  # facts set by hand: "speaker", "meeting", "topics"
    verified: bool = False

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
        return urls.minister(self.speaker.slug) if self.speaker else None

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


@dataclass(frozen=True)
class SourceSummary:
    slug: str
    title: str
    outlet: str | None
    published: date | None
    url: str | None
    role: str


@dataclass(frozen=True)
class FacetValue:
    key: str
    value: str
    label: str
    count: int
    selected: bool
    toggled: FilterSet  # the view's filters with this value toggled: the link's query


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    values: tuple[FacetValue, ...]


def facet_value(filters: FilterSet, key: str, value: str, label: str, count: int) -> FacetValue:
    """One value of a facet: its count, whether it is selected, the filters its link gives."""
    return FacetValue(key, value, label, count, value in filters.selected(key), filters.toggled(key, value))
