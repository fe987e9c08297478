"""Kinds: the names a text gives a meeting ("2+2", "strategic dialogue", "defence ministers'
meeting"), its number ("the third"), the words that report one, and the kind ministers' posts make."""

import re
from dataclasses import dataclass
from datetime import date

from app.ingest.extract.dates import MONTH
from app.ingest.segment import Sentence
from app.ingest.text import by_first_letter

KIND_PHRASES = {
    "two-plus-two": r"(?:['‘’“”\"]?2\s*\+\s*2['‘’“”\"]?|['‘’“”\"]?two[- ]plus[- ]two"
    r"|foreign\s+and\s+defen[cs]e\s+minist\w*|defen[cs]e\s+and\s+foreign\s+minist\w*)",
    "foreign-ministerial": r"(?:foreign\s+ministers['’]?\s+(?:strategic\s+)?(?:dialogue|meeting|talks)"
    r"|meeting\s+of\s+(?:the\s+)?(?:two\s+)?foreign\s+ministers"
    r"|foreign\s+ministerial\s+(?:strategic\s+)?(?:dialogue|meeting)|strategic\s+dialogue"
    r"|strategic\s+dialogue\s+between\s+the\s+foreign\s+ministers)",
    "defence-ministerial": r"(?:defen[cs]e\s+ministers['’]?\s+(?:meeting|dialogue|talks)"
    r"|meeting\s+of\s+(?:the\s+)?(?:two\s+)?defen[cs]e\s+ministers"
    r"|defen[cs]e\s+ministerial\s+(?:dialogue|meeting|talks))",
}


# Every kind phrase holds one of these: most sentences have none, found faster than by the phrases.
_KIND_WORD = re.compile(r"minist|dialogue|2\s*\+|two", re.IGNORECASE)


def may_name_kind(text: str) -> bool:
    """Whether any of `KIND_RE` can match in `text`."""
    return _KIND_WORD.search(text) is not None


KIND_RE = {kind: re.compile(rf"{phrase}(?![\w-])", re.IGNORECASE) for kind, phrase in KIND_PHRASES.items()}


ORDINALS = {
    "inaugural": 1,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}


ORDINAL = rf"(?P<ord>{by_first_letter('|'.join(ORDINALS))}|\d{{1,2}}(?:st|nd|rd|th))(?:-ever)?"


# "Round four of the strategic dialogue".
CARDINALS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUMBER_WORDS = by_first_letter("|".join([*ORDINALS, *CARDINALS]))
_EDITION_RE = {
    kind: re.compile(
        rf"\b{ORDINAL}\s+(?:edition\s+of\s+(?:the\s+)?)?(?:[\w'’-]+\s+){{0,4}}?{phrase}"
        rf"|\b(?:round|edition)\s+(?P<word>{_NUMBER_WORDS})\s+of\s+(?:the\s+)?"
        rf"(?:[\w'’-]+\s+){{0,3}}?{phrase}",
        re.IGNORECASE,
    )
    for kind, phrase in KIND_PHRASES.items()
}


_SINCE = re.compile(r"[^.;,]{0,40}?\bsince\b")
# "Tuesday's two-plus-two will be the third such meeting".
_SUCH_EDITION = re.compile(rf"\bthe\s+{ORDINAL}\s+(?:such|of\s+its\s+kind)\b", re.IGNORECASE)


_NOT_THIS_EDITION = re.compile(r"\b(?:last|previous|next|since|after|before|following)\b")


_NOT_A_DIGIT = re.compile(r"\D")


# The words that report a meeting.
TRIGGER = re.compile(
    r"\b(?:met|meets?|meeting|talks|dialogue|consultations|conversation|interactions?|discussions"
    r"|call(?:ed)?\s+on|(?:phone|telephone)\s+call|telephonic|telephoned|phoned|rang|spoke|speaks"
    r"|video\s*(?:conference|call|link)|virtual(?:ly)?|co-?chair(?:ed|s)?|chaired|convened|hosted"
    r"|sat\s+down|across\s+the\s+table|2\s*\+\s*2|two[- ]plus[- ]two|summit|gather(?:ed)?|took\s+place"
    r"|counterparts?|agreed)\b",
    re.IGNORECASE,
)


REMOTE = re.compile(
    r"\b(?:phone|telephon\w*|phoned|rang|video\s*(?:conference|call|link)|virtual(?:ly)?|online)\b",
    re.IGNORECASE,
)


FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|to\s+(?:hold|meet|co-chair)|set\s+to|scheduled|slated|due\s+to"
    r"|takes\s+place|is\s+set|are\s+set|expected\s+to|would\s+hold|upcoming)\b",
    re.IGNORECASE,
)


