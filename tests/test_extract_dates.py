"""Dates: date expressions resolved to days, and the day an article was written."""

import re
from datetime import date
from pathlib import Path

import pytest

from app.ingest.clean import clean
from app.ingest.extract.dates import (
    DATE_EXPRESSIONS,
    date_in,
    day_of_writing,
    full_dates,
    resolve_date,
    url_date,
)
from app.ingest.parse import Article
from app.ingest.prepare import extract_article
from app.ingest.reference import load_reference
from app.ingest.segment import opening_dateline, segment

WEDNESDAY = date(2025, 3, 5)


def _expression(text: str) -> tuple[str, re.Match[str]]:
    for rule, pattern in DATE_EXPRESSIONS:
        if (match := pattern.search(text)) is not None:
            return rule, match
    raise AssertionError(f"no date expression in {text!r}")


@pytest.mark.parametrize(
    ("text", "forward", "rule", "day"),
    [
        ("the talks on Thursday", True, "weekday-before-publication", date(2025, 3, 6)),
        ("the talks on Thursday", False, "weekday-before-publication", date(2025, 2, 27)),
        ("met on Wednesday", False, "weekday-before-publication", WEDNESDAY),
        ("met yesterday", False, "yesterday-publication", date(2025, 3, 4)),
        ("spoke last night", False, "yesterday-publication", date(2025, 3, 4)),
        ("met this morning", False, "today-publication", WEDNESDAY),
        ("met on March 2", False, "explicit-date", date(2025, 3, 2)),
        ("met on 2nd March", False, "explicit-date", date(2025, 3, 2)),
        ("met on Dec. 30", False, "explicit-date", date(2024, 12, 30)),
        ("will meet on Jan 3", True, "explicit-date", date(2026, 1, 3)),
        ("met on 12 June 2019", False, "explicit-date", date(2019, 6, 12)),
        ("dated 2024-08-20", False, "iso-date", date(2024, 8, 20)),
    ],
)
def test_date_expression_resolves_from_the_day_of_writing(
    text: str, forward: bool, rule: str, day: date
) -> None:
    found_rule, match = _expression(text)
    assert found_rule == rule
    assert resolve_date(found_rule, match, WEDNESDAY, forward=forward) == day


def test_impossible_day_resolves_to_nothing() -> None:
    rule, match = _expression("on Feb 30")
    assert resolve_date(rule, match, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.com/news/2019/09/03/india-japan-talks", date(2019, 9, 3)),
        ("https://example.com/2023/7/28/story.html", date(2023, 7, 28)),
        ("https://example.com/2019/13/03/story", None),
        ("https://example.com/news/india-japan-talks-20190903", None),
        (None, None),
    ],
)
def test_url_date_reads_a_year_month_day_path(url: str | None, day: date | None) -> None:
    assert url_date(url) == day


def test_full_dates_read_both_orders_with_their_year() -> None:
    assert sorted(full_dates("on 20 August 2024, Aug. 21, 2024 and 3-Sep-2024, not on May 5")) == [
        date(2024, 8, 20),
        date(2024, 8, 21),
        date(2024, 9, 3),
    ]


def test_meeting_date_is_the_first_expression_after_the_words_that_report_it() -> None:
    text = "A week after the March 1 ceasefire, the ministers met on Monday in Tokyo."
    found = date_in(text, 100, WEDNESDAY, text.index("met"), False)
    assert found is not None
    day, rule, start, end = found
    assert (day, rule) == (date(2025, 3, 3), "weekday-before-publication")
    assert text[start - 100 : end - 100] == "on Monday"


def test_since_and_until_dates_do_not_date_the_meeting() -> None:
    text = "The ministers met, the first time since March 1."
    assert date_in(text, 0, WEDNESDAY, text.index("met"), False) is None


def _article(body: str, published: date | None = None, url: str | None = None) -> Article:
    rule = "front-matter" if published else "none"
    return Article("t.txt", body.encode(), body, None, None, published, rule, url)


def _day_of_writing(
    body: str, published: date | None = None, url: str | None = None
) -> tuple[date | None, str]:
    paragraphs = clean(body).paragraphs
    opening = opening_dateline(body, paragraphs)
    return day_of_writing(
        _article(body, published, url), opening[1] if opening else None, segment(body, paragraphs)
    )


def test_front_matter_date_is_the_day_of_writing() -> None:
    assert _day_of_writing("The ministers met on Monday.", published=date(2025, 3, 5)) == (
        date(2025, 3, 5),
        "front-matter",
    )


def test_dateline_a_day_before_a_late_publication_date_is_the_day_of_writing() -> None:
    body = "TOKYO, March 4 (Kyodo) -- The ministers met on Tuesday."
    assert _day_of_writing(body, published=date(2025, 3, 5)) == (date(2025, 3, 4), "dateline")


def test_dateline_far_from_the_publication_date_does_not_override_it() -> None:
    body = "TOKYO, Jan 4 (Kyodo) -- The ministers met on Tuesday."
    assert _day_of_writing(body, published=date(2025, 3, 5)) == (date(2025, 3, 5), "front-matter")


def test_dateline_with_its_year_dates_an_undated_article() -> None:
    body = "Chennai, Oct 3, 2023 (PTI) The ministers met on Tuesday."
    assert _day_of_writing(body) == (date(2023, 10, 3), "dateline")


def test_url_date_dates_an_undated_article() -> None:
    body = "The ministers met on Tuesday."
    assert _day_of_writing(body, url="https://example.com/2019/09/03/talks") == (date(2019, 9, 3), "url")


def test_dateline_day_takes_its_year_from_the_url() -> None:
    body = "New Delhi/Tokyo, Jan 19 (IANS) The ministers spoke on Monday."
    assert _day_of_writing(body, url="https://example.com/2021/01/20/talks") == (
        date(2021, 1, 19),
        "dateline",
    )


def test_latest_full_date_in_the_text_is_the_last_resort() -> None:
    body = "The ministers, who last met on 12 June 2019, met again on 3 September 2019 in Tokyo."
    assert _day_of_writing(body) == (date(2019, 9, 3), "text-date")


def test_article_with_no_date_anywhere_has_no_day_of_writing() -> None:
    assert _day_of_writing("The ministers met on Tuesday.") == (None, "none")


def _published(body: str, url: str | None) -> tuple[date | None, str, date]:
    article = Article("t.txt", body.encode(), body, None, None, None, "none", url)
    extraction = extract_article(article, load_reference(Path("seeds")), date(2026, 11, 23))
    return extraction.published, extraction.published_rule, extraction.meetings[0].date


def test_dateline_day_is_the_publication_date_of_an_article_without_front_matter() -> None:
    body = (
        "New Delhi/Tokyo, Jan 19 (IANS) Defence Minister Rajnath Singh held talks with Japanese Defense "
        "Minister Gen Nakatani on Sunday."
    )
    assert _published(body, "https://example.com/2025/01/20/story") == (
        date(2025, 1, 19),
        "dateline",
        date(2025, 1, 19),
    )


def test_url_day_is_the_publication_date_and_the_rule_says_so() -> None:
    body = "Defence Minister Rajnath Singh held talks with Japanese Defense Minister Gen Nakatani on Sunday."
    assert _published(body, "https://example.com/2025/01/20/story") == (
        date(2025, 1, 20),
        "url",
        date(2025, 1, 19),
    )
