"""Resolve: name variants to one person, participants told from people mentioned, pronouns."""

from datetime import date

import pytest

from app.ingest.clean import split_paragraphs
from app.ingest.extract.people import PersonMention, find_people
from app.ingest.extract.statements import find_statements
from app.ingest.reference import Reference
from app.ingest.resolve import Person, Speaker, resolve_people, resolve_speakers
from app.ingest.segment import segment

FIRST_2PLUS2 = date(2019, 11, 30)
THIRD_2PLUS2 = date(2024, 8, 20)
DEFENCE_MEETING_2025 = date(2025, 5, 5)
FOURTH_2PLUS2 = date(2026, 5, 15)


def _resolve(body: str, reference: Reference, on: date) -> list[tuple[PersonMention, Person | None]]:
    sentences = segment(body, tuple(split_paragraphs(body)))
    mentions = find_people(sentences, reference)
    return list(zip(mentions, resolve_people(mentions, reference, on), strict=True))


def _person(body: str, surface: str, reference: Reference, on: date) -> Person:
    found = [p for m, p in _resolve(body, reference, on) if m.surface == surface]
    assert found, f"{surface!r} is not found as a person in {body!r}"
    person = found[0]
    assert person is not None, f"{surface!r} resolves to no one"
    return person


def _speakers(body: str, reference: Reference, on: date) -> list[tuple[str, Speaker]]:
    sentences = segment(body, tuple(split_paragraphs(body)))
    mentions = find_people(sentences, reference)
    people = resolve_people(mentions, reference, on)
    drafts = find_statements(sentences, mentions, reference)
    return [(d.text, s) for d, s in zip(drafts, resolve_speakers(drafts, people), strict=True)]


def _speaker_of(words: str, speakers: list[tuple[str, Speaker]]) -> Speaker:
    [speaker] = [s for text, s in speakers if words in text]
    return speaker


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        ("Defence Minister Kono Taro met Defence Minister Rajnath Singh.", "Kono Taro"),
        ("Japanese Defence Minister Taro Kono met Rajnath Singh.", "Taro Kono"),
    ],
)
def test_kono_taro_is_taro_kono(body: str, surface: str, reference: Reference) -> None:
    person = _person(body, surface, reference, FIRST_2PLUS2)
    assert (person.slug, person.name, person.country) == ("taro-kono", "Taro Kono", "Japan")
    assert person.portfolio == "defence"  # he moved from foreign to defence in September 2019


@pytest.mark.parametrize("surface", ["Motegi Toshimitsu", "Toshimitsu Motegi"])
def test_motegi_toshimitsu_is_toshimitsu_motegi(surface: str, reference: Reference) -> None:
    body = f"Foreign Minister {surface} met External Affairs Minister S. Jaishankar."
    person = _person(body, surface, reference, FIRST_2PLUS2)
    assert (person.slug, person.portfolio, person.is_participant) == (
        "toshimitsu-motegi",
        "foreign",
        True,
    )


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        (
            "Defence minister Rajnath Singh told his Japanese counterpart General Nakatani "
            "on Monday that terrorism must end.",
            "General Nakatani",
        ),
        ("Defence Minister Gen Nakatani met Defence Minister Rajnath Singh.", "Gen Nakatani"),
        (
            "Defence Minister Gen Nakatani met Rajnath Singh. Nakatani San expressed solidarity.",
            "Nakatani San",
        ),
    ],
)
def test_general_nakatani_is_gen_nakatani_is_nakatani_san(
    body: str, surface: str, reference: Reference
) -> None:
    person = _person(body, surface, reference, DEFENCE_MEETING_2025)
    assert (person.slug, person.name, person.country, person.portfolio) == (
        "gen-nakatani",
        "Gen Nakatani",
        "Japan",
        "defence",
    )


@pytest.mark.parametrize("surface", ["S Jaishankar", "S. Jaishankar", "Subrahmanyam Jaishankar"])
def test_spellings_of_jaishankar_are_one_person(surface: str, reference: Reference) -> None:
    body = f"External Affairs Minister {surface} met the press."
    person = _person(body, surface, reference, THIRD_2PLUS2)
    assert (person.slug, person.name, person.country, person.portfolio) == (
        "s-jaishankar",
        "S. Jaishankar",
        "India",
        "foreign",
    )


def test_misspelt_full_name_resolves_by_fuzzy_match(reference: Reference) -> None:
    person = _person(
        "External Affairs Minister S. Jaishanker met the press.",
        "S. Jaishanker",
        reference,
        THIRD_2PLUS2,
    )
    assert person.slug == "s-jaishankar"
    assert person.rule == "fuzzy"


def test_misspelt_family_name_after_a_title_resolves_by_fuzzy_match(
    reference: Reference,
) -> None:
    person = _person(
        "External Affairs Minister Jaishanker met the press.", "Jaishanker", reference, THIRD_2PLUS2
    )
    assert person.slug == "s-jaishankar"


def test_prime_ministers_counterpart_is_not_a_participant(reference: Reference) -> None:
    body = (
        "Earlier, the ministers called on Prime Minister Narendra Modi. Modi said he and his "
        "Japanese counterpart Shinzo Abe attach great importance to the partnership."
    )

    resolved = {m.surface: p for m, p in _resolve(body, reference, FIRST_2PLUS2)}

    abe = resolved["Shinzo Abe"]
    assert abe is not None
    assert abe.slug == "shinzo-abe"
    assert not abe.is_participant
    modi = resolved["Narendra Modi"]
    assert modi is not None
    assert not modi.is_participant


