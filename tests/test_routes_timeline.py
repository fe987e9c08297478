"""The timeline: facts on the cards, filters, canonical URLs and htmx fragments."""

import pytest
from bs4 import BeautifulSoup

from app.ingest.reference import Reference
from tests.conftest import Database
from tests.routes_fixtures import Site, attr, select_texts, text_of


def test_timeline_groups_meetings_by_year_newest_first(site: Site) -> None:
    soup = site.page("/")
    assert select_texts(soup, ".year-heading__year") == ["2025", "2024", "2022", "2019"]
    titles = select_texts(soup, ".meeting-card__title")
    assert titles == [
        "India–Japan Defence Ministers' Meeting",
        "3rd India–Japan 2+2 Ministerial Dialogue",
        "India–Japan 2+2 Ministerial Dialogue",
        "1st India–Japan 2+2 Ministerial Dialogue",
    ]


def test_meeting_card_shows_date_city_participants_topics_and_counts(site: Site) -> None:
    soup = site.page("/")
    card = soup.select_one("article.meeting-card:has(a[href='/meetings/2024-08-20-two-plus-two'])")
    assert card is not None
    assert text_of(card.select_one("time")) == "20 Aug 2024"
    assert text_of(card.select_one(".meeting-card__city")) == "New Delhi"
    people = {a["href"] for a in card.select("a.chip--person")}
    assert people == {
        "/ministers/s-jaishankar",
        "/ministers/rajnath-singh",
        "/ministers/yoko-kamikawa",
        "/ministers/minoru-kihara",
    }
    assert "/topics/terrorism" in {a["href"] for a in card.select("a.chip--topic")}
    assert "2 sources" in text_of(card.select_one(".meeting-card__counts"))


def test_referenced_meeting_looks_different_from_held_ones(site: Site) -> None:
    soup = site.page("/")
    referenced = soup.select("article.meeting-card--referenced")
    assert [text_of(r.select_one("time")) for r in referenced] == ["Sep 2022"]
    assert len(soup.select("article.meeting-card--held")) == 3


def test_year_and_topic_filter_lists_only_the_2024_meeting(site: Site) -> None:
    soup = site.page("/?year=2024&topic=terrorism")
    assert select_texts(soup, ".meeting-card__title") == ["3rd India–Japan 2+2 Ministerial Dialogue"]
    selected = select_texts(soup, ".facet__link[aria-current='true'] .facet__label")
    assert any(s.startswith("2024") for s in selected)
    assert any(s.startswith("Terrorism") for s in selected)


def test_facet_values_show_counts_and_link_to_canonical_views(site: Site) -> None:
    soup = site.page("/?topic=terrorism")
    years = {
        text_of(a.select_one(".facet__label")): (a["href"], text_of(a.select_one(".facet__count")))
        for a in soup.select("section.facet:has(#facet-year) a.facet__link")
    }
    assert years["2019"] == ("/?year=2019&topic=terrorism", "1")
    assert "2022" not in years  # the referenced meeting has no statements on terrorism


def _facet_counts(soup: BeautifulSoup, facet: str) -> dict[str, str]:
    """A facet's values by label (the selected mark left out) with their counts."""
    return {
        text_of(a.select_one(".facet__label")).split(" (selected")[0]: text_of(a.select_one(".facet__count"))
        for a in soup.select(f"section.facet:has(#facet-{facet}) a.facet__link")
    }


def test_a_selected_value_that_nothing_matches_is_listed_with_zero_only_if_the_archive_has_it(
    site: Site,
) -> None:
    soup = site.page("/?year=2022&year=2031&topic=terrorism&kind=two-plus-two&kind=summit")
    years = _facet_counts(soup, "year")
    assert years["2022"] == "0"  # selected, held by some meeting, none on terrorism
    assert "2031" not in years  # selected, held by no meeting at all
    assert years["2019"] == "1"  # not selected, counted under the other filters
    # Selected: the 2+2 kind, which meetings have (none matching), and summits, which none has.
    assert _facet_counts(soup, "kind") == {"2+2 dialogue": "0"}


