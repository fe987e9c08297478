"""Extraction measured on annotated corpora: the seeds plus the dev corpus (../shared/dev-corpus), and
the seeds plus this suite's own fictional articles (tests/corpus), each ingested by `python -m app
ingest` into a fresh migrated database, exported, and scored by tests.corpus_score against its gold.

The table is printed (see it with `pytest -s`) and is the failure message when a field falls below
its floor. An ingest that exits 1 (some files failed) is not an error here: the failures are measured.
"""

import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import Databases
from tests.corpus_score import Report, format_report, load_gold, score
from tests.test_cli import run_app

DEV_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "dev-corpus"
OWN_CORPUS = Path(__file__).parent / "corpus"

# Issue 12's "Done when": meeting facts >= 95%, speakers >= 90%, topic F1 >= 0.85, every negative
# rejected.
TARGETS: dict[str, float] = {
    "meeting facts": 0.95,
    "speakers": 0.90,
    "topic F1": 0.85,
    "negatives rejected": 1.0,
}
# What the test enforces, field by field: the targets where the extraction meets them, and just
# under what it reaches elsewhere, so that a later change cannot lose ground unnoticed.
FLOORS: dict[str, float] = {
    "loaded": 0.95,
    "meeting": 0.95,
    "kind": 0.95,
    "date": 0.95,
    "city": 0.90,
    "edition": 0.90,
    "participants": 0.95,
    "meeting facts": TARGETS["meeting facts"],
    "also mentions": 0.60,
    "held meetings": 0.95,
    "negatives rejected": TARGETS["negatives rejected"],
    "negatives skipped": 1.0,
    "speakers": TARGETS["speakers"],
    "topic F1": TARGETS["topic F1"],
}
# Our own articles, about meetings the dev corpus lacks.
OWN_FLOORS: dict[str, float] = {
    **FLOORS,
    "loaded": 1.0,
    "meeting facts": 0.95,
    "also mentions": 0.6,
    "speakers": 0.9,
}


def below_floors(report: Report, floors: Mapping[str, float]) -> dict[str, str]:
    """Field -> how it falls short, for every floor not reached (a floored field with no fact too)."""
    rates = report.rates()
    low = {}
    for name, floor in floors.items():
        rate = rates[name]
        if rate is None:
            low[name] = f"no fact to score (floor {floor:.2f})"
        elif rate < floor:
            low[name] = f"{rate:.2f} < {floor:.2f}"
    return low


def _ingest_and_score(
    databases: Databases, migrated_template: str, folder: Path, export_file: Path
) -> tuple[Report, subprocess.CompletedProcess[str]]:
    """Seeds and `folder/articles` ingested into a fresh database, exported to `export_file`, scored."""
    database = databases.copy(migrated_template, "corpus")
    try:
        ingested = run_app(database, "ingest", "seeds/", str(folder / "articles"))
        assert ingested.returncode in (0, 1), ingested.stderr  # 1: some files failed, which is measured
        assert "Traceback" not in ingested.stderr, ingested.stderr
        exported = run_app(database, "export", "--format", "json")
        assert exported.returncode == 0, exported.stderr
    finally:
        databases.drop(database)
    export_file.write_text(exported.stdout, encoding="utf-8")
    report = score(
        load_gold(folder / "gold.yaml"),
        json.loads(exported.stdout),
        corpus=folder.name,
        ingest_log=ingested.stderr,
    )
    return report, ingested


@pytest.fixture(scope="module")
def dev_corpus(
    databases: Databases, migrated_template: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Report, Path]:
    """The dev corpus's report, and the export it was computed from."""
    if not (DEV_CORPUS / "gold.yaml").is_file():
        pytest.skip(f"{DEV_CORPUS} is absent: the dev corpus lives in ../shared, beside the checkout")
    export_file = tmp_path_factory.mktemp("dev-corpus") / "export.json"
    report, _ = _ingest_and_score(databases, migrated_template, DEV_CORPUS, export_file)
    return report, export_file


def test_dev_corpus_reaches_the_floors(dev_corpus: tuple[Report, Path]) -> None:
    report, _ = dev_corpus
    table = format_report(report, FLOORS)
    print(f"\n{table}")

    low = below_floors(report, FLOORS)

    assert not low, f"below the floors: {low}\n{table}"


def test_dev_corpus_scorer_agrees_with_the_reference_scorer(dev_corpus: tuple[Report, Path]) -> None:
    report, export_file = dev_corpus
    reference = DEV_CORPUS / "score.py"
    if not reference.is_file():
        pytest.skip(f"{reference} is absent")
    finished = subprocess.run(
        [sys.executable, str(reference), str(export_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    summary = finished.stdout.splitlines()[-1]
    found = re.search(r"facts (\d+)/(\d+).*F1=([\d.]+).*quotes (\d+)/(\d+)", summary)
    assert found, finished.stdout + finished.stderr

    ours = report.reference
    assert (ours.facts, ours.total) == (int(found[1]), int(found[2])), summary
    assert f"{ours.topics.f1:.2f}" == found[3], summary
    assert (ours.quotes_right, ours.quotes_total) == (int(found[4]), int(found[5])), summary


def test_own_corpus_reaches_its_floors(databases: Databases, migrated_template: str, tmp_path: Path) -> None:
    report, _ = _ingest_and_score(databases, migrated_template, OWN_CORPUS, tmp_path / "export.json")
    table = format_report(report, OWN_FLOORS)
    print(f"\n{table}")

    low = below_floors(report, OWN_FLOORS)

    assert not low, f"below the floors: {low}\n{table}"
