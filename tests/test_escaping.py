"""Markup in an article is shown as text everywhere, and every response carries the security headers.

One article whose title, outlet, body and quotation carry `<script>`, `<img onerror>` and `<b>`
is ingested beside the seeds; each page that shows it must show the markup as text, the feeds
must carry it as text, and the data formats (CSV, JSON) carry it raw, as data.
"""

import csv
import importlib
import io
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response

import app.routes as app_routes
from app.config import Settings
from app.export import export_database
from app.ingest.reference import Reference
from app.main import create_app
from tests.conftest import Database, Databases

TITLE = "India, Japan hold 2+2 talks <script>alert(1)</script>"
OUTLET = "<b>Wire</b>"
AGREED = (
    'India and Japan agreed on Tuesday to <script>alert("x")</script> expand ties, the joint statement said.'
)
QUOTED = "<img src=x onerror=alert(1)>"
ARTICLE = f"""---
title: "{TITLE}"
outlet: "{OUTLET}"
published: 2025-03-12
url: https://example.org/markup-2plus2
---

TOKYO: External Affairs Minister S. Jaishankar and Defence Minister Rajnath Singh met their Japanese \
counterparts in Tokyo on Tuesday for the 2+2 ministerial dialogue.

{AGREED}

“We condemn terrorism in all its forms {QUOTED} and call on Pakistan to act,” Jaishankar said.

The ministers also called for a free and open Indo-Pacific, <b>officials</b> said.
"""
ARTICLE_MARKUP = (TITLE, OUTLET, AGREED, QUOTED)
HEADERS_CHECKED = ("content-security-policy", "x-content-type-options", "referrer-policy")


FRAGMENT = {"HX-Request": "true", "HX-Target": "results"}  # what htmx sends when a filter is clicked


@dataclass
class Site:
    client: TestClient
    meeting: str  # the slug of the meeting the article reports
    source: str
    statements: dict[str, str]  # id -> text, for the article's statements


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, databases: Databases, seeded_template: str, reference: Reference
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("markup")
    (folder / "markup.md").write_text(ARTICLE, encoding="utf-8")
    database = Database(databases.copy(seeded_template, "markup"))
    summary = database.ingest(reference, folder / "markup.md")
    assert (summary.loaded, summary.failed) == (1, []), summary.failed
    with database.sessions() as session:
        exported = export_database(session)
    source = next(s["slug"] for s in exported["sources"] if s["title"] == TITLE)
    statements = {s["id"]: (s["text"], s["meeting"]) for s in exported["statements"] if s["source"] == source}
    meetings = {meeting for _, meeting in statements.values()}
    assert len(meetings) == 1, meetings
    app = create_app(Settings(database_url=database.url))
    yield Site(
        TestClient(app),
        meeting=meetings.pop(),
        source=source,
        statements={sid: text for sid, (text, _) in statements.items()},
    )
    app.state.engine.dispose()
    database.engine.dispose()
    databases.drop(database.url)


def statement_with(site: Site, fragment: str) -> str:
    """The id of the article's statement whose text holds `fragment`."""
    return next(sid for sid, text in site.statements.items() if fragment in text)


def html(site: Site, url: str, **headers: str) -> BeautifulSoup:
    response = site.client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def injected(soup: BeautifulSoup | Tag) -> list[str]:
    """Elements and attributes the templates never use (and the CSP would block): markup let through."""
    found = [str(tag)[:120] for tag in soup.find_all("script") if not tag.get("src")]
    found += [str(tag)[:120] for tag in soup.find_all(["img", "b", "style", "iframe", "object", "embed"])]
    found += [
        f"{tag.name} {name}"
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on") or name.lower() == "style"
    ]
    found += [
        str(a)[:120]
        for a in soup.find_all(href=True)
        if str(a["href"]).strip().lower().startswith("javascript:")
    ]
    return found


def visible(soup: BeautifulSoup | Tag) -> str:
    return soup.get_text()


def test_the_article_is_stored_with_its_markup_as_text(site: Site) -> None:
    assert any(AGREED in text for text in site.statements.values())
    assert any(QUOTED in text for text in site.statements.values())


def test_the_timeline_shows_the_meeting_and_no_markup(site: Site) -> None:
    soup = html(site, "/")
    assert soup.select_one(f'a[href="/meetings/{site.meeting}"]') is not None
    assert injected(soup) == []


def test_the_meeting_page_shows_the_markup_as_text(site: Site) -> None:
    soup = html(site, f"/meetings/{site.meeting}")
    assert injected(soup) == []
    text = visible(soup)
    assert QUOTED in text
    assert OUTLET in text
    assert '<script>alert("x")</script>' in text


