"""The per-meeting summaries that pages read are what counting the statements gives, after every
kind of write: a first ingest, a changed file, hand corrections, and the migration of a filled archive."""

import shutil
from collections import Counter
from pathlib import Path

import yaml
from alembic import command
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from app.config import PROJECT_ROOT
from app.db import alembic_config
from app.ingest.corrections import load_corrections
from app.ingest.pipeline import ingest
from app.ingest.reference import Reference
from app.ingest.summaries import refresh_meeting_summaries
from app.models import (
    ArchiveYear,
    DataVersion,
    Meeting,
    MeetingCountry,
    MeetingTopic,
    MeetingTopicCountry,
    MeetingTopicSpeaker,
    Minister,
    Statement,
    StatementTopic,
)
from app.queries import topics_overview
from tests.conftest import ARTICLES, SEEDS, TODAY, Database

Summary = tuple[dict[int, tuple[int, int]], set[tuple[int, int, int, int]], set[tuple[int, int, int]]]

COUNTED = "s.kind != 'context' AND s.meeting_id IS NOT NULL"


def stored(session: Session) -> Summary:
    meetings = {
        i: (n, s)
        for i, n, s in session.execute(select(Meeting.id, Meeting.statement_count, Meeting.source_count))
    }
    topics = {
        tuple(r)
        for r in session.execute(
            select(
                MeetingTopic.meeting_id, MeetingTopic.topic_id, MeetingTopic.statements, MeetingTopic.carried
            )
        )
    }
    countries = {
        tuple(r)
        for r in session.execute(
            select(MeetingCountry.meeting_id, MeetingCountry.country_id, MeetingCountry.statements)
        )
    }
    return meetings, topics, countries  # type: ignore[return-value]


def counted(session: Session) -> Summary:
    """The same figures, counted over every statement and report."""
    meetings = {
        i: (n, s)
        for i, n, s in session.execute(
            text(
                "SELECT m.id, (SELECT count(*) FROM statements s WHERE s.meeting_id = m.id "
                f"AND {COUNTED} AND s.echo_of IS NULL), "
                "(SELECT count(*) FROM meeting_reports r WHERE r.meeting_id = m.id) FROM meetings m"
            )
        )
    }
    topics = {
        tuple(r)
        for r in session.execute(
            text(
                "SELECT s.meeting_id, t.topic_id, count(CASE WHEN s.echo_of IS NULL THEN 1 END), count(*) "
                f"FROM statements s JOIN statement_topics t ON t.statement_id = s.id WHERE {COUNTED} "
                "GROUP BY s.meeting_id, t.topic_id"
            )
        )
    }
    countries = {
        tuple(r)
        for r in session.execute(
            text(
                "SELECT s.meeting_id, c.country_id, count(*) FROM statements s "
                f"JOIN statement_countries c ON c.statement_id = s.id WHERE {COUNTED} AND s.echo_of IS NULL "
                "GROUP BY s.meeting_id, c.country_id"
            )
        )
    }
    return meetings, topics, countries


def assert_current(db: Database) -> None:
    with db.sessions() as session:
        found, expected = stored(session), counted(session)
        assert found[0] == expected[0]
        assert found[1] == expected[1]
        assert found[2] == expected[2]
        assert sum(n for n, _ in found[0].values()) > 0
        # The archive's total, each statement once: the statements list's total without filters.
        kept = session.scalar(select(DataVersion.statement_count))
        assert kept == session.scalar(text("SELECT count(*) FROM statements WHERE echo_of IS NULL")) > 0
        # Each person's meetings and statements.
        people = session.execute(select(Minister.id, Minister.meeting_count, Minister.statement_count)).all()
        recounted = session.execute(
            text(
                "SELECT m.id,"
                " (SELECT count(DISTINCT meeting_id) FROM participations p WHERE p.minister_id = m.id),"
                " (SELECT count(*) FROM statements s WHERE s.minister_id = m.id) FROM ministers m"
            )
        ).all()
        assert sorted(map(tuple, people)) == sorted(map(tuple, recounted))
        assert any(n for _, n, _ in people)
        assert any(n for _, _, n in people)
        # Each statement's echoes and outlets, counted here from who repeats whom.
        rows = session.execute(
            text(
                "SELECT s.id, s.echo_of, src.outlet"
                " FROM statements s JOIN sources src ON src.id = s.source_id"
            )
        ).all()
        outlet = {sid: out for sid, _, out in rows}
        echoes: dict[str, list[str]] = {sid: [] for sid, _, _ in rows}
        for sid, echo_of, _ in rows:
            if echo_of is not None:
                echoes[echo_of].append(sid)
        expected_counts = {
            sid: (len(ids), 1 + len({outlet[e] for e in ids if outlet[e] != outlet[sid]}))
            for sid, ids in echoes.items()
        }
        kept_counts = {
            sid: (n, outlets)
            for sid, n, outlets in session.execute(
                select(Statement.id, Statement.echo_count, Statement.outlet_count)
            )
        }
        assert kept_counts == expected_counts
        assert_topic_facets_current(session)


