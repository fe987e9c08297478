"""Full-text search over statements and article paragraphs."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.queries import MAX_QUERY_LENGTH, BadFilter, Filters, search
from app.routes.timeline import canonical_redirect
from app.web import render

router = APIRouter(include_in_schema=False)


def search_view(request: Request) -> tuple[str, Filters, list[tuple[str, str]]]:
    """The words, the timeline filters and the canonical query of a search (page or download)."""
    q = " ".join(request.query_params.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise BadFilter(f"q is {len(q)} characters long; searches are limited to {MAX_QUERY_LENGTH}")
    filters = Filters.parse(request.query_params.multi_items())
    return q, filters, ([("q", q)] if q else []) + filters.pairs()


@router.get("/search")
def search_page(request: Request, session: SessionDep) -> Response:
    """Ranked matches with the words highlighted; the timeline filters narrow them."""
    q, filters, pairs = search_view(request)
    if (redirect := canonical_redirect(request, pairs)) is not None:
        return redirect
    results = search(session, q, filters) if q else None
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