def test_the_topic_page_shows_the_markup_as_text(site: Site) -> None:
    soup = html(site, "/topics/terrorism")
    assert injected(soup) == []
    assert QUOTED in visible(soup)


def test_the_source_page_shows_title_outlet_and_body_as_text(site: Site) -> None:
    soup = html(site, f"/sources/{site.source}")
    assert injected(soup) == []
    text = visible(soup)
    for markup in (*ARTICLE_MARKUP, "<b>officials</b>"):
        assert markup in text, markup
    title = soup.select_one("title")
    assert title is not None
    assert TITLE in title.get_text()


def test_the_statement_page_cite_block_is_text(site: Site) -> None:
    soup = html(site, f"/statements/{statement_with(site, QUOTED)}")
    assert injected(soup) == []
    cite = soup.select_one(".cite__text")
    assert cite is not None
    assert cite.find(True) is None, "the citation is plain text"
    assert QUOTED in cite.get_text()
    assert OUTLET in cite.get_text()


def test_search_highlights_hold_only_text(site: Site) -> None:
    soup = html(site, "/search?q=alert")
    assert injected(soup) == []
    marks = soup.select("mark")
    assert marks, "the matched words are highlighted"
    for mark in marks:
        assert mark.find(True) is None, str(mark)
        assert mark.get_text().lower() == "alert", str(mark)
    assert "<script>" in visible(soup)
    assert "onerror=" in visible(soup)


def test_a_search_fragment_for_htmx_is_escaped_too(site: Site) -> None:
    soup = html(site, "/search?q=alert", **FRAGMENT)
    assert soup.select("mark")
    assert injected(soup) == []


def test_the_topic_page_fragment_for_htmx_renders(site: Site) -> None:
    soup = html(site, "/topics/terrorism", **FRAGMENT)
    assert soup.select_one("#results") is not None
    assert QUOTED in visible(soup)
    assert injected(soup) == []


@pytest.mark.parametrize("url", ["/feeds/topics/terrorism.atom", "/feeds/meetings.atom"])
def test_atom_feeds_carry_the_markup_as_text(site: Site, url: str) -> None:
    response = site.client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    fields = [
        detail
        for entry in feed.entries
        for detail in [entry.get("title_detail"), entry.get("summary_detail"), *entry.get("content", [])]
        if detail
    ]
    assert fields
    for detail in fields:
        assert detail["type"] == "text/plain", (detail["type"], detail["value"][:100])
    if url.startswith("/feeds/topics/"):
        assert any(QUOTED in detail["value"] for detail in fields)  # unescaped by the parser: it was text


def csv_cells(site: Site, url: str) -> set[str]:
    response = site.client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return {cell for row in csv.reader(io.StringIO(response.text)) for cell in row}


def test_csv_downloads_carry_the_raw_text(site: Site) -> None:
    topic = csv_cells(site, "/topics/terrorism.csv")
    assert any(QUOTED in cell for cell in topic)
    assert OUTLET in topic
    assert any(QUOTED in cell for cell in csv_cells(site, "/search.csv?q=alert"))
    assert site.meeting in csv_cells(site, "/meetings.csv")


def test_search_finds_words_written_between_markup_tags(site: Site) -> None:
    agreed = statement_with(site, AGREED)
    hits = site.client.get("/api/v1/search?q=alert").json()["items"]
    assert agreed in {hit["statement"]["id"] for hit in hits if hit["statement"]}


def test_the_json_api_carries_the_raw_text(site: Site) -> None:
    response = site.client.get(f"/api/v1/meetings/{site.meeting}")
    assert response.headers["content-type"] == "application/json"
    texts = {s["text"] for s in response.json()["statement_list"]}
    assert any(QUOTED in t for t in texts)
    assert any(AGREED in t for t in texts)
    assert OUTLET in {s["outlet"] for s in response.json()["statement_list"]}


# --- headers, inline code, methods and limits on every route --------------------------------------


def route_templates(site: Site) -> list[str]:
    """Every GET route of the app: each module's router in app/routes, and the API's schema."""
    pages = [
        route.path
        for module in pkgutil.iter_modules(app_routes.__path__)
        for route in importlib.import_module(f"{app_routes.__name__}.{module.name}").router.routes
        if isinstance(route, APIRoute) and "GET" in (route.methods or ())
    ]
    return sorted(set(pages) | set(site.client.get("/openapi.json").json()["paths"]))


