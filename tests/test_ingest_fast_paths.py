"""The fast paths of extraction give what the plain rules give, and workers stay lean."""

import subprocess
import sys

import pytest

from app.config import PROJECT_ROOT
from app.ingest.clean import clean
from app.ingest.parse import parse_article
from app.ingest.reference import Reference
from app.ingest.segment import segment
from tests.conftest import ARTICLES, SEEDS

ARTICLE_FILES = sorted(SEEDS.glob("0*.txt")) + sorted(ARTICLES.glob("*.md"))
# Sentences written to catch a one-pass search out: overlapping words, an excluded phrase next to
# the words it excludes, a dotted capital that changes length when lowered, words inside words.
TRICKY = [
    "They spoke of cyber space and of cyber security in one breath.",
    "İstanbul and Kyiv aside, the maritime security talks turned to terrorism and terror financing.",
    "xChina was no China, and the Indo-Pacific was not the Pacific alone.",
    "",
]


def _sentences() -> list[str]:
    sentences = []
    for path in ARTICLE_FILES:
        article = parse_article(path, path.read_bytes(), path.name)
        paragraphs = clean(article.body, article.title).paragraphs
        sentences += [s.text for s in segment(article.body, paragraphs)]
    return sentences + TRICKY


@pytest.mark.parametrize("sentence", _sentences())
def test_topics_found_in_one_pass_are_what_each_topic_rule_finds(sentence: str, reference: Reference) -> None:
    one_by_one = tuple(
        (rule.slug, found) for rule in reference.topics if (found := rule.match(sentence)) is not None
    )
    assert reference.topics_in(sentence) == one_by_one


def test_extraction_workers_import_no_database_layer() -> None:
    """Spawned workers import app.ingest.prepare alone, and so hold a fraction of the loader's memory."""
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, app.ingest.prepare; print(sorted(sys.modules))"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "sqlalchemy" not in imported
    assert "app.models" not in imported
