"""A meeting's page, and its statements a page at a time."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app import urls
from app.deps import SessionDep
from app.filters import MeetingStatementFilters, Paging, View, view_of
from app.queries import meeting_alias, meeting_detail, meeting_statements
from app.queries.record import on_record
from app.web import render

router = APIRouter(include_in_schema=False)

# A meeting's page shows its first statements and sources, in report order; real meetings have
# far fewer. The rest of the statements are on its statements pages, 50 a page.
MEETING_SHOWN = 200
MEETING_STATEMENTS = 50


@router.get("/meetings/{slug}")
def meeting_page(slug: str, request: Request, session: SessionDep) -> Response:
    """Facts, participants, statements by topic, sources, and the meetings either side."""
    detail = meeting_detail(session, slug, MEETING_SHOWN)
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


@router.get("/meetings/{slug}/statements")
def meeting_statements_page(
    slug: str,
    request: Request,
    session: SessionDep,
    view: Annotated[View[MeetingStatementFilters], view_of(MeetingStatementFilters, paged=True)],
) -> Response:
    """A meeting's statements in report order, on the topics given (all when none), 50 a page."""
    found = meeting_statements(session, slug, view.filters, Paging(view.page, MEETING_STATEMENTS))
    if found is None:
        if (current := meeting_alias(session, slug)) is not None:
            return RedirectResponse(urls.meeting_statements(current, view.pairs), status_code=301)
        raise HTTPException(404, f"There is no meeting at /meetings/{slug}.")
    if view.page > found.pages:
        raise HTTPException(404, f"There are {found.pages} pages of these statements.")
    on = " and ".join(t.name for t in found.topics)
    title = f"{found.meeting.title}, {found.meeting.date_label}: statements" + (f" on {on}" if on else "")
    return render(
        request,
        "meeting_statements.html",
        {"found": found, "canonical_query": view.pairs, "page_title": title},
    )
