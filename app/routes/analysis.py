"""Analysis pages: the topic x meeting matrix, and two meetings compared."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app.db import SessionDep
from app.queries import BadFilter, compare_meetings, topic_matrix
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/matrix")
def matrix_page(request: Request, session: SessionDep) -> Response:
    """How many statements each topic drew at each meeting."""
    return render(
        request, "matrix.html", {"matrix": topic_matrix(session), "page_title": "Topics by meeting"}
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
