"""Mentions: the other meetings an article refers to, each its own meeting beside the lead one."""

from datetime import date
from pathlib import Path

import pytest

from app.ingest.extract.kinds import MeetingDraft
from app.ingest.extract.mentions import referenced
from app.ingest.parse import Article
from app.ingest.prepare import extract_article
from app.ingest.reference import load_reference
from app.ingest.segment import Sentence

REFERENCE = load_reference(Path("seeds"))
WRITTEN = date(2025, 3, 5)  # a Wednesday
LEAD = "Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani in Tokyo on Tuesday.\n\n"


def _meetings(body: str) -> tuple[MeetingDraft, ...]:
    article = Article("t.txt", body.encode(), body, None, None, WRITTEN, "front-matter", None)
    return extract_article(article, REFERENCE, date(2026, 11, 23)).meetings


def _mentioned(extra: str) -> list[tuple[str, date, str, str, str | None]]:
    lead, *others = _meetings(LEAD + extra)
    assert (lead.role, lead.kind, lead.date, lead.city) == (
        "subject",
        "defence-ministerial",
        date(2025, 3, 4),
        "Tokyo",
    )
    return [(m.kind, m.date, m.date_precision, m.status, m.city) for m in others]


def test_last_2_plus_2_in_a_month_and_city_is_a_referenced_meeting() -> None:
    assert _mentioned("The two last met at the 2+2 in New Delhi in August 2024.") == [
        ("two-plus-two", date(2024, 8, 1), "month", "referenced", "New Delhi")
    ]


def test_next_2_plus_2_later_this_year_is_planned() -> None:
    assert _mentioned("The next 2+2 dialogue is to be held in India later this year.") == [
        ("two-plus-two", date(2025, 1, 1), "year", "planned", None)
    ]


@pytest.mark.parametrize(
    ("extra", "day"),
    [
        ("It was the first defence ministers' meeting in Tokyo since 2022.", date(2022, 1, 1)),
        ("The previous defence ministers' meeting was held about two years ago.", date(2023, 1, 1)),
    ],
    ids=["since-a-year", "years-ago"],
)
def test_earlier_meeting_recalled_by_when_is_referenced_by_year(extra: str, day: date) -> None:
    assert _mentioned(extra) == [("defence-ministerial", day, "year", "referenced", None)]


def test_foreign_ministers_dialogue_the_same_day_is_its_own_meeting() -> None:
    assert _mentioned(
        "On the same day, the foreign ministers' strategic dialogue was also held in Tokyo."
    ) == [("foreign-ministerial", date(2025, 3, 4), "day", "referenced", "Tokyo")]


def test_previous_meeting_with_no_date_is_the_calendars_one_before() -> None:
    (previous,) = _meetings(LEAD + "Singh recalled his previous meeting with Nakatani.")[1:]
    assert (previous.kind, previous.date, previous.date_rule) == (
        "defence-ministerial",
        date(2024, 11, 22),
        "calendar",
    )


def test_report_that_names_no_other_meeting_has_only_its_lead() -> None:
    assert _mentioned("They discussed drones, ships and supply chains.") == []


def _sentence(text: str) -> list[Sentence]:
    return [Sentence(1, 500, 500 + len(text), text)]


def test_referenced_reads_the_kind_city_and_month_of_the_last_meeting() -> None:
    text = "It follows the last 2+2 meeting in Tokyo in September 2022."
    (draft,) = referenced(_sentence(text), "defence-ministerial", WRITTEN)
    assert (draft.role, draft.kind, draft.date, draft.date_rule, draft.status, draft.city) == (
        "mention",
        "two-plus-two",
        date(2022, 9, 1),
        "mentioned-month",
        "referenced",
        "Tokyo",
    )
    assert text[draft.evidence_start - 500 : draft.evidence_end - 500].startswith("last 2+2")


def test_referenced_past_meeting_after_the_day_of_writing_is_dropped() -> None:
    assert (
        referenced(_sentence("It follows the last 2+2 meeting in Tokyo in 2027."), "two-plus-two", WRITTEN)
        == []
    )


def test_next_round_of_an_exercise_is_no_meeting() -> None:
    meetings = _meetings(LEAD + "The next round of the Dharma Guardian exercise will be in India next year.")
    assert [m.role for m in meetings] == ["subject"]
