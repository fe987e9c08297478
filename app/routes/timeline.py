"""The timeline: meetings by year with linkable filters."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.db import SessionDep
from app.queries import Filters, timeline
from app.web import filters_url, render

router = APIRouter(include_in_schema=False)


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
    if (redirect := canonical_redirect(request, filters.pairs())) is not None:
        return redirect
    view = timeline(session, filters)
    return render(
        request,
        "timeline.html",
        {
            "timeline": view,
            "filters": filters,
            "canonical_query": filters.pairs(),
            "page_title": "Timeline" if not filters.active else "Timeline: filtered",
        },
        block="results",
    )
