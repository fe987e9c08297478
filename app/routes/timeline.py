"""The timeline: meetings by year with linkable filters."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import SessionDep
from app.queries import Filters, Paging, parse_page, timeline
from app.web import filters_url, render

router = APIRouter(include_in_schema=False)

TIMELINE_PAGE = 40  # meetings a page


def canonical_redirect(request: Request, pairs: list[tuple[str, str]]) -> Response | None:
    """A redirect to the one canonical URL of this view, when the request is not already it."""
    given = [(k, v) for k, v in request.query_params.multi_items()]
    if given == pairs:
        return None
    return RedirectResponse(filters_url(request.url.path, pairs), status_code=301)


@router.get("/")
def timeline_page(request: Request, session: SessionDep) -> Response:
    """Meetings grouped by year, newest first, filtered by year, topic, kind, minister, country."""
    filters = Filters.parse(request.query_params.multi_items())
    page = parse_page(request.query_params.get("page"))
    pairs = filters.pairs() + ([("page", str(page))] if page > 1 else [])
    if (redirect := canonical_redirect(request, pairs)) is not None:
        return redirect
    view = timeline(session, filters, paging=Paging(page, TIMELINE_PAGE))
    if page > view.pages:
        raise HTTPException(404, f"There are {view.pages} pages of meetings for this view, not {page}.")
    return render(
        request,
        "timeline.html",
        {
            "timeline": view,
            "filters": filters,
            "canonical_query": pairs,
            "page_title": "Timeline" if not filters.active else "Timeline: filtered",
        },
        block="results",
    )
