"""The calendar of the record on the pages: the timeline's whole record, a meeting's entry on the
record, and what /review lists against it."""

from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.ingest.reference import Reference
from tests.conftest import Database
from tests.test_ingest_record import NOT_ON_RECORD


def _client(db: Database) -> TestClient:
    from app.config import Settings
    from app.main import create_app

    return TestClient(create_app(Settings(database_url=db.url)))


def test_timeline_counts_the_record_and_lists_the_meetings_without_reports(
    seeded_db: Database, reference: Reference
) -> None:
    page = BeautifulSoup(_client(seeded_db).get("/").text, "html.parser")
    record = page.select_one("section.record")
    assert record is not None
    assert f"holds {len(reference.calendar)} meetings" in record.get_text(" ", strip=True)
    assert "3 2+2 dialogues (2 with reports)" in record.get_text(" ", strip=True)
    listed = record.select("ul.record__list li")
    assert len(listed) == len(reference.calendar) - 3  # the seeds report three meetings of the record
    assert all("no report ingested" in li.get_text() for li in listed)
    assert all(li.select_one("a[href^='http']") for li in listed)


def test_meeting_page_shows_its_entry_on_the_record(seeded_db: Database) -> None:
    page = BeautifulSoup(_client(seeded_db).get("/meetings/2024-08-20-two-plus-two").text, "html.parser")
    terms = [dt.get_text(strip=True) for dt in page.select("dl.facts dt")]
    assert "On the record" in terms
    entry = page.select("dl.facts dd")[terms.index("On the record")]
    assert entry.get_text(" ", strip=True).startswith("20 Aug 2024, New Delhi, in person")


def test_review_lists_a_phone_call_the_calendar_lacks(
    empty_db: Database, reference: Reference, tmp_path: Path
) -> None:
    article = tmp_path / "phone.md"
    article.write_text(NOT_ON_RECORD, encoding="utf-8")
    empty_db.ingest(reference, article)
    client = _client(empty_db)
    review = BeautifulSoup(client.get("/review").text, "html.parser")
    section = review.select_one("section.record-review")
    assert section is not None
    assert "2025-09-10-defence-ministerial" in section.get_text()
    line = section.select_one("pre.correction")
    assert line is not None
    assert "format: phone" in line.get_text()
    meeting = BeautifulSoup(client.get("/meetings/2025-09-10-defence-ministerial").text, "html.parser")
    terms = [dt.get_text(strip=True) for dt in meeting.select("dl.facts dt")]
    assert "Held" in terms
    assert meeting.select("dl.facts dd")[terms.index("Held")].get_text(strip=True) == "By telephone"
