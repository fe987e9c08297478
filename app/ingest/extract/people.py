"""People: every place an article names a person, with what the words around it say of them."""

import re
from dataclasses import dataclass, replace

from app.ingest.reference import Reference
from app.ingest.segment import Sentence

# Every alternative starts a word; saying so first lets the engine drop any other place at once
# instead of trying each optional part there.
_TITLE = re.compile(
    r"\b(?=\w)(?P<former>\b(?:former|late|then|ex-)\s+)?"
    r"(?P<adj>\b(?-i:[A-Z][a-z]+(?:['’]s)?|U\.?S\.?|UK)\s+)?"
    r"(?P<title>\b(?:"
    r"(?:External\s+Affairs|Foreign|Defen[cs]e|Prime)\s+minister(?:\s+of\s+(?P<of>India|Japan))?"
    r"|minister\s+(?:of|for)\s+(?:External\s+Affairs|Foreign\s+Affairs|Defen[cs]e)"
    r"(?:\s+of\s+(?P<of2>India|Japan))?"
    r"|Raksha\s+Mantri|Secretary\s+of\s+(?:State|Defen[cs]e)"
    r"|premier|(?-i:PM|EAM|FM)"
    r"|counterparts?"
    r"))\s+(?:\((?-i:[A-Z]{2,4})\)\s+)?(?:(?-i:Mr|Ms|Mrs|Dr|Shri|Smt|Sri)\.?\s+)*",
    re.IGNORECASE,
)
# The words without which `_TITLE` cannot match (every alternative of its title part holds one):
# most sentences have none, and `_may_hold_title` finds that faster than `_TITLE` itself. One
# pattern a word: the engine scans for a single word much faster than for one of several.
_MINISTER = re.compile("minister", re.IGNORECASE)
_PREMIER = re.compile("premier", re.IGNORECASE)
_COUNTERPART = re.compile("counterpart", re.IGNORECASE)


def _may_hold_title(text: str) -> bool:
    """Whether `_TITLE` can match in `text`."""
    return bool(
        _MINISTER.search(text)
        or _PREMIER.search(text)
        or "Mantri" in text
        or "Secretary" in text
        or "FM" in text
        or _COUNTERPART.search(text)
        or "PM" in text
        or "EAM" in text
    )


# Zero-width characters (U+200B-U+200D, U+2060) may hide inside a name; they do not end it.
_ZW = "\u200b\u200c\u200d\u2060"
_NAME_TOKEN = re.compile(rf"(?:[A-Z]\.\s?|[A-Z]\s(?=[A-Z]))?[A-Z][a-zA-Zāēīōūé’'{_ZW}-]+")
_NOT_NAME = {
    "Minister",
    "Ministers",
    "Defence",
    "Defense",
    "Foreign",
    "External",
    "Affairs",
    "Prime",
    "Indian",
    "Japanese",
    "India",
    "Japan",
    "The",
    "And",
    "On",
    "In",
    "Of",
    "For",
    "At",
    "To",
    "Premier",
    "Counterpart",
    "Counterparts",
    "President",
    "Secretary",
    "Chief",
    "Ministry",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "He",
    "She",
    "They",
    "It",
    "New",
    "Delhi",
    "Tokyo",
    "Both",
    "While",
    "During",
    "After",
    "Before",
}
_PORTFOLIO_OF_TITLE = (
    (re.compile(r"external\s+affairs|foreign|(?-i:EAM|FM)|secretary\s+of\s+state", re.IGNORECASE), "foreign"),
    (re.compile(r"defen[cs]e|raksha", re.IGNORECASE), "defence"),
    (re.compile(r"prime|premier|(?-i:PM)", re.IGNORECASE), "prime-minister"),
)


@dataclass(frozen=True)
class PersonMention:
    """A place where the text names a person, with what the words around it say of them."""

    start: int
    end: int
    surface: str
    via: str  # "title", "counterpart" or "name"
    portfolio: str | None
    country: str | None
    former: bool = False
    counterpart_of: int | None = None  # index of the mention this one is the counterpart of
    respectively: bool = False  # paired by "respectively": takes its partner's portfolio


def _country_of(adjective: str | None, title: re.Match[str], countries: dict[str, str]) -> str | None:
    """The country a title gives its holder: "Japanese Defence Minister", "Minister of Defence
    of Japan", "Australia's Foreign Minister", "External Affairs Minister" (India's post)."""
    if of := title.group("of") or title.group("of2"):
        return of
    if adjective:
        word = re.sub(r"['’]s$", "", adjective.strip())
        if word in countries:
            return countries[word]
    words = title.group("title")
    if re.search(r"external\s+affairs|(?-i:EAM)|raksha", words, re.IGNORECASE):
        return "India"
    if re.search(r"secretary\s+of", words, re.IGNORECASE):
        return "United States"
    return None


def demonyms(reference: Reference) -> dict[str, str]:
    """Every word that names a country, as in "Australian" or "US", with the country's name."""
    found = {"India": "India", "Indian": "India", "Japan": "Japan", "Japanese": "Japan"}
    for party in reference.parties:
        if party.kind == "country":
            found.update(dict.fromkeys(party.names, party.name))
    return found


def _portfolio_of(title: str) -> str | None:
    for pattern, portfolio in _PORTFOLIO_OF_TITLE:
        if pattern.search(title):
            return portfolio
    return None


_NAME_GAP = re.compile(r"[ \t]+")
_NAME_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")  # "A, B and C"
_RESPECTIVELY = re.compile(r"\s+respectively")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")


