"""An article without front matter: its title is its first sentence without the dateline, cut at a
word boundary, and the agency its dateline names is its outlet; the rules say so."""

from datetime import date
from pathlib import Path

from app.ingest.parse import parse_article
from app.ingest.prepare import extract_article
from app.ingest.reference import Reference

WIRE = (
    "YOKOSUKA, Japan, June 10 (Kyodo) -- Japanese Defence Minister Shinjiro Koizumi and his Indian "
    "counterpart Rajnath Singh agreed on Tuesday to expand joint naval drills in the Indian Ocean, "
    "as the two ministers toured a destroyer at the Maritime Self-Defense Force base here.\n\n"
    '"Our navies will train together more often," Koizumi said.\n'
)


def _extract(
    text: str, reference: Reference, name: str = "wire.txt"
) -> tuple[str, str, str | None, str | None]:
    article = parse_article(Path(name), text.encode(), name)
    extraction = extract_article(article, reference, date(2026, 11, 23))
    rules = dict(extraction.metadata_rules)
    return extraction.title, rules.get("title", ""), extraction.outlet, rules.get("outlet")


def test_title_is_the_first_sentence_without_its_dateline_cut_at_a_word(reference: Reference) -> None:
    title, rule, _, _ = _extract("---\npublished: 2026-06-10\n---\n" + WIRE, reference)
    assert rule == "first-sentence"
    assert title.startswith("Japanese Defence Minister Shinjiro Koizumi and his Indian counterpart")
    assert title.endswith("…")
    assert len(title) <= 101
    assert title[:-1].split()[-1] in WIRE.split()  # a whole word before the ellipsis
    assert "Kyodo" not in title


def test_agency_of_the_dateline_is_the_outlet(reference: Reference) -> None:
    _, _, outlet, rule = _extract("---\npublished: 2026-06-10\n---\n" + WIRE, reference)
    assert (outlet, rule) == ("Kyodo News", "dateline-agency")


def test_front_matter_title_and_outlet_win(reference: Reference) -> None:
    text = "---\ntitle: Drills to grow\noutlet: The Japan Times\npublished: 2026-06-10\n---\n" + WIRE
    assert _extract(text, reference) == ("Drills to grow", "front-matter", "The Japan Times", "front-matter")


def test_short_first_sentence_is_the_whole_title(reference: Reference) -> None:
    text = (
        "---\npublished: 2026-06-10\n---\nNEW DELHI: Rajnath Singh met Shinjiro Koizumi on Tuesday.\n\n"
        "The two defence ministers agreed to expand drills.\n"
    )
    title, rule, outlet, outlet_rule = _extract(text, reference)
    assert (title, rule) == ("Rajnath Singh met Shinjiro Koizumi on Tuesday.", "first-sentence")
    assert (outlet, outlet_rule) == (None, None)


def test_headline_line_above_a_saved_story_is_its_title(reference: Reference) -> None:
    text = (
        "---\npublished: 2025-03-29\n---\nJapan, India to deepen economic security ties\n\n"
        "By TARO YAMADA, staff writer\n\nMarch 29, 2025 04:12 JST\n\n"
        "TOKYO -- Japan's Foreign Minister Takeshi Iwaya held talks with his Indian counterpart S. "
        "Jaishankar in Tokyo on Friday, agreeing to cooperate on critical minerals.\n"
    )
    title, rule, _, _ = _extract(text, reference)
    assert (title, rule) == ("Japan, India to deepen economic security ties", "headline-line")