def test_unknown_counterpart_of_a_prime_minister_is_not_a_participant(
    reference: Reference,
) -> None:
    body = "Prime Minister Narendra Modi met his Japanese counterpart Ichiro Yamada."
    yamada = _person(body, "Ichiro Yamada", reference, FOURTH_2PLUS2)
    assert yamada.country == "Japan"
    assert not yamada.is_participant


def test_counterparts_respectively_take_the_portfolios_in_order(reference: Reference) -> None:
    body = (
        "Indian Defence Minister Rajnath Singh and External Affairs Minister S. Jaishankar met "
        "their Japanese counterparts Kono Taro and Motegi Toshimitsu respectively in New Delhi."
    )

    pairs = _resolve(body, reference, FIRST_2PLUS2)
    mentions = [m for m, _ in pairs]
    resolved = {m.surface: (m, p) for m, p in pairs}

    kono_mention, kono = resolved["Kono Taro"]
    motegi_mention, motegi = resolved["Motegi Toshimitsu"]
    assert kono is not None
    assert motegi is not None
    assert (kono.slug, kono.portfolio) == ("taro-kono", "defence")
    assert (motegi.slug, motegi.portfolio) == ("toshimitsu-motegi", "foreign")
    assert kono_mention.counterpart_of is not None
    assert motegi_mention.counterpart_of is not None
    assert mentions[kono_mention.counterpart_of].surface == "Rajnath Singh"
    assert mentions[motegi_mention.counterpart_of].surface == "S. Jaishankar"


def test_unknown_counterparts_respectively_get_their_partners_portfolios(
    reference: Reference,
) -> None:
    body = (
        "Indian Defence Minister Rajnath Singh and External Affairs Minister S. Jaishankar met "
        "their Japanese counterparts Ichiro Yamada and Hiroshi Tanaka respectively in Tokyo."
    )

    yamada = _person(body, "Ichiro Yamada", reference, FOURTH_2PLUS2)
    tanaka = _person(body, "Hiroshi Tanaka", reference, FOURTH_2PLUS2)

    assert (yamada.country, yamada.portfolio, yamada.is_participant) == ("Japan", "defence", True)
    assert (tanaka.country, tanaka.portfolio, tanaka.is_participant) == ("Japan", "foreign", True)


def test_unknown_titled_minister_is_kept_as_a_new_person(reference: Reference) -> None:
    body = "Japanese Foreign Minister Tanaka Hiroshi met External Affairs Minister S. Jaishankar."

    tanaka = _person(body, "Tanaka Hiroshi", reference, FOURTH_2PLUS2)

    assert tanaka.known is None
    assert (tanaka.name, tanaka.country, tanaka.portfolio) == ("Tanaka Hiroshi", "Japan", "foreign")
    assert tanaka.is_participant


def test_both_orders_of_a_new_persons_name_get_one_slug(reference: Reference) -> None:
    one_article = (
        "Japanese Foreign Minister Tanaka Hiroshi met Jaishankar. "
        "Later, Foreign Minister Hiroshi Tanaka spoke to reporters."
    )
    family_first = _person(one_article, "Tanaka Hiroshi", reference, FOURTH_2PLUS2)
    given_first = _person(one_article, "Hiroshi Tanaka", reference, FOURTH_2PLUS2)
    elsewhere = _person(
        "Japanese Foreign Minister Hiroshi Tanaka met Jaishankar.",
        "Hiroshi Tanaka",
        reference,
        FOURTH_2PLUS2,
    )

    assert family_first.slug == given_first.slug == elsewhere.slug


def test_former_minister_is_not_a_participant(reference: Reference) -> None:
    body = (
        "Japanese Foreign Minister Yoko Kamikawa met External Affairs Minister S. Jaishankar. "
        "Former Japanese Foreign Minister Hiroshi Tanaka attended the dinner."
    )

    kamikawa = _person(body, "Yoko Kamikawa", reference, THIRD_2PLUS2)
    tanaka = _person(body, "Hiroshi Tanaka", reference, THIRD_2PLUS2)

    assert kamikawa.is_participant
    assert tanaka.former
    assert not tanaka.is_participant


def test_he_added_goes_to_the_last_named_speaker_not_to_people_mentioned_since(
    reference: Reference,
) -> None:
    # The pattern of seed 002: three ministers are named between Jaishankar's words and "he added".
    body = (
        "In his statement to the media, External Affairs Minister S Jaishankar said that the "
        "cooperation between India and Japan is set against a larger context. He was joined at "
        "the meeting by defence minister Rajnath Singh, Japanese foreign minister Kamikawa Yoko "
        "and Defense minister Kihara Minoru.\n\n"
        "“Our strategic partnership will continue to grow as we embrace mutuality and display "
        "sensitivity,” the minister added.\n\n"
        "“We explored the possibility of coordinating our respective security and development "
        "assistance where our interests converge,” he added.\n"
    )

    speakers = _speakers(body, reference, THIRD_2PLUS2)

    for words in ("Our strategic partnership", "We explored the possibility"):
        speaker = _speaker_of(words, speakers)
        assert speaker.type == "minister"
        assert speaker.person is not None
        assert speaker.person.slug == "s-jaishankar"


def test_he_said_with_no_one_named_before_stays_unresolved(reference: Reference) -> None:
    body = (
        "India and Japan held their 2+2 dialogue on Wednesday, people familiar with the matter "
        "said.\n\n"
        "“We have to ensure that the Indo-Pacific remains free, open and governed by the rule of "
        "law,” he said.\n"
    )

    speaker = _speaker_of("We have to ensure", _speakers(body, reference, FOURTH_2PLUS2))

    assert speaker.type == "minister"
    assert speaker.person is None
    assert speaker.rule.startswith("unresolved")
