"""The timeline: meetings by year with linkable filters."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.filters import Filters, Paging, View, view_of
from app.queries import timeline
from app.queries.record import record_overview
from app.web import render

router = APIRouter(include_in_schema=False)

TIMELINE_PAGE = 40  # meetings a page


@router.get("/")
def timeline_page(
    request: Request, session: SessionDep, view: Annotated[View[Filters], view_of(Filters, paged=True)]
) -> Response:
    """Meetings grouped by year, newest first, filtered by year, topic, kind, minister, country."""
    filters, page, pairs = view.filters, view.page, view.pairs
    shown = timeline(session, filters, paging=Paging(page, TIMELINE_PAGE))
    if page > shown.pages:
        raise HTTPException(404, f"There are {shown.pages} pages of meetings for this view, not {page}.")
    return render(
        request,
        "timeline.html",
        {
            "timeline": shown,
            "record": record_overview(session) if not filters.active and page == 1 else None,
            "filters": filters,
            "canonical_query": pairs,
            "page_title": "Timeline" if not filters.active else "Timeline: filtered",
        },
        block="results",
    )
