"""Dates and places: datelines, date expressions resolved to days, and the city of a meeting."""

import re
from datetime import date, timedelta

from app.ingest.parse import Article
from app.ingest.segment import Dateline, Sentence
from app.ingest.text import by_first_letter

MONTHS = {
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
MONTH = (
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
DATE_EXPRESSIONS = (
    (
        "explicit-date",
        re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?\b"),
    ),
    (
        "explicit-date",
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b"),
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
        re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE),
    ),
)
# Every date expression above holds a digit, a "day" (a weekday, "yesterday", "today") or a time
# of day after a space ("last night"): three quick searches that rule out most sentences before
# the six slower ones.
_DAY = re.compile("day|tonight", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_TIME_OF_DAY = re.compile(rf"\s(?:{by_first_letter('evening|night|morning|afternoon')})", re.IGNORECASE)


def may_hold_date(text: str) -> bool:
    """Whether any of `DATE_EXPRESSIONS` can match in `text`."""
    return bool(_DAY.search(text) or _DIGIT.search(text) or _TIME_OF_DAY.search(text))


def resolve_date(rule: str, match: re.Match[str], anchor: date, forward: bool = False) -> date | None:
    """The day a date expression stands for, counted from `anchor` (the day of writing).

    `forward` reads a weekday as the next such day, as announcements of a meeting mean it.
    """
    groups = match.groupdict()
    if rule == "iso-date":
        try:
            return date.fromisoformat(groups["iso"])
        except ValueError:
            return None
    if rule == "explicit-date":
        month = MONTHS[groups["month"].lower().rstrip(".")]
        year = int(groups["year"]) if groups.get("year") else anchor.year
        try:
            found = date(year, month, int(groups["day"]))
        except ValueError:
            return None
        if not groups.get("year") and not forward and found > anchor + timedelta(days=7):
            found = found.replace(year=year - 1)
        if not groups.get("year") and forward and found < anchor - timedelta(days=7):
            found = found.replace(year=year + 1)
        return found
    if rule == "weekday-before-publication":
        weekday = _WEEKDAYS[groups["weekday"].lower()]
        if forward:
            return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
        # The last such day on or before the day of writing.
        return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
    if rule == "yesterday-publication":
        return anchor - timedelta(days=1)
    return anchor


def dateline_day(dateline: Dateline, published: date | None) -> date | None:
    """The day a dateline gives, its year from the publication date when it states none."""
    if dateline.month is None or dateline.day is None:
        return None
    year = dateline.year or (published.year if published else None)
    if year is None:
        return None
    try:
        found = date(year, dateline.month, dateline.day)
    except ValueError:
        return None
    if published and not dateline.year and found > published + timedelta(days=7):
        found = found.replace(year=year - 1)
    return found


_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_])")


def url_date(url: str | None) -> date | None:
    """The day a page's address gives (".../2019/09/03/..."), if it gives one."""
    if not url or (found := _URL_DATE.search(url)) is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


_FULL_DATE = (
    re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{MONTH}[\s-]+(?P<year>(?:19|20)\d{{2}})\b"),
)


def full_dates(text: str) -> list[date]:
    """Every day written with its year in `text` ("20 August 2024", "Aug. 20, 2024")."""
    days = []
    for pattern in _FULL_DATE:
        for match in pattern.finditer(text):
            try:
                days.append(
                    date(
                        int(match.group("year")),
                        MONTHS[match.group("month").lower()],
                        int(match.group("day")),
                    )
                )
            except ValueError:
                continue
    return days


def day_of_writing(
    article: Article, dateline: Dateline | None, sentences: list[Sentence]
) -> tuple[date | None, str]:
    """The day the article was written, from which "on Tuesday" is counted, and the rule.

    The front matter's date (or the body's date line) first; then a dateline that gives a
    year, the page's address ("/2019/09/03/"), and last the latest day the text writes in full.
    A dateline's day without a year ("New Delhi, Aug 19 (IANS)") takes the publication year.
    """
    if article.published is not None:
        day = dateline_day(dateline, article.published) if dateline is not None else None
        if day is not None and timedelta(0) <= article.published - day <= timedelta(days=3):
            return day, "dateline"
        return article.published, article.published_rule
    if dateline is not None and dateline.year and (day := dateline_day(dateline, None)):
        return day, "dateline"
    if (from_url := url_date(article.url)) is not None:
        if dateline is not None and (day := dateline_day(dateline, from_url)) is not None:
            return day, "dateline"
        return from_url, "url"
    written = full_dates(" ".join(s.text for s in sentences[:12]))
    if written:
        latest = max(written)
        if dateline is not None and (day := dateline_day(dateline, latest)) is not None:
            return day, "dateline"
        return latest, "text-date"
    return None, "none"


_NOT_THE_DAY = re.compile(r"\b(?:since|until|by|from|next|last|through|to)\s+$")


_REPORTED_ON = re.compile(
    r"\b(?:said|announced|told\s+\w+|stated|added|reported|confirmed|tweeted|posted)\s+(?:on\s+|late\s+)?$"
)


def date_in(
    text: str, offset: int, anchor: date, trigger_at: int, forward: bool
) -> tuple[date, str, int, int] | None:
    """The date expression of a sentence that goes with its meeting (the first after the words
    that report it, else the nearest before them), with its place in the body; `text` is the
    sentence with other meetings' mentions blanked out, `offset` where it starts."""
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
            if _REPORTED_ON.search(text, max(0, match.start() - 30), match.start()):
                continue  # "the ministry announced on Monday": the day of the news, not of the meeting
            day = resolve_date(rule, match, anchor, forward=forward)
            if day is None:
                continue
            found = (
                abs(match.start() - trigger_at),
                day,
                rule,
                offset + match.start(),
                offset + match.end(),
            )
            (after if match.start() >= trigger_at else before).append(found)
    pick = min(after) if after else (min(before) if before else None)
    if pick is None:
        return None
    _, day, rule, start, end = pick
    return day, rule, start, end
