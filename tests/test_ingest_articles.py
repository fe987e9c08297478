"""Extraction on short wire-copy articles about other meetings, against hand-written expectations.

tests/articles/EXPECTED.yaml was written by reading the articles, not by running the extractor,
so these tests show whether extraction generalises beyond the five seed texts.
"""

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.ingest.errors import IngestError
from app.ingest.parse import parse_article
from app.ingest.prepare import Extraction, StatementRecord, extract_article
from app.ingest.reference import Reference
from app.ingest.text import name_key, squash
from tests.conftest import ARTICLES, TODAY, Database

EXPECTED: dict[str, Any] = yaml.safe_load((ARTICLES / "EXPECTED.yaml").read_text(encoding="utf-8"))
HELD = [name for name, spec in EXPECTED.items() if not spec.get("expect_error")]


def _extract(name: str, reference: Reference) -> Extraction:
    path = ARTICLES / name
    return extract_article(parse_article(path, path.read_bytes(), name), reference, TODAY)


def _date_label(day: Any, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": str(day.year)}[precision]


def _person_key(spec: dict[str, Any]) -> frozenset[str]:
    return name_key(spec.get("canonical") or spec["name"])


def _people(extraction: Extraction, slugs: tuple[str, ...]) -> set[frozenset[str]]:
    names = {p.slug: p.name for p in extraction.people}
    return {name_key(names[slug]) for slug in slugs}


def _speaker_matches(record: StatementRecord, extraction: Extraction, spec: dict[str, Any] | None) -> bool:
    if spec is None:
        return record.speaker_type == "minister" and record.person is None
    if record.speaker_type != spec["type"]:
        return False
    if spec["type"] != "minister":
        return True
    names = {p.slug: p.name for p in extraction.people}
    return record.person is not None and name_key(names[record.person]) == name_key(spec["name"])


@pytest.mark.parametrize("name", HELD)
def test_meeting_facts(name: str, reference: Reference) -> None:
    spec = EXPECTED[name]["meeting"]
    meeting = _extract(name, reference).meetings[0]
    assert meeting.kind == spec["kind"]
    assert meeting.edition == spec["edition"]
    assert meeting.date.isoformat() == spec["date"]
    assert meeting.city == spec["city"]
    assert meeting.status == spec["status"]


@pytest.mark.parametrize("name", HELD)
def test_participants(name: str, reference: Reference) -> None:
    extraction = _extract(name, reference)
    expected = {_person_key(p) for p in EXPECTED[name]["participants"]}
    assert _people(extraction, extraction.participants) == expected
    countries = {p.slug: p.country for p in extraction.people}
    for person in EXPECTED[name]["participants"]:
        [slug] = [s for s in extraction.participants if _people(extraction, (s,)) == {_person_key(person)}]
        assert countries[slug] == person["country"]


@pytest.mark.parametrize(
    ("name", "index"),
    [(name, i) for name in HELD for i in range(len(EXPECTED[name]["statements"]))],
)
def test_chosen_statements(name: str, index: int, reference: Reference) -> None:
    spec = EXPECTED[name]["statements"][index]
    extraction = _extract(name, reference)
    found = [s for s in extraction.statements if squash(spec["text"]) in squash(s.text)]
    assert len(found) == spec.get("occurrences", 1) or (found and "occurrences" not in spec)
    statement = found[0]
    assert statement.kind == spec["kind"]
    speakers = [spec["speaker"], *([spec["speaker_alt"]] if "speaker_alt" in spec else [])]
    assert any(_speaker_matches(statement, extraction, s) for s in speakers), (
        statement.speaker_type,
        statement.person,
        statement.speaker_label,
    )
    topics = {slug for slug, _ in statement.topics}
    assert set(spec.get("topics", [])) <= topics
    assert not set(spec.get("topics_not", [])) & topics


@pytest.mark.parametrize("name", HELD)
def test_what_must_not_be_extracted(name: str, reference: Reference) -> None:
    must_not = EXPECTED[name].get("must_not", {})
    extraction = _extract(name, reference)
    participants = _people(extraction, extraction.participants)
    for person in must_not.get("participants", []):
        assert name_key(person) not in participants
    texts = " ".join(s.text for s in extraction.statements)
    for words in must_not.get("statements_containing", []):
        assert words not in texts
    meeting = extraction.meetings[0]
    for field, value in must_not.get("meeting", {}).items():
        actual = meeting.date.isoformat() if field == "date" else getattr(meeting, field)
        assert actual != value, field


@pytest.mark.parametrize("name", HELD)
def test_referenced_and_planned_meetings(name: str, reference: Reference) -> None:
    spec = EXPECTED[name]
    others = {
        (m.kind, _date_label(m.date, m.date_precision), m.status)
        for m in _extract(name, reference).meetings[1:]
    }
    expected = [*spec.get("referenced_meetings", []), *spec.get("planned_meetings", [])]
    for meeting in expected:
        key = (meeting["kind"], meeting["date"], meeting["status"])
        if meeting.get("required", True):
            assert key in others
    allowed = {(m["kind"], m["date"], m["status"]) for m in expected}
    assert others <= allowed


def test_article_on_another_subject_is_rejected_with_the_file_named(reference: Reference) -> None:
    with pytest.raises(IngestError, match=r"unrelated_subject\.md: no India–Japan ministers' meeting found"):
        _extract("unrelated_subject.md", reference)


def test_three_outlets_on_one_meeting_make_one_meeting_and_one_new_minister(
    empty_db: Database, reference: Reference
) -> None:
    from app.export import export_database

    names = [
        "tokyo_2plus2_fourth.md",
        "tokyo_2plus2_fourth_reuters.txt",
        "referenced_and_planned.md",
    ]
    summary = empty_db.ingest(reference, *(ARTICLES / n for n in names))
    assert not summary.failed
    with empty_db.sessions() as session:
        exported = export_database(session)
    held = [m for m in exported["meetings"] if m["status"] == "held"]
    assert len(held) == 1
    assert (held[0]["date"], held[0]["edition"], held[0]["city"]) == ("2026-05-15", 4, "Tokyo")
    assert len(held[0]["sources"]) == 3
    tanaka = [m for m in exported["ministers"] if name_key(m["name"]) == name_key("Hiroshi Tanaka")]
    assert len(tanaka) == 1
    assert tanaka[0]["country"] == "Japan"
    assert {"Tanaka Hiroshi", "Hiroshi Tanaka"} <= {tanaka[0]["name"], *tanaka[0]["aliases"]}


def test_articles_folder_ingests_with_one_clear_failure(empty_db: Database, reference: Reference) -> None:
    summary = empty_db.ingest(reference, Path(ARTICLES))
    assert summary.read == len(EXPECTED)
    assert [e.path.endswith("unrelated_subject.md") for e in summary.failed] == [True]
