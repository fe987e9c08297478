"""A meeting's page."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.deps import SessionDep
from app.queries import meeting_alias, meeting_detail
from app.queries.record import on_record
from app.web import render

router = APIRouter(include_in_schema=False)


@router.get("/meetings/{slug}")
def meeting_page(slug: str, request: Request, session: SessionDep) -> Response:
    """Facts, participants, statements by topic, sources, and the meetings either side."""
    detail = meeting_detail(session, slug)
    if detail is None:
        if (current := meeting_alias(session, slug)) is not None:
            return RedirectResponse(urls.meeting(current), status_code=301)
        raise HTTPException(404, f"There is no meeting at /meetings/{slug}.")
    return render(
        request,
        "meeting.html",
        {
            "detail": detail,
            "meeting": detail.meeting,
            "record": on_record(session, slug),
            "page_title": f"{detail.meeting.title}, {detail.meeting.date_label}",
        },
    )
