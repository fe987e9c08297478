"""Every URL the site links to, built in one place: routes, templates, feeds and downloads use these.

Paths are relative to the site (`/meetings/{slug}`); `absolute` puts a base in front, for feeds,
the API and citations. A query string is always in the canonical order its filters give.
"""

from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote, urlencode


class HasPairs(Protocol):
    def pairs(self) -> list[tuple[str, str]]: ...


Query = HasPairs | Iterable[tuple[str, str]]


def _pairs(query: Query | None) -> list[tuple[str, str]]:
    if query is None:
        return []
    if hasattr(query, "pairs"):
        return list(query.pairs())
    return list(query)


def with_query(path: str, query: Query | None = None) -> str:
    """`path` with the filters (or query pairs) as its query string, in their order."""
    pairs = _pairs(query)
    return f"{path}?{urlencode(pairs)}" if pairs else path


def absolute(base: str, path: str) -> str:
    """A site path under `base` (scheme and host, no trailing slash)."""
    return base.rstrip("/") + path


@lru_cache(maxsize=1 << 16)
def _slug(slug: str) -> str:
    """A slug as one path segment; a page links hundreds, so each is quoted once a process."""
    return quote(slug, safe="")


def timeline(query: Query | None = None) -> str:
    return with_query("/", query)


def meeting(slug: str) -> str:
    return f"/meetings/{_slug(slug)}"


def meeting_statements(slug: str, query: Query | None = None) -> str:
    return with_query(f"/meetings/{_slug(slug)}/statements", query)


def minister(slug: str, page: int = 1) -> str:
    return f"/ministers/{_slug(slug)}" + (f"?page={page}" if page > 1 else "")


def topic(slug: str, query: Query | None = None) -> str:
    return with_query(f"/topics/{_slug(slug)}", query)


def topic_csv(slug: str, query: Query | None = None) -> str:
    return with_query(f"/topics/{_slug(slug)}.csv", query)


def topic_feed(slug: str, query: Query | None = None) -> str:
    return with_query(f"/feeds/topics/{_slug(slug)}.atom", query)


def topic_api(slug: str, query: Query | None = None) -> str:
    return with_query(f"/api/v1/topics/{_slug(slug)}/statements", query)


def sources(page: int = 1) -> str:
    return "/sources" + (f"?page={page}" if page > 1 else "")


def source(slug: str, paragraph: int | None = None) -> str:
    return f"/sources/{_slug(slug)}" + (f"#p{paragraph}" if paragraph else "")


def statement(statement_id: str) -> str:
    return f"/statements/{_slug(statement_id)}"


def search(query: Query | None = None) -> str:
    return with_query("/search", query)


def compare(first: str, second: str) -> str:
    return with_query("/compare", [("a", first), ("b", second)])


def meetings_csv(query: Query | None = None) -> str:
    return with_query("/meetings.csv", query)


def meetings_feed(query: Query | None = None) -> str:
    return with_query("/feeds/meetings.atom", query)


def meetings_api(query: Query | None = None) -> str:
    return with_query("/api/v1/meetings", query)
