"""Full-page screenshots of the main screens, for a person to look at (tests/screenshots/)."""

import struct

import pytest
from playwright.sync_api import Page, expect

from app.config import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "tests" / "screenshots"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("timeline", "/"),
        ("meeting", "/meetings/2024-08-20-two-plus-two"),
        ("topic", "/topics/terrorism"),
    ],
)
def test_full_page_screenshot_is_saved(page: Page, name: str, path: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    target.unlink(missing_ok=True)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page_height: int = page.evaluate("document.documentElement.scrollHeight")

    page.screenshot(path=target, full_page=True)

    assert target.is_file()
    png = target.read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    _width, height = struct.unpack(">II", png[16:24])
    assert height == page_height, "the screenshot is not of the whole page"
