"""Extract: from an article's sentences, the meeting, the people named and the statements.

Everything here is a pure function of the text and the reference data. Names are not resolved
to people yet (that is `resolve`); speakers are recorded as hints: a person mention, a pronoun,
or an institution.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice

from app.ingest.reference import Reference
from app.ingest.segment import Sentence, dateline_city


def _by_first_letter(alternatives: str) -> str:
    """A flat alternation of words, "agreed|agree|welcomed", regrouped by first letter,
    "a(?:greed|gree)|w(?:elcomed)", keeping the order: it matches what the flat one matches.

    Case-insensitive, the flat one costs a step per word at every position tried (the regex
    engine's quick first-letter test is for case-sensitive patterns only); grouped, only the words
    beginning with the letter at hand are tried. Each word must begin with a letter, and hold no
    "|" of its own.
    """
    groups: dict[str, list[str]] = {}
    for word in alternatives.split("|"):
        assert word[:1].isalpha(), word
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


# --- people -------------------------------------------------------------------------------------

# Every alternative starts a word; saying so first lets the engine drop any other place at once
# instead of trying each optional part there.
_TITLE = re.compile(
    r"\b(?=\w)(?P<former>\b(?:former|late|then|ex-)\s+)?"
    r"(?P<adj>\b(?:Indian|Japanese|India['’]s|Japan['’]s)\s+)?"
    r"(?P<title>\b(?:"
    r"(?:External\s+Affairs|Foreign|Defen[cs]e|Prime)\s+minister"
    r"|minister\s+(?:of|for)\s+(?:External\s+Affairs|Foreign\s+Affairs|Defen[cs]e)"
    r"|premier|(?-i:PM|EAM)"
    r"|counterparts?"
    r"))\s+",
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
    (re.compile(r"external\s+affairs|foreign|(?-i:EAM)", re.IGNORECASE), "foreign"),
    (re.compile(r"defen[cs]e", re.IGNORECASE), "defence"),
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


def _country_of(adjective: str | None, title: str) -> str | None:
    if adjective:
        return "India" if adjective.lower().startswith("india") else "Japan"
    if re.search(r"external\s+affairs|(?-i:EAM)", title, re.IGNORECASE):
        return "India"
    return None


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
    known_tokens = {p.family for p in reference.people}
    for sentence in sentences:
        text, base = sentence.text, sentence.start
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
                    country=_country_of(title.group("adj"), title.group("title")),
                    former=bool(title.group("former")),
                )
                paired = is_counterpart and (respectively or word == "counterpart")
                found.append((mention, paired, n))
                known_tokens.update(_CAPITALISED_WORD.findall(text[start:end].translate(_NO_ZW)))
        taken = [(m.start - base, m.end - base) for m, _, _ in found]
        # Zero-width characters are rare: they are taken out of the names of a sentence that has some.
        zero_width = not text.isascii() and any(character in text for character in _ZW)
        for match in _PLAIN_NAME.finditer(text):
            name = match.group()
            words = name.split()
            if known_tokens.isdisjoint(name.translate(_NO_ZW).split() if zero_width else words):
                continue  # most capitalised words
            start, end = match.span()
            if words[0] in _NOT_NAME or any(s < end and start < e for s, e in taken):
                continue
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
# One or two capitalised words, not preceded by a letter or a dot, and an honorific: the plainer
#     (?<![\w.])(?:[A-Z][a-z]+\s)?[A-Z][a-z]+(?:\s(?:San|Sahab|Ji))?(?![\w])
# (zero-width characters left out), written to start with the capital itself and to test the
# character before it afterwards, so that the regex engine can skip from capital to capital.
_PLAIN_NAME = re.compile(
    rf"[A-Z](?<![\w.][A-Z])(?:[a-z{_ZW}]+\s[A-Z])?[a-z{_ZW}]+(?:\s(?:San|Sahab|Ji))?(?![\w{_ZW}])"
)


# --- meetings -----------------------------------------------------------------------------------

KIND_PHRASES = {
    "two-plus-two": r"(?:['‘’“”\"]?2\s*\+\s*2['‘’“”\"]?|['‘’“”\"]?two[- ]plus[- ]two"
    r"|foreign\s+and\s+defen[cs]e\s+ministerial"
    r"|defen[cs]e\s+and\s+foreign\s+ministerial)",
    "foreign-ministerial": r"(?:foreign\s+ministers['’]?\s+"
    r"(?:strategic\s+)?(?:dialogue|meeting|talks)"
    r"|foreign\s+ministerial\s+(?:strategic\s+)?(?:dialogue|meeting)|strategic\s+dialogue)",
    "defence-ministerial": r"(?:defen[cs]e\s+ministers['’]?\s+(?:meeting|dialogue|talks)"
    r"|defen[cs]e\s+ministerial\s+(?:dialogue|meeting|talks))",
    "summit": r"(?:annual\s+summit)",
}
_KIND_RE = {kind: re.compile(phrase, re.IGNORECASE) for kind, phrase in KIND_PHRASES.items()}
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
}
_ORDINAL = rf"(?P<ord>{_by_first_letter('|'.join(_ORDINALS))}|\d{{1,2}}(?:st|nd|rd|th))"
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = {  # as date.weekday() numbers them
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE_EXPRESSIONS = (
    (
        "explicit-date",
        re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b"),
    ),
    (
        "explicit-date",
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b"),
    ),
    ("iso-date", re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b")),
    (
        "weekday-before-publication",
        re.compile(rf"\b(?:on\s+|last\s+|this\s+)?{_WEEKDAY}(?:['’]s)?\b"),
    ),
    (
        "yesterday-publication",
        re.compile(r"\b(?:yesterday|last\s+(?:evening|night))\b", re.IGNORECASE),
    ),
    (
        "today-publication",
        re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE),
    ),
)
# Every date expression above holds a digit, a "day" (a weekday, "yesterday", "today") or a time
# of day after a space ("last night"): three quick searches that rule out most sentences before
# the six slower ones.
_DAY = re.compile("day", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_TIME_OF_DAY = re.compile(rf"\s(?:{_by_first_letter('evening|night|morning|afternoon')})", re.IGNORECASE)


def _may_hold_date(text: str) -> bool:
    """Whether any of `_DATE_EXPRESSIONS` can match in `text`."""
    return bool(_DAY.search(text) or _DIGIT.search(text) or _TIME_OF_DAY.search(text))


# "since Monday", "by March 3": not the day of the meeting.
_NOT_THE_DAY = re.compile(r"\b(?:since|until|by|from|next|last)\s+$")
_MEETING_CUE = re.compile(
    r"\b(?:talks|meeting|met|meet|dialogue|discuss\w*|agreed|told|counterparts?|held|"
    r"ministers?|joint statement|2\s*\+\s*2|two-plus-two|India and Japan|both sides|"
    r"the two sides|delegation)\b",
    re.IGNORECASE,
)
_REFERENCE_WHEN = ("last", "previous", "earlier", "preceding", "next", "upcoming", "following")
_REFERENCE = re.compile(
    rf"\b(?P<when>{'|'.join(_REFERENCE_WHEN)})\s+"
    rf"(?:(?:India[–-]Japan|edition of the)\s+)?(?:(?P<kind>{KIND_PHRASES['two-plus-two']})\s*)?"
    rf"(?:ministerial\s+)?(?:meeting|dialogue|talks|edition|round|session)?"
    rf"[^.;]{{0,60}}?\b(?:in|on|during)\s+(?:(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+in\s+)?"
    rf"(?:{_MONTH}\s+)?(?P<year>(?:19|20)\d{{2}})\b",
)
_YEAR = re.compile(r"(?:19|20)\d{2}")


def _may_refer(text: str) -> bool:
    """Whether `_REFERENCE` can match in `text`: it needs a year, and one of its words for when.
    Most sentences have neither, which these quick tests find."""
    return _YEAR.search(text) is not None and any(word in text for word in _REFERENCE_WHEN)


_VISITING = re.compile(
    r"\bvisiting\s+(?P<side>Japanese|Indian)\s+(?:ministers?|delegation|side)", re.IGNORECASE
)
_HERE = re.compile(r"\b(?:held|met|meet|meeting|talks)\s+here\b|\bhere\s+on\s+[A-Z]", re.IGNORECASE)


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


def _kind(sentences: list[Sentence], mentions: list[PersonMention]) -> tuple[str, str] | None:
    """The kind of meeting the article reports, and the rule that decided it."""
    # Phrases inside a mention of another meeting ("the next 2+2 in 2027") say nothing of this one.
    lead = _strip_references(" ".join(s.text for s in sentences if s.paragraph <= 3))
    whole = _strip_references(" ".join(s.text for s in sentences))
    in_whole: dict[str, int] = {}  # how often each kind's phrase occurs in the article, up to 2
    for kind in ("two-plus-two", "defence-ministerial", "foreign-ministerial", "summit"):
        if _KIND_RE[kind].search(lead):
            return kind, "kind-phrase"
        in_whole[kind] = sum(1 for _ in islice(_KIND_RE[kind].finditer(whole), 2))
        if in_whole[kind] >= 2:
            return kind, "kind-phrase"
    for kind in ("two-plus-two", "defence-ministerial", "foreign-ministerial"):
        if in_whole[kind]:
            return kind, "kind-phrase"
    portfolios = {
        (m.country, m.portfolio)
        for m in mentions
        if not m.former and m.portfolio in ("foreign", "defence") and m.via != "name"
    }
    counterparts = any(m.via == "counterpart" for m in mentions)
    kinds = {p for _, p in portfolios}
    if counterparts and kinds == {"defence"}:
        return "defence-ministerial", "participants"
    if counterparts and kinds == {"foreign"}:
        return "foreign-ministerial", "participants"
    if counterparts and kinds == {"foreign", "defence"}:
        return "two-plus-two", "participants"
    return None


def _strip_references(text: str) -> str:
    return _REFERENCE.sub(" ", text) if _may_refer(text) else text


_EDITION_RE = {
    kind: re.compile(
        rf"\b{_ORDINAL}\s+(?:edition\s+of\s+(?:the\s+)?)?(?:[\w'’-]+\s+){{0,3}}?{phrase}",
        re.IGNORECASE,
    )
    for kind, phrase in KIND_PHRASES.items()
}
_NOT_THIS_EDITION = re.compile(r"\b(?:last|previous|next|since)\b")
_NOT_A_DIGIT = re.compile(r"\D")


def _edition(sentences: list[Sentence], kind: str) -> int | None:
    pattern = _EDITION_RE.get(kind)
    if pattern is None:
        return None
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 25) : match.start()].lower()
            if _NOT_THIS_EDITION.search(before):
                continue
            word = match.group("ord").lower()
            return _ORDINALS.get(word) or int(_NOT_A_DIGIT.sub("", word))
    return None


def _resolve_date(rule: str, match: re.Match[str], published: date) -> date | None:
    groups = match.groupdict()
    if rule == "iso-date":
        try:
            return date.fromisoformat(groups["iso"])
        except ValueError:
            return None
    if rule == "explicit-date":
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        year = int(groups["year"]) if groups.get("year") else published.year
        try:
            found = date(year, month, int(groups["day"]))
        except ValueError:
            return None
        if not groups.get("year") and found > published + timedelta(days=7):
            found = found.replace(year=year - 1)
        return found
    if rule == "weekday-before-publication":
        # The last such day on or before publication (dateutil's relativedelta(weekday=MO(-1)),
        # without its cost).
        return published - timedelta(days=(published.weekday() - _WEEKDAYS[groups["weekday"].lower()]) % 7)
    if rule == "yesterday-publication":
        return published - timedelta(days=1)
    return published


def _meeting_date(sentences: list[Sentence], published: date | None) -> tuple[date, str, int, int] | None:
    """The first date expression in a sentence about the meeting, resolved to a day."""
    if published is None:
        return None
    candidates: list[tuple[int, int, date, str, int, int]] = []
    for order, sentence in enumerate(sentences):
        if not _may_hold_date(sentence.text):
            continue
        cue = bool(_MEETING_CUE.search(sentence.text))
        text = _strip_references(sentence.text)
        for rule, pattern in _DATE_EXPRESSIONS:
            for match in pattern.finditer(text):
                before = text[max(0, match.start() - 12) : match.start()].lower()
                if _NOT_THE_DAY.search(before) and rule != "weekday-before-publication":
                    continue
                day = _resolve_date(rule, match, published)
                if day is None or day > published + timedelta(days=1):
                    continue
                rank = 0 if cue else 1
                candidates.append(
                    (
                        rank,
                        order,
                        day,
                        rule,
                        sentence.start + match.start(),
                        sentence.start + match.end(),
                    )
                )
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1], c[4]))
    _, _, day, rule, start, end = candidates[0]
    return day, rule, start, end


@lru_cache(maxsize=8)
def _held_in(cities: tuple[str, ...]) -> re.Pattern[str]:
    """The phrases that place a meeting in one of `cities` ("talks held in Tokyo"), longest first."""
    city_alt = "|".join(re.escape(c) for c in sorted(cities, key=len, reverse=True))
    return re.compile(
        rf"\b(?:held|met|meet|meeting|talks|dialogue|hosted)\b[^.]{{0,120}}?\b(?:in|at)\s+(?P<city>{city_alt})\b"
        rf"|\bin\s+(?P<city2>{city_alt})\s+(?:for|to attend)\b"
        rf"[^.]{{0,60}}\b(?:meeting|dialogue|talks)\b"
    )


def _city(
    sentences: list[Sentence], body: str, lead_start: int, reference: Reference, outlet: str | None
) -> tuple[str | None, str | None]:
    """The meeting's city and the rule that found it, best rule first."""
    if (city := dateline_city(body[lead_start : lead_start + 200])) is not None:
        return city, "dateline"
    if reference.cities:
        near = _held_in(tuple(reference.cities))
        for sentence in sentences:
            for match in near.finditer(_strip_references(sentence.text)):
                city = match.group("city") or match.group("city2")
                prefix = sentence.text[max(0, match.start() - 30) : match.start()]
                if "summit" in prefix.lower():
                    continue
                return city, "in-city"
    for sentence in sentences:
        if (found := _VISITING.search(sentence.text)) is not None:
            host = "India" if found.group("side").lower() == "japanese" else "Japan"
            if host in reference.capitals:
                return reference.capitals[host], "visiting-side"
    if any(_HERE.search(s.text) for s in sentences) and (home := reference.outlet_home(outlet)):
        return home, "here-outlet-home"
    return None, None


def _referenced(sentences: list[Sentence], kind: str | None, published: date | None) -> list[MeetingDraft]:
    drafts = []
    for sentence in sentences:
        if not _may_refer(sentence.text):
            continue
        for match in _REFERENCE.finditer(sentence.text):
            named_kind = (
                "two-plus-two"
                if match.group("kind")
                else next(
                    (
                        k
                        for k in ("two-plus-two", "defence-ministerial", "foreign-ministerial")
                        if _KIND_RE[k].search(match.group())
                    ),
                    None,
                )
            )
            if (named_kind or kind) is None:
                continue
            year = int(match.group("year"))
            month = match.group("month")
            when = match.group("when").lower()
            status = "planned" if when in ("next", "upcoming", "following") else "referenced"
            day = date(year, _MONTHS[month.lower().rstrip(".")], 1) if month else date(year, 1, 1)
            if status == "referenced" and published and day > published:
                continue
            drafts.append(
                MeetingDraft(
                    role="mention",
                    kind=named_kind or kind or "other",
                    edition=None,
                    date=day,
                    date_precision="month" if month else "year",
                    date_rule="mentioned-month" if month else "mentioned-year",
                    status=status,
                    city=match.group("city"),
                    city_rule="mentioned" if match.group("city") else None,
                    evidence_start=sentence.start + match.start(),
                    evidence_end=sentence.start + match.end(),
                    kind_rule="kind-phrase" if named_kind else "mentioned",
                )
            )
    return drafts


def find_meetings(
    sentences: list[Sentence],
    body: str,
    lead_start: int,
    mentions: list[PersonMention],
    reference: Reference,
    published: date | None,
    outlet: str | None,
) -> list[MeetingDraft]:
    """The meeting the article reports (first), then the meetings it only mentions."""
    found = _kind(sentences, mentions)
    if found is None and sentences:
        # An article that only announces or recalls meetings: the first it names is its subject.
        mentioned = _referenced(sentences, None, published)
        return [replace(mentioned[0], role="subject"), *mentioned[1:]] if mentioned else []
    if found is None or not sentences:
        return []
    kind, kind_rule = found
    dated = _meeting_date(sentences, published)
    city, city_rule = _city(sentences, body, lead_start, reference, outlet)
    if dated:
        day, date_rule, start, end = dated
    elif published:
        day, date_rule, start, end = (
            published,
            "publication-date-fallback",
            sentences[0].start,
            sentences[0].end,
        )
    else:
        return []
    subject = MeetingDraft(
        role="subject",
        kind=kind,
        edition=_edition(sentences, kind),
        date=day,
        date_precision="day",
        date_rule=date_rule,
        status="held" if day <= (published or day) else "planned",
        city=city,
        city_rule=city_rule,
        evidence_start=start,
        evidence_end=end,
        kind_rule=kind_rule,
    )
    return [subject, *_referenced(sentences, kind, published)]


# --- statements ---------------------------------------------------------------------------------

_QUOTE = re.compile(r"“(?P<a>[^”]+)”|\"(?P<b>[^\"]+)\"")
_VERBS = (
    r"welcomed|agreed|agree|condemned|condemn|called(?!\s+on\s+[A-Z])|decided|discussed|expressed|reaffirmed|affirmed|"
    r"emphasi[sz]ed|underlined|underscored|noted|urged|concurred|appreciated|announced|pledged|"
    r"stressed|voiced|asked|resolved|exchanged|explored|highlighted|acknowledged|said|says|told|"
    r"deliberated|reviewed|outlined|addressed|confirmed|committed|recogni[sz]ed|shared|sought|vowed|"
    r"denounced|supported|backed|proposed|hoped|signed|reiterated|insisted|assured|offered|raised|"
    r"conveyed|identified|stated|asserted|observed|recalled|endorsed|praised|thanked|reviewed|"
    r"added|point|pointed|described|rejected|demanded|warned|criticised|criticized|noted"
)
_POSITION_VERB = re.compile(rf"\b(?:{_by_first_letter(_VERBS)})\b", re.IGNORECASE)
_ATTRIBUTION_VERB = (
    r"(?:said|added|stated|noted|says|explained|remarked|told\b[^.]{0,80}?)"
    r"(?:\s+(?:in|at|on|during|after|while|before|when|to)\b[^“”\"]{0,80}?)?"
)
_TRAILING_AFTER_QUOTE = re.compile(
    rf"^[,.]?\s*(?:(?P<who>[^“”\"]{{1,90}}?)\s+{_ATTRIBUTION_VERB}"
    rf"|(?:said|added|stated)\s+(?P<who2>[^“”\"]{{1,90}}?))\s*\.?$"
)
_TRAILING = re.compile(
    rf",\s*(?P<who>(?:an?\s+|the\s+)?[^,“”\"]{{1,90}}?)\s+{_ATTRIBUTION_VERB}"
    r"(?:,\s*[^,“”\"]{1,60})?\s*\.?$"
    r"|,?\s*according\s+to\s+(?P<who2>[^,.]{1,90}?)\s*\.?$"
)
_LEADING = re.compile(
    r"^(?P<who>[^“”\"]{1,90}?)\s+(?:said|says|told\s+[A-Z]\w+|added|stated|stressed|noted)\b(?:\s+that)?"
)
# Each of the three patterns above needs one of these words (case matters): without any, a
# sentence names no speaker, which is found much faster than by trying them.
_ATTRIBUTION_WORDS = (
    "said",
    "says",
    "told",
    "added",
    "stated",
    "stressed",
    "noted",
    "explained",
    "remarked",
    "according",
)
_LEAD_IN = re.compile(
    r"^(?:During|At|In)\s+the\s+(?:talks|meeting|dialogue|discussions)\s+(?=[a-z])"
    r"|^(?:On|In|During|While|Before|After|Acknowledging|Amid|At|Earlier|Later|Under|Following|"
    r"Meanwhile|Separately|Besides|Further|Additionally|Speaking|Addressing|Highlighting|Noting|"
    r"Referring|Welcoming|With)\b[^,]{0,160},\s+"
)
_GROUP_SUBJECT = re.compile(
    r"^(?:(?:the\s+)?(?:both\s+(?:the\s+)?|two\s+)(?:sides|countries|nations|governments|ministers|delegations)"
    r"|the\s+(?:ministers|ministerial\s+meeting|meeting\s+saw\s+both\s+sides|indian\s+and\s+japanese\s+ministers|japanese\s+and\s+indian\s+ministers)"
    r"|india\s+and\s+japan|japan\s+and\s+india|new\s+delhi\s+and\s+tokyo|tokyo\s+and\s+new\s+delhi|they)\b",
    re.IGNORECASE,
)
_SIDE_SUBJECT = re.compile(
    r"^(?:the\s+)?(?P<side>japanese|indian)\s+(?:side|delegation|government)\b"
    r"|^the\s+(?:delegation-level\s+)?meeting\s+saw\s+(?P<country>India|Japan)\b",
    re.IGNORECASE,
)
_INSTITUTION_SUBJECT = re.compile(r"^the\s+(?P<which>joint\s+)?statement\b|^it\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^(?:he|she)\b", re.IGNORECASE)
_COMMA = re.compile(r",\s+")


@dataclass(frozen=True)
class SpeakerHint:
    """Who a statement is attributed to, before names and pronouns are resolved."""

    type: str  # a speaker type, or "person", "pronoun", "institution-pronoun", "plural-pronoun"
    label: str
    rule: str
    mention: int | None = None  # index into the article's person mentions
    country: str | None = None


@dataclass(frozen=True)
class StatementDraft:
    paragraph: int
    start: int
    end: int
    text: str
    kind: str  # "quote", "reported" or "context"
    speaker: SpeakerHint
    topics: tuple[tuple[str, str], ...]  # (topic slug, the words that signalled it)
    named: tuple[tuple[str, str], ...] = ()  # (country or group slug, the words that named it)


# What an attribution phrase says of the speaker; matched against the lowercased phrase.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|which)\b")
_OFFICIALS = re.compile(r"\bofficials?\b|spokes(?:person|man|woman)")
_MINISTRY = re.compile(r"\bministry\b|\bmea\b|foreign office|\bmofa\b")
_STATEMENT_PRONOUN = re.compile(r"(?:the\s+)?(?:statement|it)")
_SOURCES = re.compile(r"\bsources?\b|people (?:familiar|aware)|diplomats")
_PERSON_PRONOUN = re.compile(r"(?:he|she|the\s+(?:indian\s+|japanese\s+)?minister)")
_BOTH_SIDES = re.compile(r"\b(?:both\s+sides|the\s+ministers|two\s+sides)\b")
# Which ministry a phrase names.
_INDIAN_MINISTRY = re.compile(r"external affairs|\bmea\b", re.IGNORECASE)
_JAPANESE_MINISTRY = re.compile(r"japan\w* (?:foreign )?ministry|\bmofa\b", re.IGNORECASE)
_DEFENCE_MINISTRY = re.compile(r"defen[cs]e ministry|ministry of defen[cs]e", re.IGNORECASE)


def _speaker_from_phrase(who: str, offset: int, mentions: list[PersonMention]) -> SpeakerHint | None:
    """Read an attribution phrase ("an Indo-Japan joint statement", "Singh", "he")."""
    # "Jaishankar, who hosted his Japanese counterpart Tanaka, said": the speaker is the first.
    who = _RELATIVE_CLAUSE.split(who)[0]
    phrase = " ".join(who.split())
    lower = phrase.lower()
    inside = [i for i, m in enumerate(mentions) if offset <= m.start and m.end <= offset + len(who)]
    if "joint statement" in lower:
        return SpeakerHint("joint-statement", "Joint statement", "attribution-institution")
    if _OFFICIALS.search(lower) and not inside:
        return SpeakerHint("officials", "Officials", "attribution-institution")
    if _MINISTRY.search(lower) or ("statement" in lower and "external affairs" in lower):
        return SpeakerHint("ministry-statement", _ministry_label(phrase), "attribution-institution")
    if _STATEMENT_PRONOUN.fullmatch(lower):
        return SpeakerHint("institution-pronoun", phrase, "attribution-pronoun")
    if inside:
        people = [mentions[i] for i in inside]
        if len({p.country for p in people}) > 1 and len(people) > 1:
            return SpeakerHint("both-sides", "The ministers", "attribution-names")
        return SpeakerHint("person", people[0].surface, "attribution-name", mention=inside[0])
    if _OFFICIALS.search(lower):
        return SpeakerHint("officials", "Officials", "attribution-institution")
    if _SOURCES.search(lower):
        return SpeakerHint("sources", "Sources", "attribution-institution")
    if _PERSON_PRONOUN.fullmatch(lower):
        return SpeakerHint("pronoun", phrase, "attribution-pronoun")
    if lower == "they":
        return SpeakerHint("plural-pronoun", phrase, "attribution-pronoun")
    if _BOTH_SIDES.search(lower):
        return SpeakerHint("both-sides", "Both sides", "attribution-group")
    return None


def _ministry_label(phrase: str) -> str:
    if _INDIAN_MINISTRY.search(phrase):
        return "Ministry of External Affairs (India)"
    if _JAPANESE_MINISTRY.search(phrase):
        return "Ministry of Foreign Affairs (Japan)"
    if _DEFENCE_MINISTRY.search(phrase):
        return "Defence ministry"
    return "Ministry statement"


def _subject_speaker(text: str, offset: int, mentions: list[PersonMention]) -> SpeakerHint | None:
    """The party a sentence is about, if it opens with one and a position verb follows.

    An opening phrase ("Amid increasing alignment on ..., particularly ..., India and Japan
    announced") is skipped, up to three commas deep.
    """
    starts = [0]
    if (lead := _LEAD_IN.match(text)) is not None:
        starts = [lead.end()]
        for comma in _COMMA.finditer(text[lead.end() : lead.end() + 240]):
            starts.append(lead.end() + comma.end())
            if len(starts) == 4:
                break
    for rest_at in starts:
        found = _subject_at(text, rest_at, offset, mentions)
        if found is not None:
            return found
    return None


def _subject_at(text: str, rest_at: int, offset: int, mentions: list[PersonMention]) -> SpeakerHint | None:
    rest = text[rest_at:]
    hint: SpeakerHint | None = None
    subject_end = 0
    starting = [i for i, m in enumerate(mentions) if offset + rest_at <= m.start <= offset + rest_at + 45]
    if (side := _SIDE_SUBJECT.match(rest)) is not None:
        word = (side.group("side") or side.group("country") or "").lower()
        country = "Japan" if word.startswith("jap") else "India"
        hint = SpeakerHint(
            "officials",
            f"The {'Japanese' if country == 'Japan' else 'Indian'} side",
            "subject-side",
            country=country,
        )
        subject_end = side.end()
    elif (group := _GROUP_SUBJECT.match(rest)) is not None:
        is_they = group.group().lower() == "they"
        hint = SpeakerHint(
            "plural-pronoun" if is_they else "both-sides",
            "They" if is_they else "Both sides",
            "subject-pronoun" if is_they else "subject-group",
        )
        subject_end = group.end()
    elif (institution := _INSTITUTION_SUBJECT.match(rest)) is not None:
        if institution.group().lower() == "it":
            hint = SpeakerHint("institution-pronoun", "It", "subject-pronoun")
        elif institution.group("which"):
            hint = SpeakerHint("joint-statement", "Joint statement", "subject-institution")
        else:
            hint = SpeakerHint("institution-pronoun", "The statement", "subject-pronoun")
        subject_end = institution.end()
    elif (pronoun := _PRONOUN_SUBJECT.match(rest)) is not None:
        hint = SpeakerHint("pronoun", pronoun.group(), "subject-pronoun")
        subject_end = pronoun.end()
    elif starting:
        group_end = max(mentions[i].end for i in starting) - offset - rest_at
        listed = [
            i
            for i, m in enumerate(mentions)
            if offset + rest_at <= m.start
            and m.end - offset - rest_at <= group_end + 160
            and not _POSITION_VERB.search(text[rest_at : m.start - offset])
        ]
        countries = {mentions[i].country for i in listed if mentions[i].country}
        if len(listed) > 1 and len(countries) > 1:
            hint = SpeakerHint("both-sides", "The ministers", "subject-names")
        else:
            first = starting[0]
            hint = SpeakerHint("person", mentions[first].surface, "subject-name", mention=first)
        subject_end = max(mentions[i].end for i in (listed or starting)) - offset - rest_at
    if hint is None:
        return None
    window = rest[subject_end : subject_end + 140]
    verb = _POSITION_VERB.search(window)
    if verb is None or len(window[: verb.start()].split()) > 14:
        return None
    return hint


def _attribution(
    text: str, offset: int, mentions: list[PersonMention], quotes: list[re.Match[str]]
) -> SpeakerHint | None:
    """The speaker named by "..., X said", "said X", "X said that ..." or "according to X".

    `quotes` are the sentence's quotations of five words or more.
    """
    for word in _ATTRIBUTION_WORDS:
        if word in text:
            break
    else:
        return None
    if quotes:
        after = text[quotes[-1].end() :]
        if (trailing := _TRAILING_AFTER_QUOTE.match(after)) is not None:
            who = trailing.group("who") or trailing.group("who2")
            at = quotes[-1].end() + after.index(who)
            if (hint := _speaker_from_phrase(who, offset + at, mentions)) is not None:
                return hint
    if (trailing_any := _TRAILING.search(text)) is not None:
        who = trailing_any.group("who") or trailing_any.group("who2")
        at = trailing_any.start() + trailing_any.group().index(who)
        if (hint := _speaker_from_phrase(who, offset + at, mentions)) is not None:
            return hint
    opening = text[: quotes[0].start()] if quotes else text
    lead = _LEAD_IN.match(opening)
    skip = lead.end() if lead else 0
    if (leading := _LEADING.match(opening[skip:])) is not None:
        who = leading.group("who")
        return _speaker_from_phrase(who, offset + skip, mentions)
    return None


def _quoted(match: re.Match[str]) -> str:
    return match.group("a") or match.group("b") or ""


def find_statements(
    sentences: list[Sentence], mentions: list[PersonMention], reference: Reference
) -> list[StatementDraft]:
    """Classify each sentence as a quotation, a reported position or the reporter's context.

    A sentence is a quotation when quoted words make up much of it; a short quoted phrase inside
    a reported sentence ("called for a unified stand and the "state-sponsored actions ..."") keeps
    it a reported position.
    """
    drafts = []
    for sentence in sentences:
        text, offset = sentence.text, sentence.start
        quoted_at = _QUOTE.finditer(text) if "“" in text or '"' in text else ()  # most have no quote
        quotes = [(quote, len(_quoted(quote).split())) for quote in quoted_at]
        long_quotes = [quote for quote, words in quotes if words >= 5]
        hint = _attribution(text, offset, mentions, long_quotes) or _subject_speaker(text, offset, mentions)
        quoted = sum(words for _, words in quotes)
        if quoted >= 5 and quoted >= 0.4 * len(text.split()):
            kind = "quote"
            hint = hint or SpeakerHint("unknown", "Unidentified speaker", "unresolved")
        elif hint is not None:
            kind = "reported"
        else:
            kind = "context"
            hint = SpeakerHint("reporter", "Reporter", "no-attribution")
        topics, named = reference.tags(text)
        drafts.append(
            StatementDraft(
                paragraph=sentence.paragraph,
                start=sentence.start,
                end=sentence.end,
                text=text,
                kind=kind,
                speaker=hint,
                topics=topics,
                named=named,
            )
        )
    return drafts
