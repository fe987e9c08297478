"""Statements: one statement's permalink page, and the API's filtered list of statements."""

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.filters import StatementFilters
from app.models import (
    Country,
    DataVersion,
    Meeting,
    Minister,
    Statement,
    StatementCountry,
    StatementTopic,
    Topic,
)
from app.queries.cards import said_once, statement_views
from app.queries.search import full_text
from app.queries.timeline import in_years
from app.queries.views import StatementView


def statement(session: Session, statement_id: str) -> StatementView | None:
    """One statement, for its permalink page."""
    views = statement_views(session, select(Statement.id).where(Statement.id == statement_id))
    return views[0] if views else None


def on_topic(slug: str) -> ColumnElement[bool]:
    """A statement is on the topic `slug` (one of its topics)."""
    return Statement.id.in_(
        select(StatementTopic.statement_id)
        .join(Topic, Topic.id == StatementTopic.topic_id)
        .where(Topic.slug == slug)
    )


def statements_list(
    session: Session, filters: StatementFilters, query: str, offset: int, limit: int
) -> tuple[list[StatementView], int]:
    """One page of statements (each once, however many outlets carried it) and the total."""
    chosen = select(Statement.id).where(said_once())
    if filters.years:
        chosen = chosen.where(
            Statement.meeting_id.in_(select(Meeting.id).where(in_years(Meeting.date, filters.years)))
        )
    chosen = chosen.where(*map(on_topic, filters.topics))
    if filters.meetings:
        chosen = chosen.where(
            Statement.meeting_id.in_(select(Meeting.id).where(Meeting.slug.in_(filters.meetings)))
        )
    if filters.speakers:
        chosen = chosen.where(
            Statement.minister_id.in_(select(Minister.id).where(Minister.slug.in_(filters.speakers)))
            | Statement.speaker_type.in_(filters.speakers)
        )
    for country in filters.countries:
        chosen = chosen.where(
            Statement.id.in_(
                select(StatementCountry.statement_id)
                .join(Country, Country.id == StatementCountry.country_id)
                .where(Country.slug == country)
            )
        )
    if query:
        matching = [m.ref for m in full_text(session, query, kind="statement", limit=100_000)]
        chosen = chosen.where(Statement.id.in_(matching))
    if filters == StatementFilters() and not query:  # every statement: ingestion counted them
        total = session.scalar(select(DataVersion.statement_count)) or 0
    else:
        total = session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    page = chosen.order_by(Statement.archive_order, Statement.position).offset(offset).limit(limit)
    ids = list(session.scalars(page))
    return statement_views(session, select(Statement.id).where(Statement.id.in_(ids))), total
