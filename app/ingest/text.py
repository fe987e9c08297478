"""Small text helpers shared by the stages."""

import re
import unicodedata
from functools import lru_cache

_HONORIFICS = {"san", "mr", "mrs", "ms", "dr", "shri", "smt", "sri"}
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_NAME_WORD = re.compile(r"[a-z]+")
_LONE_CR = re.compile(r"\r(?!\n)")


def slugify(text: str, max_words: int = 0) -> str:
    """Lowercase ASCII words joined by '-', optionally cut to `max_words` words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _SLUG_WORD.findall(ascii_text.lower())
    if max_words:
        words = words[:max_words]
    return "-".join(words)


def name_tokens(name: str) -> list[str]:
    """The lowercase words of a person's name, without dots or honorifics ("Nakatani San")."""
    return list(_name_words(name))


# An article names the same few people again and again, and resolution compares every name with
# every other: remembering the words of a name saves normalising it each time.
@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return tuple(t for t in _NAME_WORD.findall(ascii_name.lower()) if t not in _HONORIFICS)


def name_key(name: str) -> frozenset[str]:
    """An order-free key: "Kono Taro" and "Taro Kono" share one."""
    return frozenset(_name_words(name))


def squash(text: str) -> str:
    """Collapse runs of white space, so that repeated paragraphs compare equal."""
    return " ".join(text.split())


def lone_cr_to_newline(text: str) -> str:
    """Old Mac line ends (a lone carriage return) as newlines, one character for one, so every
    offset into the text stays the same."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def by_first_letter(alternatives: str) -> str:
    """A flat alternation of words, "agreed|agree|welcomed", regrouped by first letter,
    "a(?:greed|gree)|w(?:elcomed)", keeping the order: it matches what the flat one matches.

    Case-insensitive, the flat one costs a step per word at every position tried (the regex
    engine's quick first-letter test is for case-sensitive patterns only); grouped, only the words
    beginning with the letter at hand are tried. Each word must begin with a letter, and hold no
    "|" of its own.
    """
    groups: dict[str, list[str]] = {}
    for word in alternatives.split("|"):
        assert word[:1].isalpha(), word
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())
