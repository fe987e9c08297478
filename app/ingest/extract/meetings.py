"""Meetings: who met, when and where, read from the sentences that report a meeting.

The meeting an article reports is found from its participants, not from phrases alone: the first
sentence of the opening that reports a meeting (met, held talks, dialogue, 2+2, phone call...)
between serving foreign or defence ministers of India and Japan, or that names an India–Japan
ministerial meeting outright. Its kind is the name the text gives ("2+2", "strategic dialogue",
"defence ministers' meeting"), else what the participants' posts make it. A meeting of another
pair of countries, of leaders, of officials or of the Quad is no India–Japan ministerial meeting:
`find_meetings` then says what the article is about instead. Other meetings the article mentions
(before, after, planned, the same day) are returned as mentions, never folded into the lead one.
"""

import re
from dataclasses import dataclass
from datetime import date

from app.ingest.extract.dates import (
    CAPITAL_PHRASE,
    DATE_EXPRESSIONS,
    MONTH,
    MONTHS,
    city_name,
    held_in,
    may_hold_date,
    resolve_date,
)
from app.ingest.extract.people import PersonMention
from app.ingest.reference import RecordedMeeting, Reference
from app.ingest.resolve import Person
from app.ingest.segment import Dateline, Sentence
from app.ingest.text import by_first_letter

