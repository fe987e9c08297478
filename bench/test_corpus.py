"""The synthetic corpus is deterministic and reads, to the extractor, like the real thing.

`make test` runs these with the project's own tests.
"""

from pathlib import Path

from bench.corpus import check, generate


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_same_seed_writes_byte_identical_folders(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 30, seed=7)
    second = generate(tmp_path / "b", 30, seed=7)
    assert first.digest == second.digest
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_writes_another_corpus(tmp_path: Path) -> None:
    assert generate(tmp_path / "a", 30, seed=1).digest != generate(tmp_path / "b", 30, seed=2).digest


def test_the_corpus_has_exactly_the_articles_asked_for(tmp_path: Path) -> None:
    made = generate(tmp_path, 47, seed=0)
    articles = sorted(tmp_path.glob("*.txt"))
    assert made.articles == len(articles) == 47
    assert all(a.read_text(encoding="utf-8").startswith("---\ntitle: ") for a in articles)
    # two to four outlets per meeting (the last meeting may be cut short to make the count)
    assert 47 / 4 <= made.meetings <= 47 / 2 + 1


def test_every_article_yields_its_meeting_and_every_topic_and_country_appears(tmp_path: Path) -> None:
    generate(tmp_path, 60, seed=0)
    result = check(tmp_path)
    assert result.fraction >= 0.95, result.lines()
    assert result.kind_right >= 0.9 * result.articles, result.lines()
    assert result.date_right >= 0.9 * result.articles, result.lines()
    assert result.topics_missing == []
    assert result.parties_missing == []