def assert_topic_facets_current(session: Session) -> None:
    """A topic's speakers and countries at each meeting, with the meeting's year, are what
    counting each statement once (context aside) gives; so is each topic count's year."""
    year = {i: d.year for i, d in session.execute(select(Meeting.id, Meeting.date))}
    statements = session.execute(
        text(
            "SELECT s.id, s.meeting_id, s.minister_id, s.speaker_type FROM statements s"
            f" WHERE {COUNTED} AND s.echo_of IS NULL"
        )
    ).all()
    topics: dict[str, list[int]] = {}
    for sid, topic_id in session.execute(select(StatementTopic.statement_id, StatementTopic.topic_id)):
        topics.setdefault(sid, []).append(topic_id)
    countries: dict[str, list[int]] = {}
    for sid, country_id in session.execute(text("SELECT statement_id, country_id FROM statement_countries")):
        countries.setdefault(sid, []).append(country_id)
    speakers: Counter[tuple[int, int, int, int | None, str]] = Counter()
    named: Counter[tuple[int, int, int, int]] = Counter()
    for sid, meeting_id, minister_id, speaker_type in statements:
        for topic_id in topics.get(sid, []):
            kind = speaker_type if minister_id is None else ""
            speakers[(meeting_id, topic_id, year[meeting_id], minister_id, kind)] += 1
            for country_id in countries.get(sid, []):
                named[(meeting_id, topic_id, country_id, year[meeting_id])] += 1
    kept_speakers = Counter(
        {
            (m, t, y, who, kind): n
            for m, t, y, who, kind, n in session.execute(
                select(
                    MeetingTopicSpeaker.meeting_id,
                    MeetingTopicSpeaker.topic_id,
                    MeetingTopicSpeaker.year,
                    MeetingTopicSpeaker.minister_id,
                    MeetingTopicSpeaker.speaker_type,
                    MeetingTopicSpeaker.statements,
                )
            )
        }
    )
    kept_countries = Counter(
        {
            (m, t, c, y): n
            for m, t, c, y, n in session.execute(
                select(
                    MeetingTopicCountry.meeting_id,
                    MeetingTopicCountry.topic_id,
                    MeetingTopicCountry.country_id,
                    MeetingTopicCountry.year,
                    MeetingTopicCountry.statements,
                )
            )
        }
    )
    assert kept_speakers == speakers
    assert speakers
    assert kept_countries == named
    assert named
    with_statements = Counter(
        d.year for d in session.scalars(select(Meeting.date).where(Meeting.statement_count > 0))
    )
    assert (
        dict(session.execute(select(ArchiveYear.year, ArchiveYear.meetings)).tuples().all())
        == with_statements
    )
    years = session.execute(select(MeetingTopic.meeting_id, MeetingTopic.year)).all()
    assert years
    assert all(y == year[m] for m, y in years)


def test_summaries_follow_a_first_ingest_of_seeds_and_articles(
    seeded_db: Database, reference: Reference
) -> None:
    seeded_db.ingest(reference, ARTICLES)
    assert_current(seeded_db)


