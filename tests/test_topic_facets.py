"""A topic page's speaker and country facets, read from the meetings' summaries, are what counting
the topic's statements one by one gives: for every topic, with and without years, statements at
no meeting included."""

from collections import Counter

from sqlalchemy import select, text

from app.filters import TopicFilters
from app.ingest.reference import Reference
from app.ingest.summaries import refresh_meeting_summaries
from app.models import Meeting, Topic
from app.queries import topic_detail
from tests.conftest import ARTICLES, Database

Counts = dict[str, Counter[str]]


def _counted(db: Database, topic: str, years: tuple[int, ...]) -> Counts:
    """Each statement on the topic once (no echo, context aside), at a meeting of these years
    (any, and at none, without years), by speaker and by country named."""
    with db.sessions() as session:
        rows = session.execute(
            text(
                "SELECT s.id, coalesce(p.slug, s.speaker_type), m.date FROM statements s"
                " JOIN statement_topics st ON st.statement_id = s.id JOIN topics t ON t.id = st.topic_id"
                " LEFT JOIN ministers p ON p.id = s.minister_id LEFT JOIN meetings m ON m.id = s.meeting_id"
                " WHERE t.slug = :topic AND s.kind != 'context' AND s.echo_of IS NULL"
            ),
            {"topic": topic},
        ).all()
        named: dict[str, list[str]] = {}
        for sid, country in session.execute(
            text(
                "SELECT sc.statement_id, c.slug FROM statement_countries sc"
                " JOIN countries c ON c.id = sc.country_id"
            )
        ):
            named.setdefault(sid, []).append(country)
    found: Counts = {"speaker": Counter(), "country": Counter()}
    for sid, speaker, day in rows:
        if years and (day is None or int(str(day)[:4]) not in years):
            continue
        found["speaker"][speaker] += 1
        for country in named.get(sid, []):
            found["country"][country] += 1
    return found


def _shown(db: Database, topic: str, years: tuple[int, ...]) -> Counts:
    with db.sessions() as session:
        detail = topic_detail(session, topic, TopicFilters(years=years))
    assert detail is not None
    return {
        facet.key: Counter({v.value: v.count for v in facet.values if v.count})
        for facet in detail.facets
        if facet.key in ("speaker", "country")
    }


def test_topic_facets_are_the_count_over_each_statement(seeded_db: Database, reference: Reference) -> None:
    seeded_db.ingest(reference, ARTICLES)
    with seeded_db.sessions() as session:
        # Untidy rows, as real archives hold: statements that lost their meeting.
        session.execute(
            text(
                "UPDATE statements SET meeting_id = NULL WHERE id IN"
                " (SELECT statement_id FROM statement_topics ORDER BY statement_id LIMIT 12)"
            )
        )
        refresh_meeting_summaries(session)
        session.commit()
        topics = list(session.scalars(select(Topic.slug)))
        years = sorted({day.year for day in session.scalars(select(Meeting.date))})
    assert len(years) > 2
    checked = 0
    for topic in topics:
        for chosen in [(), *((y,) for y in years), (years[0], years[-1])]:
            expected = _counted(seeded_db, topic, chosen)
            assert _shown(seeded_db, topic, chosen) == expected, (topic, chosen)
            checked += bool(expected["speaker"])
    assert checked > len(topics)  # most topics have speakers in some year
