"""Segment: the kept paragraphs into sentences, with character offsets into the body."""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.ingest.clean import Span

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_NUMBERS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

# Wire and newspaper copy opens with the place and often the day it was filed from, in many
# house styles: "NEW DELHI:", "TOKYO, Nov 30 (Kyodo) --", "YOKOSUKA, Japan, June 10 (Kyodo) --",
# "New Delhi (Jiji Press) —", "New Delhi/Tokyo, Jan 19 (IANS)", "New Delhi [India], May 5 :",
# "new Delhi:", "MANILA (Reuters) –", "PTI Tokyo", "New York, July 1 External Affairs ...".
_PLACE = r"(?:[A-Z][A-Za-z.'’-]+|new|[A-Z]{2,})(?:[ /-](?:[A-Z][A-Za-z.'’-]+)){0,3}"
_AGENCY = r"\((?P<agency>[A-Z][A-Za-z.&' -]{1,28})\)"
DATELINE = re.compile(
    rf"^(?:(?P<agency_first>PTI|IANS|ANI|UNI|Kyodo|Jiji|AFP|Reuters|AP)\s+(?=[A-Z]))?"
    rf"(?P<place>{_PLACE})"
    r"(?:\s*\[(?P<bracket>[A-Za-z ]{1,30})\])?"
    r"(?:,\s*(?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=\s*,))?"
    rf"(?:\s*{_AGENCY})?"
    rf"(?:,?\s*(?P<when>{_MONTH}\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?))?"
    rf"(?:\s*\((?P<agency2>[A-Z][A-Za-z.&' -]{{1,28}})\))?"
    r"(?P<sep>\s*(?:--|—|–|:|\|)\s*|\s+-\s+|\s+(?=[A-Z“\"])|,\s+(?=[A-Z])|\s*$)"
)
_NOT_A_PLACE = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "As",
        "After",
        "Before",
        "India",
        "Japan",
        "Indian",
        "Japanese",
    }
)
_STORY_WORDS = frozenset(
    {
        "External",
        "Foreign",
        "Defence",
        "Defense",
        "Prime",
        "Minister",
        "Japanese",
        "Indian",
        "The",
        "India",
        "Japan",
    }
)
_AGENCIES = frozenset({"Pti", "Ians", "Ani", "Uni", "Pib", "Kyodo", "Jiji", "Afp", "Reuters", "Ap"})


@dataclass(frozen=True)
class Dateline:
    """What an opening dateline says: where the copy was filed, on which day, by which agency."""

    length: int  # characters of the paragraph it takes
    place: str  # as a city name ("NEW DELHI" gives "New Delhi"; "New Delhi/Tokyo" its first city)
    month: int | None
    day: int | None
    year: int | None
    agency: str | None


def _separated(place: str, words: list[str], separator: str, marked: bool) -> bool:
    """Whether what follows the place marks it as a dateline's."""
    if not separator:
        # A bare space only when a day or an agency marks it ("New York, July 1 External Affairs
        # Minister ..."): "Japan and India agree" is a headline.
        return marked
    if separator == ",":
        # "NEW DELHI, India and Japan ...", not "Rajnath Singh, India's Defence Minister, ...".
        return place.isupper()
    return place.isupper() or marked or len(words) <= 2


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens `paragraph`, or None: a headline or a plain sentence has none."""
    match = DATELINE.match(paragraph)
    if match is None:
        return None
    place = match.group("place")
    words = place.replace("/", " ").split()
    if len(words) > 4 or words[0].title() in _NOT_A_PLACE or (place.isupper() and "-" in place):
        return None  # "INDIA-JAPAN-DEFENCE:" is a caption's slug
    agency = match.group("agency") or match.group("agency2") or match.group("agency_first")
    marked = bool(match.group("bracket") or agency or match.group("when"))
    separator = match.group("sep").strip()
    if words[0].title() in _AGENCIES:  # "PIB, September 2", "PTI |": an agency, no place
        if not (match.group("when") or separator):
            return None
        agency, place = place, ""
    elif not _separated(place, words, separator, marked):
        return None
    length = match.end()
    if not separator and not match.group("when"):
        # "PTI Tokyo External Affairs Minister ...": the place stops where the story's words start.
        kept = list(itertools.takewhile(lambda word: word not in _STORY_WORDS, place.split(" ")))
        if not kept:
            return None
        place = " ".join(kept)
        length = match.start("place") + len(place) + 1
    first_city = place.split("/")[0].strip()
    city = first_city.title() if first_city.isupper() else first_city
    month = match.group("month")
    return Dateline(
        length=length,
        place=city[:1].upper() + city[1:],
        month=_MONTH_NUMBERS[month[:3].lower()] if month else None,
        day=int(match.group("day")) if match.group("day") else None,
        year=int(match.group("year")) if match.group("year") else None,
        agency=agency,
    )


def dateline_length(paragraph: str) -> int:
    """How many leading characters of a paragraph are its dateline (0 if none)."""
    dateline = read_dateline(paragraph)
    return dateline.length if dateline else 0


_STORY_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")


def opening_dateline(
    body: str, paragraphs: tuple[Span, ...], set_aside: tuple[Span, ...] = ()
) -> tuple[int, Dateline] | None:
    """The dateline of an article and the number of the paragraph it opens: the first paragraph,
    or one after a headline, a byline or a timestamp (lines that end without a full stop).

    A dateline on a line of its own ("PIB, September 2") is among the lines the cleaner set aside
    above the story (`set_aside`): it gives the day, and its paragraph number is 0.
    """
    for number, span in enumerate(paragraphs[:6], start=1):
        text = body[span.start : span.end]
        if (dateline := read_dateline(text)) is not None:
            return number, dateline
        if _STORY_END.search(text):
            break
    first = paragraphs[0].start if paragraphs else len(body)
    for span in sorted((s for s in set_aside if s.end <= first), key=lambda s: -s.start)[:3]:
        line = body[span.start : span.end].strip()
        if len(line) <= 40 and (dateline := read_dateline(line)) is not None and dateline.day is not None:
            return 0, dateline
    return None


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


def _open_quote(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def segment(body: str, paragraphs: tuple[Span, ...]) -> list[Sentence]:
    """Split each paragraph into sentences, dropping the opening dateline."""
    sentences: list[Sentence] = []
    opening = opening_dateline(body, paragraphs)
    for number, span in enumerate(paragraphs, start=1):
        text = body[span.start : span.end]
        skip = opening[1].length if opening is not None and number == opening[0] else 0
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
