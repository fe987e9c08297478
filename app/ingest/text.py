"""Small text helpers shared by the stages."""

import re
import unicodedata

_HONORIFICS = {"san", "mr", "mrs", "ms", "dr", "shri", "smt", "sri"}


def slugify(text: str, max_words: int = 0) -> str:
    """Lowercase ASCII words joined by '-', optionally cut to `max_words` words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if max_words:
        words = words[:max_words]
    return "-".join(words)


def name_tokens(name: str) -> list[str]:
    """The lowercase words of a person's name, without dots or honorifics ("Nakatani San")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    tokens = re.findall(r"[a-z]+", ascii_name.lower())
    return [t for t in tokens if t not in _HONORIFICS]


def name_key(name: str) -> frozenset[str]:
    """An order-free key: "Kono Taro" and "Taro Kono" share one."""
    return frozenset(name_tokens(name))


def squash(text: str) -> str:
    """Collapse runs of white space, so that repeated paragraphs compare equal."""
    return " ".join(text.split())


def lone_cr_to_newline(text: str) -> str:
    """Old Mac line ends (a lone carriage return) as newlines, one character for one, so every
    offset into the text stays the same."""
    return re.sub(r"\r(?!\n)", "\n", text)
