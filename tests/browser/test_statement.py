"""The statement page's copy buttons put the permalink and the citation on the clipboard."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

MEETING = "/meetings/2025-05-05-defence-ministerial"
SPEAKER = "Rajnath Singh"
NOT_YET_COPIED = "nothing copied yet"


def clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


@pytest.mark.browser
def test_copy_buttons_put_permalink_and_citation_on_the_clipboard(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto(MEETING)
    page.get_by_role("link", name=f"Link to this statement by {SPEAKER}").first.click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server)}/statements/\w+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SPEAKER)
    # Something else on the clipboard first, so that a button that copies nothing fails.
    page.evaluate("text => navigator.clipboard.writeText(text)", NOT_YET_COPIED)
    cite = page.get_by_role("figure", name="Cite this statement")

    cite.get_by_role("button", name="Copy link", exact=True).click()

    # The stylesheet puts a check mark before the word, so the name is "✓ Copied".
    expect(cite.get_by_role("button", name="Copied")).to_be_visible()
    assert clipboard(page) == page.url

    cite.get_by_role("button", name="Copy citation", exact=True).click()

    page.wait_for_function(
        "permalink => navigator.clipboard.readText().then(text => text !== permalink)",
        arg=page.url,
    )
    citation = clipboard(page)
    assert SPEAKER in citation
    assert page.url in citation
    assert citation == page.locator("#cite-text").inner_text()
