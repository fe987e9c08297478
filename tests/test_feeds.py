"""Atom feeds: valid Atom, the entries of the page they follow, ids that never change."""

from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from app.config import Settings
from app.ingest.reference import Reference
from app.main import create_app
from tests.conftest import SEEDS, Database
from tests.routes_fixtures import Site, attr, select_texts, text_of

SITE = "http://testserver"
ATOM = "application/atom+xml; charset=utf-8"
URN = "urn:india-japan-tracker"

# Markup, an ampersand and a form feed (which XML cannot carry even escaped) in one quotation.
AWKWARD_ARTICLE = """---
title: India, Japan talk terror at 2+2
outlet: Test Wire
published: 2026-03-12
---

NEW DELHI, March 12 -- India and Japan held their "2+2" foreign and defence ministerial dialogue in \
New Delhi on Thursday.

"We condemn <b>terrorism</b> & its\x0c sponsors," Defence Minister Rajnath Singh said.
"""


def _feed(client: TestClient, url: str) -> Any:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["content-type"] == ATOM
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _ids(parsed: Any) -> list[str]:
    return [entry.id for entry in parsed.entries]


def _plain(tag: Tag | None) -> str:
    # The page wraps quoted passages in spans; their text joins without added spaces.
    assert tag is not None
    return " ".join(tag.get_text().split())


def _card_slugs(soup: BeautifulSoup) -> list[str]:
    return [str(a["href"]).removeprefix("/meetings/") for a in soup.select(".meeting-card__title a")]


def _statement_ids_newest_meeting_first(soup: BeautifulSoup) -> list[str]:
    sections = soup.select("section.topic-meeting")
    with_meeting = [s for s in sections if s.select_one(".topic-meeting__title a") is not None]
    without = [s for s in sections if s not in with_meeting]
    return [
        str(block["id"]).removeprefix("s-")
        for section in [*reversed(with_meeting), *without]
        for block in section.select("article.statement-block")
    ]


def test_meetings_feed_has_one_entry_per_timeline_meeting_newest_first(site: Site) -> None:
    parsed = _feed(site.client, "/feeds/meetings.atom")
    soup = site.page("/")
    slugs = _card_slugs(soup)

    assert len(slugs) == 4
    assert _ids(parsed) == [f"{URN}:meeting:{slug}" for slug in slugs]
    assert [e.link for e in parsed.entries] == [f"{SITE}/meetings/{slug}" for slug in slugs]
    titles = select_texts(soup, ".meeting-card__title")
    dates = select_texts(soup, ".meeting-card__date")
    assert [e.title for e in parsed.entries] == [f"{t}, {d}" for t, d in zip(titles, dates, strict=True)]


def test_meetings_feed_covers_referenced_meetings_too(site: Site) -> None:
    parsed = _feed(site.client, "/feeds/meetings.atom")
    referenced = next(e for e in parsed.entries if e.id == f"{URN}:meeting:2022-09-two-plus-two")
    assert "Known only from a mention in a later report." in referenced.summary
    assert "published" not in referenced  # it was not held, so it has no date of its own


def test_meeting_entry_summarises_city_ministers_topics_and_counts(site: Site) -> None:
    parsed = _feed(site.client, "/feeds/meetings.atom")
    entry = next(e for e in parsed.entries if e.id == f"{URN}:meeting:2024-08-20-two-plus-two")
    card = site.page("/").select_one("article.meeting-card:has(a[href='/meetings/2024-08-20-two-plus-two'])")
    assert card is not None

    assert entry.summary.startswith("Held in New Delhi on Tuesday 20 August 2024.")
    for name in (text_of(t) for t in card.select(".chip--person .chip__name")):
        assert name in entry.summary
    assert "Terrorism (" in entry.summary
    assert entry.summary.endswith("26 statements from 2 sources.")
    assert "2 sources" in text_of(card.select_one(".meeting-card__counts"))
    assert "terrorism" in {tag.term for tag in entry.tags}
    assert entry.published.startswith("2024-08-20")


def test_feed_id_and_links_are_absolute(site: Site) -> None:
    parsed = _feed(site.client, "/feeds/topics/terrorism.atom?country=pakistan")
    assert parsed.feed.id == f"{SITE}/feeds/topics/terrorism.atom?country=pakistan"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {
        "self": f"{SITE}/feeds/topics/terrorism.atom?country=pakistan",
        "alternate": f"{SITE}/topics/terrorism?country=pakistan",
    }
    assert all(e.link.startswith(f"{SITE}/statements/") for e in parsed.entries)


@pytest.mark.parametrize("query", ["", "?year=2024&topic=terrorism", "?country=pakistan", "?topic=piracy"])
def test_filtered_meetings_feed_lists_what_the_timeline_shows(site: Site, query: str) -> None:
    parsed = _feed(site.client, f"/feeds/meetings.atom{query}")
    assert _ids(parsed) == [f"{URN}:meeting:{slug}" for slug in _card_slugs(site.page(f"/{query}"))]


