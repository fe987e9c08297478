"""The URL grammar: filters as repeated query parameters, paging, and the one canonical order.

A view's query string is parsed into a frozen filter set; a malformed value raises `BadFilter`
(a 400 page). Every view has one canonical URL: the `canonical` dependencies parse the query and,
when the request's own query is not already canonical, end it with a 301 to the one that is, so
route functions never repeat that check.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

from fastapi import Depends, Request

from app import urls

# The rules of the URL grammar, as patterns: the API's OpenAPI document states these same strings.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A year from 1000 to 9999 in ASCII digits: r"\d" would take "٢٠١٩" too, "0999" would be made
# canonical as "999", which no rule takes, and "0000" is a year no date can hold.
YEAR_PATTERN = r"^[1-9][0-9]{3}$"
# A search names at least one word: a character that is no space. Spelled out, because the
# OpenAPI document's regex dialect (ECMAScript's) and Python's differ on what a space is: this
# class excludes both dialects' spaces (\x1c-\x1f and \x85 are Python's only, \ufeff ECMAScript's).
WORD_PATTERN = r"[^\s\x1c-\x1f\x85\ufeff]"
SLUG = re.compile(SLUG_PATTERN)
YEAR = re.compile(YEAR_PATTERN)
WORD = re.compile(WORD_PATTERN)
MAX_SLUG_LENGTH = 120  # the longest slug column (meetings, ministers, sources)
MAX_QUERY_LENGTH = 200
MAX_PAGE = 100_000


class BadFilter(ValueError):
    """A query parameter that names no valid value; the message says which and why."""


class NotCanonical(Exception):
    """The request names a view by a URL other than its canonical one; `location` is that one."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


@dataclass(frozen=True)
class FilterSet:
    """Repeated query parameters, a sorted tuple of values per field: order-free and canonical."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = ()  # (query parameter, attribute)

    @classmethod
    def parse(cls, params: Iterable[tuple[str, str]], *, strict: bool = False) -> Self:
        """Read repeated query parameters; raise BadFilter for a malformed value.

        A page's form may send a blank or padded value, which is read as no filter or trimmed;
        `strict` (the API) takes every value exactly as given, as its OpenAPI document says.
        """
        names = dict(cls.FIELDS)
        values: dict[str, set[str]] = defaultdict(set)
        for key, raw in params:
            value = raw if strict else raw.strip()
            if key not in names or not (value or strict):
                continue
            values[key].add(year_value(value) if key == "year" else slug_value(value, key))
        return cls._build({key: values[key] for key, _ in cls.FIELDS})

    @classmethod
    def _build(cls, values: dict[str, set[str]]) -> Self:
        arguments: dict[str, Any] = {
            attr: tuple(sorted(int(v) for v in values[key])) if key == "year" else tuple(sorted(values[key]))
            for key, attr in cls.FIELDS
        }
        return cls(**arguments)

    def _values(self) -> dict[str, set[str]]:
        return {key: {str(v) for v in getattr(self, attr)} for key, attr in self.FIELDS}

    def pairs(self) -> list[tuple[str, str]]:
        """The canonical query parameters, in a fixed order."""
        return [(key, str(v)) for key, attr in self.FIELDS for v in getattr(self, attr)]

    def url(self, path: str) -> str:
        """`path` with these filters as its canonical query string."""
        return urls.with_query(path, self)

    def selected(self, key: str) -> set[str]:
        return self._values()[key]

    def toggled(self, key: str, value: str) -> Self:
        """These filters with one value added, or removed if present."""
        values = self._values()
        values[key] ^= {value}
        return self._build(values)

    def without(self, key: str) -> Self:
        values = self._values()
        values[key] = set()
        return self._build(values)

    @property
    def active(self) -> bool:
        return bool(self.pairs())


@dataclass(frozen=True)
class Filters(FilterSet):
    """The timeline's filters, shared by search and the downloads."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("year", "years"),
        ("kind", "kinds"),
        ("topic", "topics"),
        ("minister", "ministers"),
        ("country", "countries"),
    )

    years: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    ministers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicFilters(FilterSet):
    """A topic page's filters."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("year", "years"),
        ("speaker", "speakers"),
        ("country", "countries"),
    )

    years: tuple[int, ...] = ()
    speakers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatementFilters(FilterSet):
    """The filters of the statements list in the API."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("year", "years"),
        ("topic", "topics"),
        ("meeting", "meetings"),
        ("speaker", "speakers"),
        ("country", "countries"),
    )

    years: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingStatementFilters(FilterSet):
    """The topics of a page of one meeting's statements (none: all of them)."""

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (("topic", "topics"),)

    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoFilters(FilterSet):
    """A view with no filters (only, perhaps, a page number)."""


