"""CSV downloads: exactly the rows of the page they come from, safe to open in a spreadsheet."""

import csv
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from httpx import Response

from app.downloads import (
    FORMULA_STARTS,
    MEETING_COLUMNS,
    SEARCH_COLUMNS,
    STATEMENT_COLUMNS,
    csv_bytes,
    neutralise,
)
from app.ingest.reference import Reference
from tests.conftest import Database
from tests.routes_fixtures import Site, attr, select_texts, text_of

SITE = "http://testserver"
BOM = "\ufeff".encode()

# A wire story whose outlet and one statement would run as formulas if a spreadsheet trusted them.
FORMULA_ARTICLE = """---
title: India, Japan condemn terrorism at 2+2 talks
outlet: '=HYPERLINK("https://evil.example/outlet","Wire")'
published: 2026-03-12
url: https://example.org/2026/03/12/formula
---

NEW DELHI, March 12 -- India and Japan held their "2+2" foreign and defence ministerial dialogue in \
New Delhi on Thursday.

=HYPERLINK("https://evil.example/steal","click here") The ministers condemned terrorism in all its \
forms, the joint statement said.
"""


def _download(site: Site, url: str) -> tuple[Response, list[dict[str, str]]]:
    response = site.client.get(url, follow_redirects=False)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    reader = csv.DictReader(io.StringIO(response.content[len(BOM) :].decode("utf-8"), newline=""))
    return response, list(reader)


def _plain(tag: Tag | None) -> str:
    # The page wraps quoted passages and matched words in inline elements; join without spaces.
    assert tag is not None
    return " ".join(tag.get_text().split())


def _texts(tag: Tag, selector: str) -> list[str]:
    return [text_of(t) for t in tag.select(selector)]


# --- the file itself ----------------------------------------------------------------------------


def test_meetings_csv_is_a_utf8_attachment_with_crlf_lines(site: Site) -> None:
    response, rows = _download(site, "/meetings.csv?year=2024&topic=terrorism")

    assert response.headers["content-disposition"] == (
        'attachment; filename="india-japan-meetings_year-2024_topic-terrorism.csv"'
    )
    lines = response.content[len(BOM) :].split(b"\r\n")
    assert lines[0].decode() == ",".join(MEETING_COLUMNS)
    assert lines[-1] == b""  # the last row ends with CRLF too
    assert len(lines) == len(rows) + 2
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert "India–Japan" in rows[0]["title"]  # UTF-8, not mojibake


def test_every_download_names_its_view_in_the_file_name(site: Site) -> None:
    names = {
        url: site.client.get(url).headers["content-disposition"]
        for url in (
            "/meetings.csv",
            "/topics/terrorism.csv?country=pakistan",
            "/search.csv?q=terror&year=2019",
        )
    }
    assert names == {
        "/meetings.csv": 'attachment; filename="india-japan-meetings.csv"',
        "/topics/terrorism.csv?country=pakistan": (
            'attachment; filename="india-japan-topic-terrorism_country-pakistan.csv"'
        ),
        "/search.csv?q=terror&year=2019": 'attachment; filename="india-japan-search_q-terror_year-2019.csv"',
    }


def test_csv_bytes_quotes_what_needs_it_and_leaves_numbers_alone() -> None:
    body = csv_bytes(("a", "b", "c"), [["x, y", 'say "hi"', -3], [None, "two\nlines", 0]])
    assert body == BOM + b'a,b,c\r\n"x, y","say ""hi""",-3\r\n,"two\nlines",0\r\n'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(start: str) -> None:
    cell = f"{start}SUM(A1:A9)"
    assert neutralise(cell) == "'" + cell
    body = csv_bytes(("text",), [[cell]])
    assert list(csv.reader(io.StringIO(body[len(BOM) :].decode(), newline=""))) == [["text"], ["'" + cell]]


@pytest.mark.parametrize("cell", ["India and Japan", "'quoted", "2+2 dialogue", "", "Tōkyō = capital"])
def test_ordinary_cells_are_left_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell


# --- the same rows as the page ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?year=2024&topic=terrorism",
        "?kind=two-plus-two",
        "?country=pakistan",
        "?minister=gen-nakatani",
        "?topic=piracy",
    ],
)
def test_meetings_csv_lists_the_meetings_the_timeline_shows(site: Site, query: str) -> None:
    _, rows = _download(site, f"/meetings.csv{query}")
    soup = site.page(f"/{query}")
    cards = soup.select("article.meeting-card")

    assert [r["url"] for r in rows] == [f"{SITE}{a['href']}" for a in soup.select(".meeting-card__title a")]
    assert [r["title"] for r in rows] == select_texts(soup, ".meeting-card__title")
    assert [r["date"] for r in rows] == [attr(c, "time", "datetime") for c in cards]
    assert [r["status"] for r in rows] == [
        next(c.removeprefix("meeting-card--") for c in card["class"] if c.startswith("meeting-card--"))
        for card in cards
    ]
    assert [[r["statements"], r["sources"]] for r in rows] == [
        _texts(card, ".meeting-card__counts .count") for card in cards
    ]
    assert [set(filter(None, r["participants"].split("; "))) for r in rows] == [
        set(_texts(card, ".chip--person .chip__name")) for card in cards
    ]
    if query != "?topic=piracy":
        assert rows  # the comparison above is not between two empty lists


def test_meetings_csv_row_has_every_fact_of_the_meeting(site: Site) -> None:
    _, rows = _download(site, "/meetings.csv?year=2024")
    assert rows == [
        {
            "slug": "2024-08-20-two-plus-two",
            "date": "2024-08-20",
            "date_precision": "day",
            "kind": "two-plus-two",
            "edition": "3",
            "title": "3rd India–Japan 2+2 Ministerial Dialogue",
            "status": "held",
            "city": "New Delhi",
            "participants": rows[0]["participants"],
            "topics": rows[0]["topics"],
            "countries_named": rows[0]["countries_named"],
            "statements": rows[0]["statements"],
            "sources": "2",
            "url": f"{SITE}/meetings/2024-08-20-two-plus-two",
        }
    ]
    assert "terrorism" in rows[0]["topics"].split("; ")
    assert "Yoko Kamikawa" in rows[0]["participants"].split("; ")


@pytest.mark.parametrize(
    "query",
    ["", "?country=pakistan", "?year=2019", "?speaker=rajnath-singh", "?year=2024&speaker=both-sides"],
)
def test_topic_csv_lists_the_statements_the_topic_page_shows_in_its_order(site: Site, query: str) -> None:
    _, rows = _download(site, f"/topics/terrorism.csv{query}")
    soup = site.page(f"/topics/terrorism{query}")
    blocks = soup.select("article.statement-block")

    assert [r["id"] for r in rows] == [str(b["id"]).removeprefix("s-") for b in blocks]
    assert [r["text"] for r in rows] == [_plain(b.select_one(".statement-block__text")) for b in blocks]
    assert [r["speaker"] for r in rows] == [_plain(b.select_one(".statement-block__speaker")) for b in blocks]
    assert [r["url"] for r in rows] == [SITE + attr(b, ".statement-block__permalink", "href") for b in blocks]
    assert all("terrorism" in r["topics"].split("; ") for r in rows)
    assert rows


def test_topic_csv_row_names_meeting_source_and_paragraph(site: Site) -> None:
    _, rows = _download(site, "/topics/terrorism.csv?year=2025&country=pakistan")
    soup = site.page("/topics/terrorism?year=2025&country=pakistan")
    source_link = soup.select_one(f"#s-{rows[0]['id']} .statement-block__source")
    assert source_link is not None

    assert {r["meeting"] for r in rows} == {"2025-05-05-defence-ministerial"}
    assert {r["meeting_date"] for r in rows} == {"2025-05-05"}
    assert all("pakistan" in r["countries_named"].split("; ") for r in rows)
    assert source_link["href"] == f"/sources/{rows[0]['source']}#p{rows[0]['paragraph']}"
    assert rows[0]["published"] == "2025-05-05"
    assert rows[0]["outlet"]
    assert {r["kind"] for r in rows} <= {"quote", "reported"}


@pytest.mark.parametrize(
    "query",
    [
        "?q=pakistan",
        "?q=india",  # more matches than the page shows: the download stops where the page does
        "?q=terror&year=2019",
        "?q=maritime&topic=terrorism",
        "?q=zzzzzz",
    ],
)
def test_search_csv_lists_the_hits_the_search_page_shows(site: Site, query: str) -> None:
    _, rows = _download(site, f"/search.csv{query}")
    soup = site.page(f"/search{query}")
    results = soup.select("li.search-result")

    assert [r["url"] for r in rows] == [SITE + attr(r, "a", "href") for r in results]
    assert [r["text"] for r in rows] == [_plain(r.select_one(".search-result__snippet")) for r in results]
    assert [r["kind"] for r in rows] == [
        "statement" if attr(r, "a", "href").startswith("/statements/") else "paragraph" for r in results
    ]
    if query != "?q=zzzzzz":
        assert rows


