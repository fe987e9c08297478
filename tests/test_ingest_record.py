"""The calendar of the record in the database: each of its meetings linked to the meeting that
reports describe, disagreements and meetings the record lacks listed, and none of it needed."""

import shutil
from pathlib import Path

from sqlalchemy import select

from app.ingest.reference import Reference, load_reference
from app.models import Meeting, RecordedMeeting
from app.queries.record import disagreements, not_on_record
from tests.conftest import SEEDS, Database, Databases
from tests.test_cli import run_app

ELSEWHERE = """---
title: Defence ministers meet in Osaka
outlet: Kyodo News
published: 2025-05-06
url: https://example.org/2025/05/06/defence-ministers-osaka
---
OSAKA, May 5 (Kyodo) -- Defence Minister Rajnath Singh held talks with his Japanese counterpart \
Gen Nakatani in Osaka on Monday, and the two agreed to expand joint exercises.
"""
NOT_ON_RECORD = """---
title: Defence ministers talk by phone
outlet: Press Trust of India
published: 2025-09-10
url: https://example.org/2025/09/10/defence-ministers-phone
---
NEW DELHI: Defence Minister Rajnath Singh spoke by phone on Wednesday with his Japanese \
counterpart Gen Nakatani about maritime security in the Indo-Pacific.
"""


def test_seed_meetings_are_linked_to_the_record(seeded_db: Database, reference: Reference) -> None:
    with seeded_db.sessions() as session:
        linked = session.execute(
            select(RecordedMeeting.kind, RecordedMeeting.date, Meeting.slug).join(
                Meeting, Meeting.id == RecordedMeeting.meeting_id
            )
        ).all()
        total = session.scalar(select(RecordedMeeting.id).order_by(RecordedMeeting.id.desc()).limit(1))
    assert sorted((kind, day.isoformat(), slug) for kind, day, slug in linked) == [
        ("defence-ministerial", "2025-05-05", "2025-05-05-defence-ministerial"),
        ("two-plus-two", "2019-11-30", "2019-11-30-two-plus-two"),
        ("two-plus-two", "2024-08-20", "2024-08-20-two-plus-two"),
    ]
    assert total is not None
    assert total == len(reference.calendar)


def test_report_that_disagrees_with_the_record_is_linked_and_listed(
    empty_db: Database, reference: Reference, tmp_path: Path
) -> None:
    article = tmp_path / "osaka.md"
    article.write_text(ELSEWHERE, encoding="utf-8")
    empty_db.ingest(reference, article)
    with empty_db.sessions() as session:
        found = disagreements(session)
    assert [(d.meeting_slug, d.field, d.record, d.reports) for d in found] == [
        ("2025-05-05-defence-ministerial", "city", "New Delhi", "Osaka")
    ]


def test_meeting_the_record_lacks_is_listed_with_the_line_to_paste(
    empty_db: Database, reference: Reference, tmp_path: Path
) -> None:
    article = tmp_path / "phone.md"
    article.write_text(NOT_ON_RECORD, encoding="utf-8")
    empty_db.ingest(reference, article)
    with empty_db.sessions() as session:
        missing = not_on_record(session)
    assert [line for _, line in missing] == [
        "- {kind: defence-ministerial, edition: null, date: 2025-09-10, city: null, format: phone, "
        "participants: [gen-nakatani, rajnath-singh], sources: [URL]}"
    ]


def test_without_a_calendar_the_product_works_from_extraction_alone(
    empty_db: Database, seeded_db: Database, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "meetings.yaml").unlink()
    without = load_reference(seeds)
    assert without.calendar == ()
    summary = empty_db.ingest(without, *sorted(SEEDS.glob("0*.txt")))

    assert summary.failed == []
    with empty_db.sessions() as session, seeded_db.sessions() as seeded:
        assert session.scalars(select(RecordedMeeting)).all() == []
        assert not_on_record(session) == []
        slugs = sorted(session.scalars(select(Meeting.slug)))
        assert slugs == sorted(seeded.scalars(select(Meeting.slug)))


def test_check_lists_the_meeting_the_calendar_lacks(
    databases: Databases, migrated_template: str, tmp_path: Path
) -> None:
    article = tmp_path / "phone.md"
    article.write_text(NOT_ON_RECORD, encoding="utf-8")
    database = databases.copy(migrated_template, "check")
    try:
        assert run_app(database, "ingest", str(article)).returncode == 0
        checked = run_app(database, "check")
    finally:
        databases.drop(database)
    lines = checked.stdout.splitlines()
    assert "not in the calendar 2025-09-10-defence-ministerial: add to seeds/meetings.yaml" in lines
    assert lines[-1].endswith("0 facts differ from the record, 1 meetings not in the calendar")
