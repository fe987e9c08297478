"""/review: what most needs a human look, each with the correction line to paste."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.queries import review_items
from app.queries.record import disagreements, not_on_record
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/review")
def review_page(request: Request, session: SessionDep) -> Response:
    """Guessed dates, unsure speakers, people outside the dictionary and rejected files, least sure first."""
    return render(
        request,
        "review.html",
        {
            "items": review_items(session),
            "differ": disagreements(session),
            "missing": not_on_record(session),
            "page_title": "Review",
        },
    )