KIND_PHRASES = {
    "two-plus-two": r"(?:['‘’“”\"]?2\s*\+\s*2['‘’“”\"]?|['‘’“”\"]?two[- ]plus[- ]two"
    r"|foreign\s+and\s+defen[cs]e\s+minist\w*|defen[cs]e\s+and\s+foreign\s+minist\w*)",
    "foreign-ministerial": r"(?:foreign\s+ministers['’]?\s+(?:strategic\s+)?(?:dialogue|meeting|talks)"
    r"|foreign\s+ministerial\s+(?:strategic\s+)?(?:dialogue|meeting)|strategic\s+dialogue"
    r"|strategic\s+dialogue\s+between\s+the\s+foreign\s+ministers)",
    "defence-ministerial": r"(?:defen[cs]e\s+ministers['’]?\s+(?:meeting|dialogue|talks)"
    r"|defen[cs]e\s+ministerial\s+(?:dialogue|meeting|talks))",
}
KIND_RE = {kind: re.compile(rf"{phrase}(?![\w-])", re.IGNORECASE) for kind, phrase in KIND_PHRASES.items()}
_ORDINALS = {
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
_ORDINAL = rf"(?P<ord>{by_first_letter('|'.join(_ORDINALS))}|\d{{1,2}}(?:st|nd|rd|th))(?:-ever)?"
_EDITION_RE = {
    kind: re.compile(
        rf"\b{_ORDINAL}\s+(?:edition\s+of\s+(?:the\s+)?)?(?:[\w'’-]+\s+){{0,4}}?{phrase}"
        rf"|\b(?:round|edition)\s+(?P<word>{by_first_letter('|'.join(_ORDINALS))})\s+of\s+(?:the\s+)?"
        rf"(?:[\w'’-]+\s+){{0,3}}?{phrase}",
        re.IGNORECASE,
    )
    for kind, phrase in KIND_PHRASES.items()
}
# "Tuesday's two-plus-two will be the third such meeting".
_SUCH_EDITION = re.compile(rf"\bthe\s+{_ORDINAL}\s+(?:such|of\s+its\s+kind)\b", re.IGNORECASE)
_NOT_THIS_EDITION = re.compile(r"\b(?:last|previous|next|since|after|before|following)\b")
_NOT_A_DIGIT = re.compile(r"\D")

# The words that report a meeting.
_TRIGGER = re.compile(
    r"\b(?:met|meets?|meeting|talks|dialogue|consultations|conversation|interactions?|discussions"
    r"|call(?:ed)?\s+on|(?:phone|telephone)\s+call|telephonic|telephoned|phoned|rang|spoke|speaks"
    r"|video\s*(?:conference|call|link)|virtual(?:ly)?|co-?chair(?:ed|s)?|chaired|convened|hosted"
    r"|sat\s+down|across\s+the\s+table|2\s*\+\s*2|two[- ]plus[- ]two|summit|gather(?:ed)?"
    r"|counterparts?|agreed)\b",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"\b(?:phone|telephon\w*|phoned|rang|video\s*(?:conference|call|link)|virtual(?:ly)?|online)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|to\s+(?:hold|meet|co-chair)|set\s+to|scheduled|slated|due\s+to"
    r"|takes\s+place|is\s+set|are\s+set|expected\s+to|would\s+hold|upcoming)\b",
    re.IGNORECASE,
)
# A kind phrase after these words names another meeting than the sentence reports ("the next
# 2+2"); after the second set, only when the sentence reports a meeting before it ("Singh met
# Nakatani ahead of the 2+2"), since "a joint statement after their 2+2 dialogue" is the 2+2.
_OTHER_MEETING_BEFORE = re.compile(
    r"\b(?:next|last|previous|upcoming|since|preparations?\s+for|prepare\s+for|subsequent)"
    r"\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
_RELATIVE_MEETING_BEFORE = re.compile(
    r"\b(?:ahead\s+of|before|after|following|run-up\s+to|prior\s+to|sidelines?\s+of|margins?\s+of"
    r"|convene|proposed|propose|hold\s+an?|just[- ]concluded|concluded|recent)"
    r"\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+)?(?:[\w'’“”\"-]+\s+){0,4}$",
    re.IGNORECASE,
)
_NOT_THE_DAY = re.compile(r"\b(?:since|until|by|from|next|last|through|to)\s+$")
_REFERENCE_WHEN = ("last", "previous", "earlier", "preceding", "next", "upcoming", "following")
_REFERENCE = re.compile(
    rf"\b(?P<when>{'|'.join(_REFERENCE_WHEN)})\s+"
    rf"(?:(?:India[–-]Japan|edition of the)\s+)?(?:(?P<kind>{KIND_PHRASES['two-plus-two']})\s*)?"
    rf"(?:ministerial\s+)?(?:meeting|dialogue|talks|edition|round|session)?"
    rf"[^.;]{{0,60}}?\b(?:in|on|during)\s+(?:(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+in\s+)?"
    rf"(?:{MONTH}\s+)?(?P<year>(?:19|20)\d{{2}})\b",
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_HERE = re.compile(r"\bhere\b", re.IGNORECASE)
_VISITING = re.compile(
    r"\bvisiting\s+(?P<side>Japanese|Indian)\s+(?:ministers?|delegation|side)", re.IGNORECASE
)

# Who else may sit at a table: officials of India or Japan below minister, leaders, and
# ministers of other countries.
_OFFICIAL_TITLE = re.compile(
    r"\b(?:Foreign|Defen[cs]e|Home)\s+Secretary\b|\bVice[- ]Minister|\bDeputy\s+(?:Foreign\s+)?Minister"
    r"|\bAdministrative\s+Vice|\bAmbassador\b|\bSherpa\b|\bCommissioner\b"
    r"|\b(?:senior|ministry|defen[cs]e|foreign)\s+officials?\b"
    r"|\bofficials?[- ]level\b|\bsecretary[- ]level\b",
    re.IGNORECASE,
)
_LEADER_TITLE = re.compile(r"\b(?:Prime\s+Ministers?|PM|President|premier|leaders['’]?\s+summit|summit)\b")
_OTHER_PORTFOLIO = re.compile(
    r"\b(?:trade|commerce|industry|economy|finance|economic|home|railways?|energy|health)\s+minister",
    re.IGNORECASE,
)
# "Kihara had put the offer at the 2+2 dialogue": a meeting the sentence recalls, not reports.
_RECALLED = re.compile(
    r"\bhad\s+(?!to\b|been\s+(?:held|scheduled))(?:already\s+|earlier\s+)?"
    r"(?:[a-z]+ed|put|met|held|made|given|told|spoken)\b"
)
# "the defence ministers of Japan and India": both sides, and their posts.
_MINISTERS_OF_BOTH = re.compile(
    r"\b(?P<posts>foreign\s+and\s+defen[cs]e|defen[cs]e\s+and\s+foreign|foreign|defen[cs]e|external\s+affairs)\s+"
    r"(?:ministers|chiefs)\s+of\s+(?:both\s+)?(?:India\s+and\s+Japan|Japan\s+and\s+India)\b"
    r"|\b(?:Indian\s+and\s+Japanese|Japanese\s+and\s+Indian)\s+(?P<posts2>foreign|defen[cs]e)\s+ministers\b",
    re.IGNORECASE,
)
_BILATERAL = re.compile(r"\bbilateral|\bcounterparts?\b|India[–-]Japan|Japan[–-]India", re.IGNORECASE)
_MULTILATERAL = re.compile(r"\b(?:Quad|QUAD|Quadrilateral|ADMM|G7|G20|G-20|BRICS|SCO|IPEF)\b")
_FOREIGN_TITLE_WORDS = (
    r"(?:Foreign|Defen[cs]e|External|Trade|Deputy|Prime|Minister|Ministers|Secretary|Secretaries"
    r"|counterparts?|President|chief|chiefs|FM|ministers)"
)
_SECRETARY_OF_STATE = re.compile(r"\bSecretary\s+of\s+(?:State|Defen[cs]e)\b")

BOTH = frozenset({"India", "Japan"})


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
    remote: bool = False  # held by telephone or video link


@dataclass(frozen=True)
class Event:
    """One sentence that reports a meeting, and what it says of who met."""

    sentence: int  # index into the article's sentences
    participants: tuple[Person, ...]  # serving foreign or defence ministers of India and Japan
    sides: frozenset[str]  # India and Japan, as the participants or the words show them
    others: frozenset[str]  # other countries at the table
    kind: str | None  # the kind the sentence names
    kind_at: int | None
    about: str | None  # why it is no India–Japan ministerial meeting, if it is not


@dataclass(frozen=True)
class Reading:
    """The meetings an article reports, or why it reports none."""

    meetings: tuple[MeetingDraft, ...]
    participants: tuple[str, ...]  # slugs of the lead meeting's participants
    not_a_meeting: str | None = None  # "about an India–Australia 2+2, not an India–Japan meeting"


def _countries_named(text: str, reference: Reference) -> dict[str, list[tuple[int, int]]]:
    """The countries a sentence names, with where."""
    found: dict[str, list[tuple[int, int]]] = {}
    for match in re.finditer(r"\bIndia(?:n|['’]s)?\b|\bNew\s+Delhi\b|\bBharat\b", text):
        found.setdefault("India", []).append(match.span())
    for match in re.finditer(r"\bJapan(?:ese|['’]s)?\b|\bTokyo\b", text):
        found.setdefault("Japan", []).append(match.span())
    for party in reference.parties:
        if party.kind != "country":
            continue
        for name in party.names:
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?:['’]s)?(?![\w])", text):
                found.setdefault(party.name, []).append(match.span())
    return found


def _other_countries_at_table(text: str, reference: Reference) -> set[str]:
    """Countries other than India and Japan whose ministers or officials the sentence names."""
    others: set[str] = set()
    for country, spans in _countries_named(text, reference).items():
        if country in BOTH:
            continue
        for _, end in spans:
            after = text[end : end + 40]
            if re.match(rf"\s+(?:and\s+\w+\s+)?{_FOREIGN_TITLE_WORDS}\b", after) or re.match(
                r"\s*,?\s+(?:the\s+)?(?:Hon\.?\s+)?[A-Z][a-z]+\s+[A-Z][a-z]+", after[:0]
            ):
                others.add(country)
    if _SECRETARY_OF_STATE.search(text) and "United States" in _countries_named(text, reference):
        others.add("United States")
    return others


def _pair_of_kind_phrase(text: str, at: int, reference: Reference) -> set[str]:
    """The countries a kind phrase is said to be between: "the tenth Japan-Australia 2+2",
    "ministers of the Philippines and Japan will meet ... for 2+2 talks"."""
    window = text[max(0, at - 160) : at + 60]
    named = _countries_named(window, reference)
    pairs = set()
    for country, spans in named.items():
        for start, end in spans:
            if re.match(r"\s*[–-]\s*[A-Z]", window[end : end + 4]) or re.search(
                r"[A-Za-z][–-]\s*$", window[max(0, start - 3) : start]
            ):
                pairs.add(country)
            if re.search(r"\b(?:of|between)\s+(?:the\s+)?(?:\w+\s+)?$", window[max(0, start - 20) : start]):
                pairs.add(country)
            if re.match(r"\s+and\s+(?:the\s+)?[A-Z]", window[end : end + 12]) or re.search(
                r"\band\s+(?:the\s+)?$", window[max(0, start - 10) : start]
            ):
                pairs.add(country)
    return pairs


def _explicit_kind(text: str, reference: Reference) -> tuple[str | None, int | None, set[str]]:
    """The kind of meeting the sentence itself names, where, and between whom it says it is."""
    best: tuple[int, str] | None = None
    for kind, pattern in KIND_RE.items():
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 60) : match.start()]
            if _OTHER_MEETING_BEFORE.search(before):
                continue
            relative = _RELATIVE_MEETING_BEFORE.search(before)
            if relative and _TRIGGER.search(text[: match.start() - len(before) + relative.start()]):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), kind)
            break
    if best is None:
        return None, None, set()
    return best[1], best[0], _pair_of_kind_phrase(text, best[0], reference)


