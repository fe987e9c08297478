"""Full-text search over statements and article paragraphs."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.filters import Filters, View, view_of
from app.queries import search
from app.web import render

router = APIRouter(include_in_schema=False)


SearchView = Annotated[View[Filters], view_of(Filters, words=True)]


@router.get("/search")
def search_page(request: Request, session: SessionDep, view: SearchView) -> Response:
    """Ranked matches with the words highlighted; the timeline filters narrow them."""
    q, filters, pairs = view.q, view.filters, view.pairs
    results = search(session, q, filters, echoes_shown=0) if q else None  # results list no echoes
    return render(
        request,
        "search.html",
        {
            "q": q,
            "results": results,
            "filters": filters,
            "canonical_query": pairs,
            "page_title": f"Search: {q}" if q else "Search",
        },
        block="results",
    )
