"""The JSON API under /api/v1/: the same data and filters as the pages, paginated."""

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import WithJsonSchema

from app import urls
from app.deps import SessionDep
from app.filters import (
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    MAX_SLUG_LENGTH,
    SLUG_PATTERN,
    WORD,
    WORD_PATTERN,
    YEAR_PATTERN,
    BadFilter,
    Filters,
    Paging,
    StatementFilters,
    TopicFilters,
)
from app.middleware import MAX_PATH_BYTES, MAX_QUERY_BYTES
from app.queries import (
    meeting_detail,
    minister_detail,
    ministers_overview,
    search,
    statements_list,
    timeline,
    topic_detail,
    topic_matrix,
    topics_overview,
)
from app.schemas import (
    Error,
    MatrixOut,
    MeetingDetailOut,
    MeetingOut,
    MinisterDetailOut,
    MinisterOut,
    Named,
    Page,
    SearchHitOut,
    StatementOut,
    TopicOut,
    meeting_out,
    statement_out,
)
from app.web import site_url


def _error(description: str) -> dict[str, Any]:
    return {"model": Error, "description": description}


# The errors each operation can answer, with the body every API error has. Any address may be
# refused as too long before routing; a database that does not answer, or a render past the
# deadline, is a 503.
router = APIRouter(
    prefix="/api/v1",
    tags=["api"],
    responses={
        414: _error(f"The path is over {MAX_PATH_BYTES} bytes or the query string over {MAX_QUERY_BYTES}"),
        503: _error("The database is not answering, or the answer took too long; try again"),
    },
)
Answers = dict[int | str, dict[str, Any]]
MALFORMED: Answers = {400: _error("A parameter breaks its rule; the message says which and why")}
NOT_FOUND: Answers = {404: _error("No such item")}

MAX_PER_PAGE = 200
T = TypeVar("T")

# The parameter rules are the URL grammar's own (app.filters), which the routes enforce; the
# document states them so that a generated client knows them.
_YEAR = WithJsonSchema({"type": "string", "pattern": YEAR_PATTERN})
_SLUG = WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG_LENGTH})

Years = Annotated[
    list[Annotated[str, _YEAR]], Query(description="years, 1000 to 9999; several select any of them")
]
Slugs = Annotated[list[Annotated[str, _SLUG]], Query()]
Speakers = Annotated[list[Annotated[str, _SLUG]], Query(description="a minister slug or a speaker type")]
Slug = Annotated[str, _SLUG]  # text of any other shape names nothing: a 404
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description=f"items per page, at most {MAX_PER_PAGE}")]
SearchText = Annotated[str, Query(max_length=MAX_QUERY_LENGTH, description="words to search for")]
SearchWords = Annotated[
    str,
    Query(
        max_length=MAX_QUERY_LENGTH,
        description="words to search for, at least one",
        json_schema_extra={"pattern": WORD_PATTERN},
    ),
]


def _base(request: Request) -> str:
    return site_url(request)


def _page(request: Request, items: Sequence[T], total: int, page: int, per_page: int) -> Page[T]:
    """Wrap one page of items; `next` is this URL with the page number moved on."""
    following = None
    if page * per_page < total:
        following = str(request.url.include_query_params(page=page + 1))
    return Page[T](items=list(items), total=total, page=page, per_page=per_page, next=following)


def _slice(items: Sequence[T], page: int, per_page: int) -> Sequence[T]:
    return items[(page - 1) * per_page : page * per_page]