def _event(
    index: int,
    sentence: Sentence,
    mentions: list[PersonMention],
    people: list[Person | None],
    reference: Reference,
    context: frozenset[str] = frozenset(),
) -> Event | None:
    """What a sentence says of a meeting, if it reports one.

    `context` holds the countries the article's opening names: "the third 2+2 held here" is an
    India–Japan one in an article that opens on India and Japan.
    """
    text = sentence.text
    if not _TRIGGER.search(text) or _RECALLED.search(text):
        return None
    inside = [
        (m, p)
        for m, p in zip(mentions, people, strict=True)
        if p is not None and sentence.start <= m.start < sentence.end
    ]
    ministers = tuple(dict.fromkeys(p for _, p in inside if p.is_participant))
    sides = {p.country for p in ministers if p.country}
    # "his Japanese counterpart", "the defence ministers of India and Japan": a side unnamed.
    for match in re.finditer(
        r"\b(?P<side>Japanese|Indian)\s+(?:and\s+[A-Z]\w+\s+)?(?:(?:foreign|defen[cs]e|external\s+affairs)\s+)?"
        r"(?:counterparts?|ministers?|side|delegation)\b",
        text,
        re.IGNORECASE,
    ):
        sides.add("Japan" if match.group("side").lower().startswith("jap") else "India")
    named = _countries_named(text, reference)
    kind, kind_at, pair = _explicit_kind(text, reference)
    implied_kind: str | None = None
    if (both := _MINISTERS_OF_BOTH.search(text)) is not None:
        sides |= BOTH
        posts = (both.group("posts") or both.group("posts2") or "").lower()
        implied_kind = kind_of_posts(
            {"foreign" if "foreign" in posts or "external" in posts else None}
            | {"defence" if "defen" in posts else None}
        )
    others = _other_countries_at_table(text, reference) | (pair - BOTH)
    leaders = [p for _, p in inside if p.portfolio == "prime-minister" and not p.former]
    ministerial_words = re.search(r"\bminist(?:er|ers|erial|ry)\b|\bFMs?\b|\bEAM\b", text, re.IGNORECASE)
    if kind is not None and set(named) >= BOTH and not ministers and not others:
        sides |= BOTH if ministerial_words else set()
    if kind is not None and not others and context >= BOTH:
        sides |= BOTH
    about: str | None = None
    multilateral = _MULTILATERAL.search(text)
    if others and not (sides >= BOTH and (len(ministers) >= 2 or kind is None)):
        countries = sorted(others | (sides & BOTH) | (pair & BOTH))
        if (multilateral and not (sides >= BOTH)) or (len(countries) >= 3 and multilateral):
            about = f"about a {multilateral.group()} meeting, not an India–Japan one"
        else:
            pair_name = "–".join(countries[:3])
            article = "an" if pair_name[0] in "AEIOU" else "a"
            about = f"about {article} {pair_name} {_kind_words(kind)}, not an India–Japan meeting"
    elif not ministers and leaders and kind is None:
        about = "about a leaders' meeting, not a ministers' one"
    elif not ministers and _OFFICIAL_TITLE.search(text) and not (kind and ministerial_words):
        about = "about an officials' meeting, not a ministers' one"
    elif not ministers and _OTHER_PORTFOLIO.search(text):
        about = "about a meeting of other ministers, not foreign or defence ministers"
    elif multilateral and not ministers and kind is None:
        about = f"about a {multilateral.group()} meeting, not an India–Japan one"
    if about is None and not (sides >= BOTH or (kind and sides)):
        return None
    return Event(
        sentence=index,
        participants=ministers,
        sides=frozenset(sides),
        others=frozenset(others),
        kind=kind or (implied_kind if not ministers else None),
        kind_at=kind_at,
        about=about,
    )


