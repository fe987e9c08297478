"""The calendar of the record: which of its meetings a report describes, when the text alone
does not say the day or the place."""

import re
from datetime import date

from app.ingest.reference import RecordedMeeting, Reference


def on_the_record(
    reference: Reference,
    kind: str,
    edition: int | None,
    participants: tuple[str, ...],
    near: date | None,
    days: int,
    text: str = "",
    city: str | None = None,
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
    if city is not None:  # a report that names the city is of a meeting held there
        fits = [m for m in fits if m.city in (None, city)]
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


def previous_on_record(
    reference: Reference, kind: str, participants: tuple[str, ...], before: date
) -> RecordedMeeting | None:
    """The calendar's last meeting of `kind` before `before` that one of `participants` attended."""
    earlier = [
        m
        for m in reference.calendar
        if m.kind == kind
        and m.day < before
        and m.precision == "day"
        and set(participants) & set(m.participants)
    ]
    return max(earlier, key=lambda m: m.day) if earlier else None