@router.get("/meetings", response_model=Page[MeetingOut], responses=MALFORMED)
def meetings(
    request: Request,
    session: SessionDep,
    year: Years = [],  # noqa: B006  (FastAPI copies defaults)
    topic: Slugs = [],  # noqa: B006
    kind: Slugs = [],  # noqa: B006
    minister: Slugs = [],  # noqa: B006
    country: Slugs = [],  # noqa: B006
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[MeetingOut]:
    """Meetings newest first, filtered like the timeline (topics, ministers, countries: AND)."""
    filters = Filters.parse(request.query_params.multi_items(), strict=True)
    view = timeline(session, filters, Paging(page, per_page), facets=False)
    found = [meeting_out(m, _base(request)) for m in view.meetings]
    return _page(request, found, view.shown, page, per_page)


@router.get("/meetings/{slug}", response_model=MeetingDetailOut, responses=NOT_FOUND)
def meeting(slug: Slug, request: Request, session: SessionDep) -> MeetingDetailOut:
    """One meeting with its statements (each once, however many outlets carried it)."""
    detail = meeting_detail(session, slug)
    if detail is None:
        raise HTTPException(404, f"There is no meeting {slug!r}.")
    base = _base(request)
    statements = [st for group in detail.groups for st in group.statements] + list(detail.context)
    return MeetingDetailOut(
        **meeting_out(detail.meeting, base).model_dump(),
        date_rule=detail.date_rule,
        city_rule=detail.city_rule,
        statement_list=[statement_out(st, base) for st in statements],
        previous=detail.previous.slug if detail.previous else None,
        next=detail.next.slug if detail.next else None,
    )


@router.get("/topics", response_model=list[TopicOut])
def topics(request: Request, session: SessionDep) -> list[TopicOut]:
    """Every topic of the taxonomy with its counts."""
    base = _base(request)
    return [
        TopicOut(
            slug=t.slug,
            name=t.name,
            description=t.description,
            statements=t.statement_count,
            meetings=t.meeting_count,
            url=urls.absolute(base, urls.topic(t.slug)),
        )
        for t in topics_overview(session)
    ]


@router.get("/topics/{slug}/statements", response_model=Page[StatementOut], responses=MALFORMED | NOT_FOUND)
def topic_statements(
    slug: Slug,
    request: Request,
    session: SessionDep,
    year: Years = [],  # noqa: B006
    speaker: Slugs = [],  # noqa: B006
    country: Slugs = [],  # noqa: B006
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[StatementOut]:
    """A topic's statements, oldest meeting first, filtered like the topic page."""
    detail = topic_detail(session, slug, TopicFilters.parse(request.query_params.multi_items(), strict=True))
    if detail is None:
        raise HTTPException(404, f"There is no topic {slug!r}.")
    found = [statement_out(st, _base(request)) for group in detail.meetings for st in group.statements]
    return _page(request, _slice(found, page, per_page), len(found), page, per_page)


@router.get("/ministers", response_model=list[MinisterOut])
def ministers(request: Request, session: SessionDep) -> list[MinisterOut]:
    """Everyone who took part in a meeting, is quoted or is named."""
    base = _base(request)
    return [
        MinisterOut(
            slug=m.slug,
            name=m.name,
            country=m.country,
            portfolio=m.portfolio,
            in_dictionary=m.in_dictionary,
            meetings=m.meeting_count,
            statements=m.statement_count,
            url=urls.absolute(base, urls.minister(m.slug)),
        )
        for m in ministers_overview(session)
    ]


@router.get("/ministers/{slug}", response_model=MinisterDetailOut, responses=NOT_FOUND)
def minister(slug: Slug, request: Request, session: SessionDep) -> MinisterDetailOut:
    """One minister with the meetings attended and the statements made."""
    detail = minister_detail(session, slug)
    if detail is None:
        raise HTTPException(404, f"There is no minister {slug!r}.")
    base, m = _base(request), detail.minister
    return MinisterDetailOut(
        slug=m.slug,
        name=m.name,
        country=m.country,
        portfolio=m.portfolio,
        in_dictionary=m.in_dictionary,
        meetings=m.meeting_count,
        statements=m.statement_count,
        url=urls.absolute(base, urls.minister(m.slug)),
        aliases=list(detail.aliases),
        meeting_list=[meeting_out(x, base) for x in detail.meetings],
        statement_list=[statement_out(st, base) for st in detail.statements],
    )


@router.get("/statements", response_model=Page[StatementOut], responses=MALFORMED)
def statements(
    request: Request,
    session: SessionDep,
    year: Years = [],  # noqa: B006
    topic: Slugs = [],  # noqa: B006
    meeting: Slugs = [],  # noqa: B006
    speaker: Speakers = [],  # noqa: B006
    country: Slugs = [],  # noqa: B006
    q: SearchText = "",
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[StatementOut]:
    """Statements in report order; topics and countries combine with AND, the others with OR."""
    filters = StatementFilters.parse(request.query_params.multi_items(), strict=True)
    found, total = statements_list(session, filters, q.strip(), (page - 1) * per_page, per_page)
    return _page(request, [statement_out(st, _base(request)) for st in found], total, page, per_page)


@router.get("/search", response_model=Page[SearchHitOut], responses=MALFORMED)
def search_hits(
    request: Request,
    session: SessionDep,
    q: SearchWords,
    year: Years = [],  # noqa: B006
    topic: Slugs = [],  # noqa: B006
    kind: Slugs = [],  # noqa: B006
    minister: Slugs = [],  # noqa: B006
    country: Slugs = [],  # noqa: B006
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[SearchHitOut]:
    """Statements and article paragraphs matching `q`, best first, within the timeline filters.

    Without filters, only the 2,000 matching passages added to the archive last are ranked (the
    total is then 2,000); with any filter, every match is ranked and the best 500 are filtered.
    """
    if not WORD.search(q):
        raise BadFilter("q must contain at least one word")
    filters = Filters.parse(request.query_params.multi_items(), strict=True)
    results = search(session, q, filters, limit=per_page, offset=(page - 1) * per_page)
    base = _base(request)
    hits = [
        SearchHitOut(
            kind=hit.kind,
            snippet="".join(text for text, _ in hit.snippet.parts),
            matched=[text for text, matched in hit.snippet.parts if matched],
            statement=statement_out(hit.statement, base) if hit.statement else None,
            source=hit.source.slug,
            paragraph=hit.paragraph,
            meeting=hit.meeting.slug if hit.meeting else None,
            url=urls.absolute(base, urls.statement(hit.statement.id))
            if hit.statement
            else urls.absolute(base, urls.source(hit.source.slug, hit.paragraph)),
        )
        for hit in results.hits
    ]
    return _page(request, hits, results.total, page, per_page)


@router.get("/matrix", response_model=MatrixOut)
def matrix(request: Request, session: SessionDep) -> MatrixOut:
    """Statements per topic per meeting, as on /matrix."""
    table = topic_matrix(session)
    base = _base(request)
    return MatrixOut(
        meetings=[meeting_out(m, base) for m in table.meetings],
        topics=[Named(slug=r.topic.slug, name=r.topic.name) for r in table.rows],
        counts=[list(r.counts) for r in table.rows],
    )
