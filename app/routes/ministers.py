"""Ministers: the index and one minister's page."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.deps import SessionDep
from app.queries import minister_alias, minister_detail, ministers_overview
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/ministers")
def ministers_page(request: Request, session: SessionDep) -> Response:
    """Everyone who took part in a meeting or is quoted, by country."""
    return render(
        request,
        "ministers.html",
        {"ministers": ministers_overview(session), "page_title": "Ministers"},
    )


@router.get("/ministers/{slug}")
def minister_page(slug: str, request: Request, session: SessionDep) -> Response:
    """Country, portfolio and tenure, meetings attended, statements."""
    detail = minister_detail(session, slug)
    if detail is None:
        if (current := minister_alias(session, slug)) is not None:
            return RedirectResponse(urls.minister(current), status_code=301)
        raise HTTPException(404, f"There is no minister at /ministers/{slug}.")
    return render(request, "minister.html", {"detail": detail, "page_title": detail.minister.name})