# A kind phrase after these words names another meeting than the sentence reports ("the next
# 2+2"); after the second set, only when the sentence reports a meeting before it ("Singh met
# Nakatani ahead of the 2+2"), since "a joint statement after their 2+2 dialogue" is the 2+2.
OTHER_MEETING_BEFORE = re.compile(
    r"\b(?:last|previous|since|preparations?\s+for|prepare\s+for|subsequent)"
    r"\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)


RELATIVE_MEETING_BEFORE = re.compile(
    r"\b(?:ahead\s+of|before|after|following|run-up\s+to|prior\s+to|sidelines?\s+of|margins?\s+of"
    r"|convene|proposed|propose|hold\s+an?|just[- ]concluded|concluded|recent|next|upcoming)"
    r"\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+)?(?:[\w'’“”\"-]+\s+){0,4}$",
    re.IGNORECASE,
)


_FORUMS = r"(?:Quad|QUAD|Quadrilateral|ADMM(?:-Plus)?|G7|G20|G-20|BRICS|SCO|IPEF)"
MULTILATERAL = re.compile(rf"\b{_FORUMS}\b")
# A forum as the meeting itself ("the Quad foreign ministers' meeting", "foreign ministers of the
# Quad"), not as a fact about the two countries ("India and Japan, both Quad members, ...").
FORUM_MEETING = re.compile(
    rf"\b(?P<forum>{_FORUMS})(?:\s+[\w'’-]+){{0,3}}?\s+(?:meeting|meet|summit|talks|dialogue|ministerial|"
    rf"conference|gathering|FMM|foreign\s+ministers|defen[cs]e\s+ministers)\b"
    rf"|\b(?:meeting|summit|gathering|ministers)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?(?P<forum2>{_FORUMS})\b"
)


def kind_words(kind: str | None) -> str:
    return {
        "two-plus-two": "2+2",
        "defence-ministerial": "defence ministers' meeting",
        "foreign-ministerial": "foreign ministers' meeting",
    }.get(kind or "", "meeting")


def kind_of_posts(portfolios: set[str | None]) -> str | None:
    """The kind a meeting of ministers of these posts is."""
    if {"foreign", "defence"} <= portfolios:
        return "two-plus-two"
    if "defence" in portfolios:
        return "defence-ministerial"
    if "foreign" in portfolios:
        return "foreign-ministerial"
    return None


def edition_of(sentences: list[Sentence], kind: str) -> int | None:
    pattern = _EDITION_RE[kind]
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 25) : match.start()].lower()
            if _NOT_THIS_EDITION.search(before):
                continue
            if MULTILATERAL.search(match.group()) or "ASEAN" in match.group():
                continue  # "the 11th ASEAN Defence Ministers' Meeting-Plus" numbers another meeting
            if _SINCE.match(sentence.text, match.end()):
                continue  # "the first defence ministers' meeting in Tokyo since 2022" is no number
            word = (match.group("ord") or match.group("word")).lower()
            return ORDINALS.get(word) or CARDINALS.get(word) or int(_NOT_A_DIGIT.sub("", word))
    for sentence in sentences:
        if KIND_RE[kind].search(sentence.text) and (such := _SUCH_EDITION.search(sentence.text)):
            word = such.group("ord").lower()
            return ORDINALS.get(word) or int(_NOT_A_DIGIT.sub("", word))
    return None


def is_future(text: str, at: int) -> bool:
    """Whether the words around a meeting's mention announce it rather than report it."""
    return bool(FUTURE.search(text[max(0, at - 60) : at + 80]))


@dataclass(frozen=True)
class MeetingDraft:
    """What one article says about one meeting."""

    role: str  # "subject" (the article reports it) or "mention" (it is only referred to)
    kind: str
    edition: int | None
    date: date
    date_precision: str
    date_rule: str
    status: str
    city: str | None
    city_rule: str | None
    evidence_start: int
    evidence_end: int
    kind_rule: str = "kind-phrase"
    format: str | None = None  # "phone" or "virtual"; None: in person, or not said

    @property
    def remote(self) -> bool:
        """Held by telephone or video link."""
        return self.format is not None


_REFERENCE_WHEN = ("last", "previous", "earlier", "preceding", "next", "upcoming", "following")


_REFERENCE = re.compile(
    rf"\b(?P<when>{'|'.join(_REFERENCE_WHEN)})\s+"
    rf"(?:(?:India[–-]Japan|edition of the)\s+)?(?:(?P<kind>{KIND_PHRASES['two-plus-two']})\s*)?"
    rf"(?:ministerial\s+)?(?:meeting|dialogue|talks|edition|round|session)?"
    rf"[^.;]{{0,60}}?\b(?:in|on|during)\s+(?:(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+in\s+)?"
    rf"(?:{MONTH}\s+)?(?P<year>(?:19|20)\d{{2}})\b",
)


_YEAR = re.compile(r"(?:19|20)\d{2}")


def strip_references(text: str) -> str:
    if _YEAR.search(text) is None or not any(word in text for word in _REFERENCE_WHEN):
        return text
    return _REFERENCE.sub(lambda m: " " * len(m.group()), text)