def on_the_record(
    reference: Reference,
    kind: str,
    edition: int | None,
    participants: tuple[str, ...],
    near: date | None,
    days: int,
    text: str = "",
) -> RecordedMeeting | None:
    """The one meeting on the calendar of the record that fits what the text says: its kind, its
    number if stated, its participants, within `days` of `near` if a day is known, and, among
    several, the one whose event or weekday the text names."""
    fits = [m for m in reference.calendar if m.kind == kind and m.precision == "day"]
    if edition is not None:
        fits = [m for m in fits if m.edition == edition]
    if participants:
        fits = [m for m in fits if set(participants) <= set(m.participants)]
    if near is not None:
        fits = [m for m in fits if abs((m.day - near).days) <= days]
    elif edition is None and not participants:
        return None
    if len(fits) > 1 and text:
        by_event = [m for m in fits if m.event and _names_event(text, m.event)]
        weekdays = {w.lower() for w in _WEEKDAY_WORD.findall(text)}
        by_weekday = [m for m in fits if m.day.strftime("%A").lower() in weekdays]
        fits = by_event if len(by_event) == 1 else by_weekday if len(by_weekday) == 1 else fits
    return fits[0] if len(fits) == 1 else None


_WEEKDAY_WORD = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_EVENT_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")


def _names_event(text: str, event: str) -> bool:
    """Whether the text names the event ("ADMM-Plus", "Shangri-La Dialogue") a meeting was beside."""
    words = [w for w in _EVENT_WORD.findall(event) if w.lower() not in ("meeting", "ministers", "foreign")]
    return bool(words) and all(w.lower() in text.lower() for w in words)


