"""Mentions: the other meetings an article refers to (before, after, planned, the same day), each
its own meeting, never folded into the one the article reports."""

import re
from datetime import date

from app.ingest.extract.dates import MONTH, MONTHS, date_in
from app.ingest.extract.kinds import (
    _REFERENCE,
    _REFERENCE_WHEN,
    _YEAR,
    KIND_RE,
    MeetingDraft,
    is_future,
    may_name_kind,
    strip_references,
)
from app.ingest.extract.places import venue
from app.ingest.reference import Reference
from app.ingest.segment import Sentence


def referenced(sentences: list[Sentence], kind: str, anchor: date | None) -> list[MeetingDraft]:
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


def side_meetings(
    sentences: list[Sentence], lead: MeetingDraft, lead_sentence: int, anchor: date, reference: Reference
) -> list[MeetingDraft]:
    """Other India–Japan ministerial meetings the article reports by name, such as the defence
    ministers' meeting held the same morning as a 2+2: each its own meeting."""
    drafts = []
    for index, sentence in enumerate(sentences):
        if index == lead_sentence or not may_name_kind(sentence.text):
            continue
        text = strip_references(sentence.text)
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
            future = is_future(text, match.start())
            dated = date_in(strip_references(sentence.text), sentence.start, anchor, match.start(), future)
            if dated is None and not _SAME_DAY.search(text):
                continue
            day, rule, _start, _end = dated or (lead.date, "same-day-as-lead", sentence.start, sentence.end)
            # Its own venue if the sentence names one ("at the upcoming 2+2 in New Delhi").
            city, city_rule = venue(sentence, reference, None)
            if city is None and lead.city and dated is None:
                city, city_rule = lead.city, "same-as-lead"
            drafts.append(
                MeetingDraft(
                    role="mention",
                    kind=kind,
                    edition=None,
                    date=day,
                    date_precision="day",
                    date_rule=rule,
                    status="planned" if day > anchor or future else "referenced",
                    city=city,
                    city_rule=city_rule,
                    evidence_start=sentence.start + match.start(),
                    evidence_end=sentence.start + match.end(),
                )
            )
            break
    return drafts


_NUMBER_WORDS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# When a mentioned meeting was or will be, in the words copy uses.
_WHEN = re.compile(
    rf"\b(?:in|of|during)\s+(?:{MONTH}\s+)?(?P<year>(?:19|20)\d{{2}})\b"
    r"|\bsince\s+(?P<since>(?:19|20)\d{2})\b"
    r"|\b(?:about\s+|some\s+|nearly\s+|almost\s+)?(?P<ago>one|a|two|three|four|five|six|\d)"
    r"\s+years?\s+ago\b"
    r"|\b(?P<relative>later\s+this\s+year|earlier\s+this\s+year|this\s+year|next\s+year|last\s+year"
    r"|earlier\s+this\s+month|this\s+month|next\s+month|last\s+month)\b",
    re.IGNORECASE,
)
# A meeting referred to without its name: "the second was held", "their previous meeting",
# "last met".
_UNNAMED = re.compile(
    r"\b(?:the\s+(?:first|second|third|fourth|fifth|previous|last|next|preceding)\s+(?:one\s+)?"
    r"(?:was|is|will|had)\b|(?:previous|last|next|earlier)\s+(?:meeting|round|edition|session)\b"
    r"|\blast\s+met\b|\bmet\s+(?:last|previously)\b)",
    re.IGNORECASE,
)
_NOT_A_MEETING_AFTER = re.compile(
    r"\s+of\s+(?:the\s+|their\s+)?(?:[\w'’-]+\s+){0,4}?(?:exercises?|drills?|games|exhibition|expo|talks\s+on\s+trade)\b",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(r"\b(?:previous|last|earlier|preceding)\b", re.IGNORECASE)


def _period(match: re.Match[str], anchor: date) -> tuple[date, str] | None:
    """The first day of the period a `_WHEN` phrase names, and its precision."""
    if match.group("year"):
        month = match.group("month")
        if month:
            return date(int(match.group("year")), MONTHS[month.lower().rstrip(".")], 1), "month"
        return date(int(match.group("year")), 1, 1), "year"
    if match.group("since"):
        return date(int(match.group("since")), 1, 1), "year"
    if match.group("ago"):
        word = match.group("ago").lower()
        years = _NUMBER_WORDS.get(word) or int(word)
        return date(anchor.year - years, 1, 1), "year"
    relative = " ".join(match.group("relative").lower().split())
    if relative.endswith("year"):
        shift = {"next year": 1, "last year": -1}.get(relative, 0)
        return date(anchor.year + shift, 1, 1), "year"
    month = anchor.month + {"next month": 1, "last month": -1}.get(relative, 0)
    year = anchor.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), "month"


