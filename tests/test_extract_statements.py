"""Statements: quotations, reported positions and context, each with who said it."""

from datetime import date
from pathlib import Path

import pytest

from app.ingest.clean import clean
from app.ingest.extract.people import find_people
from app.ingest.extract.statements import SpeakerHint, find_statements
from app.ingest.parse import Article
from app.ingest.prepare import StatementRecord, extract_article
from app.ingest.reference import load_reference
from app.ingest.segment import segment

REFERENCE = load_reference(Path("seeds"))
WRITTEN = date(2024, 3, 8)  # a Friday
LEAD = (
    "External Affairs Minister S Jaishankar met Japanese Foreign Minister Yoko Kamikawa in Tokyo on Thursday."
    "\n\n"
)


def _statements(body: str) -> list[StatementRecord]:
    text = LEAD + body
    article = Article("t.txt", text.encode(), text, None, None, WRITTEN, "front-matter", None)
    return list(extract_article(article, REFERENCE, date(2026, 11, 23)).statements)


def _said(body: str, opening: str) -> StatementRecord:
    """The statement that begins with `opening`."""
    return next(s for s in _statements(body) if s.text.startswith(opening))


def _who(statement: StatementRecord) -> tuple[str, str, str | None, str]:
    return statement.kind, statement.speaker_type, statement.person, statement.speaker_label


@pytest.mark.parametrize(
    ("body", "opening", "kind", "person"),
    [
        (
            '"Our partnership is vital for a free and open Indo-Pacific," Jaishankar said ahead of the '
            "talks.",
            '"Our partnership',
            "quote",
            "s-jaishankar",
        ),
        (
            'Kamikawa wrote on X: "A productive meeting with my friend on supply chains and security."',
            "Kamikawa wrote",
            "quote",
            "yoko-kamikawa",
        ),
        (
            "''This is a historic step for both our nations and the region,\" Kamikawa said.",
            "''This",
            "quote",
            "yoko-kamikawa",
        ),
        (
            "In his opening remarks, Jaishankar said the relationship had grown in strength and depth.",
            "In his opening",
            "reported",
            "s-jaishankar",
        ),
        (
            '"These are very important talks for the region and the world," Jaishankar posted on X.',
            '"These are',
            "quote",
            "s-jaishankar",
        ),
    ],
    ids=["said-ahead-of", "wrote-on-x", "two-apostrophes", "opening-remarks", "posted-on-x"],
)
def test_named_minister_is_the_speaker(body: str, opening: str, kind: str, person: str) -> None:
    statement = _said(body, opening)
    assert (statement.kind, statement.person) == (kind, person)


def test_she_after_a_named_woman_minister_is_that_minister() -> None:
    body = (
        "Kamikawa welcomed the progress on the high-speed rail project.\n\n"
        '"We must work together to keep the seas open and free for all," she said.'
    )
    statement = _said(body, '"We must')
    assert (statement.kind, statement.person, statement.speaker_rule) == (
        "quote",
        "yoko-kamikawa",
        "pronoun-last-speaker",
    )


@pytest.mark.parametrize(
    ("body", "opening", "kind", "speaker_type", "label"),
    [
        (
            "The two sides said in a joint statement that they condemned terrorism in all its forms.",
            "The two sides",
            "reported",
            "joint-statement",
            "Joint statement",
        ),
        (
            '"The ministers reaffirmed their commitment to a rules-based order," a joint statement said.',
            '"The ministers',
            "quote",
            "joint-statement",
            "Joint statement",
        ),
        (
            '"Japan and India share values of democracy and the rule of law," read an official statement '
            "from the Japanese foreign ministry.",
            '"Japan and India',
            "quote",
            "ministry-statement",
            "Ministry of Foreign Affairs (Japan)",
        ),
        (
            "In a statement, the embassy stated that the visit would strengthen ties between the peoples.",
            "In a statement",
            "reported",
            "ministry-statement",
            "Ministry statement",
        ),
        (
            '"Terrorism is a common threat to our nations and the region," officials said.',
            '"Terrorism',
            "quote",
            "officials",
            "Officials",
        ),
        (
            '"They are expected to announce a new framework very soon," sources said.',
            '"They are',
            "quote",
            "sources",
            "Sources",
        ),
    ],
    ids=[
        "said-in-a-joint-statement",
        "a-joint-statement-said",
        "read-an-official-statement",
        "in-a-statement",
        "officials",
        "sources",
    ],
)
def test_institutional_speakers_are_kept_as_institutions(
    body: str, opening: str, kind: str, speaker_type: str, label: str
) -> None:
    assert _who(_said(body, opening)) == (kind, speaker_type, None, label)


def test_the_statement_read_points_back_to_the_last_statement_named() -> None:
    body = (
        '"Japan and India share values of democracy and the rule of law," read an official statement from '
        "the Japanese foreign ministry.\n\n"
        'The statement read: "Both ministers agreed to hold the next dialogue in India at an early date."'
    )
    statement = _said(body, "The statement read")
    assert _who(statement) == ("quote", "ministry-statement", None, "Ministry of Foreign Affairs (Japan)")
    assert statement.speaker_rule == "pronoun-last-statement"