def _kind_words(kind: str | None) -> str:
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


def _edition(sentences: list[Sentence], kind: str) -> int | None:
    pattern = _EDITION_RE[kind]
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 25) : match.start()].lower()
            if _NOT_THIS_EDITION.search(before):
                continue
            if _MULTILATERAL.search(match.group()) or "ASEAN" in match.group():
                continue  # "the 11th ASEAN Defence Ministers' Meeting-Plus" numbers another meeting
            word = (match.group("ord") or match.group("word")).lower()
            return _ORDINALS.get(word) or int(_NOT_A_DIGIT.sub("", word))
    for sentence in sentences:
        if KIND_RE[kind].search(sentence.text) and (such := _SUCH_EDITION.search(sentence.text)):
            word = such.group("ord").lower()
            return _ORDINALS.get(word) or int(_NOT_A_DIGIT.sub("", word))
    return None


def _strip_references(text: str) -> str:
    if _YEAR.search(text) is None or not any(word in text for word in _REFERENCE_WHEN):
        return text
    return _REFERENCE.sub(lambda m: " " * len(m.group()), text)


def _is_future(text: str, at: int) -> bool:
    """Whether the words around a meeting's mention announce it rather than report it."""
    return bool(_FUTURE.search(text[max(0, at - 60) : at + 80]))


def _date_in(
    sentence: Sentence, anchor: date, trigger_at: int, forward: bool
) -> tuple[date, str, int, int] | None:
    """The date expression of a sentence that goes with its meeting: the first after the words
    that report it, else the nearest before them."""
    text = _strip_references(sentence.text)
    if not may_hold_date(text):
        return None
    after: list[tuple[int, date, str, int, int]] = []
    before: list[tuple[int, date, str, int, int]] = []
    for rule, pattern in DATE_EXPRESSIONS:
        for match in pattern.finditer(text):
            if _NOT_THE_DAY.search(text[max(0, match.start() - 12) : match.start()]) and (
                rule != "weekday-before-publication"
                or "last" in text[max(0, match.start() - 6) : match.start()]
            ):
                continue
            day = resolve_date(rule, match, anchor, forward=forward)
            if day is None:
                continue
            found = (
                abs(match.start() - trigger_at),
                day,
                rule,
                sentence.start + match.start(),
                sentence.start + match.end(),
            )
            (after if match.start() >= trigger_at else before).append(found)
    pick = min(after) if after else (min(before) if before else None)
    if pick is None:
        return None
    _, day, rule, start, end = pick
    return day, rule, start, end


