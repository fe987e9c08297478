"""Mentions: the other meetings an article refers to (before, after, planned, the same day), each
its own meeting, never folded into the one the article reports."""

import re
from datetime import date

from app.ingest.extract.dates import MONTHS, date_in
from app.ingest.extract.kinds import (
    _REFERENCE,
    _REFERENCE_WHEN,
    _YEAR,
    KIND_RE,
    MeetingDraft,
    is_future,
    strip_references,
)
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
    sentences: list[Sentence], lead: MeetingDraft, lead_sentence: int, anchor: date
) -> list[MeetingDraft]:
    """Other India–Japan ministerial meetings the article reports by name, such as the defence
    ministers' meeting held the same morning as a 2+2: each its own meeting."""
    drafts = []
    for index, sentence in enumerate(sentences):
        if index == lead_sentence:
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
