"""CSV downloads of the timeline, a topic page and a search, for the same filters as the page."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app import downloads, urls
from app.deps import SessionDep
from app.filters import Filters, TopicFilters, View, view_of
from app.queries import search, timeline, topic_detail, topic_matrix
from app.routes.search import SearchView

router = APIRouter(include_in_schema=False)

CSV = "text/csv; charset=utf-8"


def _site(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _csv(body: bytes, filename: str) -> Response:
    return Response(body, media_type=CSV, headers=downloads.attachment(filename))


@router.get("/meetings.csv")
def meetings_csv(
    request: Request, session: SessionDep, view: Annotated[View[Filters], view_of(Filters)]
) -> Response:
    """The meetings the timeline shows for the same filters, newest first."""
    filters = view.filters
    meetings = downloads.timeline_meetings(timeline(session, filters, facets=False))
    rows = downloads.meeting_rows(meetings, _site(request))
    return _csv(
        downloads.csv_bytes(downloads.MEETING_COLUMNS, rows),
        downloads.download_name("meetings", filters.pairs()),
    )


@router.get("/topics/{slug}.csv")
def topic_csv(
    slug: str,
    request: Request,
    session: SessionDep,
    view: Annotated[View[TopicFilters], view_of(TopicFilters)],
) -> Response:
    """The statements a topic page lists for the same filters, in its order."""
    filters = view.filters
    detail = topic_detail(session, slug, filters)
    if detail is None:
        raise HTTPException(404, f"There is no topic at {urls.topic(slug)}.")
    rows = downloads.statement_rows(downloads.topic_statements(detail), _site(request))
    return _csv(
        downloads.csv_bytes(downloads.STATEMENT_COLUMNS, rows),
        downloads.download_name(f"topic-{slug}", filters.pairs()),
    )


@router.get("/search.csv")
def search_csv(request: Request, session: SessionDep, view: SearchView) -> Response:
    """The hits the search page shows for the same words and filters, best first."""
    q, filters, pairs = view.q, view.filters, view.pairs
    hits = search(session, q, filters).hits if q else ()
    rows = downloads.search_rows(hits, _site(request))
    return _csv(downloads.csv_bytes(downloads.SEARCH_COLUMNS, rows), downloads.download_name("search", pairs))


@router.get("/matrix.csv")
def matrix_csv(request: Request, session: SessionDep) -> Response:
    """Statements per topic (rows) and meeting (columns), as on /matrix."""
    columns, rows = downloads.matrix_table(topic_matrix(session))
    return _csv(downloads.csv_bytes(columns, rows), downloads.download_name("topics-by-meeting", []))