def _venue(
    sentence: Sentence, reference: Reference, dateline: Dateline | None
) -> tuple[str | None, str | None]:
    """The place a sentence gives for its meeting."""
    text = _strip_references(sentence.text)
    if reference.cities and (found := held_in(tuple(reference.cities)).search(text)):
        city = found.group("city") or found.group("city2") or found.group("city3") or found.group("city4")
        return city, "in-city"
    if (capital := CAPITAL_PHRASE.search(text)) is not None:
        which = (capital.group("which") or capital.group("country") or "").lower()
        country = {"indian": "India", "india": "India", "japanese": "Japan", "japan": "Japan"}.get(which)
        if which == "national" and dateline is not None:
            country = reference.cities.get(dateline.place)
        if country in reference.capitals:
            return reference.capitals[country], "capital-phrase"
    if _HERE.search(text) and dateline is not None and _is_city(dateline.place, reference):
        return dateline.place, "here-dateline"
    return None, None


def _is_city(name: str, reference: Reference) -> bool:
    """Whether a place name can be a meeting's city: never a country."""
    countries = {"India", "Japan"} | {p.name for p in reference.parties if p.kind == "country"}
    country_words = {n for p in reference.parties if p.kind == "country" for n in p.names}
    return name not in countries and name not in country_words and name not in ("Indian", "Japanese")


def _city(
    lead: Sentence,
    nearby: list[Sentence],
    reference: Reference,
    dateline: Dateline | None,
    outlet: str | None,
    remote: bool,
) -> tuple[str | None, str | None]:
    """The meeting's city and the rule that found it, best rule first; none for a phone call."""
    if remote:
        return None, None
    city, rule = _venue(lead, reference, dateline)
    if city is not None:
        return city, rule
    for sentence in nearby:
        city, rule = _venue(sentence, reference, dateline)
        if city is not None:
            return city, rule
    if dateline is not None and _is_city(dateline.place, reference):
        return dateline.place, "dateline"
    for sentence in nearby:
        if (found := _VISITING.search(sentence.text)) is not None:
            host = "India" if found.group("side").lower() == "japanese" else "Japan"
            if host in reference.capitals:
                return reference.capitals[host], "visiting-side"
    if any(_HERE.search(s.text) for s in [lead, *nearby]) and (home := reference.outlet_home(outlet)):
        return home, "here-outlet-home"
    return None, None


def _referenced(sentences: list[Sentence], kind: str, anchor: date | None) -> list[MeetingDraft]:
    """Meetings mentioned by when they were or will be: "the last 2+2 in September 2022"."""
    drafts = []
    for sentence in sentences:
        if _YEAR.search(sentence.text) is None or not any(w in sentence.text for w in _REFERENCE_WHEN):
            continue
        for match in _REFERENCE.finditer(sentence.text):
            named_kind = "two-plus-two" if match.group("kind") else None
            if named_kind is None:
                named_kind = next((k for k, p in KIND_RE.items() if p.search(match.group())), None)
            year = int(match.group("year"))
            month = match.group("month")
            when = match.group("when").lower()
            status = "planned" if when in ("next", "upcoming", "following") else "referenced"
            day = date(year, MONTHS[month.lower().rstrip(".")], 1) if month else date(year, 1, 1)
            if status == "referenced" and anchor and day > anchor:
                continue
            city = match.group("city")
            drafts.append(
                MeetingDraft(
                    role="mention",
                    kind=named_kind or kind,
                    edition=None,
                    date=day,
                    date_precision="month" if month else "year",
                    date_rule="mentioned-month" if month else "mentioned-year",
                    status=status,
                    city=city if city and city not in ("India", "Japan") else None,
                    city_rule="mentioned" if city and city not in ("India", "Japan") else None,
                    evidence_start=sentence.start + match.start(),
                    evidence_end=sentence.start + match.end(),
                    kind_rule="kind-phrase" if named_kind else "mentioned",
                )
            )
    return drafts


_SAME_DAY = re.compile(
    r"\b(?:same\s+(?:day|morning|evening)|earlier\s+in\s+the\s+day|later\s+in\s+the\s+day|ahead\s+of"
    r"|before|prior\s+to|after|following|on\s+the\s+sidelines\s+of|separately|also\s+held)\b",
    re.IGNORECASE,
)


