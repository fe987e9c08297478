"""Parse: front matter read, body kept verbatim, and every unreadable file told in one line."""

import os
from datetime import date
from pathlib import Path

import pytest

from app.ingest.errors import IngestError
from app.ingest.parse import Article, parse_article
from tests.conftest import SEEDS

# The bodies as received, before front matter was added (see seeds/SOURCES.md).
ORIGINAL_SEEDS = Path("/work/shared/seeds")
SEED_NAMES = [
    "000_bac54ace09ae3e22.txt",
    "001_c59776f6da1b08c1.txt",
    "002_8c8e4bfc36085583.txt",
    "003_b8d9f388c75dae1f.txt",
    "004_0d5025bb1c3943dd.txt",
]
STORY = "India and Japan held their foreign and defence ministerial dialogue.\n"


def _parse(raw: bytes, name: str = "article.md") -> Article:
    return parse_article(Path(name), raw, name)


def _problem(raw: bytes, name: str = "broken.md") -> str:
    """The problem parse_article reports, checked to be one line that names the file."""
    with pytest.raises(IngestError) as caught:
        _parse(raw, name)
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.path == name
    assert message == f"{name}: {caught.value.problem}"
    return caught.value.problem


def test_front_matter_fields_are_read() -> None:
    raw = (
        "---\n"
        "title: India, Japan hold 2+2 talks\n"
        "outlet: Kyodo News\n"
        "published: 2026-05-15\n"
        "url: https://example.org/india-japan-2plus2\n"
        "---\n" + STORY
    ).encode()

    article = _parse(raw)

    assert article.title == "India, Japan hold 2+2 talks"
    assert article.outlet == "Kyodo News"
    assert article.published == date(2026, 5, 15)
    assert article.published_rule == "front-matter"
    assert article.url == "https://example.org/india-japan-2plus2"
    assert article.body == STORY
    assert article.raw == raw


def test_quoted_published_date_in_front_matter_is_read() -> None:
    article = _parse(f"---\npublished: '2019-11-30'\n---\n{STORY}".encode())
    assert (article.published, article.published_rule) == (date(2019, 11, 30), "front-matter")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_body_after_front_matter_is_the_original_byte_for_byte(name: str) -> None:
    path = SEEDS / name
    article = parse_article(path, path.read_bytes(), f"seeds/{name}")
    assert article.body.encode("utf-8") == (ORIGINAL_SEEDS / name).read_bytes()


def test_blank_lines_opening_the_body_are_kept() -> None:
    article = _parse(f"---\ntitle: Talks\n---\n\n\n{STORY}".encode())
    assert article.body == f"\n\n{STORY}"


def test_file_without_front_matter_loads_whole() -> None:
    text = "India and Japan met in Tokyo.\n\nThe ministers agreed to expand drills.\n"

    article = _parse(text.encode())

    assert article.body == text
    assert (article.title, article.outlet, article.url) == (None, None, None)
    assert (article.published, article.published_rule) == (None, "none")


def test_date_line_gives_the_publication_date() -> None:
    text = f" date 2024-08-21 \n\n\n\n{STORY}"

    article = _parse(text.encode())

    assert article.published == date(2024, 8, 21)
    assert article.published_rule == "date-line"
    assert article.body == text  # the date line stays in the body; the cleaner sets it aside


def test_front_matter_date_wins_over_the_date_line() -> None:
    path = SEEDS / "002_8c8e4bfc36085583.txt"
    article = parse_article(path, path.read_bytes(), "seeds/002_8c8e4bfc36085583.txt")
    assert (article.published, article.published_rule) == (date(2024, 8, 21), "front-matter")


def test_utf8_byte_order_mark_is_accepted() -> None:
    article = _parse(b"\xef\xbb\xbf---\ntitle: Talks in Tokyo\n---\n" + STORY.encode())
    assert article.title == "Talks in Tokyo"
    assert article.body == STORY


def test_crlf_line_endings_are_accepted() -> None:
    body = "India and Japan met.\r\n\r\nThe ministers agreed.\r\n"
    raw = f"---\r\ntitle: Talks\r\npublished: 2024-08-21\r\n---\r\n{body}".encode()

    article = _parse(raw)

    assert article.title == "Talks"
    assert article.published == date(2024, 8, 21)
    assert article.body == body


def test_file_that_is_not_utf8_is_rejected() -> None:
    problem = _problem("Café talks in Tokyo".encode("latin-1"), "latin1.txt")
    assert "not UTF-8" in problem


def test_binary_file_is_rejected() -> None:
    problem = _problem(b"India and Japan\x00\x01\x02 met.", "image.txt")
    assert "binary" in problem


def test_empty_body_is_rejected() -> None:
    problem = _problem(b"---\ntitle: Talks\n---\n  \n\n", "empty.md")
    assert "empty" in problem


def test_front_matter_without_closing_line_is_rejected() -> None:
    problem = _problem(f"---\ntitle: Talks\n{STORY}".encode(), "unclosed.md")
    assert "closing" in problem


def test_front_matter_that_is_not_yaml_is_rejected() -> None:
    problem = _problem(f"---\ntitle: [unclosed\n---\n{STORY}".encode(), "bad_yaml.md")
    assert "not valid YAML" in problem


def test_front_matter_that_is_a_list_is_rejected() -> None:
    problem = _problem(f"---\n- title\n- outlet\n---\n{STORY}".encode(), "list.md")
    assert "mapping" in problem


def test_yaml_tag_constructing_python_objects_is_rejected_without_running_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[str] = []

    def system(command: str) -> int:
        ran.append(command)
        return 0

    monkeypatch.setattr(os, "system", system)
    raw = f'---\ntitle: !!python/object/apply:os.system ["echo hi"]\n---\n{STORY}'.encode()

    problem = _problem(raw, "tagged.md")

    assert "front matter" in problem
    assert ran == []


def test_impossible_date_line_is_rejected() -> None:
    problem = _problem(f" date 2024-02-30 \n\n{STORY}".encode(), "dated.txt")
    assert "2024-02-30" in problem


def test_impossible_quoted_published_date_is_rejected() -> None:
    problem = _problem(f"---\npublished: '2024-02-30'\n---\n{STORY}".encode(), "dated.md")
    assert "published" in problem
    assert "2024-02-30" in problem


def test_impossible_unquoted_published_date_is_rejected_as_a_date() -> None:
    problem = _problem(f"---\npublished: 2024-02-30\n---\n{STORY}".encode(), "dated.md")
    assert "closing" not in problem
    assert "published" in problem or "date" in problem or "day" in problem
