"""A statement's text on the page: quoted passages marked, every character kept and escaped."""

import pytest
from bs4 import BeautifulSoup

from app.web import quoted


def _quoted_passages(text: str) -> list[str]:
    soup = BeautifulSoup(str(quoted(text)), "html.parser")
    return [span.get_text() for span in soup.select("span.statement-block__quoted")]


@pytest.mark.parametrize(
    ("text", "passages"),
    [
        ('He said "we stand together" and left.', ['"we stand together"']),
        ("“Free and open” seas, “rules” too", ["“Free and open”", "“rules”"]),
        ('"Whole sentence."', ['"Whole sentence."']),
        ('An unbalanced " mark stays plain', []),
        ("No quotation at all", []),
    ],
)
def test_quoted_passages_are_marked_with_their_marks(text: str, passages: list[str]) -> None:
    assert _quoted_passages(text) == passages
    # Copied text is the source's, character for character.
    assert BeautifulSoup(str(quoted(text)), "html.parser").get_text() == text


def test_markup_in_a_statement_is_text() -> None:
    shown = str(quoted('<script>alert(1)</script> "<b>bold</b>" & more'))
    assert "<script>" not in shown
    assert "<b>" not in shown
    assert "&lt;b&gt;bold&lt;/b&gt;" in shown
    assert "&amp; more" in shown