@pytest.mark.parametrize(
    "query", ["", "?country=pakistan", "?year=2019", "?speaker=rajnath-singh", "?country=narnia"]
)
def test_topic_feed_has_one_entry_per_statement_on_the_page_newest_meeting_first(
    site: Site, query: str
) -> None:
    parsed = _feed(site.client, f"/feeds/topics/terrorism.atom{query}")
    soup = site.page(f"/topics/terrorism{query}")
    expected = _statement_ids_newest_meeting_first(soup)

    assert len(parsed.entries) == len(soup.select("article.statement-block"))
    assert _ids(parsed) == [f"{URN}:statement:{sid}" for sid in expected]
    if query in ("", "?year=2019"):
        assert expected  # the comparison above is not between two empty lists


def test_topic_feed_runs_from_the_newest_meeting_back(site: Site) -> None:
    parsed = _feed(site.client, "/feeds/topics/terrorism.atom")
    soup = site.page("/topics/terrorism")
    meeting_of = {
        str(block["id"]).removeprefix("s-"): attr(section, ".topic-meeting__title a", "href")
        for section in soup.select("section.topic-meeting")
        for block in section.select("article.statement-block")
    }
    runs = [meeting_of[e.id.rsplit(":", 1)[1]] for e in parsed.entries]
    meetings = [m for i, m in enumerate(runs) if i == 0 or runs[i - 1] != m]

    assert len(meetings) == len(set(meetings)) == 3  # each meeting's statements together
    assert meetings == sorted(meetings, reverse=True)  # meeting slugs begin with their dates
    assert meetings[0] == "/meetings/2025-05-05-defence-ministerial"


def test_topic_entry_is_speaker_then_opening_words_with_the_statement_as_content(site: Site) -> None:
    parsed = _feed(site.client, "/feeds/topics/terrorism.atom")
    soup = site.page("/topics/terrorism")
    for entry in parsed.entries:
        block = soup.select_one(f"article#s-{entry.id.rsplit(':', 1)[1]}")
        assert block is not None
        speaker = _plain(block.select_one(".statement-block__speaker"))
        text = _plain(block.select_one(".statement-block__text"))
        assert entry.title.startswith(f"{speaker}: ")
        assert text.startswith(entry.title.removeprefix(f"{speaker}: ").removesuffix("…"))
        assert entry.content[0].type == "text/plain"
        assert " ".join(entry.content[0].value.split()) == text
        assert entry.link == f"{SITE}/statements/{str(block['id']).removeprefix('s-')}"


def test_feed_escapes_markup_and_drops_characters_xml_cannot_hold(
    site: Site, seeded_db: Database, reference: Reference, tmp_path: Path
) -> None:
    article = tmp_path / "awkward.md"
    article.write_text(AWKWARD_ARTICLE, encoding="utf-8")
    assert not seeded_db.ingest(reference, article).failed

    parsed = _feed(site.client, "/feeds/topics/terrorism.atom")

    contents = [e.content[0].value for e in parsed.entries]
    assert '"We condemn <b>terrorism</b> & its sponsors," Defence Minister Rajnath Singh said.' in contents


def test_same_request_gives_the_same_bytes(site: Site) -> None:
    for url in ("/feeds/meetings.atom", "/feeds/topics/terrorism.atom"):
        assert site.client.get(url).content == site.client.get(url).content


def test_entry_ids_survive_a_reingest_in_reversed_file_order(
    site: Site, empty_db: Database, reference: Reference
) -> None:
    for path in sorted(SEEDS.glob("0*.txt"), reverse=True):
        assert not empty_db.ingest(reference, path).failed
    fresh = TestClient(create_app(Settings(database_url=empty_db.url)))

    for url in (
        "/feeds/meetings.atom",
        "/feeds/topics/terrorism.atom",
        "/feeds/topics/maritime-security.atom",
    ):
        before = _ids(_feed(site.client, url))
        assert before
        assert _ids(_feed(fresh, url)) == before


def test_unknown_topic_feed_is_the_404_page(site: Site) -> None:
    response = site.client.get("/feeds/topics/piracy.atom")
    assert response.status_code == 404
    message = text_of(BeautifulSoup(response.text, "html.parser").select_one(".error-page__message"))
    assert "no topic" in message


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("/feeds/meetings.atom?year=twenty", "year must be a four-digit year"),
        ("/feeds/topics/terrorism.atom?speaker=Rajnath+Singh", "speaker must be a slug"),
    ],
)
def test_malformed_feed_filter_is_the_400_page(site: Site, url: str, complaint: str) -> None:
    response = site.client.get(url)
    assert response.status_code == 400
    assert complaint in text_of(
        BeautifulSoup(response.text, "html.parser").select_one(".error-page__message")
    )


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "/feeds/meetings.atom?topic=terrorism&year=2024&utm_source=x",
            "/feeds/meetings.atom?year=2024&topic=terrorism",
        ),
        (
            "/feeds/topics/terrorism.atom?country=pakistan&year=2019",
            "/feeds/topics/terrorism.atom?year=2019&country=pakistan",
        ),
    ],
)
def test_non_canonical_feed_query_redirects(site: Site, url: str, canonical: str) -> None:
    response = site.client.get(url, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == canonical
