"""Analysis pages: the topic x meeting matrix, and two meetings compared."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.filters import MAX_SLUG_LENGTH, SLUG, BadFilter, NoFilters, Paging, View, require_canonical, view_of
from app.queries import compare_meetings, topic_matrix
from app.web import render

router = APIRouter(include_in_schema=False)


MATRIX_COLUMNS = 24  # meetings a page


@router.get("/matrix")
def matrix_page(
    request: Request, session: SessionDep, view: Annotated[View[NoFilters], view_of(NoFilters, paged=True)]
) -> Response:
    """How many statements each topic drew at each meeting, the most recent meetings first."""
    page, pairs = view.page, view.pairs
    matrix = topic_matrix(session, Paging(page, MATRIX_COLUMNS))
    if page > matrix.pages:
        raise HTTPException(404, f"There are {matrix.pages} pages of the matrix, not {page}.")
    return render(
        request,
        "matrix.html",
        {"matrix": matrix, "canonical_query": pairs, "page_title": "Topics by meeting"},
    )


@router.get("/compare")
def compare_page(request: Request, session: SessionDep) -> Response:
    """Two meetings side by side."""
    params = request.query_params
    first, second = params.get("a", "").strip(), params.get("b", "").strip()
    if not first or not second:
        raise BadFilter("compare needs two meetings: /compare?a={slug}&b={slug}")
    for key, slug in (("a", first), ("b", second)):
        if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH:
            shown = slug[:40]
            raise BadFilter(f"{key} must be a meeting slug such as 2024-08-20-two-plus-two, not {shown!r}")
    require_canonical(request, [("a", first), ("b", second)])
    comparison = compare_meetings(session, first, second)
    if comparison is None:
        raise HTTPException(
            404, f"No meeting at {first!r} or {second!r}; meeting slugs look like 2024-08-20-two-plus-two."
        )
    return render(
        request,
        "compare.html",
        {
            "c": comparison,
            "canonical_query": [("a", first), ("b", second)],
            "page_title": f"{comparison.first.title} and {comparison.second.title} compared",
        },
    )
