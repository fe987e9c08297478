"""The timeline's filters in a real browser: in-place updates, addresses, history, keyboard."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

TERRORISM_MEETINGS = [
    "India–Japan Defence Ministers' Meeting",
    "3rd India–Japan 2+2 Ministerial Dialogue",
    "1st India–Japan 2+2 Ministerial Dialogue",
]
THIRD_TWO_PLUS_TWO = "3rd India–Japan 2+2 Ministerial Dialogue"
# Tab presses allowed to get from the skip link's target to a facet link, wrapping round the page.
MAX_TABS = 150


def sidebar(page: Page) -> Locator:
    return page.get_by_role("complementary", name="Filters")


def facet_link(page: Page, facet: str, value: str) -> Locator:
    """The link for `value` in the facet headed `facet` (its name also carries the count)."""
    region = sidebar(page).get_by_role("region", name=facet, exact=True)
    return region.get_by_role("link", name=re.compile(rf"^{re.escape(value)}\b"))


def meeting_titles(page: Page) -> Locator:
    """The title of each meeting card in the results."""
    return page.get_by_role("main").get_by_role("article").get_by_role("heading", level=3)


def choose_topic_terrorism(page: Page) -> None:
    """Click Terrorism, which is folded under "Show N more" in the Topic facet."""
    topic = sidebar(page).get_by_role("region", name="Topic", exact=True)
    topic.get_by_text(re.compile(r"^Show \d+ more$")).click()
    facet_link(page, "Topic", "Terrorism").click()


def filter_terrorism_then_2024(page: Page, base_url: str) -> None:
    """From the unfiltered timeline: Terrorism, then 2024, each time waiting for the new address."""
    choose_topic_terrorism(page)
    expect(page).to_have_url(f"{base_url}/?topic=terrorism")
    facet_link(page, "Year", "2024").click()
    expect(page).to_have_url(f"{base_url}/?year=2024&topic=terrorism")


@pytest.mark.browser
def test_topic_then_year_facets_filter_in_place_with_canonical_address(page: Page, live_server: str) -> None:
    page.goto("/")
    expect(meeting_titles(page)).to_have_count(4)
    page.evaluate("window.__marker = 1")

    choose_topic_terrorism(page)

    expect(page).to_have_url(f"{live_server}/?topic=terrorism")
    expect(meeting_titles(page)).to_have_text(TERRORISM_MEETINGS)
    cards = page.get_by_role("main").get_by_role("article")
    expect(cards.get_by_text("Held", exact=True)).to_have_count(3)
    expect(facet_link(page, "Topic", "Terrorism")).to_have_attribute("aria-current", "true")
    assert page.evaluate("window.__marker") == 1, "choosing a facet reloaded the whole page"

    facet_link(page, "Year", "2024").click()

    expect(page).to_have_url(f"{live_server}/?year=2024&topic=terrorism")
    expect(meeting_titles(page)).to_have_text([THIRD_TWO_PLUS_TWO])
    expect(facet_link(page, "Year", "2024")).to_have_attribute("aria-current", "true")
    assert page.evaluate("window.__marker") == 1, "choosing a facet reloaded the whole page"


@pytest.mark.browser
@pytest.mark.parametrize("restored_from", ["htmx cache", "server"])
def test_back_button_restores_each_earlier_filtered_view(
    page: Page, live_server: str, restored_from: str
) -> None:
    page.goto("/")
    if restored_from == "server":
        # Without its snapshot of a view (evicted, or storage full) htmx asks the server for it
        # with HX-History-Restore-Request, and must get the whole page back.
        page.evaluate("htmx.config.historyCacheSize = 0")
    filter_terrorism_then_2024(page, live_server)
    expect(meeting_titles(page)).to_have_text([THIRD_TWO_PLUS_TWO])

    page.go_back()

    expect(page).to_have_url(f"{live_server}/?topic=terrorism")
    expect(meeting_titles(page)).to_have_text(TERRORISM_MEETINGS)
    expect(facet_link(page, "Topic", "Terrorism")).to_have_attribute("aria-current", "true")
    expect(facet_link(page, "Year", "2024")).not_to_have_attribute("aria-current", "true")

    page.go_back()

    expect(page).to_have_url(f"{live_server}/")
    expect(meeting_titles(page)).to_have_count(4)
    expect(sidebar(page).locator('a[aria-current="true"]')).to_have_count(0)


@pytest.mark.browser
def test_pasted_filtered_address_shows_the_same_view(page: Page, live_server: str) -> None:
    page.goto("/?year=2024&topic=terrorism")

    expect(page).to_have_url(f"{live_server}/?year=2024&topic=terrorism")
    expect(page.get_by_role("main").get_by_role("article")).to_have_count(1)
    expect(meeting_titles(page)).to_have_text([THIRD_TWO_PLUS_TWO])
    expect(facet_link(page, "Topic", "Terrorism")).to_have_attribute("aria-current", "true")
    expect(facet_link(page, "Year", "2024")).to_have_attribute("aria-current", "true")
    expect(sidebar(page).locator('a[aria-current="true"]')).to_have_count(2)


@pytest.mark.browser
def test_keyboard_alone_skips_to_content_and_filters_by_a_facet(page: Page, live_server: str) -> None:
    page.goto("/")
    page.evaluate("window.__marker = 1")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    focused_facet = sidebar(page).locator("a.facet__link:focus")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused_facet.count() == 1:
            break
    else:
        pytest.fail(f"{MAX_TABS} presses of Tab never reached a facet link")
    href = focused_facet.get_attribute("href")
    label = focused_facet.locator(".facet__label").inner_text()
    count = int(focused_facet.locator(".facet__count").inner_text())
    assert href is not None
    assert href.startswith("/?"), href

    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server + href)
    expect(page.get_by_role("main").get_by_role("article")).to_have_count(count)
    selected = sidebar(page).locator('a[aria-current="true"]')
    expect(selected).to_have_count(1)
    expect(selected.locator(".facet__label")).to_contain_text(label)
    assert page.evaluate("window.__marker") == 1, "the facet link reloaded the whole page"
