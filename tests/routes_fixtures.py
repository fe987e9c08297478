"""A test client on the real app over a copy of the seeded database, and HTML helpers."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import Settings
from app.main import create_app
from tests.conftest import Database


@dataclass
class Site:
    client: TestClient
    statements: list[str] = field(default_factory=list)  # SQL run since the last reset

    def page(self, url: str, **headers: str) -> BeautifulSoup:
        response = self.client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        return BeautifulSoup(response.text, "html.parser")


@pytest.fixture
def site(seeded_db: Database) -> Iterator[Site]:
    app = create_app(Settings(database_url=seeded_db.url))
    result = Site(TestClient(app))

    event.listen(app.state.engine, "before_cursor_execute", counter(result.statements))
    yield result
    app.state.engine.dispose()


def counter(statements: list[str]) -> Callable[..., None]:
    """A before_cursor_execute listener that records each query (not BEGIN, which is no query)."""

    def count(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.strip().upper() != "BEGIN":
            statements.append(statement)

    return count


def text_of(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


def select_texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [text_of(t) for t in soup.select(selector)]


def attr(soup: BeautifulSoup | Tag, selector: str, name: str) -> str:
    """The attribute `name` of the first element matching `selector` (which must exist)."""
    tag = soup.select_one(selector)
    assert tag is not None, selector
    return str(tag[name])
