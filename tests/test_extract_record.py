"""The calendar of the record: which recorded meeting a report describes when its text gives no day."""

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from app.ingest.errors import IngestError
from app.ingest.extract.record import on_the_record
from app.ingest.parse import Article
from app.ingest.prepare import Extraction, extract_article
from app.ingest.reference import RecordedMeeting, Reference, load_reference

SEEDS = load_reference(Path("seeds"))


def _meeting(
    kind: str,
    day: date,
    participants: tuple[str, ...],
    *,
    edition: int | None = None,
    city: str | None = "Tokyo",
    event: str | None = None,
    precision: str = "day",
) -> RecordedMeeting:
    return RecordedMeeting(kind, edition, day, precision, city, "in-person", event, participants, ())


DEFENCE = ("rajnath-singh", "gen-nakatani")
FOREIGN = ("s-jaishankar", "takeshi-iwaya")
SHANGRI_LA = _meeting(
    "defence-ministerial", date(2025, 5, 31), DEFENCE, city="Singapore", event="Shangri-La Dialogue"
)
TOKYO_VISIT = _meeting("defence-ministerial", date(2025, 6, 3), DEFENCE)  # a Tuesday
STRATEGIC = _meeting("foreign-ministerial", date(2025, 3, 4), FOREIGN, edition=17)
MONTH_ONLY = _meeting("foreign-ministerial", date(2025, 9, 1), FOREIGN, precision="month")
REFERENCE: Reference = dataclasses.replace(SEEDS, calendar=(SHANGRI_LA, TOKYO_VISIT, STRATEGIC, MONTH_ONLY))


def test_numbered_dialogue_is_found_by_its_edition_alone() -> None:
    assert on_the_record(REFERENCE, "foreign-ministerial", 17, (), None, 10) is STRATEGIC


def test_participants_and_a_near_day_pick_the_one_meeting() -> None:
    assert on_the_record(REFERENCE, "foreign-ministerial", None, FOREIGN, date(2025, 3, 6), 10) is STRATEGIC


def test_meeting_outside_the_window_is_not_taken() -> None:
    assert on_the_record(REFERENCE, "foreign-ministerial", None, FOREIGN, date(2025, 4, 30), 10) is None


def test_month_only_entries_never_date_a_report() -> None:
    assert on_the_record(REFERENCE, "foreign-ministerial", None, FOREIGN, date(2025, 9, 2), 10) is None


def test_kind_without_edition_participants_or_day_matches_nothing() -> None:
    assert on_the_record(REFERENCE, "foreign-ministerial", None, (), None, 10) is None


def test_participant_outside_the_meeting_rules_it_out() -> None:
    assert on_the_record(REFERENCE, "foreign-ministerial", 17, ("toshimitsu-motegi",), None, 10) is None


@pytest.mark.parametrize(
    ("text", "meeting"),
    [
        ("Singh met Nakatani on the sidelines of the Shangri-La Dialogue.", SHANGRI_LA),
        ("Singh met Nakatani on Tuesday.", TOKYO_VISIT),
        ("Singh met Nakatani on Saturday.", SHANGRI_LA),
    ],
    ids=["event-name", "weekday-tuesday", "weekday-saturday"],
)
def test_two_candidates_are_narrowed_by_the_event_or_weekday_the_text_names(
    text: str, meeting: RecordedMeeting
) -> None:
    assert (
        on_the_record(REFERENCE, "defence-ministerial", None, DEFENCE, date(2025, 6, 4), 10, text) is meeting
    )


def test_two_candidates_and_nothing_to_tell_them_apart_give_none() -> None:
    text = "Singh met Nakatani and discussed drones."
    assert on_the_record(REFERENCE, "defence-ministerial", None, DEFENCE, date(2025, 6, 4), 10, text) is None


def _extract(body: str, published: date | None) -> Extraction:
    rule = "front-matter" if published else "none"
    article = Article("t.txt", body.encode(), body, None, None, published, rule, None)
    return extract_article(article, REFERENCE, date(2026, 11, 23))


def test_undated_report_of_a_numbered_dialogue_takes_day_and_city_from_the_calendar() -> None:
    extraction = _extract(
        "Foreign Minister Takeshi Iwaya and External Affairs Minister S Jaishankar held the 17th Foreign "
        "Ministers' Strategic Dialogue.",
        published=None,
    )
    lead = extraction.meetings[0]
    assert (lead.date, lead.date_rule, lead.city, lead.city_rule) == (
        date(2025, 3, 4),
        "calendar",
        "Tokyo",
        "calendar",
    )


def test_report_without_a_day_takes_the_recorded_meeting_days_before_publication() -> None:
    lead = _extract(
        "Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani at the Shangri-La "
        "Dialogue.",
        published=date(2025, 6, 2),
    ).meetings[0]
    assert (lead.date, lead.date_rule) == (date(2025, 5, 31), "calendar")


def test_calendar_meeting_in_another_city_does_not_date_a_report() -> None:
    reference = dataclasses.replace(SEEDS, calendar=(SHANGRI_LA,))
    body = "Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani in Tokyo."
    article = Article("t.txt", body.encode(), body, None, None, None, "none", None)
    with pytest.raises(IngestError) as caught:
        extract_article(article, reference, date(2026, 11, 23))
    assert "gives no date" in caught.value.problem
