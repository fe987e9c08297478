"""Saved web pages: the article's text and the markup's metadata, never the page's clutter.

The pages are built here around one article, in the shapes news sites use: an <article> tag with
JSON-LD, OpenGraph tags with a canonical link, and an older page with only <title> and meta tags;
each wrapped in navigation, a cookie banner, related stories, comments, a paywall teaser and a
footer. THE ARTICLE IS A FICTIONAL FIXTURE: it reports an invented defence ministers' meeting in
Tokyo on 2026-11-12, and quotes no one. Do not cite it.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.config import PROJECT_ROOT, Settings
from app.ingest.errors import IngestError
from app.ingest.parse import parse_article
from app.ingest.pipeline import article_files
from app.ingest.prepare import Extraction, extract_article
from app.ingest.reference import Reference
from app.main import create_app
from app.models import Source, Statement
from tests.conftest import TODAY, Database, Databases

HEADLINE = "India, Japan defence ministers agree to expand naval exercises"
OUTLET = "The Example Herald"
URL = "https://herald.example.org/world/2026/11/12/india-japan-defence-ministers-tokyo"
PUBLISHED = date(2026, 11, 12)
PARAGRAPHS = (
    "TOKYO, Nov 12 (PTI) -- Defence Minister Rajnath Singh held talks with his Japanese counterpart "
    "Shinjiro Koizumi in Tokyo on Thursday, and the two sides agreed to expand the joint exercises of "
    "their navies in the Indo-Pacific.",
    "The two ministers discussed the co-development of unmanned surface vessels and the supply of spare "
    "parts for each other's warships, officials said.",
    "Both sides agreed to hold the next round of the Dharma Guardian army exercise in India early next "
    "year, according to a statement issued after the meeting.",
    "The ministers also reviewed cooperation in cyber security and space, officials said.",
)

# Clutter, each worded like a statement so that a leak would become one.
NAV = "India news"
COOKIES = "We use cookies to improve your experience, and partners agreed to share data, officials said."
RELATED = "Jaishankar says India and Japan will sign a new security pact, officials said"
RELATED_2 = "Quad navies begin the Malabar exercise off Guam, officials said"
COMMENT = "The two ministers should have agreed on submarines too, officials said nothing about it."
PAYWALL = "Subscribe to read what else the ministers agreed, officials said. Already a subscriber? Sign in."
FOOTER = "All rights reserved by The Example Herald, officials said."
# Inside the story, as sites put them between its paragraphs.
ALSO_READ = "Japan and India to hold their 2+2 in New Delhi next year, officials said"
FOLLOW = "Follow us on our social channels for the latest on what ministers agreed, officials said."
NEWSLETTER = "Sign up for our morning briefing on what ministers agreed, officials said."
CLUTTER = (NAV, COOKIES, RELATED, RELATED_2, COMMENT, PAYWALL, FOOTER, ALSO_READ, FOLLOW, NEWSLETTER)


def _story_markup() -> str:
    """The story's paragraphs, with a link in one of them and the site's prompts between them."""
    first, second, third, fourth = (f"<p>{p}</p>" for p in PARAGRAPHS)
    third = third.replace("Dharma Guardian", '<a href="/topic/dharma-guardian">Dharma Guardian</a>')
    return "\n".join(
        (
            first,
            f'<p><strong>ALSO READ:</strong> <a href="/world/2plus2">{ALSO_READ}</a></p>',
            second,
            f'<div class="inline-newsletter"><p>{NEWSLETTER}</p></div>',
            third,
            f"<p>{FOLLOW}</p>",
            fourth,
        )
    )


def _page(head: str, story: str, *, preamble: str = "") -> str:
    """A news page: the story inside the clutter every site puts around it."""
    return f"""{preamble}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{head}
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{COOKIES}</p><button>Accept all</button></div>
<header class="site-header"><nav><ul>
<li><a href="/">Home</a></li><li><a href="/india">{NAV}</a></li><li><a href="/world">World</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/sport">Sport</a></li>
</ul></nav></header>
<main>
{story}
<aside class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/world/pact">{RELATED}</a></li><li><a href="/world/malabar">{RELATED_2}</a></li>
</ul></aside>
<section id="comments" class="comments"><h2>3 comments</h2>
<div class="comment"><span class="comment-author">reader42</span><p>{COMMENT}</p></div>
</section>
</main>
<footer class="site-footer"><p>{FOOTER}</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def _article_tag(story: str) -> str:
    return f"""<article class="story">
<h1>{HEADLINE}</h1>
<p class="byline">By a Staff Reporter</p>
{story}
<div class="paywall-teaser"><p>{PAYWALL}</p></div>
</article>"""