def test_former_prime_minister_speaks_under_his_own_name() -> None:
    statement = _said(
        '"India is a natural partner for Japan in every sense of the word," former Prime Minister Fumio '
        "Kishida said in a speech.",
        '"India is',
    )
    assert (statement.kind, statement.person, statement.speaker_label) == (
        "quote",
        "fumio-kishida",
        "Fumio Kishida",
    )


def test_embedded_post_signed_with_a_handle_is_its_authors() -> None:
    body = (
        "Deepened our partnership with Japan on a wide range of regional issues today. pic.twitter.com/abc123"
        "\n\n— Dr. S. Jaishankar (@DrSJaishankar) March 7, 2024"
    )
    statement = _said(body, "Deepened")
    assert (statement.kind, statement.person, statement.speaker_rule) == (
        "quote",
        "s-jaishankar",
        "embedded-post",
    )


def test_sign_off_line_of_an_embedded_post_is_not_a_statement() -> None:
    body = (
        "Deepened our partnership with Japan on a wide range of regional issues today. pic.twitter.com/abc123"
        "\n\n— Dr. S. Jaishankar (@DrSJaishankar) March 7, 2024"
    )
    assert not [s for s in _statements(body) if s.text.startswith("—")]


def test_unnamed_senior_diplomat_is_an_official_not_a_minister() -> None:
    statement = _said(
        '"It was a very frank exchange of views on many issues," a senior diplomat said.', '"It was'
    )
    assert statement.speaker_type in ("officials", "sources")


def test_japanese_foreign_ministry_said_in_a_statement_is_labelled_as_that_ministry() -> None:
    statement = _said(
        "Japan's foreign ministry said in a statement that the talks covered the situation in Ukraine.",
        "Japan's",
    )
    assert (statement.speaker_type, statement.speaker_label) == (
        "ministry-statement",
        "Ministry of Foreign Affairs (Japan)",
    )


def test_reporters_own_sentence_is_context() -> None:
    statement = _said("The meeting lasted about ninety minutes at the Iikura House.", "The meeting lasted")
    assert _who(statement) == ("context", "reporter", None, "Reporter")


def _hints(body: str) -> list[SpeakerHint]:
    text = "The talks went well.\n\n" + body
    sentences = segment(text, clean(text).paragraphs)
    return [d.speaker for d in find_statements(sentences, find_people(sentences, REFERENCE), REFERENCE)][1:]


def test_hints_leave_pronouns_for_resolution() -> None:
    he, they = _hints(
        '"We will deepen cooperation in many areas," he said.\n\nThey agreed to meet again in Delhi.'
    )
    assert (he.type, he.label, he.rule) == ("pronoun", "he", "attribution-pronoun")
    assert (they.type, they.rule) == ("plural-pronoun", "subject-pronoun")


def test_hint_names_the_mention_of_the_speaker() -> None:
    (hint,) = _hints(
        '"Our ties have never been stronger than they are today," Defence Minister Rajnath Singh said.'
    )
    assert (hint.type, hint.label, hint.rule) == ("person", "Rajnath Singh", "attribution-name")
    assert hint.mention == 0


def test_words_a_former_prime_minister_said_are_his_not_the_minister_who_recalled_them() -> None:
    said = _said(
        'Former Prime Minister Shinzo Abe once said "a confluence of the two seas" binds the two '
        "democracies, a phrase Jaishankar recalled during the meeting.",
        "Former Prime Minister",
    )
    assert (said.speaker_type, said.person) == ("minister", "shinzo-abe")


@pytest.mark.parametrize(
    ("body", "opening"),
    [
        (
            "''We want to turn our partnership into concrete projects,\" Kamikawa said ahead of the talks.",
            "''We",
        ),
        (
            "In her opening remarks, Kamikawa said Japan valued India as a trusted partner in the region.",
            "In her",
        ),
        (
            '"Japan sees India as an indispensable partner," Kamikawa said. '
            '"We will deepen our cooperation in every field," she said.',
            '"We will',
        ),
    ],
    ids=["two-apostrophes-ahead-of-the-talks", "opening-remarks", "she-after-a-named-woman-minister"],
)
def test_frames_of_real_copy_name_the_speaker(body: str, opening: str) -> None:
    assert _said(body, opening).person == "yoko-kamikawa"


def test_the_japanese_minister_is_the_japanese_minister_of_the_meeting() -> None:
    said = _said(
        "Jaishankar spoke first. "
        '"The Indo-Pacific must remain free and open for all nations," the Japanese minister told reporters.',
        '"The Indo-Pacific',
    )
    assert (said.speaker_type, said.person, said.speaker_rule) == ("minister", "yoko-kamikawa", "post-holder")
