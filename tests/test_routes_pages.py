"""Meeting, topic, minister, source, statement and search pages, and every page's head."""

import itertools
import json
import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from app.config import Settings
from app.ingest.reference import Reference
from app.main import create_app
from tests.conftest import ARTICLES, Database
from tests.routes_fixtures import Site, attr, counter, select_texts, text_of

PAGES = [
    "/",
    "/?year=2024&topic=terrorism",
    "/meetings/2019-11-30-two-plus-two",
    "/meetings/2022-09-two-plus-two",
    "/meetings/2019-11-30-two-plus-two/statements",
    "/meetings/2019-11-30-two-plus-two/statements?topic=terrorism",
    "/topics",
    "/topics/terrorism",
    "/topics/terrorism?country=pakistan",
    "/ministers",
    "/ministers/rajnath-singh",
    "/sources",
    "/search?q=pakistan",
    "/search?q=terror&year=2019",
]


def _statement_url(site: Site, words: str) -> str:
    soup = site.page("/search?q=" + words.replace(" ", "+"))
    link = soup.select_one("a[href^='/statements/']")
    assert link is not None
    return str(link["href"])


def test_meeting_page_shows_facts_participants_statements_and_sources(site: Site) -> None:
    soup = site.page("/meetings/2019-11-30-two-plus-two")
    assert text_of(soup.select_one("h1")) == "1st India–Japan 2+2 Ministerial Dialogue"
    facts = text_of(soup.select_one("dl.facts"))
    assert "Saturday 30 November 2019" in facts
    assert "New Delhi" in facts
    assert {a["href"] for a in soup.select("dl.facts a.chip--person")} == {
        "/ministers/rajnath-singh",
        "/ministers/s-jaishankar",
        "/ministers/taro-kono",
        "/ministers/toshimitsu-motegi",
    }
    assert "/topics/terrorism" in {a["href"] for a in soup.select(".topic-group h3 a")}
    quote = soup.select_one(".statement-block:-soup-contains('The ministers underlined the need')")
    assert quote is not None
    assert text_of(quote.select_one(".statement-block__speaker")) == "Joint statement"
    assert re.fullmatch(r"/sources/[a-z0-9-]+#p\d+", str(attr(quote, "a.statement-block__source", "href")))
    outlets = select_texts(soup, "#sources ~ ul .index-list__desc")
    assert any("The Week" in o for o in outlets)
    assert any("Kuwait News Gazette" in o for o in outlets)


def test_meeting_page_links_previous_and_next_meetings(site: Site) -> None:
    soup = site.page("/meetings/2024-08-20-two-plus-two")
    assert attr(soup, "a[rel='prev']", "href") == "/meetings/2022-09-two-plus-two"
    assert attr(soup, "a[rel='next']", "href") == "/meetings/2025-05-05-defence-ministerial"


def test_topic_page_shows_which_meetings_named_pakistan(site: Site) -> None:
    soup = site.page("/topics/terrorism")
    meetings = soup.select("section.topic-meeting")
    dates = [text_of(m.select_one(".topic-meeting__date")) for m in meetings]
    assert dates == ["30 Nov 2019", "20 Aug 2024", "5 May 2025"]
    named = [text_of(m.select_one(".topic-meeting__named")) for m in meetings]
    assert "Pakistan" in named[0]
    assert "Pakistan" not in named[1]
    assert "Pakistan" in named[2]


def test_topic_page_filters_by_speaker(site: Site) -> None:
    soup = site.page("/topics/terrorism?speaker=rajnath-singh")
    speakers = set(select_texts(soup, ".statement-block__speaker"))
    assert speakers == {"Rajnath Singh"}


def test_minister_page_shows_portfolio_meetings_and_statements(site: Site) -> None:
    soup = site.page("/ministers/gen-nakatani")
    assert text_of(soup.select_one("h1")) == "Gen Nakatani"
    assert "Japan" in text_of(soup.select_one(".eyebrow"))
    assert "General Nakatani" in text_of(soup.select_one("dl.facts"))
    assert select_texts(soup, ".meeting-card time") == ["5 May 2025"]
    assert any("terrorism could not be justified" in t for t in select_texts(soup, ".statement-block__text"))