def test_search_csv_has_its_columns_even_without_a_query(site: Site) -> None:
    response, rows = _download(site, "/search.csv")
    assert rows == []
    assert response.content == BOM + ",".join(SEARCH_COLUMNS).encode() + b"\r\n"


def test_search_csv_rows_carry_statement_source_and_meeting(site: Site) -> None:
    _, rows = _download(site, "/search.csv?q=pakistan")
    statement = next(r for r in rows if r["kind"] == "statement")
    assert statement["url"] == f"{SITE}/statements/{statement['statement']}"
    assert statement["meeting"]
    assert statement["source"]
    assert statement["paragraph"].isdigit()
    assert not any(mark in r["text"] for r in rows for mark in ("\x02", "\x03", "<mark>"))
    paragraphs = [r for r in rows if r["kind"] == "paragraph"]
    assert all(r["statement"] == "" for r in paragraphs)
    assert all(r["url"] == f"{SITE}/sources/{r['source']}#p{r['paragraph']}" for r in paragraphs)


# --- formulas -----------------------------------------------------------------------------------


def test_article_text_starting_with_a_formula_comes_out_neutralised(
    site: Site, seeded_db: Database, reference: Reference, tmp_path: Path
) -> None:
    article = tmp_path / "formula.md"
    article.write_text(FORMULA_ARTICLE, encoding="utf-8")
    assert not seeded_db.ingest(reference, article).failed
    # The page shows the words as written: only the download needs defusing.
    page_texts = [_plain(t) for t in site.page("/topics/terrorism").select(".statement-block__text")]
    assert any(t.startswith('=HYPERLINK("https://evil.example/steal"') for t in page_texts)

    _, rows = _download(site, "/topics/terrorism.csv")
    _, hits = _download(site, "/search.csv?q=hyperlink")

    row = next(r for r in rows if "evil.example/steal" in r["text"])
    assert row["text"].startswith('\'=HYPERLINK("https://evil.example/steal","click here") The ministers')
    assert row["outlet"] == '\'=HYPERLINK("https://evil.example/outlet","Wire")'
    assert hits
    # Where a snippet starts depends on the search engine; none may start with a formula.
    assert all(not h["text"].startswith(("=", "+", "-", "@")) for h in hits)
    assert any("HYPERLINK" in h["text"] for h in hits)
    for cell in (c for r in [*rows, *hits] for c in r.values()):
        assert not cell.startswith(FORMULA_STARTS), cell


# --- canonical URLs and errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "/meetings.csv?topic=terrorism&year=2024&topic=terrorism&utm=x",
            "/meetings.csv?year=2024&topic=terrorism",
        ),
        (
            "/topics/terrorism.csv?country=pakistan&year=2019",
            "/topics/terrorism.csv?year=2019&country=pakistan",
        ),
        ("/search.csv?year=2019&q=terror", "/search.csv?q=terror&year=2019"),
        ("/search.csv?q=++terror++", "/search.csv?q=terror"),
    ],
)
def test_non_canonical_download_query_redirects_like_the_page(site: Site, url: str, canonical: str) -> None:
    response = site.client.get(url, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == canonical


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("/meetings.csv?year=twenty", "year must be a four-digit year"),
        ("/topics/terrorism.csv?speaker=Rajnath+Singh", "speaker must be a slug"),
        ("/search.csv?q=terror&country=Pakistan!", "country must be a slug"),
        ("/search.csv?q=" + "a" * 300, "limited to 200"),
    ],
)
def test_malformed_filter_is_the_400_page(site: Site, url: str, complaint: str) -> None:
    response = site.client.get(url)
    assert response.status_code == 400
    assert complaint in text_of(
        BeautifulSoup(response.text, "html.parser").select_one(".error-page__message")
    )


def test_unknown_topic_download_is_the_404_page(site: Site) -> None:
    response = site.client.get("/topics/piracy.csv")
    assert response.status_code == 404
    message = text_of(BeautifulSoup(response.text, "html.parser").select_one(".error-page__message"))
    assert "no topic" in message


def test_topic_page_and_its_download_do_not_shadow_each_other(site: Site) -> None:
    assert site.client.get("/topics/terrorism").headers["content-type"].startswith("text/html")
    _, rows = _download(site, "/topics/terrorism.csv")
    assert list(rows[0]) == list(STATEMENT_COLUMNS)
