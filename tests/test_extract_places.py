"""Places: the city of the meeting an article reports, never a country."""

from datetime import date
from pathlib import Path

import pytest

from app.ingest.extract.kinds import MeetingDraft
from app.ingest.extract.places import city_name, is_city
from app.ingest.parse import Article
from app.ingest.prepare import extract_article
from app.ingest.reference import load_reference

REFERENCE = load_reference(Path("seeds"))
TODAY = date(2026, 11, 23)
WRITTEN = date(2025, 3, 5)  # a Wednesday


def _lead(body: str, published: date = WRITTEN, outlet: str | None = None) -> MeetingDraft:
    article = Article("t.txt", body.encode(), body, None, outlet, published, "front-matter", None)
    return extract_article(article, REFERENCE, TODAY).meetings[0]


@pytest.mark.parametrize(
    ("body", "city", "rule"),
    [
        (
            "TOKYO, March 4 (Kyodo) -- Defense Minister Gen Nakatani met his Indian counterpart Rajnath "
            "Singh here on Tuesday.",
            "Tokyo",
            "here-dateline",
        ),
        (
            "Foreign Minister Takeshi Iwaya held talks with External Affairs Minister S Jaishankar in the "
            "Indian capital on Tuesday.",
            "New Delhi",
            "capital-phrase",
        ),
        (
            "External Affairs Minister S Jaishankar met Japanese Foreign Minister Takeshi Iwaya in the "
            "Japanese capital on Tuesday.",
            "Tokyo",
            "capital-phrase",
        ),
        (
            "new Delhi: External Affairs Minister S Jaishankar met Japanese Foreign Minister Takeshi Iwaya "
            "on Tuesday.",
            "New Delhi",
            "dateline",
        ),
        (
            "Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani on the sidelines of "
            "the ADMM-Plus in Vientiane on Wednesday.",
            "Vientiane",
            "in-city",
        ),
        (
            "External Affairs Minister S Jaishankar met Japanese Foreign Minister Takeshi Iwaya on Tuesday."
            "\n\nThe visiting Japanese minister also called on Prime Minister Narendra Modi.",
            "New Delhi",
            "visiting-side",
        ),
        (
            "MANILA (Reuters) – Indian Defence Minister Rajnath Singh met Japanese Defense Minister "
            "Gen Nakatani on Tuesday.",
            "Manila",
            "dateline",
        ),
    ],
    ids=[
        "here-under-dateline",
        "indian-capital",
        "japanese-capital",
        "lowercase-dateline",
        "sidelines",
        "visiting",
        "wire-dateline",
    ],
)
def test_meeting_city_and_the_rule_that_found_it(body: str, city: str, rule: str) -> None:
    lead = _lead(body)
    assert (lead.city, lead.city_rule) == (city, rule)


def test_venue_in_the_sentence_beats_the_dateline() -> None:
    lead = _lead(
        "TOKYO, March 4 (Kyodo) -- Defense Minister Gen Nakatani held talks with Indian Defence Minister "
        "Rajnath Singh in Osaka on Tuesday."
    )
    assert (lead.city, lead.city_rule) == ("Osaka", "in-city")


def test_delhi_in_the_text_is_recorded_as_new_delhi() -> None:
    lead = _lead(
        "Japanese Defense Minister Gen Nakatani met Defence Minister Rajnath Singh in Delhi on Tuesday."
    )
    assert lead.city == "New Delhi"


def test_phone_call_between_defence_ministers_has_no_city() -> None:
    lead = _lead(
        "NEW DELHI: Defence Minister Rajnath Singh held a telephone conversation with Japanese Defense "
        "Minister Gen Nakatani on Monday.\n\nThey discussed the security situation here."
    )
    assert (lead.remote, lead.city, lead.city_rule) == (True, None, None)


def test_video_conference_of_foreign_ministers_has_no_city() -> None:
    lead = _lead(
        "Foreign Minister Takeshi Iwaya and External Affairs Minister S Jaishankar held a video conference "
        "on Tuesday."
    )
    assert (lead.remote, lead.city) == (True, None)


def test_planned_visit_to_a_country_gets_no_city_rather_than_the_country() -> None:
    lead = _lead(
        "Japanese Foreign Minister Takeshi Iwaya will visit India for talks with External Affairs Minister "
        "S Jaishankar on Friday."
    )
    assert (lead.status, lead.city) == ("planned", None)


@pytest.mark.parametrize(
    ("name", "city"), [("Delhi", "New Delhi"), ("NEW DELHI", "New Delhi"), ("Tokyo", "Tokyo")]
)
def test_city_name_is_the_records_name(name: str, city: str) -> None:
    assert city_name(name) == city


@pytest.mark.parametrize(
    ("name", "can_be_a_city"),
    [
        ("Tokyo", True),
        ("Yokosuka", True),
        ("India", False),
        ("Japan", False),
        ("Indian", False),
        ("Philippines", False),
    ],
)
def test_a_city_is_never_a_country(name: str, can_be_a_city: bool) -> None:
    assert is_city(name, REFERENCE) is can_be_a_city


def test_national_capital_under_a_new_delhi_dateline_is_new_delhi() -> None:
    lead = _lead(
        "NEW DELHI: Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani in the "
        "national capital on Monday.",
        published=date(2025, 5, 6),
    )
    assert (lead.city, lead.city_rule) == ("New Delhi", "capital-phrase")


def test_japans_capital_is_tokyo() -> None:
    lead = _lead(
        "External Affairs Minister S Jaishankar met Foreign Minister Takeshi Iwaya in Japan's capital on "
        "Monday.",
        published=date(2025, 5, 6),
    )
    assert (lead.city, lead.city_rule) == ("Tokyo", "capital-phrase")


def test_kyodo_dateline_with_region_gives_the_city_and_its_day_leaves_on_tuesday_alone() -> None:
    lead = _lead(
        "YOKOSUKA, Japan, June 12 (Kyodo) -- Defense Minister Gen Nakatani and his Indian counterpart "
        "Rajnath Singh inspected a destroyer on Tuesday and held talks aboard.",
        published=date(2025, 6, 12),
    )
    assert (lead.date, lead.city, lead.city_rule) == (date(2025, 6, 10), "Yokosuka", "dateline")


def test_an_initial_in_a_name_does_not_hide_the_venue_after_it() -> None:
    lead = _lead(
        "Japan's Foreign Minister Takeshi Iwaya held talks with his Indian counterpart S. Jaishankar in "
        "Tokyo on Friday."
    )
    assert (lead.city, lead.city_rule) == ("Tokyo", "in-city")
