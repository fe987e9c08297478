"""Datelines in agency house styles: where the copy was filed, the day, the agency, and what is left."""

import pytest

from app.ingest.clean import clean
from app.ingest.segment import Dateline, opening_dateline, read_dateline, segment


@pytest.mark.parametrize(
    ("paragraph", "place", "month", "day", "year", "agency", "rest"),
    [
        (
            "YOKOSUKA, Japan, June 10 (Kyodo) -- Defense Minister Gen Nakatani toured the base on Tuesday.",
            "Yokosuka",
            6,
            10,
            None,
            "Kyodo",
            "Defense Minister",
        ),
        (
            "New Delhi (Jiji Press) — Japan's foreign minister arrived.",
            "New Delhi",
            None,
            None,
            None,
            "Jiji Press",
            "Japan's",
        ),
        (
            "New Delhi/Tokyo, Jan 19 (IANS) India and Japan agreed.",
            "New Delhi",
            1,
            19,
            None,
            "IANS",
            "India and",
        ),
        (
            "new Delhi: External Affairs Minister S Jaishankar spoke.",
            "New Delhi",
            None,
            None,
            None,
            None,
            "External",
        ),
        (
            "MANILA (Reuters) – Japan and the Philippines signed a pact.",
            "Manila",
            None,
            None,
            None,
            "Reuters",
            "Japan and",
        ),
        (
            "PTI Tokyo, July 2 External Affairs Minister S Jaishankar arrived.",
            "Tokyo",
            7,
            2,
            None,
            "PTI",
            "External",
        ),
        ("TOKYO, Nov 30 (Kyodo) -- The ministers met.", "Tokyo", 11, 30, None, "Kyodo", "The ministers"),
        ("New Delhi [India], May 5 : India and Japan met.", "New Delhi", 5, 5, None, None, "India and"),
        ("NEW DELHI: India and Japan met.", "New Delhi", None, None, None, None, "India and"),
        ("Chennai, Oct 3, 2023 (PTI) The talks ended.", "Chennai", 10, 3, 2023, "PTI", "The talks"),
        ("Hanoi, Vietnam, Aug 1 (AP) — The ministers met.", "Hanoi", 8, 1, None, "AP", "The ministers"),
        ("PIB, September 2 The ministers met.", "", 9, 2, None, "PIB", "The ministers"),
    ],
)
def test_agency_dateline_gives_place_day_and_agency(
    paragraph: str,
    place: str,
    month: int | None,
    day: int | None,
    year: int | None,
    agency: str | None,
    rest: str,
) -> None:
    dateline = read_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.month, dateline.day, dateline.year, dateline.agency) == (
        place,
        month,
        day,
        year,
        agency,
    )
    assert paragraph[dateline.length :].startswith(rest)


def test_agency_first_dateline_without_a_day_stops_at_the_city() -> None:
    dateline = read_dateline("PTI Tokyo External Affairs Minister S Jaishankar arrived on Monday.")
    assert dateline is not None
    assert dateline.place == "Tokyo"
    assert dateline.agency == "PTI"


@pytest.mark.parametrize(
    "paragraph",
    [
        "Japan and India agree on drills",
        "INDIA-JAPAN-DEFENCE: Ministers meet",
        "The ministers met in Tokyo on Monday.",
        "In Tokyo, the ministers met.",
        "India, Japan to hold talks",
    ],
)
def test_headline_caption_slug_or_plain_sentence_is_no_dateline(paragraph: str) -> None:
    assert read_dateline(paragraph) is None


def _body_sentences(body: str) -> list[str]:
    return [s.text for s in segment(body, clean(body).paragraphs)]


def test_kyodo_dateline_with_region_does_not_leak_into_the_first_sentence() -> None:
    body = (
        "YOKOSUKA, Japan, June 10 (Kyodo) -- Defense Minister Gen Nakatani and his Indian counterpart "
        "Rajnath Singh inspected a destroyer on Tuesday.\n\nThey then held talks."
    )
    sentences = _body_sentences(body)
    assert sentences[0].startswith("Defense Minister Gen Nakatani")
    assert "Kyodo" not in sentences[0]
    assert sentences[1] == "They then held talks."


def test_dateline_after_a_headline_and_byline_opens_the_story() -> None:
    body = (
        "India, Japan defence chiefs talk drones\n\nBy Staff Reporter\n\n"
        "MANILA (Reuters) – Japan's defence minister met his Indian counterpart on Sunday."
    )
    paragraphs = clean(body).paragraphs
    opening = opening_dateline(body, paragraphs)
    assert opening is not None
    number, dateline = opening
    assert isinstance(dateline, Dateline)
    assert dateline.place == "Manila"
    assert body[paragraphs[number - 1].start :].startswith("MANILA")


def test_no_dateline_once_a_full_sentence_has_opened_the_story() -> None:
    body = "The ministers met on Monday.\n\nTOKYO, May 2 (Kyodo) -- A second report followed."
    assert opening_dateline(body, clean(body).paragraphs) is None
    assert _body_sentences(body)[1].startswith("TOKYO, May 2")


def test_dateline_is_only_dropped_from_the_opening_paragraph() -> None:
    body = "new Delhi: The ministers met.\n\nThey agreed on drills."
    assert _body_sentences(body) == ["The ministers met.", "They agreed on drills."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Rajnath Singh, India's Defence Minister, met Gen Nakatani on Monday.",
        "KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, met Dr. S. Jaishankar.",
    ],
)
def test_story_opening_with_a_ministers_name_is_no_dateline(paragraph: str) -> None:
    assert read_dateline(paragraph) is None
