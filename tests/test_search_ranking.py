"""A search without filters ranks only the passages matching that were added last, and says so;
with filters, every match is ranked."""

import importlib

import pytest
from sqlalchemy import text

from app.filters import Filters
from app.queries.search import full_text, latest_from, match_count, search
from tests.conftest import Database
from tests.routes_fixtures import Site, text_of

WORD = "japan"
search_module = importlib.import_module("app.queries.search")


def _newest(db: Database, n: int) -> set[tuple[str, str]]:
    """The n rows matching WORD that were indexed last, read straight from the index."""
    with db.sessions() as session:
        if session.get_bind().dialect.name == "sqlite":
            sql = (
                "SELECT kind, ref FROM search_index WHERE search_index MATCH :m ORDER BY rowid DESC LIMIT :n"
            )
            match = f'"{WORD}"*'
        else:
            sql = (
                "SELECT kind, ref FROM search_index WHERE tsv @@ to_tsquery('english', :m) "
                "ORDER BY id DESC LIMIT :n"
            )
            match = f"{WORD}:*"
        return {(kind, str(ref)) for kind, ref in session.execute(text(sql), {"m": match, "n": n})}


def test_the_latest_passages_are_the_ones_indexed_last(seeded_db: Database) -> None:
    with seeded_db.sessions() as session:
        every = full_text(session, WORD, limit=100_000)
        assert len(every) > 5
        assert match_count(session, WORD) == len(every)
        since = latest_from(session, WORD, 5)
        assert since is not None
        recent = full_text(session, WORD, limit=100_000, since=since)
        # Exactly as many as all match: none is left out, so nothing is cut.
        assert latest_from(session, WORD, len(every)) is None
        assert latest_from(session, WORD, len(every) - 1) is not None
    assert {(r.kind, r.ref) for r in recent} == _newest(seeded_db, 5)


def test_a_search_without_filters_ranks_the_latest_and_says_so(
    site: Site, seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = site.page(f"/search?q={WORD}")
    assert "added to the archive last" not in whole.get_text()
    assert len(whole.select(".search-result")) > 5
    monkeypatch.setattr(search_module, "RANKED", 5)
    soup = site.page(f"/search?q={WORD.upper()}")
    assert len(soup.select(".search-result")) == 5
    summary = text_of(soup.select_one(".search-summary"))
    assert summary.startswith("More than 5 matches for")
    assert "the 5 matching passages added to the archive last" in soup.get_text()
    with seeded_db.sessions() as session:
        shown = search(session, WORD, Filters.parse([]))
    found = {(h.kind, h.statement.id if h.statement else str(h.paragraph)) for h in shown.hits}
    assert found == _newest(seeded_db, 5)  # the five shown are the five indexed last


def test_a_search_with_filters_ranks_every_match(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANKED", 5)
    with seeded_db.sessions() as session:
        narrowed = search(session, WORD, Filters.parse([("year", "2019")]))
        assert narrowed.ranked is None
        assert narrowed.total > 0
        assert search(session, WORD, Filters.parse([])).ranked == 5
