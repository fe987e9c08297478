"""Source articles, as cleaned, with their statements marked."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.filters import NoFilters, Paging, View, view_of
from app.queries import source_detail, sources_overview
from app.web import render

router = APIRouter(include_in_schema=False)

SOURCES_PAGE = 100  # sources a page


@router.get("/sources")
def sources_page(
    request: Request, session: SessionDep, view: Annotated[View[NoFilters], view_of(NoFilters, paged=True)]
) -> Response:
    """Every article the tracker was built from, newest first, a hundred a page."""
    shown = sources_overview(session, Paging(view.page, SOURCES_PAGE))
    if view.page > shown.pages:
        raise HTTPException(404, f"There are {shown.pages} pages of sources, not {view.page}.")
    return render(
        request,
        "sources.html",
        {"listing": shown, "canonical_query": view.pairs, "page_title": "Sources"},
    )


@router.get("/sources/{slug}")
def source_page(slug: str, request: Request, session: SessionDep) -> Response:
    """The cleaned article with numbered paragraphs, highlighted statements and removed text."""
    detail = source_detail(session, slug)
    if detail is None:
        raise HTTPException(404, f"There is no source at /sources/{slug}.")
    return render(request, "source.html", {"source": detail, "page_title": detail.title})
