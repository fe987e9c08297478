"""A search without filters ranks only the latest passages matching, and says so; with filters,
every match is ranked."""

import importlib

import pytest
from sqlalchemy import text

from app.filters import Filters
from app.queries.search import full_text, latest_from, search
from tests.conftest import Database
from tests.routes_fixtures import Site

WORD = "japan"
search_module = importlib.import_module("app.queries.search")


def test_the_latest_passages_begin_where_the_index_says(seeded_db: Database) -> None:
    with seeded_db.sessions() as session:
        every = full_text(session, WORD, limit=100_000)
        assert len(every) > 5
        since = latest_from(session, WORD, 5)
        assert since is not None
        recent = full_text(session, WORD, limit=100_000, since=since)
        assert len(recent) == 5
        assert {(r.kind, r.ref) for r in recent} < {(r.kind, r.ref) for r in every}
        # The five are the newest rows of the index that match.
        column = "rowid" if session.get_bind().dialect.name == "sqlite" else "id"
        newest = session.execute(
            text(f"SELECT kind, ref FROM search_index WHERE {column} >= :since"), {"since": since}
        ).all()
        assert {(r.kind, r.ref) for r in recent} <= {(k, str(ref)) for k, ref in newest}
        assert latest_from(session, WORD, len(every) + 1) is None


def test_a_search_without_filters_ranks_the_latest_and_says_so(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = site.page(f"/search?q={WORD}")
    assert "passages match" not in whole.get_text()
    assert len(whole.select(".search-result")) > 5
    monkeypatch.setattr(search_module, "RANKED", 5)
    soup = site.page(f"/search?q={WORD.upper()}")
    assert len(soup.select(".search-result")) == 5
    assert "More than 5 passages match" in soup.get_text()


def test_a_search_with_filters_ranks_every_match(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANKED", 5)
    with seeded_db.sessions() as session:
        narrowed = search(session, WORD, Filters.parse([("year", "2019")]))
        assert narrowed.ranked is None
        assert narrowed.total > 0
        assert search(session, WORD, Filters.parse([])).ranked == 5
