"""Without JavaScript the pages still work: plain links filter, forms submit, pages render."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

THIRD_TWO_PLUS_TWO = "3rd India–Japan 2+2 Ministerial Dialogue"


def facet_link(page: Page, facet: str, value: str) -> Locator:
    region = page.get_by_role("complementary", name="Filters").get_by_role("region", name=facet, exact=True)
    return region.get_by_role("link", name=re.compile(rf"^{re.escape(value)}\b"))


@pytest.mark.browser
def test_facets_search_and_meeting_page_work_without_javascript(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    # Copy buttons need the script, so they stay hidden: proof that it really did not run.
    expect(page.get_by_role("button", name="Copy link to this view")).to_be_hidden()
    cards = page.get_by_role("main").get_by_role("article")
    expect(cards).to_have_count(4)

    topic = page.get_by_role("complementary", name="Filters").get_by_role("region", name="Topic", exact=True)
    topic.get_by_text(re.compile(r"^Show \d+ more$")).click()
    facet_link(page, "Topic", "Terrorism").click()
    expect(page).to_have_url(f"{live_server}/?topic=terrorism")
    expect(cards).to_have_count(3)

    facet_link(page, "Year", "2024").click()
    expect(page).to_have_url(f"{live_server}/?year=2024&topic=terrorism")
    expect(cards.get_by_role("heading", level=3)).to_have_text([THIRD_TWO_PLUS_TWO])

    page.get_by_role("main").get_by_role("link", name=THIRD_TWO_PLUS_TWO).click()
    expect(page).to_have_url(f"{live_server}/meetings/2024-08-20-two-plus-two")
    expect(page.get_by_role("heading", level=1)).to_have_text(THIRD_TWO_PLUS_TWO)
    said = page.get_by_role("region", name="What was said, by topic", exact=True)
    statements = said.locator("article.statement-block")
    expect(statements.first).to_be_visible()
    assert statements.count() > 1
    expect(statements.first.locator(".statement-block__text")).not_to_be_empty()

    search = page.get_by_role("searchbox", name="Search statements")
    search.fill("pakistan")
    search.press("Enter")
    expect(page).to_have_url(f"{live_server}/search?q=pakistan")
    expect(page.locator(".search-result").first).to_be_visible()
    highlights = page.locator(".search-result mark")
    expect(highlights.first).to_be_visible()
    assert {text.lower() for text in highlights.all_inner_texts()} == {"pakistan"}
