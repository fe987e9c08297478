"""Meetings: the meeting an article reports, and the other meetings it mentions."""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice

from app.ingest.extract.people import PersonMention
from app.ingest.reference import Reference
from app.ingest.segment import Sentence, dateline_city
from app.ingest.text import by_first_letter as _by_first_letter

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