def jsonld_page() -> str:
    """An <article> page whose metadata is JSON-LD alone (a @graph, as many publishing systems write)."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example Herald website", "url": "https://herald.example.org/"},
            {
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "datePublished": "2026-11-12T21:05:00+09:00",
                "dateModified": "2026-11-13T08:00:00+09:00",
                "publisher": {"@type": "Organization", "name": OUTLET},
                "url": URL,
            },
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    head = f"<title>Tokyo talks | Herald</title>\n{script}"
    return _page(head, _article_tag(_story_markup()))


def opengraph_page() -> str:
    """An <article> page with OpenGraph tags and a canonical link, and a JSON-LD without an article."""
    head = f"""<title>{HEADLINE} - {OUTLET}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="{OUTLET}">
<meta property="og:url" content="{URL}?utm_source=share">
<meta property="article:published_time" content="2026-11-12T12:05:00Z">
<link rel="canonical" href="{URL}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "BreadcrumbList"}}</script>"""
    return _page(head, _article_tag(_story_markup()))


def meta_page() -> str:
    """An older page: <title> and plain meta tags, the story in a div, saved with Chrome's "Save as"."""
    head = f"""<title>{HEADLINE} | {OUTLET}</title>
<meta name="pubdate" content="2026-11-12">
<meta name="application-name" content="{OUTLET}">"""
    story = f"""<div id="story-body" class="story-body">
<h1 class="story-title">{HEADLINE}</h1>
{_story_markup()}
<p class="paywall-teaser">{PAYWALL}</p>
</div>"""
    return _page(head, story, preamble=f"<!-- saved from url=({len(URL):04d}){URL} -->\n")


PAGES = {
    "jsonld": (
        jsonld_page,
        {"title": "html-jsonld", "outlet": "html-jsonld", "url": "html-jsonld"},
        "html-jsonld",
    ),
    "opengraph": (
        opengraph_page,
        {"title": "html-opengraph", "outlet": "html-opengraph", "url": "html-canonical"},
        "html-opengraph",
    ),
    "meta": (
        meta_page,
        {"title": "html-title", "outlet": "html-meta", "url": "html-saved-from"},
        "html-meta",
    ),
}


def _extract(name: str, content: str, reference: Reference) -> Extraction:
    raw = content.encode("utf-8")
    return extract_article(parse_article(Path(name), raw, name), reference, TODAY)


def _as_text_file() -> str:
    """The same article as a .txt file with front matter."""
    front = f"---\ntitle: {HEADLINE}\noutlet: {OUTLET}\npublished: {PUBLISHED}\nurl: {URL}\n---\n\n"
    return front + "\n\n".join(PARAGRAPHS) + "\n"


def _facts(extraction: Extraction) -> list[tuple[str, date, str | None, str]]:
    return [(m.kind, m.date, m.city, m.status) for m in extraction.meetings]


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_page_metadata_comes_from_its_markup_with_the_rule_that_found_it(
    shape: str, reference: Reference
) -> None:
    build, rules, published_rule = PAGES[shape]
    extraction = _extract(f"saved/{shape}.html", build(), reference)
    assert (extraction.title, extraction.outlet, extraction.published, extraction.url) == (
        HEADLINE,
        OUTLET,
        PUBLISHED,
        URL,
    )
    assert dict(extraction.metadata_rules) == rules
    assert extraction.published_rule == published_rule


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_page_clutter_is_neither_in_the_body_nor_in_any_statement(shape: str, reference: Reference) -> None:
    extraction = _extract(f"saved/{shape}.html", PAGES[shape][0](), reference)
    assert extraction.statements
    for clutter in CLUTTER:
        assert clutter not in extraction.body
        assert not [s.text for s in extraction.statements if clutter[:30] in s.text]
    kept = [extraction.body[start:end] for start, end in extraction.paragraphs]
    assert kept == list(PARAGRAPHS)  # the headline is dropped by the cleaner, as in a text file


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_page_yields_the_meeting_facts_of_the_same_article_as_text(shape: str, reference: Reference) -> None:
    page = _extract(f"saved/{shape}.html", PAGES[shape][0](), reference)
    text = _extract("saved/story.txt", _as_text_file(), reference)
    assert _facts(page) == _facts(text)
    assert _facts(page)[0] == ("defence-ministerial", PUBLISHED, "Tokyo", "held")
    assert page.participants == text.participants == ("rajnath-singh", "shinjiro-koizumi")
    assert [(s.text, s.speaker_type) for s in page.statements] == [
        (s.text, s.speaker_type) for s in text.statements
    ]


def test_statement_offsets_point_into_the_page_text(reference: Reference) -> None:
    extraction = _extract("saved/page.htm", opengraph_page(), reference)
    for statement in extraction.statements:
        assert extraction.body[statement.start : statement.end] == statement.text


