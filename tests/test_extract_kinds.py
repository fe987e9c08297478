"""Kinds: what a text calls a meeting, which edition it is, and the kind ministers' posts make."""

import pytest

from app.ingest.extract.kinds import KIND_RE, edition_of, is_future, kind_of_posts, strip_references
from app.ingest.segment import Sentence


def _sentences(*texts: str) -> list[Sentence]:
    sentences, at = [], 0
    for number, text in enumerate(texts, start=1):
        sentences.append(Sentence(number, at, at + len(text), text))
        at += len(text) + 2
    return sentences


def _kinds(text: str) -> list[str]:
    return [kind for kind, pattern in KIND_RE.items() if pattern.search(text)]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("the 2+2 ministerial dialogue", ["two-plus-two"]),
        ("the 'two-plus-two' talks", ["two-plus-two"]),
        ("a meeting of foreign and defence ministers", ["two-plus-two"]),
        ("the Foreign Ministers' Strategic Dialogue", ["foreign-ministerial"]),
        ("the annual defense ministers' meeting", ["defence-ministerial"]),
        ("the Defence Ministerial Dialogue", ["defence-ministerial"]),
        ("a summit of the two leaders", []),
    ],
)
def test_kind_phrases(text: str, kinds: list[str]) -> None:
    assert _kinds(text) == kinds


@pytest.mark.parametrize(
    ("text", "kind", "edition"),
    [
        ("Tuesday's two-plus-two will be the third such meeting.", "two-plus-two", 3),
        ("The 16th India-Japan Foreign Ministers' Strategic Dialogue opened.", "foreign-ministerial", 16),
        ("The inaugural defence ministers' meeting was held.", "defence-ministerial", 1),
        ("The fifth edition of the Defence Ministerial Dialogue opened.", "defence-ministerial", 5),
        ("It was the 3rd two-plus-two dialogue.", "two-plus-two", 3),
        ("Since the first 2+2 in 2019, ties have grown.", "two-plus-two", None),
        ("The next 2+2 will be the fourth.", "two-plus-two", None),
        (
            "They met on the sidelines of the 11th ASEAN Defence Ministers' Meeting-Plus.",
            "defence-ministerial",
            None,
        ),
    ],
)
def test_edition_of(text: str, kind: str, edition: int | None) -> None:
    assert edition_of(_sentences(text), kind) == edition


def test_round_four_of_the_2_plus_2_is_the_fourth_edition() -> None:
    assert edition_of(_sentences("India and Japan held round four of the 2+2 dialogue."), "two-plus-two") == 4


def test_edition_is_found_in_a_later_sentence() -> None:
    sentences = _sentences(
        "The ministers met in Tokyo on Monday.", "It was the seventh defence ministers' meeting."
    )
    assert edition_of(sentences, "defence-ministerial") == 7


@pytest.mark.parametrize(
    ("posts", "kind"),
    [
        ({"foreign", "defence"}, "two-plus-two"),
        ({"defence"}, "defence-ministerial"),
        ({"foreign", None}, "foreign-ministerial"),
        ({"prime-minister"}, None),
        (set(), None),
    ],
)
def test_kind_of_posts(posts: set[str | None], kind: str | None) -> None:
    assert kind_of_posts(posts) == kind


@pytest.mark.parametrize(
    ("text", "future"),
    [
        ("The ministers will meet on Thursday.", True),
        ("The ministers are scheduled to meet on Thursday.", True),
        ("The ministers met on Thursday.", False),
    ],
)
def test_is_future(text: str, future: bool) -> None:
    assert is_future(text, text.index("meet") if "meet " in text else text.index("met")) is future


def test_strip_references_blanks_a_dated_earlier_meeting_keeping_offsets() -> None:
    text = "They met on Tuesday, after the last 2+2 in Tokyo in September 2022."
    stripped = strip_references(text)
    assert len(stripped) == len(text)
    assert stripped.startswith("They met on Tuesday, after the ")
    assert "2022" not in stripped
    assert "Tokyo" not in stripped


def test_strip_references_leaves_a_sentence_without_a_year_alone() -> None:
    text = "They met on Tuesday, after the last 2+2."
    assert strip_references(text) == text


def test_first_meeting_since_a_year_is_no_edition() -> None:
    text = "It was the first defence ministers' meeting in Tokyo since 2022."
    assert edition_of(_sentences(text), "defence-ministerial") is None