def _names_at(text: str, position: int, many: bool) -> list[tuple[int, int]]:
    """Spans of the name (or, if `many`, the list of names) that begins at `position`."""
    names: list[tuple[int, int]] = []
    while True:
        tokens: list[re.Match[str]] = []
        cursor = position
        while len(tokens) < 4:
            match = _NAME_TOKEN.match(text, cursor)
            if not match or match.group().rstrip(".") in _NOT_NAME:
                break
            tokens.append(match)
            gap = _NAME_GAP.match(text, match.end())
            if not gap:
                break
            cursor = gap.end()
        if not tokens:
            return names
        names.append((tokens[0].start(), tokens[-1].end()))
        joiner = _NAME_JOINER.match(text, names[-1][1])
        if not many or not joiner:
            return names
        position = joiner.end()


def find_people(sentences: list[Sentence], reference: Reference) -> list[PersonMention]:
    """Every person the sentences name: by title, as a counterpart, or by a known name."""
    mentions: list[PersonMention] = []
    known_tokens = {p.family for p in reference.people} | {
        p.name.split()[0]
        for p in reference.people
        if len(p.name.split()) > 1 and "." not in p.name.split()[0]
    }
    countries = demonyms(reference)
    for sentence in sentences:
        text, base = read_as_letters(sentence.text), sentence.start
        found: list[tuple[PersonMention, bool, int]] = []  # mention, plural counterpart, list position
        titles = _TITLE.finditer(text) if _may_hold_title(text) else ()
        for title in titles:
            word = title.group("title").lower()
            is_counterpart = word.startswith("counterpart")
            spans = _names_at(text, title.end(), many=word == "counterparts")
            respectively = bool(spans and _RESPECTIVELY.match(text, spans[-1][1]))
            for n, (start, end) in enumerate(spans):
                mention = PersonMention(
                    start=base + start,
                    end=base + end,
                    surface=text[start:end],
                    via="counterpart" if is_counterpart else "title",
                    portfolio=None if is_counterpart else _portfolio_of(title.group("title")),
                    country=_country_of(title.group("adj"), title, countries),
                    former=bool(title.group("former")),
                )
                paired = is_counterpart and (respectively or word == "counterpart")
                found.append((mention, paired, n))
                known_tokens.update(_CAPITALISED_WORD.findall(text[start:end].translate(_NO_ZW)))
        for match in _FAMILY_IN_CAPITALS.finditer(text):  # "KAMIKAWA Yoko", as Japanese ministries write
            start, end = match.span()
            overlaps = any(m.start - base < end and start < m.end - base for m, _, _ in found)
            if match.group(1).title() in known_tokens and not overlaps:
                found.append(
                    (PersonMention(base + start, base + end, match.group(), "name", None, None), False, 0)
                )
        taken = [(m.start - base, m.end - base) for m, _, _ in found]
        # Zero-width characters are rare: they are taken out of the names of a sentence that has some.
        zero_width = not text.isascii() and any(character in text for character in _ZW)
        for match in _PLAIN_NAME.finditer(text):
            name = match.group()
            words = name.split()
            if known_tokens.isdisjoint(name.translate(_NO_ZW).split() if zero_width else words):
                continue  # most capitalised words
            start, end = match.span()
            if words[0] in _NOT_NAME and len(words) == 2 and words[1] in known_tokens:
                start, name = start + len(words[0]) + 1, words[1]  # "Minister Onodera"
            if name.split()[0] in _NOT_NAME or any(s < end and start < e for s, e in taken):
                continue
            if (longer := _NAME_BEFORE.search(text, max(0, start - 40), start)) is not None and not any(
                m.end - base > longer.start() for m, _, _ in found if m.via == "name"
            ):
                # "Defence Secretary Rajesh Kumar Singh": the known family name ends a longer name.
                words = longer.group().split()
                while words and words[0] in _NOT_NAME:
                    words.pop(0)
                if words:
                    start = start - len(" ".join(words)) - 1
                    name = text[start:end]
            found.append((PersonMention(base + start, base + end, name, "name", None, None), False, 0))
        found.sort(key=lambda item: item[0].start)
        first = len(mentions)
        for mention, respectively, n in found:
            if mention.via == "counterpart":
                partners = [i for i in range(first, len(mentions)) if mentions[i].via != "counterpart"] or (
                    [first - 1] if first else []
                )
                if partners:
                    index = partners[n] if respectively and n < len(partners) else partners[-1]
                    mention = replace(mention, counterpart_of=index, respectively=respectively)
            mentions.append(mention)
    return mentions


_NO_ZW = str.maketrans("", "", _ZW)
_NAME_BEFORE = re.compile(r"(?:[A-Z][a-z]+ ){1,2}$")
_FAMILY_IN_CAPITALS = re.compile(r"\b([A-Z]{3,})\s+[A-Z][a-z]+\b")
# Scanned copy writes a lowercase "l" for a capital "I" ("lwaya", "lndia", "Japan-lndia"); no
# English word begins with "l" and one of these letters.
_L_FOR_I = re.compile(r"(?<![A-Za-z])l(?=[bcdfghjkmnpqrstvwxzA-Z])")


def read_as_letters(text: str) -> str:
    """`text` with a scanned "l" read as the "I" it stands for; same length, same offsets."""
    return _L_FOR_I.sub("I", text) if "l" in text else text


# One or two capitalised words, not preceded by a letter or a dot, and an honorific: the plainer
#     (?<![\w.])(?:[A-Z][a-z]+\s)?[A-Z][a-z]+(?:\s(?:San|Sahab|Ji))?(?![\w])
# (zero-width characters left out), written to start with the capital itself and to test the
# character before it afterwards, so that the regex engine can skip from capital to capital.
_PLAIN_NAME = re.compile(
    rf"[A-Z](?<![\w.][A-Z])(?:[a-z{_ZW}]+\s[A-Z])?[a-z{_ZW}]+(?:\s(?:San|Sahab|Ji))?(?![\w{_ZW}])"
)