def test_country_filter_follows_who_was_named(site: Site) -> None:
    soup = site.page("/?country=pakistan")
    assert select_texts(soup, ".meeting-card time") == ["5 May 2025", "30 Nov 2019"]


def test_minister_filter(site: Site) -> None:
    soup = site.page("/?minister=gen-nakatani")
    assert select_texts(soup, ".meeting-card time") == ["5 May 2025"]


def test_non_canonical_query_redirects_to_the_one_url_of_the_view(site: Site) -> None:
    response = site.client.get("/?topic=terrorism&year=2024&topic=terrorism&utm=x", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/?year=2024&topic=terrorism"


def test_htmx_request_gets_the_results_fragment_with_filters_out_of_band(site: Site) -> None:
    response = site.client.get(
        "/?year=2024&topic=terrorism", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert "<html" not in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("div#results") is not None
    assert soup.select_one("div#filters[hx-swap-oob='true']") is not None
    assert text_of(soup.select_one("title")).startswith("Timeline")
    assert select_texts(soup, ".meeting-card__title") == ["3rd India–Japan 2+2 Ministerial Dialogue"]


def test_plain_and_history_restore_requests_get_the_full_page(site: Site) -> None:
    for headers in (
        {},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Boosted": "true"},
    ):
        response = site.client.get("/?year=2024", headers=headers)
        assert response.text.lstrip().lower().startswith("<!doctype html>")


def test_filter_links_carry_htmx_attributes_and_work_without_them(site: Site) -> None:
    soup = site.page("/")
    filters = soup.select_one("#filters")
    assert filters is not None
    assert filters["hx-target"] == "#results"
    assert filters["hx-push-url"] == "true"
    assert all(str(a["href"]).startswith("/") for a in filters.select("a.facet__link"))


def test_malformed_filter_value_is_a_400_that_names_the_parameter(site: Site) -> None:
    response = site.client.get("/?year=twenty")
    assert response.status_code == 400
    message = text_of(BeautifulSoup(response.text, "html.parser").select_one(".error-page__message"))
    assert "year must be a four-digit year" in message


@pytest.mark.parametrize("year", ["0000", "0999", "٢٠١٩"])
def test_a_year_no_date_can_hold_is_a_400_not_a_500_or_a_redirect(site: Site, year: str) -> None:
    response = site.client.get(f"/?year={year}", follow_redirects=False)
    assert response.status_code == 400
    message = text_of(BeautifulSoup(response.text, "html.parser").select_one(".error-page__message"))
    assert "year must be a four-digit year" in message


def test_unknown_filter_value_says_so_instead_of_failing(site: Site) -> None:
    soup = site.page("/?topic=piracy")
    assert "topic=piracy" in text_of(soup.select_one(".notice"))
    assert soup.select(".meeting-card") == []


def test_long_timelines_are_paged_with_canonical_links(
    site: Site, seeded_db: Database, reference: Reference, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.routes import timeline as timeline_route

    monkeypatch.setattr(timeline_route, "TIMELINE_PAGE", 3)
    first = site.page("/")
    assert len(first.select("article.meeting-card")) == 3
    assert "Page 1 of 2" in text_of(first.select_one(".results-pager"))
    older = first.select_one(".results-pager a[rel='next']")
    assert older is not None
    assert older["href"] == "/?page=2"
    second = site.page("/?page=2")
    assert select_texts(second, ".meeting-card time") == ["30 Nov 2019"]
    assert attr(second, ".results-pager a[rel='prev']", "href") == "/"
    assert site.client.get("/?page=1", follow_redirects=False).headers["location"] == "/"
    assert site.client.get("/?page=3").status_code == 404
    assert site.client.get("/?page=0").status_code == 400
    # choosing a filter starts again at page 1
    assert all("page=" not in str(a["href"]) for a in second.select("a.facet__link"))


@pytest.mark.parametrize("page", ["²", "①", "٣"])
@pytest.mark.parametrize("path", ["/", "/topics/terrorism", "/matrix"])
def test_a_page_number_that_is_not_ascii_digits_is_a_clear_400(site: Site, path: str, page: str) -> None:
    response = site.client.get(path, params={"page": page})
    assert response.status_code == 400
    assert "page must be a whole number from 1" in response.text