def test_a_minister_page_gives_each_spelling_the_articles_use_once(site: Site) -> None:
    """ "Also written" lists every surface form of the person's mentions (and of the dictionary),
    each once, and not the name itself."""
    engine = site.client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        people = connection.execute(
            text(
                "SELECT m.slug, m.name, m.aliases FROM ministers m"
                " WHERE (SELECT count(DISTINCT surface) FROM mentions WHERE minister_id = m.id) > 1"
            )
        ).all()
        assert people, "the seeds spell some minister in more than one way"
        for slug, name, aliases in people:
            surfaces = connection.scalars(
                text(
                    "SELECT DISTINCT surface FROM mentions JOIN ministers m ON m.id = minister_id"
                    " WHERE m.slug = :s"
                ),
                {"s": slug},
            ).all()
            known = json.loads(aliases) if isinstance(aliases, str) else aliases or []
            expected = sorted({" ".join(a.split()) for a in [*known, *surfaces]} - {name})
            facts = site.page(f"/ministers/{slug}").select_one("dl.facts")
            assert facts is not None
            written = facts.find("dt", string="Also written")
            assert written is not None, slug
            assert text_of(written.find_next_sibling("dd")) == ", ".join(expected)


def test_source_page_numbers_paragraphs_and_marks_statements(site: Site) -> None:
    soup = site.page("/sources")
    soup = site.page(attr(soup, "a[href^='/sources/']:-soup-contains('Amid Pak')", "href"))
    paragraphs = soup.select("p.para")
    assert [p["id"] for p in paragraphs] == [f"p{n}" for n in range(1, len(paragraphs) + 1)]
    marked = soup.select(".article-body mark.statement")
    assert marked
    assert all(m.find_next_sibling("a", class_="statement-ref") for m in marked)
    removed = text_of(soup.select_one("details.removed"))
    assert "You may also like" in removed
    assert "repeated paragraph" in removed


def test_statement_page_has_a_citation_and_copy_buttons(site: Site) -> None:
    url = _statement_url(site, "Nakatani San expressed solidarity")
    soup = site.page(url)
    citation = text_of(soup.select_one(".cite__text"))
    assert citation.startswith("Rajnath Singh, “")
    assert "India–Japan Defence Ministers' Meeting, Monday 5 May 2025" in citation
    assert f"http://testserver{url}" in citation
    assert "accessed" in citation
    assert soup.select_one("button[data-copy-target='#cite-text']") is not None
    assert soup.select_one(f"button[data-copy='http://testserver{url}']") is not None


def test_search_highlights_matched_words_and_applies_timeline_filters(site: Site) -> None:
    soup = site.page("/search?q=pakistan")
    assert {m.get_text().lower() for m in soup.select(".search-result__snippet mark")} == {"pakistan"}
    everything = len(soup.select(".search-result"))
    narrowed = site.page("/search?q=pakistan&year=2025")
    assert 0 < len(narrowed.select(".search-result")) < everything


def test_every_statement_has_a_stable_anchor_and_link(site: Site) -> None:
    soup = site.page("/topics/terrorism")
    for block in soup.select("article.statement-block"):
        statement_id = str(block["id"]).removeprefix("s-")
        assert block.select_one(f"a.statement-block__permalink[href='/statements/{statement_id}']")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_title_description_canonical_and_open_graph(site: Site, url: str) -> None:
    soup = site.page(url)
    assert text_of(soup.select_one("title")).endswith("India–Japan 2+2 Tracker")
    assert attr(soup, "meta[name='description']", "content")
    canonical = attr(soup, "link[rel='canonical']", "href")
    assert canonical == "http://testserver" + url.replace(" ", "+")
    assert attr(soup, "meta[property='og:title']", "content")
    assert attr(soup, "meta[property='og:url']", "content") == canonical


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_landmarks_ordered_headings_and_labelled_controls(site: Site, url: str) -> None:
    soup = site.page(url)
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.select_one(landmark) is not None
    levels = [int(h.name[1]) for h in soup.select("main h1, main h2, main h3, main h4")]
    assert levels[0] == 1 or url.startswith("/?")
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for control in soup.select("input:not([type='hidden']), select, textarea"):
        assert soup.select_one(f"label[for='{control['id']}']") is not None


@pytest.mark.parametrize("url", PAGES)
def test_no_page_issues_more_than_a_handful_of_queries(site: Site, url: str) -> None:
    site.statements.clear()
    site.page(url)
    assert len(site.statements) <= 12, len(site.statements)


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/no-such-meeting",
        "/topics/piracy",
        "/ministers/nobody",
        "/sources/nothing",
        "/statements/000000000000",
        "/no/such/page",
    ],
)
def test_unknown_slugs_get_a_404_page(site: Site, url: str) -> None:
    response = site.client.get(url)
    assert response.status_code == 404
    assert BeautifulSoup(response.text, "html.parser").select_one(".error-page") is not None


