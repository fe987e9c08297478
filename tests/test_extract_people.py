"""People: the persons an article names, by title, as a counterpart or by a known name."""

from datetime import date
from pathlib import Path

import pytest

from app.ingest.clean import clean
from app.ingest.extract.people import PersonMention, find_people, read_as_letters
from app.ingest.reference import load_reference
from app.ingest.resolve import Person, resolve_people
from app.ingest.segment import segment

REFERENCE = load_reference(Path("seeds"))
# A first paragraph that cannot be read as a dateline, so the sentences under test are whole.
OPENING = "The talks went well.\n\n"


def _mentions(body: str) -> list[PersonMention]:
    text = OPENING + body
    return find_people(segment(text, clean(text).paragraphs), REFERENCE)


def _resolved(body: str, on: date) -> list[tuple[str, str, Person | None]]:
    mentions = _mentions(body)
    return [
        (m.surface, m.via, p) for m, p in zip(mentions, resolve_people(mentions, REFERENCE, on), strict=True)
    ]


def test_titled_japanese_minister_and_untitled_indian_counterpart() -> None:
    mentions = _mentions("Japanese Defense Minister Gen Nakatani met his Indian counterpart Rajnath Singh.")
    assert [(m.surface, m.via, m.portfolio, m.country) for m in mentions] == [
        ("Gen Nakatani", "title", "defence", "Japan"),
        ("Rajnath Singh", "counterpart", None, "India"),
    ]
    assert mentions[1].counterpart_of == 0


@pytest.mark.parametrize(
    ("sentence", "surface", "portfolio", "country"),
    [
        ("Raksha Mantri Rajnath Singh addressed the troops.", "Rajnath Singh", "defence", "India"),
        ("EAM Jaishankar spoke to the press.", "Jaishankar", "foreign", "India"),
        ("Australia's Foreign Minister Penny Wong joined the call.", "Penny Wong", "foreign", "Australia"),
        ("U.S. Secretary of State Marco Rubio joined the call.", "Marco Rubio", "foreign", "United States"),
        ("The Minister of Defence of Japan Gen Nakatani arrived.", "Gen Nakatani", "defence", "Japan"),
        ("External Affairs Minister Dr. S. Jaishankar arrived.", "S. Jaishankar", "foreign", "India"),
    ],
)
def test_title_gives_post_and_country(sentence: str, surface: str, portfolio: str, country: str) -> None:
    titled = [m for m in _mentions(sentence) if m.via == "title"]
    assert [(m.surface, m.portfolio, m.country) for m in titled] == [(surface, portfolio, country)]


def test_former_prime_minister_is_marked_former() -> None:
    (mention,) = _mentions("Former Prime Minister Shinzo Abe was remembered at the dinner.")
    assert (mention.surface, mention.portfolio, mention.former) == ("Shinzo Abe", "prime-minister", True)


def test_known_family_names_alone_resolve_to_the_holders_of_the_day() -> None:
    found = _resolved("Motegi praised the plan. Koizumi agreed with him.", date(2025, 12, 1))
    assert [(surface, p and p.slug, p and p.portfolio) for surface, _, p in found] == [
        ("Motegi", "toshimitsu-motegi", "foreign"),
        ("Koizumi", "shinjiro-koizumi", "defence"),
    ]


def test_iwaya_is_defence_minister_in_2019_and_foreign_minister_in_2025() -> None:
    (in_2019,) = _resolved("Minister Iwaya inspected the ship.", date(2019, 3, 1))
    (in_2025,) = _resolved("Minister Iwaya inspected the ship.", date(2025, 3, 1))
    assert in_2019[2] is not None
    assert in_2025[2] is not None
    assert (in_2019[2].slug, in_2019[2].portfolio) == ("takeshi-iwaya", "defence")
    assert (in_2025[2].slug, in_2025[2].portfolio) == ("takeshi-iwaya", "foreign")


def test_scanned_lwaya_is_read_as_iwaya() -> None:
    (mention,) = _mentions("Defense Minister lwaya greeted the delegation.")
    assert mention.surface == "Iwaya"
    assert read_as_letters("lwaya visited Japan-lndia talks") == "Iwaya visited Japan-India talks"
    assert read_as_letters("the lake lies low") == "the lake lies low"


def test_family_name_in_capitals_as_japanese_ministries_write_it() -> None:
    found = _resolved(
        "KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, met Dr. S. Jaishankar.", date(2024, 3, 7)
    )
    slugs = {p.slug for _, _, p in found if p is not None}
    assert slugs == {"yoko-kamikawa", "s-jaishankar"}
    assert found[0][0] == "KAMIKAWA Yoko"


def test_family_name_in_capitals_is_one_mention() -> None:
    surfaces = [m.surface for m in _mentions("KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, spoke.")]
    assert surfaces == ["KAMIKAWA Yoko"]


def test_family_name_first_order_matches_the_dictionary() -> None:
    found = _resolved("Foreign Minister Hayashi Yoshimasa spoke. Hayashi said more.", date(2022, 9, 8))
    assert [(s, p and p.slug) for s, _, p in found] == [
        ("Hayashi Yoshimasa", "yoshimasa-hayashi"),
        ("Hayashi", "yoshimasa-hayashi"),
    ]


def test_honorific_san_is_part_of_the_known_name() -> None:
    found = _resolved("Nakatani San thanked Singh for the visit.", date(2025, 3, 1))
    assert [(s, p and p.slug) for s, _, p in found] == [
        ("Nakatani San", "gen-nakatani"),
        ("Singh", "rajnath-singh"),
    ]


def test_titled_person_outside_the_dictionary_is_kept_as_a_new_person() -> None:
    ((surface, via, person),) = _resolved(
        "Philippine Foreign Minister Ana Reyes toured the port.", date(2025, 3, 1)
    )
    assert (surface, via) == ("Ana Reyes", "title")
    assert person is not None
    assert (person.slug, person.country, person.portfolio, person.known) == (
        "ana-reyes",
        "Philippines",
        "foreign",
        None,
    )


def test_counterparts_respectively_pair_in_order() -> None:
    mentions = _mentions(
        "Foreign Minister Takeshi Iwaya and Defence Minister Gen Nakatani welcomed their counterparts "
        "Jaishankar and Singh respectively."
    )
    counterparts = [m for m in mentions if m.via == "counterpart"]
    assert [(m.surface, m.respectively) for m in counterparts] == [("Jaishankar", True), ("Singh", True)]
    assert [mentions[m.counterpart_of].surface for m in counterparts if m.counterpart_of is not None] == [
        "Takeshi Iwaya",
        "Gen Nakatani",
    ]


def test_capitalised_words_that_are_nobody_are_not_people() -> None:
    assert _mentions("The Tokyo Metropolitan Government hosted a Monday reception in New Delhi.") == []


def test_mention_offsets_point_into_the_body() -> None:
    body = OPENING + "Later, Defence Minister Rajnath Singh spoke."
    (mention,) = find_people(segment(body, clean(body).paragraphs), REFERENCE)
    assert body[mention.start : mention.end] == "Rajnath Singh"
