"""Clean: the story's paragraphs kept as exact spans, everything else set aside with a reason."""

from pathlib import Path

import pytest

from app.ingest.clean import CleanedArticle, clean
from app.ingest.parse import parse_article
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("0*.txt"))
LEAD = "India and Japan on Saturday held their first foreign and defence ministerial dialogue."
SECOND = "The ministers agreed to expand bilateral exercises between their navies."


def _kept(body: str, cleaned: CleanedArticle) -> list[str]:
    return [body[p.start : p.end] for p in cleaned.paragraphs]


def _removed(body: str, cleaned: CleanedArticle) -> list[tuple[str, str]]:
    return [(r.reason, body[r.start : r.end]) for r in cleaned.removed]


def _seed_body(name: str) -> tuple[str, str | None]:
    path = SEEDS / name
    article = parse_article(path, path.read_bytes(), f"seeds/{name}")
    return article.body, article.title


def test_headline_equal_to_the_title_is_removed() -> None:
    title = "India, Japan hold first 2+2 talks"
    body = f"India, Japan  hold first 2+2 talks\n\n{LEAD}\n\n{SECOND}\n"

    cleaned = clean(body, title)

    assert _kept(body, cleaned) == [LEAD, SECOND]
    assert _removed(body, cleaned) == [("headline", "India, Japan  hold first 2+2 talks")]


def test_headline_ending_in_a_full_stop_is_removed_when_it_equals_the_title() -> None:
    title = "India and Japan hold talks."
    body = f"{title}\n\n{LEAD}\n"

    cleaned = clean(body, title)

    assert _kept(body, cleaned) == [LEAD]
    assert _removed(body, cleaned) == [("headline", title)]


def test_caption_ending_in_afp_is_removed() -> None:
    caption = "Defence Minister Rajnath Singh with Minister of Defence Taro Kono | AFP"
    body = f"{LEAD}\n\n{caption}\n\n{SECOND}\n"

    cleaned = clean(body)

    assert _kept(body, cleaned) == [LEAD, SECOND]
    assert _removed(body, cleaned) == [("photo caption", caption)]


def test_seed_caption_with_wire_slug_is_removed() -> None:
    body, title = _seed_body("000_bac54ace09ae3e22.txt")

    removed = _removed(body, clean(body, title))

    captions = [text for reason, text in removed if reason == "photo caption"]
    assert len(captions) == 1
    assert captions[0].startswith("INDIA-JAPAN-POLITICS-DIPLOMACY Defence Minister Rajnath Singh")
    assert captions[0].endswith("Taro Kono | AFP")
    assert ("headline", title) in removed


def test_source_line_is_removed() -> None:
    body = f"{LEAD}\n\n{SECOND}\n\nSource: Kuwait News Agency"

    cleaned = clean(body)

    assert _kept(body, cleaned) == [LEAD, SECOND]
    assert _removed(body, cleaned) == [("source line", "Source: Kuwait News Agency")]


def test_reuters_reporting_and_editing_credit_is_removed() -> None:
    credit = "(Reporting by Kaori Sato in Tokyo and Rhea Menon in New Delhi; Editing by Tom Harper)"
    body = f"{LEAD}\n\n{SECOND}\n\n{credit}\n"

    cleaned = clean(body)

    assert _kept(body, cleaned) == [LEAD, SECOND]
    assert _removed(body, cleaned) == [("source line", credit)]


def test_you_may_also_like_and_everything_after_it_is_removed() -> None:
    body = (
        f"{LEAD}\n{SECOND}\nYou may also like\n"
        "Sensex, Nifty close higher as IT stocks rally\n"
        "Monsoon likely to withdraw from northwest India next week: IMD"
    )

    cleaned = clean(body)

    assert _kept(body, cleaned) == [LEAD, SECOND]
    assert _removed(body, cleaned) == [
        ("reader trailer", "You may also like"),
        ("reader trailer", "Sensex, Nifty close higher as IT stocks rally"),
        ("reader trailer", "Monsoon likely to withdraw from northwest India next week: IMD"),
    ]


def test_you_may_also_like_glued_to_the_last_sentence_is_cut_off() -> None:
    last = "Both sides agreed to refuel at each other’s ports."
    body = (
        f"{LEAD}\n\n{last} You may also like\n"
        "Sensex, Nifty close higher as IT stocks rally\n"
        "Security forces bust terror module in Punjab, two held"
    )

    cleaned = clean(body)

    assert _kept(body, cleaned) == [LEAD, last]
    [(reason, trailer)] = _removed(body, cleaned)
    assert reason == "reader trailer"
    assert trailer.startswith("You may also like\n")
    assert trailer.endswith("two held")


