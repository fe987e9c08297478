"""Segment: the kept paragraphs into sentences, with character offsets into the body."""

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from app.ingest.clean import Span

# A dateline opens the first paragraph of wire copy: "NEW DELHI:", "TOKYO, Nov 30 (Kyodo) --".
DATELINE = re.compile(
    r"^(?:(?P<city>[A-Z][A-Z.'’ ]{3,30}?)|(?P<named>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=\s*[\[(]))"
    r"(?:\s*\[[A-Za-z ]{1,30}\])?(?:\s*\([^)]{1,30}\))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?(?:\s*\([^)]{1,30}\))?)?"
    r"(?:\s*(?:--|—|–|:|,)\s*|\s+-\s+)"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its paragraph number (from 1) and [start, end) offsets into the body."""

    paragraph: int
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def dateline_length(paragraph: str) -> int:
    """How many leading characters of a first paragraph are its dateline (0 if none)."""
    match = DATELINE.match(paragraph)
    if not match or len((match.group("city") or match.group("named")).split()) > 4:
        return 0
    return match.end()


def dateline_city(paragraph: str) -> str | None:
    """The city a first paragraph's dateline names ("NEW DELHI:" gives "New Delhi")."""
    match = DATELINE.match(paragraph)
    if not match or not dateline_length(paragraph):
        return None
    return (match.group("city") or match.group("named")).strip().title()


def _open_quote(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def segment(body: str, paragraphs: tuple[Span, ...]) -> list[Sentence]:
    """Split each paragraph into sentences, dropping the first paragraph's dateline."""
    sentences: list[Sentence] = []
    for number, span in enumerate(paragraphs, start=1):
        text = body[span.start : span.end]
        skip = dateline_length(text) if number == 1 else 0
        cursor = skip
        for piece in _segmenter().segment(text[skip:]):
            stripped = piece.strip()
            if not stripped:
                continue
            # Offsets are found by walking forward, never by a search from the start,
            # so a sentence that occurs twice keeps its own place.
            left = text.find(stripped, cursor)
            if left < 0:
                continue
            cursor = right = left + len(stripped)
            previous = sentences[-1] if sentences and sentences[-1].paragraph == number else None
            if previous is not None and _open_quote(previous.text):
                joined = text[previous.start - span.start : right]
                sentences[-1] = Sentence(number, previous.start, span.start + right, joined)
                continue
            sentences.append(Sentence(number, span.start + left, span.start + right, stripped))
    return sentences