def announced_period(text: str, anchor: date) -> tuple[date, str] | None:
    """The month or year a sentence announces a meeting for ("next month", "later this year")."""
    for when in _WHEN.finditer(text):
        if when.group("relative") or when.group("year"):
            return _period(when, anchor)
    return None


def _covers(day: date, precision: str, other: date) -> bool:
    if precision == "year":
        return day.year == other.year
    if precision == "month":
        return (day.year, day.month) == (other.year, other.month)
    return day == other


def recalled(
    sentences: list[Sentence],
    lead: MeetingDraft,
    lead_sentence: int,
    anchor: date,
    previous: MeetingDraft | None = None,
) -> list[MeetingDraft]:
    """Meetings named with when they were or will be: "the Defence Ministerial Meeting of November
    2011", "the first since 2022", "the second was held about two years ago", "the next 2+2, to be
    held in India later this year". `previous` is the calendar's meeting before the lead one, for
    "his previous meeting with Nakatani", which says no when."""
    drafts: list[MeetingDraft] = []
    for index, sentence in enumerate(sentences):
        text = sentence.text
        named = may_name_kind(text)
        kinds = (
            [(m.start(), kind) for kind, pattern in KIND_RE.items() for m in pattern.finditer(text)]
            if named
            else []
        )
        unnamed = _UNNAMED.search(text)
        if unnamed and _NOT_A_MEETING_AFTER.match(text, unnamed.end()):
            unnamed = None  # "the next round of the Dharma Guardian exercise"
        if index == lead_sentence and not unnamed:
            continue
        if not kinds and not unnamed and "since" not in text:
            continue
        at = min(kinds)[0] if kinds else (unnamed.start() if unnamed else 0)
        kind = min(kinds)[1] if kinds else lead.kind
        when = next((w for w in _WHEN.finditer(text) if abs(w.start() - at) <= 120 and w.start() != at), None)
        if when is None:
            if (
                previous is not None
                and unnamed
                and _PREVIOUS.search(unnamed.group())
                and previous.kind == kind
            ):
                drafts.append(previous)
            continue
        if when.group("since") and not (kinds or unnamed or re.search(r"\bfirst\b", text)):
            continue
        period = _period(when, anchor)
        if period is None:
            continue
        day, precision = period
        future = is_future(text, at) or bool(re.search(r"\bnext\b|\bto\s+be\s+held\b", text[at : at + 120]))
        if kind == lead.kind and _covers(day, precision, lead.date) and not unnamed:
            continue  # the lead meeting itself
        past = bool(when.group("since") or when.group("ago"))  # "the first since 2022"
        status = "planned" if not past and (future or day > anchor) else "referenced"
        drafts.append(
            MeetingDraft(
                role="mention",
                kind=kind,
                edition=None,
                date=day,
                date_precision=precision,
                date_rule=f"mentioned-{precision}" if precision != "day" else "mentioned-day",
                status=status,
                city=None,
                city_rule=None,
                evidence_start=sentence.start + when.start(),
                evidence_end=sentence.start + when.end(),
                kind_rule="kind-phrase" if kinds else "mentioned",
            )
        )
    return drafts
