"""The JSON API's response shapes; the OpenAPI document at /openapi.json is generated from them."""

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from app import urls
from app.queries import MeetingSummary, Ref, StatementView

T = TypeVar("T")


class ErrorBody(BaseModel):
    status: int
    message: str


class Error(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorBody


class Named(BaseModel):
    slug: str
    name: str


class Counted(Named):
    count: int


class Person(Named):
    country: str | None


class MeetingOut(BaseModel):
    slug: str
    title: str
    kind: str
    edition: int | None
    date: str = Field(description="YYYY-MM-DD, YYYY-MM or YYYY, to the date's precision")
    date_precision: str
    status: str = Field(description="held, referenced or planned")
    city: str | None
    participants: list[Person]
    topics: list[Counted] = Field(description="topics by number of statements, most first")
    countries_named: list[Counted]
    statements: int
    sources: int
    url: str


class Echo(BaseModel):
    statement: str
    source: str
    outlet: str | None
    paragraph: int


class StatementOut(BaseModel):
    id: str
    text: str
    kind: str = Field(description="quote, reported or context")
    speaker: str
    speaker_type: str
    minister: str | None = Field(description="the speaker's minister slug, when a minister spoke")
    meeting: str | None
    meeting_date: str | None
    source: str
    outlet: str | None
    paragraph: int
    topics: list[str]
    countries_named: list[str]
    also_reported_by: list[Echo]
    url: str


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total and the link to the next page."""

    items: list[T]
    total: int
    page: int
    per_page: int
    next: str | None


class MeetingDetailOut(MeetingOut):
    date_rule: str
    city_rule: str | None
    statement_list: list[StatementOut]
    previous: str | None
    next: str | None


class TopicOut(BaseModel):
    slug: str
    name: str
    description: str
    statements: int
    meetings: int
    url: str


class MinisterOut(BaseModel):
    slug: str
    name: str
    country: str | None
    portfolio: str | None
    in_dictionary: bool
    meetings: int
    statements: int
    url: str


class MinisterDetailOut(MinisterOut):
    aliases: list[str]
    meeting_list: list[MeetingOut]
    statement_list: list[StatementOut]


class SearchHitOut(BaseModel):
    kind: str = Field(description="statement or paragraph")
    snippet: str = Field(description="the matched passage, plain text")
    matched: list[str] = Field(description="the words that matched, as they appear in the snippet")
    statement: StatementOut | None
    source: str
    paragraph: int
    meeting: str | None
    url: str


class MatrixOut(BaseModel):
    meetings: list[MeetingOut]
    topics: list[Named]
    counts: list[list[int]] = Field(description="counts[topic][meeting], in the order of the two lists")


def meeting_out(m: MeetingSummary, base: str) -> MeetingOut:
    """A meeting as the API shows it."""
    return MeetingOut(
        slug=m.slug,
        title=m.title,
        kind=m.kind,
        edition=m.edition,
        date=m.date_iso,
        date_precision=m.date_precision,
        status=m.status,
        city=m.city,
        participants=[Person(slug=p.slug, name=p.name, country=p.country or None) for p in m.participants],
        topics=[_counted(t) for t in m.topics],
        countries_named=[_counted(c) for c in m.countries],
        statements=m.statement_count,
        sources=m.source_count,
        url=urls.absolute(base, urls.meeting(m.slug)),
    )


def _counted(ref: Ref) -> Counted:
    return Counted(slug=ref.slug, name=ref.name, count=ref.count or 0)


def statement_out(st: StatementView, base: str) -> StatementOut:
    """A statement as the API shows it."""
    return StatementOut(
        id=st.id,
        text=st.text,
        kind=st.kind,
        speaker=st.speaker_name,
        speaker_type=st.speaker_type,
        minister=st.speaker.slug if st.speaker else None,
        meeting=st.meeting.slug if st.meeting else None,
        meeting_date=st.meeting.date_iso if st.meeting else None,
        source=st.source.slug,
        outlet=st.source_outlet,
        paragraph=st.paragraph,
        topics=[t.slug for t in st.topics],
        countries_named=[c.slug for c in st.countries],
        also_reported_by=[
            Echo(statement=e.statement_id, source=e.source_slug, outlet=e.outlet, paragraph=e.paragraph)
            for e in st.echoes
        ],
        url=urls.absolute(base, urls.statement(st.id)),
    )
