"""Atom feeds: the meetings, and the statements on one topic, for the same filters as the pages."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app import feeds
from app.deps import SessionDep
from app.downloads import timeline_meetings
from app.queries import Filters, TopicFilters, timeline, topic_detail
from app.routes.timeline import canonical_redirect

router = APIRouter(include_in_schema=False)

ATOM = "application/atom+xml; charset=utf-8"


def _site(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/feeds/meetings.atom")
def meetings_atom(request: Request, session: SessionDep) -> Response:
    """Every meeting the timeline shows for the same filters, newest first."""
    filters = Filters.parse(request.query_params.multi_items())
    if (redirect := canonical_redirect(request, filters.pairs())) is not None:
        return redirect
    meetings = timeline_meetings(timeline(session, filters))
    xml = feeds.meetings_feed(
        meetings, ingested=feeds.meeting_ingest_times(session), site=_site(request), filters=filters
    )
    return Response(xml, media_type=ATOM)


@router.get("/feeds/topics/{slug}.atom")
def topic_atom(slug: str, request: Request, session: SessionDep) -> Response:
    """Every statement the topic page lists for the same filters, newest meeting first."""
    filters = TopicFilters.parse(request.query_params.multi_items())
    if (redirect := canonical_redirect(request, filters.pairs())) is not None:
        return redirect
    detail = topic_detail(session, slug, filters, path=f"/topics/{slug}")
    if detail is None:
        raise HTTPException(404, f"There is no topic at /topics/{slug}.")
    xml = feeds.topic_feed(detail, ingested=feeds.source_ingest_times(session), site=_site(request))
    return Response(xml, media_type=ATOM)
