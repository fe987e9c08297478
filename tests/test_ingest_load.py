"""Loading: idempotent, independent of file order, a changed file replaces only its own rows."""

import json
import shutil
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.export import export_database
from app.ingest.load.articles import write_sources
from app.ingest.load.echoes import Carried, regroup_echoes
from app.ingest.parse import parse_article
from app.ingest.prepare import extract_article
from app.ingest.reference import Reference
from app.models import Meeting, MeetingSlugAlias, Rejection, Source, Statement
from tests.conftest import ARTICLES, SEEDS, Database, Databases

SEED_FILES = sorted(SEEDS.glob("0*.txt"))

SECOND_TWO_PLUS_TWO = """---
title: India, Japan hold second 2+2 talks in Tokyo
outlet: Kyodo News
published: 2022-09-08
url: https://example.org/2022/09/08/india-japan-second-2plus2
---

TOKYO, Sept 8 (Kyodo) -- Japan and India agreed on Thursday to deepen defence cooperation as
their foreign and defence ministers met in Tokyo for the second round of their "two-plus-two"
security talks.

Foreign Minister Yoshimasa Hayashi and Defence Minister Yasukazu Hamada hosted External Affairs
Minister S. Jaishankar and Defence Minister Rajnath Singh.

"The ministers reaffirmed their commitment to a free and open Indo-Pacific and condemned
terrorism in all its forms and manifestations," the joint statement said.
"""


def _export(db: Database) -> str:
    with db.sessions() as session:
        return json.dumps(export_database(session), sort_keys=True)


def _echoes(db: Database) -> dict[str, str | None]:
    """Which statement each statement repeats (the export leaves this grouping out)."""
    with db.sessions() as session:
        return dict(session.execute(select(Statement.id, Statement.echo_of)).all())


def test_ingesting_the_same_files_again_changes_nothing(seeded_db: Database, reference: Reference) -> None:
    before = _export(seeded_db)
    summary = seeded_db.ingest(reference, SEEDS)
    assert (summary.read, summary.loaded, summary.unchanged, summary.failed) == (5, 0, 5, [])
    assert _export(seeded_db) == before


def test_file_order_does_not_change_slugs_or_ids(
    seeded_db: Database, empty_db: Database, reference: Reference
) -> None:
    for path in reversed(SEED_FILES):
        assert not empty_db.ingest(reference, path).failed
    assert _export(empty_db) == _export(seeded_db)
    assert _echoes(empty_db) == _echoes(seeded_db)


def test_changed_file_replaces_its_own_rows(tmp_path: Path, empty_db: Database, reference: Reference) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.yaml", "*.md"))
    empty_db.ingest(reference, folder)
    article = folder / "003_b8d9f388c75dae1f.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("Singh also outlined the capability", "Singh also praised the capability"),
        encoding="utf-8",
    )

    summary = empty_db.ingest(reference, folder)

    assert (summary.loaded, summary.unchanged) == (1, 4)
    with empty_db.sessions() as session:
        texts = session.scalars(select(Statement.text)).all()
        assert sum("Singh also praised the capability" in t for t in texts) == 1
        assert not any("Singh also outlined the capability" in t for t in texts)
        assert session.scalar(select(func.count()).select_from(Source)) == 5


def test_bad_file_fails_alone_and_keeps_what_is_stored(
    tmp_path: Path, seeded_db: Database, reference: Reference
) -> None:
    before = _export(seeded_db)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"---\ntitle: [unclosed\n---\nIndia and Japan met.")
    not_utf8 = tmp_path / "latin1.txt"
    not_utf8.write_bytes("Caf\xe9 talks".encode("latin-1"))

    summary = seeded_db.ingest(reference, broken, not_utf8, SEEDS)

    problems = [str(e) for e in summary.failed]
    assert len(problems) == 2
    assert "broken.txt: front matter is not valid YAML" in problems[0]
    assert "latin1.txt: file is not UTF-8" in problems[1]
    assert summary.unchanged == 5
    assert _export(seeded_db) == before


def test_referenced_meeting_becomes_the_held_one_when_its_article_arrives(
    tmp_path: Path, seeded_db: Database, reference: Reference
) -> None:
    article = tmp_path / "second.md"
    article.write_text(SECOND_TWO_PLUS_TWO, encoding="utf-8")

    assert not seeded_db.ingest(reference, article).failed

    with seeded_db.sessions() as session:
        exported = export_database(session)
        aliases = dict(session.execute(select(MeetingSlugAlias.slug, MeetingSlugAlias.meeting_id)).all())
    meetings = {m["slug"]: m for m in exported["meetings"]}
    assert "2022-09-two-plus-two" not in meetings
    second = meetings["2022-09-08-two-plus-two"]
    assert (second["status"], second["edition"], second["city"]) == ("held", 2, "Tokyo")
    assert len(second["sources"]) == 2
    assert "2022-09-two-plus-two" in aliases
    # Hayashi ("Hayashi Yoshimasa" in the copy) is now in the actor dictionary: his entry.
    # A titled minister the dictionary lacks is still kept (test_ingest_resolve).
    assert "yoshimasa-hayashi" in second["participants"]


