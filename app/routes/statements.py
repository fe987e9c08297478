"""A statement's permalink page, with a citation to copy."""

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app import urls
from app.deps import SessionDep
from app.queries import StatementView, short_date, statement
from app.web import render

router = APIRouter(include_in_schema=False)


def citation(st: StatementView, url: str, accessed: date) -> str:
    """A plain-text citation: speaker, words, meeting, date, outlet, permalink, accessed date."""
    published = short_date(st.source_published, "day") if st.source_published else "undated"
    sentences = [
        f"{st.speaker_name}, “{st.text}”",
        f"{st.meeting.title}, {st.meeting.date_long}." if st.meeting else "",
        f"Reported by {st.source_outlet or st.source.name}, {published}, paragraph {st.paragraph}.",
        f"India–Japan 2+2 Tracker, {url} (accessed {accessed.day} {accessed:%B %Y}).",
    ]
    return " ".join(s for s in sentences if s)


@router.get("/statements/{statement_id}")
def statement_page(statement_id: str, request: Request, session: SessionDep) -> Response:
    """One statement with its context, and a citation block."""
    view = statement(session, statement_id)
    if view is None:
        raise HTTPException(404, f"There is no statement at /statements/{statement_id}.")
    url = urls.absolute(str(request.base_url), urls.statement(view.id))
    return render(
        request,
        "statement.html",
        {
            "st": view,
            "citation": citation(view, url, date.today()),
            "permalink": url,
            "page_title": f"{view.speaker_name}: {view.text[:80]}",
        },
    )