def _side_meetings(
    sentences: list[Sentence], lead: MeetingDraft, lead_sentence: int, anchor: date
) -> list[MeetingDraft]:
    """Other India–Japan ministerial meetings the article reports by name, such as the defence
    ministers' meeting held the same morning as a 2+2: each its own meeting."""
    drafts = []
    for index, sentence in enumerate(sentences):
        if index == lead_sentence:
            continue
        text = _strip_references(sentence.text)
        for kind, pattern in KIND_RE.items():
            if kind == lead.kind:
                continue
            match = pattern.search(text)
            if match is None or (kind == "foreign-ministerial" and lead.kind == "two-plus-two"):
                continue
            if not re.search(
                r"\b(?:held|met|meeting|talks|took\s+place|will|to\s+hold)\b", text, re.IGNORECASE
            ):
                continue
            if re.search(r"\b(?:first|second|third|\d+(?:st|nd|rd|th))\s+(?:such|of\s+its\s+kind)", text):
                continue
            future = _is_future(text, match.start())
            dated = _date_in(sentence, anchor, match.start(), future)
            if dated is None and not _SAME_DAY.search(text):
                continue
            day, rule, _start, _end = dated or (lead.date, "same-day-as-lead", sentence.start, sentence.end)
            drafts.append(
                MeetingDraft(
                    role="mention",
                    kind=kind,
                    edition=None,
                    date=day,
                    date_precision="day",
                    date_rule=rule,
                    status="planned" if day > anchor or future else "referenced",
                    city=lead.city,
                    city_rule="same-as-lead" if lead.city else None,
                    evidence_start=sentence.start + match.start(),
                    evidence_end=sentence.start + match.end(),
                )
            )
            break
    return drafts


