"""`python -m app` run as a real process: ingest summaries, one-line errors, the export contract."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.config import PROJECT_ROOT
from tests.conftest import Databases

SPEAKER_TYPES = {
    "minister",
    "joint-statement",
    "ministry-statement",
    "officials",
    "sources",
    "both-sides",
    "reporter",
}
DATE_FORMATS = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}
CONTRACT = {
    "meetings": {
        "slug",
        "kind",
        "edition",
        "date",
        "date_precision",
        "date_rule",
        "status",
        "city",
        "participants",
        "sources",
        "topics",
    },
    "ministers": {"slug", "name", "country", "portfolio", "aliases"},
    "statements": {
        "id",
        "meeting",
        "source",
        "kind",
        "speaker",
        "text",
        "topics",
        "paragraph",
        "start",
        "end",
    },
    "sources": {"slug", "file", "title", "outlet", "published", "url"},
    "topics": {"slug", "name"},
}
SEED_FILES = [
    "seeds/000_bac54ace09ae3e22.txt",
    "seeds/001_c59776f6da1b08c1.txt",
    "seeds/002_8c8e4bfc36085583.txt",
    "seeds/003_b8d9f388c75dae1f.txt",
    "seeds/004_0d5025bb1c3943dd.txt",
]


def run_app(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m app ARGS` in the project folder, on the database at the URL `database`."""
    env = {**os.environ, "DATABASE_URL": database}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def first_ingest(databases: Databases) -> tuple[str, subprocess.CompletedProcess[str]]:
    """The seeds ingested once into a new database, and what the command printed."""
    database = databases.new("cli")
    return database, run_app(database, "ingest", "seeds/")


@pytest.fixture
def seeded(databases: Databases, first_ingest: tuple[str, subprocess.CompletedProcess[str]]) -> str:
    """A copy of the seeded database for one test."""
    database, finished = first_ingest
    assert finished.returncode == 0, finished.stderr
    return databases.copy(database, "cli")


def _export(database: str) -> dict[str, Any]:
    finished = run_app(database, "export", "--format", "json")
    assert finished.returncode == 0, finished.stderr
    exported: dict[str, Any] = json.loads(finished.stdout)
    return exported


@pytest.fixture(scope="module")
def exported(first_ingest: tuple[str, subprocess.CompletedProcess[str]]) -> dict[str, Any]:
    """What `export --format json` prints for the seeded database (export only reads)."""
    database, finished = first_ingest
    assert finished.returncode == 0, finished.stderr
    return _export(database)


def test_ingest_of_the_seeds_exits_0_and_prints_the_summary(
    first_ingest: tuple[str, subprocess.CompletedProcess[str]],
) -> None:
    _, finished = first_ingest

    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert "files read 5, loaded 5, unchanged 0, failed 0" in lines
    assert "Traceback" not in finished.stderr


def test_second_ingest_reports_every_seed_unchanged(seeded: str) -> None:
    finished = run_app(seeded, "ingest", "seeds/")

    assert finished.returncode == 0, finished.stderr
    assert "files read 5, loaded 0, unchanged 5, failed 0" in finished.stdout.splitlines()


def test_bad_file_and_missing_path_exit_1_with_one_error_line_each(seeded: str, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Café talks between India and Japan".encode("latin-1"))
    missing = tmp_path / "no_such_article.md"

    finished = run_app(seeded, "ingest", str(bad), str(missing))

    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    errors = [line for line in finished.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, finished.stderr
    assert any(re.fullmatch(rf"error: {re.escape(str(bad))}: file is not UTF-8.*", e) for e in errors), errors
    assert any(re.fullmatch(rf"error: {re.escape(str(missing))}: .+", e) for e in errors), errors
    assert "failed 2" in finished.stdout
    assert sorted(s["file"] for s in _export(seeded)["sources"]) == SEED_FILES


def test_bad_front_matter_fails_alone_while_the_seeds_stay_unchanged(seeded: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nIndia and Japan met.\n", encoding="utf-8")

    finished = run_app(seeded, "ingest", str(broken), "seeds/")

    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    errors = [line for line in finished.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, finished.stderr
    assert errors[0].startswith(f"error: {broken}: front matter")
    assert "files read 6, loaded 0, unchanged 5, failed 1" in finished.stdout.splitlines()


def test_export_json_has_the_contract_keys(exported: dict[str, Any]) -> None:
    assert set(CONTRACT) <= set(exported)
    for collection, keys in CONTRACT.items():
        assert exported[collection], f"{collection} is empty"
        for item in exported[collection]:
            assert keys <= set(item), (collection, keys - set(item))
    for statement in exported["statements"]:
        assert {"type", "minister", "label"} <= set(statement["speaker"])


def test_export_speaker_types_are_within_the_contract(exported: dict[str, Any]) -> None:
    types = {s["speaker"]["type"] for s in exported["statements"]}
    assert types <= SPEAKER_TYPES
    assert "minister" in types


def test_export_dates_are_written_to_their_precision(exported: dict[str, Any]) -> None:
    for meeting in exported["meetings"]:
        assert re.fullmatch(DATE_FORMATS[meeting["date_precision"]], meeting["date"]), meeting
    for source in exported["sources"]:
        assert source["published"] is None or re.fullmatch(DATE_FORMATS["day"], source["published"])
    # seed 002 refers to "the last meeting in September 2022": a month, not a day.
    assert {(m["date"], m["date_precision"]) for m in exported["meetings"]} >= {
        ("2019-11-30", "day"),
        ("2022-09", "month"),
    }


def test_export_references_resolve(exported: dict[str, Any]) -> None:
    slugs = {name: {item["slug"] for item in exported[name]} for name in CONTRACT if name != "statements"}

    for statement in exported["statements"]:
        assert statement["source"] in slugs["sources"]
        assert statement["meeting"] is None or statement["meeting"] in slugs["meetings"]
        assert statement["speaker"]["minister"] in slugs["ministers"] | {None}
        assert set(statement["topics"]) <= slugs["topics"]
    for meeting in exported["meetings"]:
        assert set(meeting["participants"]) <= slugs["ministers"]
        assert set(meeting["sources"]) <= slugs["sources"]


def test_ingest_into_an_up_to_date_database_imports_neither_the_web_app_nor_alembic(
    databases: Databases, migrated_template: str, tmp_path: Path
) -> None:
    # What `ingest` imports is most of what a re-ingest of an unchanged archive costs.
    database = databases.copy(migrated_template, "cli-imports")
    script = (
        "import sys; from app.cli import main; code = main(['ingest', sys.argv[1]]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'fastapi', 'starlette'}), "
        "'app.queries' in sys.modules, code)"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.stdout.splitlines()[-1] == "[] False 0", finished.stderr