def test_held_article_first_then_the_mention_gives_the_same_meetings(
    tmp_path: Path, empty_db: Database, seeded_db: Database, reference: Reference
) -> None:
    article = tmp_path / "second.md"
    article.write_text(SECOND_TWO_PLUS_TWO, encoding="utf-8")
    empty_db.ingest(reference, article)
    empty_db.ingest(reference, SEEDS)
    seeded_db.ingest(reference, article)

    def meetings(db: Database) -> list[tuple[str, str, int | None, str | None]]:
        with db.sessions() as session:
            return [
                (m["slug"], m["status"], m["edition"], m["city"])
                for m in export_database(session)["meetings"]
            ]

    assert meetings(empty_db) == meetings(seeded_db)


def test_meeting_disappears_when_its_only_source_stops_reporting_it(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    article = tmp_path / "second.md"
    article.write_text(SECOND_TWO_PLUS_TWO, encoding="utf-8")
    empty_db.ingest(reference, article)
    # The same file, now about forecasters: no minister, no meeting of the dialogue.
    front_matter = SECOND_TWO_PLUS_TWO.split("TOKYO,")[0]
    article.write_text(
        front_matter + "TOKYO, Sept 8 (Kyodo) -- Forecasters met in Tokyo to discuss the monsoon.\n",
        encoding="utf-8",
    )

    summary = empty_db.ingest(reference, article)

    assert len(summary.failed) == 1
    # The failed re-ingest rolled back: the earlier extraction is still there.
    with empty_db.sessions() as session:
        assert [m["slug"] for m in export_database(session)["meetings"]] == ["2022-09-08-two-plus-two"]


def test_parallel_extraction_stores_what_a_serial_ingest_stores(
    monkeypatch: pytest.MonkeyPatch, empty_db: Database, seeded_db: Database, reference: Reference
) -> None:
    from app.ingest import pipeline
    from tests.conftest import ARTICLES

    seeded_db.ingest(reference, ARTICLES)  # serial: fewer files than PARALLEL_FROM
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "BATCH", 3)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    summary = empty_db.ingest(reference, SEEDS, ARTICLES)

    assert [e.path for e in summary.failed] == ["tests/articles/unrelated_subject.md"]
    assert _export(empty_db) == _export(seeded_db)
    assert _echoes(empty_db) == _echoes(seeded_db)


def test_a_changed_file_leaves_the_database_whole(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    from app.integrity import check_integrity

    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.yaml", "*.md"))
    empty_db.ingest(reference, folder)
    article = folder / "000_bac54ace09ae3e22.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("voiced serious concern", "voiced concern")
    )

    assert empty_db.ingest(reference, folder).loaded == 1
    with empty_db.sessions() as session:
        assert check_integrity(session) == []


def test_batch_size_does_not_change_what_is_stored(
    monkeypatch: pytest.MonkeyPatch, empty_db: Database, seeded_db: Database, reference: Reference
) -> None:
    """Matching a batch in memory stores exactly what loading the articles one at a time stores."""
    from app.ingest import pipeline
    from tests.conftest import ARTICLES

    monkeypatch.setattr(pipeline, "LOAD_BATCH", 1)
    seeded_db.ingest(reference, ARTICLES)
    monkeypatch.setattr(pipeline, "LOAD_BATCH", 1000)
    empty_db.ingest(reference, SEEDS, ARTICLES)  # the seeds and the articles in one growing batch

    assert _export(empty_db) == _export(seeded_db)
    assert _echoes(empty_db) == _echoes(seeded_db)


