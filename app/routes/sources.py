"""Source articles, as cleaned, with their statements marked."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.queries import source_detail, sources_overview
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/sources")
def sources_page(request: Request, session: SessionDep) -> Response:
    """Every article the tracker was built from."""
    return render(request, "sources.html", {"sources": sources_overview(session), "page_title": "Sources"})


@router.get("/sources/{slug}")
def source_page(slug: str, request: Request, session: SessionDep) -> Response:
    """The cleaned article with numbered paragraphs, highlighted statements and removed text."""
    detail = source_detail(session, slug)
    if detail is None:
        raise HTTPException(404, f"There is no source at /sources/{slug}.")
    return render(request, "source.html", {"source": detail, "page_title": detail.title})
