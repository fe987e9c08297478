"""/sources: every article the tracker was built from, newest first, a page at a time."""

import importlib
import re

import pytest

from tests.routes_fixtures import Site, attr, select_texts, text_of

sources_routes = importlib.import_module("app.routes.sources")


def test_sources_are_paged_newest_first_with_canonical_links(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources_routes, "SOURCES_PAGE", 2)
    url, pages, metas = "/sources", [], []
    while url:
        soup = site.page(url)
        pages.append(select_texts(soup, ".index-list a"))
        metas += [m.get_text() for m in soup.select(".index-list li")]
        nav = text_of(soup.select_one(".results-pager"))
        assert f"Page {len(pages)} of " in nav
        following = soup.select_one("a[rel='next']")
        url = str(following["href"]) if following else ""
        if following:
            assert url == f"/sources?page={len(pages) + 1}"
    assert len(pages) >= 2
    assert all(len(page) == 2 for page in pages[:-1])
    shown = [title for page in pages for title in page]
    assert len(shown) == len(set(shown))
    assert f"{len(shown)} sources" in nav
    dates = [found.group(0) for m in metas if (found := re.search(r"\d{4}-\d{2}-\d{2}", m))]
    assert dates == sorted(dates, reverse=True)
    assert attr(site.page("/sources?page=2"), "a[rel='prev']", "href") == "/sources"
    assert site.client.get(f"/sources?page={len(pages) + 1}").status_code == 404


def test_the_seeds_fit_on_one_page(site: Site) -> None:
    soup = site.page("/sources")
    assert len(select_texts(soup, ".index-list a")) > 2
    assert soup.select_one(".results-pager") is None


def test_a_first_page_in_the_query_redirects_to_the_bare_url(site: Site) -> None:
    response = site.client.get("/sources?page=1", follow_redirects=False)
    assert response.status_code in (301, 308)
    assert response.headers["location"] == "/sources"


@pytest.mark.parametrize("page", ["0", "two", "²", "-1"])
def test_a_page_that_is_no_page_number_is_a_clear_400(site: Site, page: str) -> None:
    response = site.client.get(f"/sources?page={page}")
    assert response.status_code == 400
    assert "page must be a whole number" in response.text