def test_search_query_too_long_is_a_400(site: Site) -> None:
    response = site.client.get("/search?q=" + "a" * 300)
    assert response.status_code == 400
    assert "limited to 200" in response.text


def test_timeline_heading_order_starts_at_h1(site: Site) -> None:
    soup = BeautifulSoup(site.client.get("/").text, "html.parser")
    assert soup.select_one("main h1") is not None


def test_query_count_does_not_grow_with_the_archive(seeded_db: Database, reference: Reference) -> None:
    def counts() -> list[int]:
        app = create_app(Settings(database_url=seeded_db.url))
        probe = Site(TestClient(app))
        event.listen(app.state.engine, "before_cursor_execute", counter(probe.statements))
        result = []
        for url in PAGES:
            probe.statements.clear()
            probe.page(url)
            result.append(len(probe.statements))
        app.state.engine.dispose()
        return result

    before = counts()
    seeded_db.ingest(reference, ARTICLES)
    assert counts() == before


def test_topic_page_filters_swap_in_as_a_fragment(site: Site) -> None:
    response = site.client.get(
        "/topics/terrorism?year=2019", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("html") is None
    assert soup.select_one("div#filters[hx-swap-oob='true']") is not None
    assert select_texts(soup, ".topic-meeting__date") == ["30 Nov 2019"]


def test_paged_topic_view_has_its_own_canonical_url(site: Site) -> None:
    from app.routes import topics

    original = topics.TOPIC_PAGE
    topics.TOPIC_PAGE = 1
    try:
        soup = site.page("/topics/terrorism?page=2")
    finally:
        topics.TOPIC_PAGE = original
    assert attr(soup, "link[rel='canonical']", "href") == "http://testserver/topics/terrorism?page=2"
    assert select_texts(soup, ".topic-meeting__date") == ["20 Aug 2024"]


@pytest.mark.parametrize(
    "url",
    [
        *PAGES,
        "/?year=2019&kind=two-plus-two&minister=rajnath-singh&country=pakistan",
        "/topics/terrorism?year=2019&speaker=officials",
        "/matrix",
        "/compare?a=2019-11-30-two-plus-two&b=2022-09-two-plus-two",
        "/api/v1/meetings?topic=terrorism",
        "/api/v1/meetings/2019-11-30-two-plus-two",
        "/api/v1/statements?topic=terrorism&year=2019",
        "/api/v1/search?q=pakistan",
    ],
)
def test_a_page_costs_at_most_twelve_queries(site: Site, url: str) -> None:
    site.statements.clear()
    assert site.client.get(url).status_code == 200
    assert 0 < len(site.statements) <= 12, (url, len(site.statements))


def test_minister_statements_come_a_page_at_a_time_and_meetings_link_to_the_timeline(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.routes import ministers

    said = [
        f"s-{st['id']}" for st in site.client.get("/api/v1/ministers/rajnath-singh").json()["statement_list"]
    ]
    assert len(said) > 2
    monkeypatch.setattr(ministers, "MINISTER_STATEMENTS", 2)
    monkeypatch.setattr(ministers, "MINISTER_MEETINGS", 1)
    first = site.page("/ministers/rajnath-singh")
    assert [a["id"] for a in first.select("article.statement-block")] == said[:2]
    assert attr(first, "a[rel='next']", "href") == "/ministers/rajnath-singh?page=2"
    assert len(first.select(".meeting-card")) == 1
    assert attr(first, ".more-link a", "href") == "/?minister=rajnath-singh"
    second = site.page("/ministers/rajnath-singh?page=2")
    assert [a["id"] for a in second.select("article.statement-block")] == said[2:4]
    assert attr(second, "link[rel='canonical']", "href") == "http://testserver/ministers/rajnath-singh?page=2"
    assert site.client.get("/ministers/rajnath-singh?page=1", follow_redirects=False).headers["location"] == (
        "/ministers/rajnath-singh"
    )
    assert site.client.get("/ministers/rajnath-singh?page=99").status_code == 404


def test_compare_with_a_nul_in_a_slug_is_a_clear_400(site: Site) -> None:
    response = site.client.get("/compare", params={"a": "x\x00y", "b": "2024-08-20-two-plus-two"})
    assert response.status_code == 400
    assert "a must be a meeting slug" in response.text