def filled(site: Site, template: str) -> str:
    """The route with real values in its path parameters."""
    values = {"statement_id": statement_with(site, QUOTED)}
    if template.startswith(("/topics/", "/feeds/topics/", "/api/v1/topics/")):
        values["slug"] = "terrorism"
    elif template.startswith(("/ministers/", "/api/v1/ministers/")):
        values["slug"] = "s-jaishankar"
    elif template.startswith("/sources/"):
        values["slug"] = site.source
    else:
        values["slug"] = site.meeting
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


def check_security_headers(response: Response) -> None:
    for name in HEADERS_CHECKED:
        assert response.headers.get(name), (str(response.url), response.status_code, name)
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy, policy
    assert "unsafe-eval" not in policy, policy
    directives = {part.split()[0] for part in policy.split(";") if part.strip()}
    assert "frame-ancestors" in directives, policy


def check_error_shape(response: Response) -> None:
    """Under /api/ the JSON error body; elsewhere the HTML error page with the status."""
    if response.request.url.path.startswith("/api/"):
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"status", "message"}, body
        assert body["error"]["status"] == response.status_code, body
    else:
        code = BeautifulSoup(response.text, "html.parser").select_one(".error-page .error-page__code")
        assert code is not None, response.text[:300]
        assert code.get_text(strip=True) == str(response.status_code)


def test_every_kind_of_response_carries_the_security_headers(site: Site) -> None:
    client = site.client
    responses = [client.get(filled(site, template)) for template in route_templates(site)]
    responses += [
        client.get("/static/tracker-1.0.0.css"),
        client.get("/static/htmx-2.0.11.min.js"),
        client.get("/openapi.json"),
        client.get("/healthz"),
        client.get("/?year=abc"),  # 400
        client.get("/api/v1/meetings?year=abc"),  # 400, JSON
        client.get("/no/such/page"),  # 404
        client.get("/api/v1/meetings/no-such-meeting"),  # 404, JSON
        client.get("/static/no-such-file.css"),  # 404 from the static files
        client.post("/"),  # 405
        client.get("/?q=" + "a" * 3000),  # 414
        client.get("/", headers=FRAGMENT),
    ]
    page = client.get("/matrix")
    responses += [page, client.get("/matrix", headers={"If-None-Match": page.headers["etag"]})]  # 304
    statuses = {r.status_code for r in responses}
    assert {200, 304, 400, 404, 405, 414} <= statuses, statuses
    kinds = {r.headers.get("content-type", "").split(";")[0] for r in responses}
    assert {"text/html", "application/json", "text/csv", "application/atom+xml", "text/css"} <= kinds, kinds
    for response in responses:
        check_security_headers(response)


def test_no_html_page_has_inline_script_style_or_handlers(site: Site) -> None:
    urls = [filled(site, t) for t in route_templates(site)]
    urls += ["/?year=2025&topic=terrorism", "/search?q=terror", "/?year=abc", "/no/such/page"]
    urls.append(f"/compare?a=2024-08-20-two-plus-two&b={site.meeting}")
    checked = 0
    for url in urls:
        for headers in ({}, FRAGMENT):
            response = site.client.get(url, headers=headers)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            soup = BeautifulSoup(response.text, "html.parser")
            assert injected(soup) == [], url
            for script in soup.find_all("script"):  # our own files, nothing between the tags
                source = urlsplit(str(script["src"]))
                assert source.netloc in ("", "testserver"), str(script)
                assert source.path.startswith("/static/"), str(script)
                assert not script.get_text().strip(), str(script)
            checked += 1
    assert checked >= 20, checked


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_every_route_refuses_writes_with_405(site: Site, method: str) -> None:
    urls = [filled(site, t) for t in route_templates(site)]
    urls += ["/static/tracker-1.0.0.css", "/healthz", "/readyz", "/no/such/page"]
    for url in urls:
        response = site.client.request(method, url, content=b"x=1")
        assert response.status_code == 405, (method, url, response.status_code)
        check_security_headers(response)
        check_error_shape(response)


def test_an_address_with_a_3000_character_query_is_414(site: Site) -> None:
    for path in ("/", "/search", "/api/v1/meetings", "/no/such/page"):
        response = site.client.get(f"{path}?q={'x' * 3000}")
        assert response.status_code == 414, path
        check_error_shape(response)


def test_a_huge_per_page_on_the_api_is_a_400(site: Site) -> None:
    for path in ("/api/v1/meetings", "/api/v1/statements", "/api/v1/topics/terrorism/statements"):
        response = site.client.get(f"{path}?per_page=100000")
        assert response.status_code == 400, path
        error = response.json()["error"]
        assert error["status"] == 400
        assert "per_page" in error["message"]