def test_summaries_follow_a_changed_file(seeded_db: Database, reference: Reference, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    seeded_db.ingest(reference, folder)
    changed = folder / "tokyo_2plus2_fourth.md"
    body = changed.read_text(encoding="utf-8")
    assert "maritime order" in body
    changed.write_text(
        body.replace("maritime order", "trade order").replace("maritime", "overall"), encoding="utf-8"
    )
    with seeded_db.sessions() as session:
        before = stored(session)
    summary = seeded_db.ingest(reference, folder)
    assert summary.loaded == 1
    assert_current(seeded_db)
    with seeded_db.sessions() as session:
        assert stored(session)[1] != before[1]  # the change reached the topic counts


def test_counts_follow_a_file_that_no_longer_names_its_people(
    seeded_db: Database, reference: Reference, tmp_path: Path
) -> None:
    """The people a file's old version counted are recounted, though its new version names none."""
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    seeded_db.ingest(reference, folder)
    changed = folder / "tokyo_2plus2_fourth.md"
    front, _, _ = changed.read_text(encoding="utf-8").partition("\n---\n")
    body = (
        "TOKYO, May 15 (Kyodo) -- Japan and India held their fourth two-plus-two security talks in Tokyo"
        " on Friday and agreed to expand joint military exercises.\n\n"
        "The two sides also agreed to step up cooperation on defense equipment, officials said.\n"
    )
    changed.write_text(f"{front}\n---\n\n{body}", encoding="utf-8")
    with seeded_db.sessions() as session:
        before = dict(session.execute(select(Minister.slug, Minister.statement_count)).all())
    assert seeded_db.ingest(reference, folder).loaded == 1
    assert_current(seeded_db)
    with seeded_db.sessions() as session:
        after = dict(session.execute(select(Minister.slug, Minister.statement_count)).all())
    assert any(after.get(slug, 0) < n for slug, n in before.items()), "the old version's people said less"


def test_summaries_follow_hand_corrections(seeded_db: Database, reference: Reference, tmp_path: Path) -> None:
    path = tmp_path / "corrections.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "corrections": [
                    {"merge_meetings": {"from": "2022-09-two-plus-two", "into": "2019-11-30-two-plus-two"}}
                ]
            }
        ),
        encoding="utf-8",
    )
    summary = ingest(
        [SEEDS],
        seeded_db.sessions,
        reference,
        root=PROJECT_ROOT,
        today=TODAY,
        corrections=load_corrections(path),
    )
    assert not summary.failed
    assert not summary.stale
    assert_current(seeded_db)


def test_a_full_refresh_changes_nothing_that_ingestion_kept(
    seeded_db: Database, reference: Reference
) -> None:
    seeded_db.ingest(reference, ARTICLES)
    with seeded_db.sessions() as session:
        kept = stored(session)
        refresh_meeting_summaries(session)
        assert stored(session) == kept
        session.rollback()


def test_a_meeting_deleted_takes_its_summary_rows(seeded_db: Database) -> None:
    with seeded_db.sessions() as session:
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.slug == "2019-11-30-two-plus-two"))
        assert session.scalar(
            select(func.count()).select_from(MeetingTopic).where(MeetingTopic.meeting_id == meeting_id)
        )
        session.execute(text("DELETE FROM meetings WHERE id = :id"), {"id": meeting_id})
        left = session.scalar(
            select(func.count()).select_from(MeetingTopic).where(MeetingTopic.meeting_id == meeting_id)
        )
        assert left == 0
        session.rollback()


def test_the_topics_index_read_from_summaries_is_the_count_over_every_statement(
    seeded_db: Database, reference: Reference
) -> None:
    seeded_db.ingest(reference, ARTICLES)
    with seeded_db.sessions() as session:
        # A statement at no meeting has no summary row: the index still counts it.
        loose = session.scalar(
            select(Statement)
            .where(Statement.kind != "context", Statement.meeting_id.is_not(None))
            .join(StatementTopic, StatementTopic.statement_id == Statement.id)
            .order_by(Statement.id)
            .limit(1)
        )
        assert loose is not None
        loose.meeting_id = None
        session.flush()
        refresh_meeting_summaries(session)
        expected = {
            slug: (n, m)
            for slug, n, m in session.execute(
                text(
                    "SELECT t.slug, count(s.id), count(DISTINCT s.meeting_id) FROM topics t "
                    "LEFT JOIN statement_topics st ON st.topic_id = t.id "
                    "LEFT JOIN statements s ON s.id = st.statement_id AND s.kind != 'context' "
                    "GROUP BY t.slug"
                )
            )
        }
        found = {t.slug: (t.statement_count, t.meeting_count) for t in topics_overview(session)}
        assert found == expected
        assert any(n for n, _ in found.values())
        session.rollback()


def test_the_migration_fills_a_topics_years_speakers_and_countries_as_ingestion_does(
    seeded_db: Database, reference: Reference
) -> None:
    """Migration 0018 gives a filled archive the years and facet counts that ingestion keeps."""
    seeded_db.ingest(reference, ARTICLES)
    seeded_db.engine.dispose()
    command.downgrade(alembic_config(seeded_db.url), "0017")
    with seeded_db.sessions() as session:
        assert "meeting_topic_speakers" not in inspect(session.connection()).get_table_names()
    seeded_db.engine.dispose()
    command.upgrade(alembic_config(seeded_db.url), "head")
    with seeded_db.sessions() as session:
        assert_topic_facets_current(session)
