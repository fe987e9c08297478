"""A topic's chart: statements on the topic at each meeting with statements, or by year past 30."""

import importlib
from collections import Counter

import pytest
from sqlalchemy import select

from app.filters import TopicFilters
from app.models import Meeting, MeetingTopic, Topic
from app.queries import topic_detail
from app.queries.views import short_date
from tests.conftest import Database

topics_module = importlib.import_module("app.queries.topics")
TOPIC = "terrorism"


def _expected(db: Database, by_year: bool) -> list[tuple[str, int]]:
    with db.sessions() as session:
        topic_id = session.scalar(select(Topic.id).where(Topic.slug == TOPIC))
        on_topic = dict(
            session.execute(
                select(MeetingTopic.meeting_id, MeetingTopic.statements).where(
                    MeetingTopic.topic_id == topic_id
                )
            ).all()
        )
        meetings = session.execute(
            select(Meeting.id, Meeting.date, Meeting.date_precision)
            .where(Meeting.statement_count > 0)
            .order_by(Meeting.date, Meeting.slug)
        ).all()
    if not by_year:
        return [(short_date(day, precision), on_topic.get(i, 0)) for i, day, precision in meetings]
    years: Counter[str] = Counter()
    for i, day, _ in meetings:
        years[str(day.year)] += on_topic.get(i, 0)
    return sorted(years.items())


def _series(db: Database) -> list[tuple[str, int]]:
    with db.sessions() as session:
        detail = topic_detail(session, TOPIC, TopicFilters.parse([]))
        assert detail is not None
        return list(detail.series)


def test_a_small_archive_charts_each_meeting_with_statements(seeded_db: Database) -> None:
    series = _series(seeded_db)
    assert series == _expected(seeded_db, by_year=False)
    assert any(n for _, n in series)


def test_past_the_limit_the_chart_counts_by_year(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(topics_module, "CHART_MEETINGS", 1)
    series = _series(seeded_db)
    assert series == _expected(seeded_db, by_year=True)
    assert [year for year, _ in series] == sorted({year for year, _ in series})
