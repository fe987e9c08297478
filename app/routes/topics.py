"""Topics: the index, and every statement on one topic across meetings."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.filters import Paging, TopicFilters, View, view_of
from app.queries import topic_detail, topics_overview
from app.queries.views import ECHOES_SHOWN
from app.web import render

router = APIRouter(include_in_schema=False)

TOPIC_PAGE = 12  # meetings a page, each with all its statements on the topic


@router.get("/topics")
def topics_page(request: Request, session: SessionDep) -> Response:
    """Every topic of the taxonomy with its counts."""
    return render(request, "topics.html", {"topics": topics_overview(session), "page_title": "Topics"})


@router.get("/topics/{slug}")
def topic_page(
    slug: str,
    request: Request,
    session: SessionDep,
    view: Annotated[View[TopicFilters], view_of(TopicFilters, paged=True)],
) -> Response:
    """Statements on a topic, oldest meeting first, with year, speaker and country filters."""
    filters, page, pairs = view.filters, view.page, view.pairs
    detail = topic_detail(session, slug, filters, Paging(page, TOPIC_PAGE), ECHOES_SHOWN)
    if detail is None:
        raise HTTPException(404, f"There is no topic at /topics/{slug}.")
    if page > detail.pages:
        raise HTTPException(404, f"There are {detail.pages} pages for this view, not {page}.")
    return render(
        request,
        "topic.html",
        {
            "detail": detail,
            "topic": detail.topic,  # also set outside the blocks, which an htmx fragment does not run
            "filters": filters,
            "canonical_query": pairs,
            "page_title": f"{detail.topic.name}: what India and Japan said",
        },
        block="results",
    )
