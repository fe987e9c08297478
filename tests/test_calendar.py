"""The calendar of the record, seeds/meetings.yaml: every row has a source, its fields are of the allowed
forms, numbered dialogues count up with the date, and every participant is in the actor dictionary with
a post that covers the meeting's date."""

import calendar
import re
from datetime import date
from typing import Any

import pytest
import yaml

from app.ingest.reference import KnownPerson, Post, Reference
from app.ingest.text import slugify
from tests.conftest import SEEDS

KINDS = {"two-plus-two", "defence-ministerial", "foreign-ministerial"}
FORMATS = {"in-person", "virtual", "phone", "sidelines"}
FIELDS = {"kind", "edition", "date", "city", "format", "event", "participants", "sources"}
# The portfolios a participant of each kind of meeting holds on its date.
PORTFOLIOS = {
    "two-plus-two": {"foreign", "defence"},
    "defence-ministerial": {"defence"},
    "foreign-ministerial": {"foreign"},
}
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_URL = re.compile(r"https?://[^\s/]+\.[^\s/]+/?\S*")

MEETINGS: list[dict[str, Any]] = yaml.safe_load((SEEDS / "meetings.yaml").read_text(encoding="utf-8"))[
    "meetings"
]


def _id(meeting: dict[str, Any]) -> str:
    return f"{meeting.get('kind')}-{meeting.get('date')}"


def _days(value: Any) -> tuple[date, date]:
    """The first and last day the calendar's date may mean: a day, or a whole month."""
    if isinstance(value, date):
        return value, value
    text = str(value)
    if (month := _MONTH.fullmatch(text)) is not None:
        year, number = int(month[1]), int(month[2])
        return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    day = date.fromisoformat(text)
    if day.isoformat() != text:
        raise ValueError(f"{text!r} is not YYYY-MM-DD")
    return day, day


def _overlaps(post: Post, first: date, last: date) -> bool:
    """Whether `post` was held on some day from `first` to `last`."""
    return (post.start is None or post.start <= last) and (post.end is None or first <= post.end)


def test_the_calendar_has_meetings_of_every_kind() -> None:
    assert {m["kind"] for m in MEETINGS} == KINDS


@pytest.mark.parametrize("meeting", MEETINGS, ids=_id)
def test_every_row_has_its_sources(meeting: dict[str, Any]) -> None:
    sources = meeting.get("sources")
    assert isinstance(sources, list)
    assert sources, "a meeting needs at least one source"
    for url in sources:
        assert isinstance(url, str)
        assert _URL.fullmatch(url), f"{url!r} is not a URL"
    assert len(set(sources)) == len(sources), "a source is listed twice"


@pytest.mark.parametrize("meeting", MEETINGS, ids=_id)
def test_every_row_has_fields_of_the_allowed_forms(meeting: dict[str, Any]) -> None:
    assert set(meeting) <= FIELDS, f"unknown fields {set(meeting) - FIELDS}"
    assert meeting["kind"] in KINDS
    assert meeting["format"] in FORMATS
    assert meeting["edition"] is None or (type(meeting["edition"]) is int and meeting["edition"] >= 1)
    _days(meeting["date"])  # raises if the date does not parse
    if meeting["format"] in {"phone", "virtual"}:
        assert meeting["city"] is None, "a call has no city"
    else:
        assert isinstance(meeting["city"], str)
        assert meeting["city"]
    if meeting["format"] == "sidelines":
        assert isinstance(meeting.get("event"), str), "a meeting on the sidelines names the event"
        assert meeting["event"]
    else:
        assert "event" not in meeting
    participants = meeting["participants"]
    assert isinstance(participants, list)
    assert len(participants) >= 2
    assert len(set(participants)) == len(participants)


def test_the_calendar_lists_no_meeting_twice() -> None:
    keys = [(m["kind"], str(m["date"]), tuple(sorted(m["participants"]))) for m in MEETINGS]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_editions_are_unique_and_increase_with_the_date(kind: str) -> None:
    of_kind = [m for m in MEETINGS if m["kind"] == kind and m["edition"] is not None]
    numbered = sorted(((_days(m["date"]), m["edition"]) for m in of_kind), key=lambda row: row[0])
    editions = [edition for _, edition in numbered]
    assert len(set(editions)) == len(editions), f"an edition of {kind} is listed twice: {editions}"
    assert editions == sorted(editions), f"{kind} editions do not increase with the date: {numbered}"


def test_two_plus_two_dialogues_are_numbered() -> None:
    assert [m["edition"] for m in MEETINGS if m["kind"] == "two-plus-two"] == [1, 2, 3]


@pytest.mark.parametrize("meeting", MEETINGS, ids=_id)
def test_participants_are_in_the_dictionary_with_a_post_on_that_date(
    meeting: dict[str, Any], reference: Reference
) -> None:
    """Slugs are those the product gives dictionary entries (`KnownPerson.slug`, from `slugify(name)`).
    This fails, naming them, while seeds/ministers.yaml lacks a participant or the post they held."""
    people: dict[str, KnownPerson] = {person.slug: person for person in reference.people}
    first, last = _days(meeting["date"])
    portfolios = PORTFOLIOS[meeting["kind"]]
    problems = []
    for slug in meeting["participants"]:
        person = people.get(slug)
        if person is None:
            problems.append(f"{slug} is not in ministers.yaml")
        elif not any(post.portfolio in portfolios and _overlaps(post, first, last) for post in person.posts):
            problems.append(f"{slug} has no {'/'.join(sorted(portfolios))} post on {meeting['date']}")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("meeting", MEETINGS, ids=_id)
def test_participants_are_written_as_the_product_writes_slugs(meeting: dict[str, Any]) -> None:
    """The dictionary's slug of a person is `slugify(name)`: "S. Jaishankar" is s-jaishankar."""
    for slug in meeting["participants"]:
        assert isinstance(slug, str)
        assert slugify(slug) == slug, f"{slug!r} is not a slug"