def test_letting_go_of_held_statements_does_not_change_what_is_stored(
    monkeypatch: pytest.MonkeyPatch, empty_db: Database, seeded_db: Database, reference: Reference
) -> None:
    """A run holds a bounded number of statements for grouping echoes; a meeting let go is read
    back from the database when a later batch touches it."""
    from app.ingest import pipeline
    from app.ingest.load import loader
    from tests.conftest import ARTICLES

    seeded_db.ingest(reference, ARTICLES)
    monkeypatch.setattr(pipeline, "LOAD_BATCH", 1)
    monkeypatch.setattr(loader, "HELD_STATEMENTS", 1)  # every batch lets go of all it can
    afresh: list[int] = []

    def regroup(statements: Sequence[Carried], settled: int) -> dict[str, str | None]:
        if settled == 0:
            afresh.append(len(statements))
        return regroup_echoes(statements, settled)

    monkeypatch.setattr(loader, "regroup_echoes", regroup)
    empty_db.ingest(reference, SEEDS, ARTICLES)

    assert _export(empty_db) == _export(seeded_db)
    assert _echoes(empty_db) == _echoes(seeded_db)
    # A meeting read back is not grouped afresh: what is stored is what this run grouped. Only a
    # meeting's first touch is (with nothing stored, in an empty archive).
    with empty_db.sessions() as session:
        meetings = session.scalar(select(func.count()).select_from(Meeting)) or 0
    assert 0 < len(afresh) <= meetings


