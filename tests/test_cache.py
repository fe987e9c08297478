"""The response cache: repeat requests from memory, 304s, gzip, and fresh pages after an ingest."""

from app.ingest.reference import Reference
from tests.conftest import ARTICLES, Database
from tests.routes_fixtures import Site


def test_repeat_request_is_answered_from_memory(site: Site) -> None:
    first = site.client.get("/topics/terrorism")
    site.statements.clear()
    again = site.client.get("/topics/terrorism")
    assert again.text == first.text
    assert len(site.statements) == 1  # only the data version is asked for


def test_conditional_requests_get_304(site: Site) -> None:
    page = site.client.get("/matrix")
    assert page.headers["cache-control"] == "no-cache"
    by_tag = site.client.get("/matrix", headers={"If-None-Match": page.headers["etag"]})
    assert (by_tag.status_code, by_tag.content) == (304, b"")
    assert by_tag.headers["etag"] == page.headers["etag"]
    by_date = site.client.get("/matrix", headers={"If-Modified-Since": page.headers["last-modified"]})
    assert by_date.status_code == 304
    other = site.client.get("/matrix", headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_gzip_when_the_client_accepts_it(site: Site) -> None:
    plain = site.client.get("/", headers={"Accept-Encoding": "identity"})
    packed = site.client.get("/", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    assert packed.text == plain.text  # httpx decodes it


def test_fingerprinted_static_files_are_kept_for_a_year(site: Site) -> None:
    response = site.client.get("/static/tracker-1.0.0.css")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_fragment_and_full_page_are_cached_apart(site: Site) -> None:
    full = site.client.get("/?year=2024")
    fragment = site.client.get("/?year=2024", headers={"HX-Request": "true", "HX-Target": "results"})
    again = site.client.get("/?year=2024")
    assert "<html" in full.text
    assert "<html" not in fragment.text
    assert again.text == full.text


def test_errors_are_not_cached(site: Site) -> None:
    assert site.client.get("/meetings/not-yet").status_code == 404
    assert "cache-control" not in site.client.get("/meetings/not-yet").headers


def test_an_ingest_makes_pages_show_the_new_data(
    site: Site, seeded_db: Database, reference: Reference
) -> None:
    before = site.client.get("/api/v1/meetings").json()["total"]
    site.client.get("/")
    assert not seeded_db.ingest(reference, ARTICLES / "tokyo_2plus2_fourth.md").failed
    after = site.client.get("/api/v1/meetings").json()["total"]
    assert after == before + 1
    assert "2026" in site.client.get("/").text
