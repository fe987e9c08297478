"""Ministers: the index and one minister's page."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.deps import SessionDep
from app.filters import NoFilters, Paging, View, view_of
from app.queries import minister_alias, minister_detail, ministers_overview
from app.queries.views import ECHOES_SHOWN
from app.web import render

router = APIRouter(include_in_schema=False)

MINISTER_STATEMENTS = 50  # statements a page, oldest first
MINISTER_MEETINGS = 12  # the most recent meetings attended; the timeline filtered by minister has all


@router.get("/ministers")
def ministers_page(request: Request, session: SessionDep) -> Response:
    """Everyone who took part in a meeting or is quoted, by country."""
    return render(
        request,
        "ministers.html",
        {"ministers": ministers_overview(session), "page_title": "Ministers"},
    )


@router.get("/ministers/{slug}")
def minister_page(
    slug: str,
    request: Request,
    session: SessionDep,
    view: Annotated[View[NoFilters], view_of(NoFilters, paged=True)],
) -> Response:
    """Country, portfolio and tenure, the most recent meetings attended, statements a page at a time."""
    detail = minister_detail(
        session, slug, Paging(view.page, MINISTER_STATEMENTS), MINISTER_MEETINGS, ECHOES_SHOWN
    )
    if detail is None:
        if (current := minister_alias(session, slug)) is not None:
            return RedirectResponse(urls.minister(current), status_code=301)
        raise HTTPException(404, f"There is no minister at /ministers/{slug}.")
    if view.page > detail.pages:
        raise HTTPException(404, f"There are {detail.pages} pages of statements by {detail.minister.name}.")
    return render(
        request,
        "minister.html",
        {"detail": detail, "canonical_query": view.pairs, "page_title": detail.minister.name},
    )
