"""The OpenAPI document at /openapi.json states what the API answers: its statuses and its rules.

The rules checked here are the URL grammar's (app.filters); the last test runs Schemathesis with
all its checks against the real app under uvicorn, as `schemathesis run` would.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from app import filters
from app.config import PROJECT_ROOT
from app.middleware import MAX_QUERY_BYTES
from tests.conftest import Databases
from tests.routes_fixtures import Site
from tests.servers import serving

ERROR = {"$ref": "#/components/schemas/Error"}
# About 1,000 requests, 10 to 20 s on two busy cores; 80 examples found nothing more, on either engine.
MAX_EXAMPLES = 30
RUN_SECONDS = 300


def _document(site: Site) -> dict[str, Any]:
    response = site.client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _parameter(document: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    """The schema of one parameter of GET `path`, or of its items when it may repeat."""
    (found,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    schema: dict[str, Any] = found["schema"]
    return schema.get("items", schema)


def _allows(schema: dict[str, Any], value: str) -> bool:
    """Whether a string schema with a pattern and perhaps a maxLength admits `value`."""
    return re.search(schema["pattern"], value) is not None and len(value) <= schema.get(
        "maxLength", len(value)
    )


def test_no_operation_promises_the_422_that_is_never_sent(site: Site) -> None:
    document = _document(site)
    for path, operations in document["paths"].items():
        responses = operations["get"]["responses"]
        assert "422" not in responses, path
        for status, response in responses.items():
            if status != "200":
                assert response["content"]["application/json"]["schema"] == ERROR, (path, status)
    assert not {"HTTPValidationError", "ValidationError"} & set(document["components"]["schemas"])


def test_a_malformed_year_is_answered_with_the_documented_400_and_error_body(site: Site) -> None:
    documented = _document(site)["paths"]["/api/v1/meetings"]["get"]["responses"]
    response = site.client.get("/api/v1/meetings?year=19")
    assert response.status_code == 400
    assert documented["400"]["content"]["application/json"]["schema"] == ERROR
    assert response.json() == {
        "error": {"status": 400, "message": "year must be a four-digit year, not '19'"}
    }


def test_an_address_too_long_is_answered_with_the_documented_414(site: Site) -> None:
    for path, operations in _document(site)["paths"].items():
        assert operations["get"]["responses"]["414"]["content"]["application/json"]["schema"] == ERROR, path
    response = site.client.get("/api/v1/topics?" + "x" * (MAX_QUERY_BYTES + 1))
    assert response.status_code == 414
    assert response.json()["error"]["status"] == 414


def test_the_document_states_the_rules_the_filters_enforce(site: Site) -> None:
    document = _document(site)
    slug = {"type": "string", "pattern": filters.SLUG_PATTERN, "maxLength": filters.MAX_SLUG_LENGTH}
    for name in ("topic", "kind", "minister", "country"):
        assert _parameter(document, "/api/v1/meetings", name) == slug
    for name in ("topic", "meeting", "speaker", "country"):
        assert _parameter(document, "/api/v1/statements", name) == slug
    for path in (
        "/api/v1/meetings",
        "/api/v1/statements",
        "/api/v1/search",
        "/api/v1/topics/{slug}/statements",
    ):
        assert _parameter(document, path, "year") == {"type": "string", "pattern": filters.YEAR_PATTERN}, path
        assert _parameter(document, path, "page")["maximum"] == filters.MAX_PAGE, path
    for path in ("/api/v1/meetings/{slug}", "/api/v1/ministers/{slug}", "/api/v1/topics/{slug}/statements"):
        assert _parameter(document, path, "slug")["pattern"] == filters.SLUG_PATTERN, path
    words = _parameter(document, "/api/v1/search", "q")
    assert (words["pattern"], words["maxLength"]) == (filters.WORD_PATTERN, filters.MAX_QUERY_LENGTH)
    assert _parameter(document, "/api/v1/statements", "q")["maxLength"] == filters.MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("name", "value"),
    [
        *(("year", v) for v in ("2019", "1000", "9999", "0999", "0000", "19", "20190", "٢٠١٩", " 2019", "")),
        *(("topic", v) for v in ("terrorism", "a-b2", "a-", "-a", "a--b", "Terrorism", "a b", "ñ", "")),
        ("topic", "a" * filters.MAX_SLUG_LENGTH),
        ("topic", "a" * (filters.MAX_SLUG_LENGTH + 1)),
    ],
)
def test_a_filter_value_is_taken_exactly_when_the_document_allows_it(
    site: Site, name: str, value: str
) -> None:
    allowed = _allows(_parameter(_document(site), "/api/v1/meetings", name), value)
    response = site.client.get(f"/api/v1/meetings?{name}={quote(value)}")
    assert response.status_code == (200 if allowed else 400), response.text


@pytest.mark.parametrize(
    "q", ["terror", "  terror ", " ", "\t\n", "\u3000", "", "a" * filters.MAX_QUERY_LENGTH, "a" * 201]
)
def test_a_search_is_taken_exactly_when_the_document_allows_it(site: Site, q: str) -> None:
    allowed = _allows(_parameter(_document(site), "/api/v1/search", "q"), q)
    response = site.client.get(f"/api/v1/search?q={quote(q)}")
    assert response.status_code == (200 if allowed else 400), response.text


# What ECMAScript's \s matches (ECMA-262, WhiteSpace and LineTerminator): the OpenAPI document's
# regex dialect, which Schemathesis generates from. Python's \s differs from it on \x1c-\x1f,
# \x85 (its own) and \ufeff (ECMAScript's).
ECMASCRIPT_SPACES = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000\ufeff")
)
PYTHON_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\x1c\x1d\x1e\x1f"


def _as_ecmascript(pattern: str) -> str:
    """The pattern with \\s and \\S read as ECMAScript reads them, for Python's re."""
    spaces = re.escape(ECMASCRIPT_SPACES)
    return re.sub(r"(?<!\\)\\s", lambda _: spaces, pattern.replace("\\S", "[^\\s]"))


