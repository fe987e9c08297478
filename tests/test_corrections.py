"""Hand corrections: applied by stable ids, surviving re-ingests, reported when stale."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.config import PROJECT_ROOT, Settings
from app.export import export_database
from app.ingest.corrections import Correction, load_corrections
from app.ingest.errors import IngestError
from app.ingest.reference import Reference
from app.main import create_app
from app.models import Statement
from tests.conftest import ARTICLES, SEEDS, TODAY, Database
from tests.routes_fixtures import attr, text_of

FUKUOKA = "He also announced plans for India to open a new consulate in Fukuoka."


def _corrections(tmp_path: Path, *lines: dict[str, dict[str, object]]) -> list[Correction]:
    path = tmp_path / "corrections.yaml"
    path.write_text(yaml.safe_dump({"corrections": list(lines)}), encoding="utf-8")
    return load_corrections(path)


def _articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.yaml", "*.md"))
    return folder


def _statement(db: Database, words: str) -> Statement:
    with db.sessions() as session:
        [found] = [s for s in session.scalars(select(Statement)) if words in s.text]
        return found


def _ingest(db: Database, reference: Reference, corrections: list[Correction], *paths: Path) -> list[str]:
    from app.ingest.pipeline import ingest

    summary = ingest(
        list(paths), db.sessions, reference, root=PROJECT_ROOT, today=TODAY, corrections=corrections
    )
    assert not summary.failed, summary.failed
    return summary.stale


def test_speaker_correction_survives_a_reingest_of_every_file(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    folder = _articles(tmp_path)
    assert _ingest(empty_db, reference, []) == []
    _ingest(empty_db, reference, [], folder)
    target = _statement(empty_db, FUKUOKA)
    assert target.minister_id is not None
    fix = _corrections(
        tmp_path, {"set_speaker": {"statement": target.id, "type": "officials", "label": "Indian officials"}}
    )
    assert _ingest(empty_db, reference, fix, folder) == []
    for article in folder.glob("*.txt"):  # every file changes, so every file is extracted again
        article.write_bytes(article.read_bytes() + b"\n")

    assert _ingest(empty_db, reference, fix, folder) == []

    corrected = _statement(empty_db, FUKUOKA)
    assert corrected.id == target.id
    assert (corrected.speaker_type, corrected.speaker_label, corrected.minister_id) == (
        "officials",
        "Indian officials",
        None,
    )
    assert corrected.corrected == ["speaker"]
    page = TestClient(create_app(Settings(database_url=empty_db.url))).get(f"/statements/{target.id}")
    assert "Corrected by hand" in text_of(
        BeautifulSoup(page.text, "html.parser").select_one(".statement-block")
    )


def test_merging_two_people_moves_their_statements_and_redirects_the_old_slug(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    typo = tmp_path / "typo.md"
    typo.write_text(
        (ARTICLES / "tokyo_2plus2_fourth.md")
        .read_text(encoding="utf-8")
        .replace("Tanaka Hiroshi", "Tanaka Hiroshy")
        .replace("Tanaka said", "Tanaka Hiroshy said")
        .replace("url: https://", "url: https://typo."),
        encoding="utf-8",
    )
    _ingest(empty_db, reference, [], ARTICLES / "tokyo_2plus2_fourth_reuters.txt")
    (tmp_path / "second").mkdir()
    shutil.move(typo, tmp_path / "second" / "typo.md")
    _ingest(empty_db, reference, [], tmp_path / "second")
    with empty_db.sessions() as session:
        slugs = {m["slug"] for m in export_database(session)["ministers"]}
    assert {"hiroshi-tanaka", "hiroshy-tanaka"} <= slugs

    merge = _corrections(tmp_path, {"merge_ministers": {"from": "hiroshy-tanaka", "into": "hiroshi-tanaka"}})
    assert _ingest(empty_db, reference, merge) == []
    assert _ingest(empty_db, reference, merge, tmp_path / "second") == []  # and again: nothing left to move

    with empty_db.sessions() as session:
        exported = export_database(session)
    assert "hiroshy-tanaka" not in {m["slug"] for m in exported["ministers"]}
    said = [s for s in exported["statements"] if s["speaker"]["minister"] == "hiroshi-tanaka"]
    assert {s["source"] for s in said} == {s["slug"] for s in exported["sources"]}
    client = TestClient(create_app(Settings(database_url=empty_db.url)))
    moved = client.get("/ministers/hiroshy-tanaka", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/ministers/hiroshi-tanaka"
    survivor = BeautifulSoup(client.get("/ministers/hiroshi-tanaka").text, "html.parser")
    assert "Hiroshy" in text_of(survivor.select_one("dl.facts"))


def test_meeting_facts_set_by_hand_show_as_corrected(
    seeded_db: Database, reference: Reference, tmp_path: Path
) -> None:
    fix = _corrections(tmp_path, {"set_meeting": {"meeting": "2024-08-20-two-plus-two", "city": "Delhi"}})
    assert _ingest(seeded_db, reference, fix) == []
    soup = BeautifulSoup(
        TestClient(create_app(Settings(database_url=seeded_db.url)))
        .get("/meetings/2024-08-20-two-plus-two")
        .text,
        "html.parser",
    )
    place = soup.select_one("dl.facts dt:-soup-contains('Place') + dd")
    assert text_of(place).startswith("Delhi")
    assert "Corrected by hand" in text_of(place)


def test_split_merge_move_topics_drop_and_verify(
    seeded_db: Database, reference: Reference, tmp_path: Path
) -> None:
    nk = _statement(seeded_db, "The ministers condemned North Korea's recent launches")
    shipbuilding = _statement(seeded_db, "explored future cooperation in the area of ship maintenance")
    fix = _corrections(
        tmp_path,
        {
            "split_meeting": {
                "meeting": "2024-08-20-two-plus-two",
                "source": "2024-08-21-with-vigilance-on-china-india-japan-set-to",
                "date": "2024-08-19",
            }
        },
        {"merge_meetings": {"from": "2022-09-two-plus-two", "into": "2019-11-30-two-plus-two"}},
        {"add_topic": {"statement": nk.id, "topic": "space"}},
        {"remove_topic": {"statement": nk.id, "topic": "north-korea"}},
        {"drop_statement": {"statement": shipbuilding.id}},
        {"verify_statement": {"statement": nk.id}},
    )
    for _ in range(2):  # applying the file twice gives the same result
        assert _ingest(seeded_db, reference, fix) == []
        with seeded_db.sessions() as session:
            exported = export_database(session)
        slugs = [m["slug"] for m in exported["meetings"]]
        assert "2024-08-19-two-plus-two" in slugs
        assert "2024-08-20-two-plus-two" in slugs
        assert "2022-09-two-plus-two" not in slugs
        [statement] = [s for s in exported["statements"] if s["id"] == nk.id]
        assert "space" in statement["topics"]
        assert "north-korea" not in statement["topics"]
        assert shipbuilding.id not in {s["id"] for s in exported["statements"]}
    client = TestClient(create_app(Settings(database_url=seeded_db.url)))
    assert client.get("/meetings/2022-09-two-plus-two", follow_redirects=False).headers["location"] == (
        "/meetings/2019-11-30-two-plus-two"
    )
    block = BeautifulSoup(client.get(f"/statements/{nk.id}").text, "html.parser").select_one(
        ".statement-block"
    )
    assert "Verified" in text_of(block)


def test_stale_correction_is_reported_by_ingest_and_fails_check(
    tmp_path: Path, seeded_db: Database, empty_db: Database
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "corrections.yaml").write_text(
        "corrections:\n  - set_speaker: {statement: 000000000000, minister: rajnath-singh}\n"
        "  - verify_statement: {statement: " + _statement(seeded_db, FUKUOKA).id + "}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "DATABASE_URL": empty_db.url, "SEEDS_DIR": str(seeds)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ingest = run("ingest")
    assert ingest.returncode == 0, ingest.stderr
    assert "warning: correction 1 (set_speaker" in ingest.stdout
    check = run("check")
    assert check.returncode == 1
    assert "correction 1 (set_speaker" in check.stderr
    assert "no statement '000000000000'" in check.stderr
    assert "correction 2" not in check.stderr
    assert "to review" in check.stdout
    assert _statement(empty_db, FUKUOKA).verified


def test_review_lists_the_vague_articles_unresolved_speaker_with_a_working_line(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    _ingest(empty_db, reference, [], ARTICLES / "vague_speaker.md")
    client = TestClient(create_app(Settings(database_url=empty_db.url)))
    soup = BeautifulSoup(client.get("/review").text, "html.parser")
    [row] = [li for li in soup.select("li.review-item") if "We have to ensure" in text_of(li)]
    line = text_of(row.select_one("code.review-item__line"))
    statement_id = attr(row, "a[href^='/statements/']", "href").removeprefix("/statements/")
    assert statement_id in line

    path = tmp_path / "corrections.yaml"
    path.write_text("corrections:\n  " + line + "\n", encoding="utf-8")
    assert _ingest(empty_db, reference, load_corrections(path)) == []

    fixed = client.get(f"/statements/{statement_id}")
    assert "Corrected by hand" in fixed.text
    after = BeautifulSoup(client.get("/review").text, "html.parser")
    assert not [li for li in after.select("li.review-item") if "We have to ensure" in text_of(li)]


def test_review_lists_rejected_files_and_people_outside_the_dictionary(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    from app.ingest.pipeline import ingest

    ingest(
        [ARTICLES / "unrelated_subject.md", ARTICLES / "tokyo_2plus2_fourth.md"],
        empty_db.sessions,
        reference,
        root=PROJECT_ROOT,
        today=TODAY,
    )
    soup = BeautifulSoup(
        TestClient(create_app(Settings(database_url=empty_db.url))).get("/review").text, "html.parser"
    )
    rows = [text_of(li) for li in soup.select("li.review-item")]
    assert any("unrelated_subject.md" in r and "no India–Japan ministers' meeting" in r for r in rows)
    assert any("Tanaka Hiroshi" in r and "person not in dictionary" in r for r in rows)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("corrections:\n  - rename_everything: {x: 1}\n", "unknown action 'rename_everything'"),
        ("corrections:\n  - set_speaker: {minister: x}\n", "set_speaker needs statement"),
        ("corrections:\n  - set_speaker: {statement: a, colour: red}\n", "has unknown colour"),
        ("corrections: [oops\n", "is not valid YAML"),
        ("corrections: {set_speaker: 1}\n", "must be a list"),
    ],
)
def test_malformed_corrections_file_is_named_with_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError, match=r"corrections\.yaml") as raised:
        load_corrections(path)
    assert problem in str(raised.value)


def test_the_shipped_corrections_file_loads() -> None:
    assert load_corrections(SEEDS / "corrections.yaml") == []


def test_statement_ids_made_of_digits_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "corrections.yaml"
    path.write_text(
        "corrections:\n  - verify_statement: {statement: 000123456789}\n"
        "  - verify_statement: {statement: 1234e56}\n",
        encoding="utf-8",
    )
    assert [c.fields["statement"] for c in load_corrections(path)] == ["000123456789", "1234e56"]