def test_seed_trailer_of_unrelated_headlines_is_removed() -> None:
    body, title = _seed_body("003_b8d9f388c75dae1f.txt")

    cleaned = clean(body, title)

    trailer = [text for reason, text in _removed(body, cleaned) if reason == "reader trailer"]
    assert trailer[0] == "You may also like"
    assert any("Jennifer Aniston" in text for text in trailer)
    assert trailer[-1].startswith("UNSC holds closed consultation on India, Pak situation")
    assert not any("You may also like" in text for text in _kept(body, cleaned))


def test_paragraph_repeated_word_for_word_is_removed_once_kept_once() -> None:
    body = f"{LEAD}\n\n{SECOND}\n\n{LEAD}\n\nJapan said so.\n"

    cleaned = clean(body)

    assert _kept(body, cleaned) == [LEAD, SECOND, "Japan said so."]
    [removed] = cleaned.removed
    assert removed.reason == "repeated paragraph"
    assert removed.start == body.rindex(LEAD)


def test_seed_003_repeats_eight_paragraphs_which_are_removed() -> None:
    # Lines 10-17 of the seed body repeat lines 2-9 word for word.
    body, title = _seed_body("003_b8d9f388c75dae1f.txt")
    lines = body.split("\n")

    cleaned = clean(body, title)

    repeated = [text for reason, text in _removed(body, cleaned) if reason == "repeated paragraph"]
    assert repeated == lines[9:17]
    assert _kept(body, cleaned) == lines[:9]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_kept_and_removed_spans_slice_the_body_exactly(path: Path) -> None:
    body, title = _seed_body(path.name)

    cleaned = clean(body, title)
    spans = sorted(
        [(p.start, p.end) for p in cleaned.paragraphs] + [(r.start, r.end) for r in cleaned.removed]
    )

    assert cleaned.paragraphs
    covered: set[int] = set()
    for start, end in spans:
        text = body[start:end]
        assert text
        assert text == text.strip()
        covered.update(range(start, end))
    # Every character of the body outside the spans is white space, and spans never overlap.
    assert sum(end - start for start, end in spans) == len(covered)
    assert all(body[i].isspace() for i in range(len(body)) if i not in covered)
    kept = [(p.start, p.end) for p in cleaned.paragraphs]
    assert kept == sorted(kept)


def test_single_newlines_separate_paragraphs_when_there_are_no_blank_lines() -> None:
    body = f"NEW DELHI: {LEAD}\n{SECOND}\nJapan said so.\n"

    cleaned = clean(body)

    assert _kept(body, cleaned) == [f"NEW DELHI: {LEAD}", SECOND, "Japan said so."]


def test_blank_lines_separate_paragraphs_and_single_newlines_stay_inside_one() -> None:
    body = f"{LEAD}\nIt was the first such meeting.\n\n\n\n{SECOND}\n"

    cleaned = clean(body)

    assert _kept(body, cleaned) == [f"{LEAD}\nIt was the first such meeting.", SECOND]


def test_seed_003_has_a_paragraph_per_line_and_seed_000_a_paragraph_per_block() -> None:
    single, title_003 = _seed_body("003_b8d9f388c75dae1f.txt")
    blank, title_000 = _seed_body("000_bac54ace09ae3e22.txt")

    kept_003 = _kept(single, clean(single, title_003))
    kept_000 = _kept(blank, clean(blank, title_000))

    assert kept_003[0].startswith("NEW DELHI: Pakistan is continuing")
    assert kept_003[1].startswith("With Pakistan on Saturday testing")
    assert kept_000[0].startswith("In their inaugural foreign and defence ministerial dialogue")
    assert kept_000[1].startswith("The two countries, under the new framework")
    assert not any("\n" in text for text in kept_003 + kept_000)


def test_crlf_blank_lines_separate_paragraphs() -> None:
    body = f"{LEAD}\r\n\r\n{SECOND}\r\n"

    assert _kept(body, clean(body)) == [LEAD, SECOND]


def test_story_paragraph_opening_with_a_three_country_compound_is_kept() -> None:
    story = "India-Japan-Australia trilateral cooperation was also discussed, officials said."
    body = f"{LEAD}\n\n{story}\n\n{SECOND}\n"

    assert _kept(body, clean(body)) == [LEAD, story, SECOND]


def test_short_paragraph_reporting_what_sources_said_is_kept() -> None:
    story = "Sources said the talks were cordial."
    body = f"{LEAD}\n\n{story}\n\n{SECOND}\n"

    assert _kept(body, clean(body)) == [LEAD, story, SECOND]
