"""The JSON API: its items match the pages for the same filters, pages, errors and documentation."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Meeting, Minister, Source
from tests.routes_fixtures import Site, attr, select_texts


def _json(site: Site, url: str, status: int = 200) -> Any:
    response = site.client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    return response.json()


def _all_items(site: Site, url: str) -> list[Any]:
    items: list[Any] = []
    page = _json(site, url)
    items.extend(page["items"])
    while page["next"]:
        page = _json(site, page["next"])
        items.extend(page["items"])
    assert len(items) == page["total"]
    return items


@pytest.mark.parametrize(
    "query",
    ["", "?year=2024&topic=terrorism", "?country=pakistan", "?minister=gen-nakatani", "?kind=two-plus-two"],
)
def test_meetings_match_the_timeline(site: Site, query: str) -> None:
    api = [m["slug"] for m in _all_items(site, "/api/v1/meetings" + query)]
    page = [
        attr(card, ".meeting-card__title a", "href").removeprefix("/meetings/")
        for card in site.page("/" + query).select("article.meeting-card")
    ]
    assert api == page


@pytest.mark.parametrize("query", ["", "?year=2019", "?country=pakistan", "?speaker=rajnath-singh"])
def test_topic_statements_match_the_topic_page(site: Site, query: str) -> None:
    api = [
        s["id"]
        for s in _all_items(
            site,
            f"/api/v1/topics/terrorism/statements{query}&per_page=4"
            if query
            else "/api/v1/topics/terrorism/statements?per_page=4",
        )
    ]
    page = [
        str(block["id"]).removeprefix("s-")
        for block in site.page(f"/topics/terrorism{query}").select("article.statement-block")
    ]
    assert api == page


def test_search_matches_the_search_page(site: Site) -> None:
    api = [
        hit["url"].removeprefix("http://testserver") for hit in _all_items(site, "/api/v1/search?q=terror")
    ]
    page = [attr(li, "a", "href") for li in site.page("/search?q=terror").select("li.search-result")]
    assert api == page


def test_ministers_and_topics_match_their_pages(site: Site) -> None:
    ministers = [m["url"].removeprefix("http://testserver") for m in _json(site, "/api/v1/ministers")]
    assert sorted(ministers) == sorted(
        attr(li, "a", "href") for li in site.page("/ministers").select("li.index-list__item")
    )
    topics = [t["slug"] for t in _json(site, "/api/v1/topics")]
    assert topics == [
        attr(li, "a", "href").removeprefix("/topics/")
        for li in site.page("/topics").select("li.index-list__item")
    ]


def test_meeting_detail_lists_each_statement_once(site: Site) -> None:
    meeting = _json(site, "/api/v1/meetings/2019-11-30-two-plus-two")
    ids = [s["id"] for s in meeting["statement_list"]]
    assert len(ids) == len(set(ids))
    shared = [s for s in meeting["statement_list"] if "irreversible dismantlement" in s["text"]]
    assert len(shared) == 1
    assert len(shared[0]["also_reported_by"]) == 1
    assert meeting["participants"][0]["country"] == "India"


def test_statements_filter_by_topic_country_and_words(site: Site) -> None:
    found = _all_items(site, "/api/v1/statements?topic=terrorism&country=pakistan&per_page=2")
    assert found
    assert all("terrorism" in s["topics"] and "pakistan" in s["countries_named"] for s in found)
    assert {s["meeting"] for s in found} == {"2019-11-30-two-plus-two", "2025-05-05-defence-ministerial"}
    words = _all_items(site, "/api/v1/statements?q=abductions")
    assert words
    assert all("abductions" in s["text"].lower() for s in words)


def test_every_statement_once_in_the_archives_order(site: Site) -> None:
    """Without filters the list's pages hold every statement once, as its total says, in the
    order of their sources' publication (undated sources first), then of the sources' slugs."""
    found = _all_items(site, "/api/v1/statements?per_page=20")
    assert len({s["id"] for s in found}) == len(found) > 20
    with Session(site.client.app.state.engine) as session:  # type: ignore[attr-defined]
        published = dict(session.execute(select(Source.slug, Source.published)).all())
    keys = [
        (published[s["source"]] is not None, published[s["source"]] or date.min, s["source"]) for s in found
    ]
    assert keys == sorted(keys)


def test_pagination_counts_and_links(site: Site) -> None:
    first = _json(site, "/api/v1/statements?per_page=10")
    assert first["total"] > 10
    assert len(first["items"]) == 10
    assert first["next"].endswith("per_page=10&page=2")
    last_page = (first["total"] + 9) // 10
    last = _json(site, f"/api/v1/statements?per_page=10&page={last_page}")
    assert last["next"] is None


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/meetings?year=abc", 400, "year must be a four-digit year"),
        ("/api/v1/meetings?topic=Not%20A%20Slug", 400, "topic must be a slug"),
        ("/api/v1/statements?per_page=1000", 400, "per_page"),
        ("/api/v1/statements?page=0", 400, "page"),
        ("/api/v1/search?q=", 400, "q must contain"),
        ("/api/v1/meetings/nowhere", 404, "no meeting"),
        ("/api/v1/topics/nothing/statements", 404, "no topic"),
        ("/api/v1/ministers/nobody", 404, "no minister"),
        ("/api/v1/nothing", 404, ""),
    ],
)
def test_errors_have_one_shape(site: Site, url: str, status: int, words: str) -> None:
    body = _json(site, url, status)
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert words in body["error"]["message"]


def test_every_documented_endpoint_answers_as_documented(site: Site) -> None:
    spec = _json(site, "/openapi.json")
    assert spec["openapi"].startswith("3.")
    for path, methods in spec["paths"].items():
        concrete = path
        if "{slug}" in path:
            concrete = path.replace(
                "{slug}",
                {"meetings": "2019-11-30-two-plus-two", "topics": "terrorism", "ministers": "rajnath-singh"}[
                    path.split("/")[3]
                ],
            )
        query = "?q=terror" if path.endswith("/search") else ""
        body = _json(site, concrete + query)
        schema = methods["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
        component = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        sample = body[0] if isinstance(body, list) else body
        assert set(component.get("required", [])) <= set(sample), path
        filtered = any(p["in"] == "query" for p in methods["get"].get("parameters", []))
        errors = {"400"} if filtered else set()
        errors |= {"404"} if "{slug}" in path else set()
        assert set(methods["get"]["responses"]) == {"200", "414", "503", *errors}, path


def test_docs_page_lists_every_endpoint(site: Site) -> None:
    spec = _json(site, "/openapi.json")
    listed = select_texts(site.page("/docs"), "section.api-endpoint h2 code")
    assert sorted(listed) == sorted(f"GET {path}" for path in spec["paths"])


@pytest.mark.parametrize(("name", "column"), [("meeting", Meeting.slug), ("speaker", Minister.slug)])
def test_a_filter_takes_a_slug_as_long_as_its_column_holds(site: Site, name: str, column: Any) -> None:
    longest = "a" * column.type.length
    body = _json(site, f"/api/v1/statements?{name}={longest}")
    assert body["total"] == 0