def find_meetings(
    sentences: list[Sentence],
    mentions: list[PersonMention],
    people: list[Person | None],
    reference: Reference,
    anchor: date | None,
    dateline: Dateline | None,
    outlet: str | None,
    opening: int = 4,
) -> Reading:
    """The meeting the article reports (first), then the meetings it only mentions; or why the
    article reports no India–Japan ministerial meeting.

    `anchor` is the day of writing (publication, dateline or address), from which "on Tuesday"
    is counted; `opening` how many paragraphs count as the article's opening.
    """
    if not sentences:
        return Reading((), (), "nothing to read")
    first_paragraph = sentences[0].paragraph
    in_opening = [i for i, s in enumerate(sentences) if s.paragraph < first_paragraph + opening]
    named: set[str] = set()
    for i in in_opening:
        named |= set(_countries_named(sentences[i].text, reference))
    context = BOTH if named >= BOTH else frozenset()
    events = [e for i in in_opening if (e := _event(i, sentences[i], mentions, people, reference, context))]
    # The opening's first meeting decides what the article is about; after a Quad meeting or
    # another pair's, only a plainly bilateral India–Japan one ("held talks with his Japanese
    # counterpart") is the lead.
    lead = next((e for e in events if e.about is None), None)
    if events and events[0].about is not None and lead is not None:
        text = sentences[lead.sentence].text
        if lead.others or not lead.participants or not _BILATERAL.search(text):
            lead = None
    if lead is not None and lead.kind and not lead.participants:
        # "India and Japan held their second 2+2 dialogue, bringing together ministry officials":
        # a 2+2 of officials, when the opening names officials and no minister.
        opening_text = " ".join(sentences[i].text for i in in_opening)
        if _OFFICIAL_TITLE.search(opening_text) and not any(
            p.is_participant
            for m, p in zip(mentions, people, strict=True)
            if p is not None and any(sentences[i].start <= m.start < sentences[i].end for i in in_opening)
        ):
            return Reading((), (), "about an officials' meeting, not a ministers' one")
    if lead is None and events and events[0].about is not None:
        return Reading((), (), events[0].about)
    if lead is None:
        # Past the opening, only a sentence that names both the kind and India and Japan.
        later = (
            _event(i, s, mentions, people, reference, context)
            for i, s in enumerate(sentences)
            if i not in in_opening
        )
        lead = next(
            (e for e in later if e and e.about is None and e.kind and e.sides >= BOTH and e.participants),
            None,
        )
        if lead is not None and any(e.about for e in events):
            lead = None
    if lead is None:
        reason = next((e.about for e in events if e.about), None)
        return Reading((), (), reason or "no India–Japan ministers' meeting found")
    sentence = sentences[lead.sentence]
    nearby = [sentences[i] for i in in_opening if i != lead.sentence] or sentences[lead.sentence + 1 :][:4]
    # The participants: serving ministers the opening names, then the whole article.
    everyone = [p for p in people if p is not None and p.is_participant]
    in_open = [
        p
        for m, p in zip(mentions, people, strict=True)
        if p is not None
        and p.is_participant
        and any(sentences[i].start <= m.start < sentences[i].end for i in in_opening)
    ]
    kind = lead.kind
    kind_rule = "kind-phrase"
    if kind is None:
        portfolios = {p.portfolio for p in lead.participants}
        # "Singh held talks with his Japanese counterpart": the counterpart holds the same post.
        kind = kind_of_posts(portfolios) or kind_of_posts({p.portfolio for p in in_open})
        kind_rule = "participants"
    if kind is None:
        kind = next(
            (
                k
                for k, pattern in KIND_RE.items()
                if any(pattern.search(sentences[i].text) for i in in_opening)
            ),
            None,
        )
        kind_rule = "kind-phrase"
    if kind is None:
        return Reading((), (), "no India–Japan ministers' meeting found (who met is not said)")
    posts = {"two-plus-two": {"foreign", "defence"}, "defence-ministerial": {"defence"}}.get(
        kind, {"foreign"}
    )
    chosen = [p for p in (*lead.participants, *in_open, *everyone) if p.portfolio in posts]
    participants = tuple(dict.fromkeys(p.slug for p in chosen))
    if kind != "two-plus-two":
        # One minister a side: the ones the lead sentence or the opening names first.
        seats: dict[str | None, str] = {}
        for person in chosen:
            seats.setdefault(person.country, person.slug)
        participants = tuple(seats.values())
    remote = bool(_REMOTE.search(sentence.text))
    trigger = _TRIGGER.search(sentence.text)
    trigger_at = lead.kind_at if lead.kind_at is not None else (trigger.start() if trigger else 0)
    dated = None
    if anchor is not None:
        dated = _date_in(sentence, anchor, trigger_at, _is_future(sentence.text, trigger_at))
        for other in nearby:
            if dated is not None:
                break
            if (found := _TRIGGER.search(other.text)) is not None:
                dated = _date_in(other, anchor, found.start(), _is_future(other.text, found.start()))
    edition = _edition(sentences, kind)
    opening_text = " ".join(sentences[i].text for i in in_opening)
    if dated is not None:
        day, date_rule, start, end = dated
    elif (
        record := on_the_record(reference, kind, edition, participants, anchor, 10, opening_text)
    ) is not None:
        # The text gives no day: the calendar's meeting of that kind, number and participants.
        day, date_rule, start, end = record.day, "calendar", sentence.start, sentence.end
    elif anchor is None:
        return Reading(
            (),
            (),
            "reports an India–Japan ministers' meeting but gives no date:"
            " add 'published' to the front matter",
        )
    else:
        day, date_rule, start, end = anchor, "publication-date-fallback", sentence.start, sentence.end
    city, city_rule = _city(sentence, nearby, reference, dateline, outlet, remote)
    city = city_name(city) if city else None
    if city is None and not remote:
        record = on_the_record(reference, kind, edition, participants, day, 1, opening_text)
        if record is not None and record.city:
            city, city_rule = record.city, "calendar"
    if anchor is not None:
        status = "planned" if day > anchor else "held"
    else:
        status = "planned" if _is_future(sentence.text, trigger_at) else "held"
    subject = MeetingDraft(
        role="subject",
        kind=kind,
        edition=edition,
        date=day,
        date_precision="day",
        date_rule=date_rule,
        status=status,
        city=city,
        city_rule=city_rule,
        evidence_start=start,
        evidence_end=end,
        kind_rule=kind_rule,
        remote=remote,
    )
    mentioned = _referenced(sentences, kind, anchor) if anchor else []
    side = _side_meetings(sentences, subject, lead.sentence, anchor) if anchor else []
    return Reading((subject, *side, *mentioned), participants)
