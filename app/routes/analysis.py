"""Analysis pages: the topic x meeting matrix, and two meetings compared."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import SessionDep
from app.queries import BadFilter, Paging, compare_meetings, parse_page, topic_matrix
from app.web import render

router = APIRouter(include_in_schema=False)


MATRIX_COLUMNS = 24  # meetings a page


@router.get("/matrix")
def matrix_page(request: Request, session: SessionDep) -> Response:
    """How many statements each topic drew at each meeting, the most recent meetings first."""
    page = parse_page(request.query_params.get("page"))
    pairs = [("page", str(page))] if page > 1 else []
    if list(request.query_params.multi_items()) != pairs:
        return RedirectResponse(f"/matrix?page={page}" if page > 1 else "/matrix", status_code=301)
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
    if list(params.multi_items()) != [("a", first), ("b", second)]:
        return RedirectResponse(f"/compare?a={first}&b={second}", status_code=301)
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