def test_page_without_article_text_fails_in_one_line_naming_the_file(reference: Reference) -> None:
    menu_only = _page("<title>Home | The Example Herald</title>", "")
    with pytest.raises(IngestError) as raised:
        _extract("saved/home.html", menu_only, reference)
    assert str(raised.value) == "saved/home.html: no article text found in the page"


def test_empty_page_fails_in_one_line_naming_the_file(reference: Reference) -> None:
    with pytest.raises(IngestError) as raised:
        _extract("saved/empty.htm", "", reference)
    assert str(raised.value) == "saved/empty.htm: the page has no HTML to read"


def _run_app(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_ingests_a_saved_page_with_its_metadata_and_its_rules(
    databases: Databases, migrated_template: str, tmp_path: Path
) -> None:
    page = tmp_path / "herald-tokyo.html"
    page.write_text(jsonld_page(), encoding="utf-8")
    (tmp_path / "home.htm").write_text(_page("<title>Home</title>", ""), encoding="utf-8")
    database = databases.copy(migrated_template, "html-cli")
    finished = _run_app(database, "ingest", str(tmp_path))
    assert finished.returncode == 1, finished.stderr
    assert (
        f"error: {tmp_path / 'home.htm'}: no article text found in the page" in finished.stderr.splitlines()
    )
    assert "files read 2, loaded 1, unchanged 0, failed 1" in finished.stdout
    db = Database(database)
    try:
        with db.sessions() as session:
            source = session.scalars(select(Source)).one()
            statements = session.scalars(select(Statement.text)).all()
            stored = (source.title, source.outlet, source.published, source.published_rule, source.url)
            rules = source.metadata_rules
    finally:
        db.engine.dispose()
    assert stored == (HEADLINE, OUTLET, PUBLISHED, "html-jsonld", URL)
    assert rules == {"title": "html-jsonld", "outlet": "html-jsonld", "url": "html-jsonld"}
    assert len(statements) == 4
    assert not [s for s in statements for clutter in CLUTTER if clutter[:30] in s]


def test_ingesting_text_files_does_not_import_the_page_reader(
    databases: Databases, migrated_template: str, tmp_path: Path
) -> None:
    # Extraction workers are spawned processes: they must not pay for trafilatura's imports.
    story = tmp_path / "story.txt"
    story.write_text(_as_text_file(), encoding="utf-8")
    database = databases.copy(migrated_template, "html-lean")
    script = (
        "import sys; from app.cli import main; code = main(['ingest', sys.argv[1]]); "
        "print('trafilatura' in sys.modules, code)"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script, str(story)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.stdout.splitlines()[-1] == "False 0", finished.stderr


def test_a_folder_of_pages_skips_what_the_browser_saved_beside_each(tmp_path: Path) -> None:
    (tmp_path / "Tokyo talks.html").write_text(jsonld_page(), encoding="utf-8")
    (tmp_path / "Tokyo talks_files").mkdir()
    (tmp_path / "Tokyo talks_files" / "ad-frame.html").write_text("<p>Buy now</p>", encoding="utf-8")
    (tmp_path / "notes_files").mkdir()  # no notes.html beside it: an ordinary folder
    (tmp_path / "notes_files" / "story.txt").write_text(_as_text_file(), encoding="utf-8")
    files, problems = article_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "Tokyo talks.html",
        "notes_files/story.txt",
    ]
    assert problems == []


def test_source_page_says_which_part_of_the_saved_page_gave_each_field(
    empty_db: Database, reference: Reference, tmp_path: Path
) -> None:
    page = tmp_path / "herald.html"
    page.write_text(opengraph_page(), encoding="utf-8")
    assert not empty_db.ingest(reference, page).failed
    with empty_db.sessions() as session:
        slug = session.scalars(select(Source.slug)).one()
    with TestClient(create_app(Settings(database_url=empty_db.url))) as client:
        response = client.get(f"/sources/{slug}")
    assert response.status_code == 200
    found = BeautifulSoup(response.text, "html.parser").select_one("p.page-rules")
    assert found is not None
    assert " ".join(found.get_text().split()) == (
        "From the saved page: headline from its OpenGraph tags; date from its OpenGraph tags; "
        "address from its canonical link; outlet from its OpenGraph tags."
    )


def test_page_saved_in_the_encoding_it_declares_is_read_in_that_encoding(reference: Reference) -> None:
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    page = opengraph_page().replace('<meta charset="utf-8">', declared).replace("other's", "other’s")
    raw = page.encode("cp1252")
    extraction = extract_article(parse_article(Path("old.htm"), raw, "old.htm"), reference, TODAY)
    assert "each other’s warships" in extraction.body
    assert extraction.title == HEADLINE
