"""Atom feeds: the meetings, and the statements on one topic, for the same filters as the pages."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app import feeds, urls
from app.deps import SessionDep
from app.filters import Filters, TopicFilters, View, view_of
from app.queries import timeline, topic_detail
from app.web import site_url

router = APIRouter(include_in_schema=False)

ATOM = "application/atom+xml; charset=utf-8"


def _site(request: Request) -> str:
    return site_url(request)


@router.get("/feeds/meetings.atom")
def meetings_atom(
    request: Request, session: SessionDep, view: Annotated[View[Filters], view_of(Filters)]
) -> Response:
    """Every meeting the timeline shows for the same filters, newest first."""
    filters = view.filters
    meetings = timeline(session, filters, facets=False).meetings
    xml = feeds.meetings_feed(
        meetings, ingested=feeds.meeting_ingest_times(session), site=_site(request), filters=filters
    )
    return Response(xml, media_type=ATOM)


@router.get("/feeds/topics/{slug}.atom")
def topic_atom(
    slug: str,
    request: Request,
    session: SessionDep,
    view: Annotated[View[TopicFilters], view_of(TopicFilters)],
) -> Response:
    """Every statement the topic page lists for the same filters, newest meeting first."""
    detail = topic_detail(session, slug, view.filters)
    if detail is None:
        raise HTTPException(404, f"There is no topic at {urls.topic(slug)}.")
    xml = feeds.topic_feed(detail, ingested=feeds.source_ingest_times(session), site=_site(request))
    return Response(xml, media_type=ATOM)
