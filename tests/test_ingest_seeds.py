"""The ingestion's promises, checked on the five real seed articles."""

from typing import Any

import pytest

from app.export import export_database
from tests.conftest import Database


@pytest.fixture
def exported(seeded_db: Database) -> dict[str, Any]:
    with seeded_db.sessions() as session:
        return export_database(session)


def _meeting(exported: dict[str, Any], date: str) -> dict[str, Any]:
    [meeting] = [m for m in exported["meetings"] if m["date"] == date]
    return meeting


def _statement(exported: dict[str, Any], words: str) -> dict[str, Any]:
    found = [s for s in exported["statements"] if words in s["text"]]
    assert len(found) == 1, f"{words!r} is in {len(found)} statements"
    return found[0]


def _source_file(exported: dict[str, Any], slug: str) -> str:
    return next(s["file"] for s in exported["sources"] if s["slug"] == slug)


def test_seeds_give_exactly_four_meetings(exported: dict[str, Any]) -> None:
    assert [(m["date"], m["kind"], m["status"]) for m in exported["meetings"]] == [
        ("2019-11-30", "two-plus-two", "held"),
        ("2022-09", "two-plus-two", "referenced"),
        ("2024-08-20", "two-plus-two", "held"),
        ("2025-05-05", "defence-ministerial", "held"),
    ]


def test_first_two_plus_two_merges_two_outlets(exported: dict[str, Any]) -> None:
    first = _meeting(exported, "2019-11-30")
    assert first["edition"] == 1
    assert first["city"] == "New Delhi"
    assert first["participants"] == [
        "rajnath-singh",
        "s-jaishankar",
        "taro-kono",
        "toshimitsu-motegi",
    ]
    files = sorted(_source_file(exported, s) for s in first["sources"])
    assert files == ["seeds/000_bac54ace09ae3e22.txt", "seeds/001_c59776f6da1b08c1.txt"]


def test_third_two_plus_two_is_dated_by_its_weekday_not_publication(
    exported: dict[str, Any],
) -> None:
    third = _meeting(exported, "2024-08-20")
    assert third["edition"] == 3
    assert third["city"] == "New Delhi"
    assert third["date_rule"] == "weekday-before-publication"
    assert third["participants"] == [
        "minoru-kihara",
        "rajnath-singh",
        "s-jaishankar",
        "yoko-kamikawa",
    ]
    files = sorted(_source_file(exported, s) for s in third["sources"])
    assert files == ["seeds/002_8c8e4bfc36085583.txt", "seeds/004_0d5025bb1c3943dd.txt"]


def test_defence_ministers_meeting_of_2025(exported: dict[str, Any]) -> None:
    meeting = _meeting(exported, "2025-05-05")
    assert meeting["city"] == "New Delhi"
    assert meeting["participants"] == ["gen-nakatani", "rajnath-singh"]
    assert [_source_file(exported, s) for s in meeting["sources"]] == ["seeds/003_b8d9f388c75dae1f.txt"]


def test_last_meeting_in_september_2022_is_a_referenced_meeting(exported: dict[str, Any]) -> None:
    referenced = _meeting(exported, "2022-09")
    assert referenced["date_precision"] == "month"
    assert referenced["participants"] == []
    assert [_source_file(exported, s) for s in referenced["sources"]] == ["seeds/002_8c8e4bfc36085583.txt"]


def test_seven_participants_and_leaders_are_people_not_participants(
    exported: dict[str, Any],
) -> None:
    participants = {p for m in exported["meetings"] for p in m["participants"]}
    assert len(participants) == 7
    ministers = {m["slug"]: m for m in exported["ministers"]}
    assert {"narendra-modi", "shinzo-abe"} <= set(ministers)
    assert not {"narendra-modi", "shinzo-abe"} & participants


def test_name_variants_resolve_to_one_minister(exported: dict[str, Any]) -> None:
    aliases = {m["slug"]: set(m["aliases"]) for m in exported["ministers"]}
    assert {"Kono Taro", "Kono"} <= aliases["taro-kono"]
    assert {"Motegi Toshimitsu", "Motegi"} <= aliases["toshimitsu-motegi"]
    assert {"General Nakatani", "Nakatani San"} <= aliases["gen-nakatani"]
    assert {"S Jaishankar", "Jaishankar"} <= aliases["s-jaishankar"]


@pytest.mark.parametrize(
    ("words", "speaker_type", "minister"),
    [
        ("Nakatani San expressed solidarity", "minister", "rajnath-singh"),
        ("We explored the possibility of coordinating", "minister", "s-jaishankar"),
        ("We discussed enhancing our cooperation on capacity-building", "minister", "s-jaishankar"),
        ("The ministers underlined the need for all countries", "joint-statement", None),
        ("everyone needs to be mindful", "sources", None),
        ("He also expressed hope the countries concerned", "minister", "gen-nakatani"),
        ("Singh condemned Pakistan's state policy", "minister", "rajnath-singh"),
        ("The joint statement condemned cross-border terrorism", "joint-statement", None),
        ("a statement from the Indian External Affairs Ministry said", "ministry-statement", None),
    ],
)
def test_statement_speakers(
    exported: dict[str, Any], words: str, speaker_type: str, minister: str | None
) -> None:
    speaker = _statement(exported, words)["speaker"]
    assert (speaker["type"], speaker["minister"]) == (speaker_type, minister)


def test_quotes_reported_positions_and_context_are_told_apart(exported: dict[str, Any]) -> None:
    assert _statement(exported, "Nakatani San expressed solidarity")["kind"] == "quote"
    assert _statement(exported, "The ministers welcomed bilateral exercises")["kind"] == "reported"
    background = _statement(exported, "China has been fast expanding military")
    assert (background["kind"], background["speaker"]["type"]) == ("context", "reporter")


def test_terrorism_statements_in_every_held_meeting(exported: dict[str, Any]) -> None:
    held = {m["slug"] for m in exported["meetings"] if m["status"] == "held"}
    with_terrorism = {
        s["meeting"] for s in exported["statements"] if "terrorism" in s["topics"] and s["kind"] != "context"
    }
    assert held <= with_terrorism


def test_trailer_caption_and_headline_yield_no_statements(exported: dict[str, Any]) -> None:
    texts = " ".join(s["text"] for s in exported["statements"])
    for removed in (
        "You may also like",
        "Jennifer Aniston",
        "Kylie Jenner",
        "| AFP",
        "INDIA-JAPAN-POLITICS-DIPLOMACY",
        "Source: Kuwait News Agency",
        "date 2024-08-21",
    ):
        assert removed not in texts


def test_repeated_paragraphs_give_one_statement_each(exported: dict[str, Any]) -> None:
    for words in (
        "With Pakistan on Saturday testing",
        "Singh condemned Pakistan's state policy",
        "The ministers welcomed the growing diversity",
    ):
        _statement(exported, words)


def test_statement_offsets_point_at_their_text(seeded_db: Database) -> None:
    from sqlalchemy import select

    from app.models import Statement

    with seeded_db.sessions() as session:
        statements = session.scalars(select(Statement)).all()
        assert statements
        for statement in statements:
            body = statement.source.body
            assert body[statement.start : statement.end] == statement.text
            start, end = statement.source.paragraphs[statement.paragraph - 1]
            assert start <= statement.start
            assert statement.end <= end


def test_every_statement_has_a_meeting_and_topics_exist(exported: dict[str, Any]) -> None:
    topics = {t["slug"] for t in exported["topics"]}
    for statement in exported["statements"]:
        assert statement["meeting"] is not None
        assert set(statement["topics"]) <= topics