@pytest.mark.parametrize("space", sorted(set(ECMASCRIPT_SPACES) | set(PYTHON_SPACES)))
def test_a_search_of_spaces_of_either_dialect_is_refused_as_the_document_says(site: Site, space: str) -> None:
    schema = _parameter(_document(site), "/api/v1/search", "q")
    assert not _allows(schema, space * 2)
    assert not _allows({**schema, "pattern": _as_ecmascript(schema["pattern"])}, space * 2)
    response = site.client.get(f"/api/v1/search?q={quote(space * 2)}")
    assert response.status_code == 400, (hex(ord(space)), response.text)


@pytest.mark.parametrize("page", [filters.MAX_PAGE, filters.MAX_PAGE + 1])
def test_the_last_page_number_is_the_documented_maximum(site: Site, page: int) -> None:
    maximum = _parameter(_document(site), "/api/v1/statements", "page")["maximum"]
    response = site.client.get(f"/api/v1/statements?page={page}")
    assert response.status_code == (200 if page <= maximum else 400)


def test_a_slug_of_no_slug_shape_names_nothing_and_is_the_documented_404(site: Site) -> None:
    documented = _document(site)["paths"]["/api/v1/meetings/{slug}"]["get"]["responses"]
    response = site.client.get("/api/v1/meetings/Not%20A%20Slug")
    assert response.status_code == 404
    assert "404" in documented


@dataclass
class Served:
    base_url: str
    log: Path  # the server's output, tracebacks included


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, databases: Databases, seeded_template: str
) -> Iterator[Served]:
    """The real app under uvicorn on a seeded copy."""
    database = databases.copy(seeded_template, "schemathesis")
    log = tmp_path_factory.mktemp("schemathesis-server") / "server.log"
    with serving(database, log) as base_url:
        yield Served(base_url, log)
    databases.drop(database)


def test_schemathesis_with_all_checks_finds_nothing(served: Served) -> None:
    # Run from the project root, so that Schemathesis reads schemathesis.toml there.
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{served.base_url}/openapi.json",
        "--checks", "all", "--max-examples", str(MAX_EXAMPLES),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=RUN_SECONDS)
    server_said = served.log.read_text(errors="replace")[-3000:] if "Server error" in run.stdout else ""
    assert run.returncode == 0, f"{run.stdout[-8000:]}\n{run.stderr[-2000:]}\n{server_said}"
    assert "No issues found" in run.stdout