def test_a_second_file_with_the_same_url_is_refused_in_one_line_and_its_batch_is_stored(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    """A second version of an article filed under another name, with the same url: refused as
    the same article (its statements' ids would repeat the first's), the rest of its batch kept."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.yaml", "*.md"))
    original = (folder / "000_bac54ace09ae3e22.txt").read_text(encoding="utf-8")
    (folder / "000_updated.txt").write_text(original.replace("voiced serious concern", "voiced concern"))

    summary = empty_db.ingest(reference, folder)

    assert [(Path(e.path).name, e.problem) for e in summary.failed] == [
        (
            "000_updated.txt",
            f"same article as {folder}/000_bac54ace09ae3e22.txt (the same url, already loaded): "
            f"to replace that version, save this one as {folder}/000_bac54ace09ae3e22.txt",
        )
    ]
    assert summary.loaded == 5
    with empty_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 5
        assert session.scalars(select(Rejection.file)).all() == [summary.failed[0].path]


def test_an_article_with_the_url_of_one_stored_earlier_is_refused_on_a_later_run(
    tmp_path: Path, seeded_db: Database, reference: Reference
) -> None:
    original = (SEEDS / "000_bac54ace09ae3e22.txt").read_text(encoding="utf-8")
    later = tmp_path / "000_updated.txt"
    later.write_text(original.replace("voiced serious concern", "voiced concern"), encoding="utf-8")
    before = _export(seeded_db)

    summary = seeded_db.ingest(reference, later)

    assert [e.problem.split(" (")[0] for e in summary.failed] == [
        "same article as seeds/000_bac54ace09ae3e22.txt"
    ]
    assert _export(seeded_db) == before


def test_two_files_of_one_name_without_a_url_sharing_sentences_are_refused_in_one_line(
    tmp_path: Path, empty_db: Database, reference: Reference
) -> None:
    """Without a url, a statement's id comes from the file's name: the second file is the same
    article, told in one line, not a raw UNIQUE constraint failure."""
    original = (SEEDS / "000_bac54ace09ae3e22.txt").read_text(encoding="utf-8")
    without_url = "\n".join(line for line in original.splitlines() if not line.startswith("url:"))
    for folder, text in (
        ("a", without_url),
        ("b", without_url.replace("voiced serious concern", "voiced concern")),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")

    summary = empty_db.ingest(reference, tmp_path / "a", tmp_path / "b")

    assert [(e.path, e.problem) for e in summary.failed] == [
        (
            str(tmp_path / "b" / "report.txt"),
            f"same article as {tmp_path / 'a' / 'report.txt'} (the same file name and sentences, "
            "already loaded): give one of them its url in the front matter",
        )
    ]
    assert summary.loaded == 1


def test_article_rows_name_real_columns() -> None:
    """The rows written straight through the driver name columns the models have."""
    from app.ingest.load.articles import ARTICLE_COLUMNS
    from app.models import Base

    for table, columns in ARTICLE_COLUMNS.items():
        if table == "search_index":  # not a model: a full-text table of the migrations
            assert columns == ("kind", "ref", "source_id", "text")
            continue
        assert set(columns) <= set(Base.metadata.tables[table].columns.keys()), table


def test_a_changed_file_after_another_report_of_its_meeting_is_grouped_as_a_fresh_ingest_groups_it(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    empty_db: Database,
    databases: Databases,
    migrated_template: str,
    reference: Reference,
) -> None:
    """An ingest run holds each meeting's statements between batches to group their echoes; a
    changed file whose meeting an earlier batch of the run touched must not leave its old
    statements among them."""
    from app.ingest import pipeline

    monkeypatch.setattr(pipeline, "LOAD_BATCH", 1)
    folder = tmp_path / "articles"
    folder.mkdir()
    kuna = folder / "001_kuna.txt"
    kuna.write_bytes((SEEDS / "001_c59776f6da1b08c1.txt").read_bytes())
    empty_db.ingest(reference, folder)
    # The PTI copy of the same meeting is read first; then the KUNA copy, with its quotation that
    # the PTI copy repeats reworded, replaces the stored one.
    (folder / "000_pti.txt").write_bytes((SEEDS / "000_bac54ace09ae3e22.txt").read_bytes())
    kuna.write_text(
        kuna.read_text(encoding="utf-8").replace(
            "importance of realizing North Korea", "importance of achieving North Korea"
        ),
        encoding="utf-8",
    )

    summary = empty_db.ingest(reference, folder)

    assert (summary.loaded, summary.unchanged, summary.failed) == (2, 0, [])
    fresh = Database(databases.copy(migrated_template, "fresh"))
    try:
        assert not fresh.ingest(reference, folder).failed
        assert _export(empty_db) == _export(fresh)
        assert _echoes(empty_db) == _echoes(fresh)
    finally:
        fresh.engine.dispose()
        databases.drop(fresh.url)
    with empty_db.sessions() as session:
        echoes = session.scalars(select(Statement.echo_of).where(Statement.echo_of.is_not(None))).all()
        assert echoes, "the two outlets' common statements are grouped"
        assert set(echoes) <= set(session.scalars(select(Statement.id)))
        reworded = session.scalar(
            select(Statement.id).where(Statement.text.contains("of achieving North Korea"))
        )
        assert reworded in echoes


def test_a_changed_file_whose_meeting_moves_replaces_the_meeting_it_alone_reported(
    tmp_path: Path, empty_db: Database, databases: Databases, migrated_template: str, reference: Reference
) -> None:
    """The meeting the old version alone reported is deleted and the new one inserted in the same
    batch; SQLite may give the new meeting the deleted one's id, which must not confuse the two."""
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "second.md"
    article.write_text(SECOND_TWO_PLUS_TWO, encoding="utf-8")
    empty_db.ingest(reference, folder)
    article.write_text(
        SECOND_TWO_PLUS_TWO.replace("2022-09-08", "2023-03-10")
        .replace("2022/09/08", "2023/03/10")
        .replace("Sept 8", "March 10")
        .replace("on Thursday", "on Friday"),
        encoding="utf-8",
    )

    summary = empty_db.ingest(reference, folder)

    assert (summary.loaded, summary.failed) == (1, [])
    fresh = Database(databases.copy(migrated_template, "fresh"))
    try:
        assert not fresh.ingest(reference, folder).failed
        assert _export(empty_db) == _export(fresh)
    finally:
        fresh.engine.dispose()
        databases.drop(fresh.url)
    with empty_db.sessions() as session:
        assert session.scalars(select(Meeting.slug)).all() == ["2023-03-10-two-plus-two"]


def test_meetings_of_one_kind_in_one_year_never_run_out_of_slugs() -> None:
    import itertools
    from datetime import date

    from app.ingest.load.meetings import MeetingFacts, slug_candidates

    facts = MeetingFacts(
        "summit",
        "kind-phrase",
        0.5,
        "held",
        date(2001, 1, 1),
        "year",
        "year-only",
        0.2,
        None,
        None,
        None,
        0.5,
    )
    slugs = list(itertools.islice(slug_candidates(facts), 500))
    assert len(set(slugs)) == 500
    assert slugs[0] == "2001-summit"
    assert slugs[-1] == "2001-summit-500"


def test_articles_of_one_title_and_date_never_run_out_of_slugs(
    empty_db: Database, reference: Reference
) -> None:
    """Each article whose date and title's words are taken adds more of its hash to its slug,
    until the slug is free, however many share them and the start of their hashes; no slug is
    longer than its column."""
    seed = ARTICLES / "tokyo_2plus2_fourth.md"
    article = parse_article(seed, seed.read_bytes(), seed.name)
    extraction = extract_article(article, reference, date(2026, 12, 1))
    long_title = replace(extraction, slug_base=extraction.slug_base + "-" + "w" * 200)
    # Five texts whose hashes begin alike, as thousands of articles with one title come to share.
    alike = [
        replace(extraction, file=f"copy-{n}.md", content_hash="abcdef0123456789" + f"{n:048x}")
        for n in range(4)
    ] + [replace(long_title, file="long.md", content_hash="f" * 64)]
    with empty_db.sessions() as session:
        _, slugs = write_sources(session, alike[:2])
        _, more = write_sources(session, alike[2:])
        session.commit()
    every = slugs + more
    assert len(set(every)) == len(every) == 5
    assert every[0] == extraction.slug_base
    assert all(len(slug) <= 120 for slug in every)
    assert every[1].endswith("-abcdef")
    assert every[2].endswith("-abcdef0123")
