"""Segment: the kept paragraphs into sentences, with character offsets into the body."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

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


# A sentence ends at . ! ? or …, after any closing quotes or brackets, where white space is
# followed by what can open a sentence. This is written for wire copy rather than taken from a
# general sentence splitter: pysbd gave the same sentences on the seeds and the test articles
# but cost 3 ms a paragraph, two thirds of the ingest time of a large archive.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
# Words after which a full stop does not end a sentence: titles, initials ("S. Jaishankar",
# "U.S."), months and common abbreviations.
_ABBREVIATIONS = frozenset(
    {
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Gen",
        "Lt",
        "Col",
        "Maj",
        "Capt",
        "Adm",
        "Sgt",
        "Cdr",
        "Brig",
        "Prof",
        "Sen",
        "Rep",
        "Gov",
        "Govt",
        "St",
        "Jr",
        "Sr",
        "Hon",
        "Rev",
        "No",
        "Nos",
        "Vol",
        "Art",
        "Sec",
        "Fig",
        "Dept",
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "Bros",
        "vs",
        "etc",
        "approx",
        "Rs",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Mt",
        "Ft",
    }
)
_LAST_WORD = re.compile(r"([A-Za-z]+(?:\.[A-Za-z]+)*)\.$")


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence in `text`, trimmed of white space."""
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.end()
        if boundary.group().startswith(".") and _after_abbreviation(text, start, end):
            continue
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _after_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the full stop ending at `end` closes an abbreviation or an initial, not a sentence."""
    word = _LAST_WORD.search(text, max(start, end - 20), end)
    return bool(word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1 or "." in word.group(1)))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        left = start + len(piece) - len(piece.lstrip())
        yield left, left + len(stripped)


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
        for left, right in _pieces(text[skip:]):
            left, right = left + skip, right + skip
            stripped = text[left:right]
            previous = sentences[-1] if sentences and sentences[-1].paragraph == number else None
            if previous is not None and _open_quote(previous.text):
                joined = text[previous.start - span.start : right]
                sentences[-1] = Sentence(number, previous.start, span.start + right, joined)
                continue
            sentences.append(Sentence(number, span.start + left, span.start + right, stripped))
    return sentences
