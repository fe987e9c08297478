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