F = TypeVar("F", bound=FilterSet)


@dataclass(frozen=True)
class Paging:
    """Which page of a list is shown: a page holds `size` items; `None` shows them all."""

    page: int = 1
    size: int | None = None

    @property
    def offset(self) -> int:
        return 0 if self.size is None else (self.page - 1) * self.size

    def pages(self, count: int) -> int:
        return 1 if self.size is None else max(1, -(-count // self.size))


EVERYTHING = Paging()  # a list shown whole


def year_value(value: str) -> str:
    """A `year` value as given: 1000 to 9999 in ASCII digits, or BadFilter."""
    if not YEAR.fullmatch(value):
        raise BadFilter(f"year must be a four-digit year, not {value[:40]!r}")
    return value


def slug_value(value: str, key: str) -> str:
    """A slug value of the parameter `key` as given, or BadFilter."""
    if not SLUG.fullmatch(value) or len(value) > MAX_SLUG_LENGTH:
        raise BadFilter(f"{key} must be a slug like 'maritime-security', not {value[:40]!r}")
    return value


def parse_page(value: str | None) -> int:
    """A `page` query parameter: a whole number from 1."""
    if value is None or value == "":
        return 1
    # ASCII digits only: "²" and "①" pass str.isdigit() but int() refuses them.
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_PAGE:
        raise BadFilter(f"page must be a whole number from 1, not {value[:20]!r}")
    return int(value)


def search_words(request: Request) -> str:
    """The `q` of a search, its spaces collapsed; BadFilter when it is too long."""
    q = " ".join(request.query_params.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise BadFilter(f"q is {len(q)} characters long; searches are limited to {MAX_QUERY_LENGTH}")
    return q


def require_canonical(request: Request, pairs: list[tuple[str, str]]) -> None:
    """Raise NotCanonical (answered with a 301) unless the request's query is exactly `pairs`."""
    if list(request.query_params.multi_items()) != pairs:
        raise NotCanonical(urls.with_query(request.url.path, pairs))


@dataclass(frozen=True)
class View(Generic[F]):
    """A parsed, canonical query: the filters, the page, the words searched, in URL order."""

    filters: F
    page: int = 1
    q: str = ""

    @property
    def pairs(self) -> list[tuple[str, str]]:
        words = [("q", self.q)] if self.q else []
        page = [("page", str(self.page))] if self.page > 1 else []
        return words + self.filters.pairs() + page


def canonical(kind: type[F], *, paged: bool = False, words: bool = False) -> Callable[[Request], View[F]]:
    """A dependency that parses `kind` (and `page`, `q`) and redirects to the canonical URL."""

    def dependency(request: Request) -> View[F]:
        view = View(
            kind.parse(request.query_params.multi_items()),
            parse_page(request.query_params.get("page")) if paged else 1,
            search_words(request) if words else "",
        )
        require_canonical(request, view.pairs)
        return view

    return dependency


def view_of(kind: type[F], *, paged: bool = False, words: bool = False) -> Any:
    """`Depends` on the canonical view of `kind`: `view: Annotated[View[Filters], view_of(Filters)]`."""
    return Depends(canonical(kind, paged=paged, words=words))
