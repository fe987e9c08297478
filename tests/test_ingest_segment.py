"""Segment: sentences with exact offsets, initials and datelines handled, quotations kept whole."""

from pathlib import Path

import pytest

from app.ingest.clean import Span, clean, split_paragraphs
from app.ingest.parse import parse_article
from app.ingest.segment import Sentence, dateline_length, segment
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("0*.txt"))


def _sentences(body: str) -> list[Sentence]:
    return segment(body, tuple(split_paragraphs(body)))


def _texts(body: str) -> list[str]:
    return [s.text for s in _sentences(body)]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_sentence_offsets_slice_the_seed_body_exactly(path: Path) -> None:
    article = parse_article(path, path.read_bytes(), f"seeds/{path.name}")
    paragraphs = clean(article.body, article.title).paragraphs

    sentences = segment(article.body, paragraphs)

    assert sentences
    previous_end = 0
    for sentence in sentences:
        assert article.body[sentence.start : sentence.end] == sentence.text
        paragraph = paragraphs[sentence.paragraph - 1]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
        assert sentence.start >= previous_end
        previous_end = sentence.end


def test_sentence_offsets_slice_a_body_of_several_paragraphs() -> None:
    body = "India and Japan met.\n\nThey agreed on drills. They left.\n"

    sentences = _sentences(body)

    assert [(s.paragraph, s.text) for s in sentences] == [
        (1, "India and Japan met."),
        (2, "They agreed on drills."),
        (2, "They left."),
    ]
    assert all(body[s.start : s.end] == s.text for s in sentences)


def test_initial_in_s_jaishankar_does_not_end_a_sentence() -> None:
    body = (
        "External Affairs Minister S. Jaishankar met his Japanese counterpart on Friday. "
        "Dr. S. Jaishankar said the talks were useful."
    )

    assert _texts(body) == [
        "External Affairs Minister S. Jaishankar met his Japanese counterpart on Friday.",
        "Dr. S. Jaishankar said the talks were useful.",
    ]


def test_seed_sentence_naming_s_jaishankar_is_whole() -> None:
    path = SEEDS / "000_bac54ace09ae3e22.txt"
    article = parse_article(path, path.read_bytes(), "seeds/000_bac54ace09ae3e22.txt")

    texts = [s.text for s in segment(article.body, clean(article.body, article.title).paragraphs)]

    assert (
        "Defence Minister Rajnath Singh and External Affairs Minister S. Jaishankar led the "
        "Indian delegation while the Japanese side was headed by Foreign Minister Toshimitsu "
        "Motegi and Minister of Defence Taro Kono, officials said."
    ) in texts


@pytest.mark.parametrize(
    ("dateline", "story"),
    [
        ("NEW DELHI: ", "Pakistan is continuing with its state policy, Singh said."),
        ("TOKYO, May 15 (Kyodo) -- ", "Japan and India agreed on Friday to expand drills."),
        ("Tokyo [Japan], May 15 (ANI): ", "External Affairs Minister S Jaishankar held talks."),
        ("TOKYO, May 16 (Reuters) - ", "India and Japan will expand joint naval exercises."),
        ("NEW DELHI, ", "India and Japan agreed Saturday to strengthen ties."),
    ],
)
def test_dateline_is_not_part_of_the_first_sentence(dateline: str, story: str) -> None:
    body = f"{dateline}{story} The ministers met again later.\n\nThey left.\n"

    first = _sentences(body)[0]

    assert first.text == story
    assert first.start == len(dateline)


def test_dateline_is_only_read_in_the_first_paragraph() -> None:
    body = "India and Japan met.\n\nNEW DELHI: the talks were useful, officials said.\n"

    assert _texts(body)[1] == "NEW DELHI: the talks were useful, officials said."


@pytest.mark.parametrize(
    "paragraph",
    [
        "INDIA-JAPAN-POLITICS-DIPLOMACY Defence Minister Rajnath Singh led the delegation.",
        "INDIA-JAPAN-DEFENCE: Ministers meet in Tokyo to discuss drills.",
    ],
)
def test_caption_slug_is_not_a_dateline(paragraph: str) -> None:
    assert dateline_length(paragraph) == 0
    sentences = segment(paragraph, (Span(0, len(paragraph)),))
    assert sentences[0].start == 0
    assert sentences[0].text == paragraph


@pytest.mark.parametrize(
    "quotation",
    [
        '"We agree on the Indo-Pacific. We will act together," Singh said.',
        "“We agree on the Indo-Pacific. We will act together,” Singh said.",
        "Singh said: “We agree on the Indo-Pacific. We will act together.”",
    ],
)
def test_quotation_of_two_sentences_stays_one_sentence(quotation: str) -> None:
    body = f"India and Japan met on Friday. {quotation} They left."

    sentences = _sentences(body)

    assert [s.text for s in sentences] == [
        "India and Japan met on Friday.",
        quotation,
        "They left.",
    ]
    assert body[sentences[1].start : sentences[1].end] == quotation


def test_repeated_sentence_in_a_paragraph_gets_its_own_offsets() -> None:
    body = "They agreed. India and Japan met. They agreed."

    sentences = _sentences(body)

    assert [s.text for s in sentences] == ["They agreed.", "India and Japan met.", "They agreed."]
    assert (sentences[0].start, sentences[2].start) == (0, body.rindex("They agreed."))
    assert all(body[s.start : s.end] == s.text for s in sentences)
