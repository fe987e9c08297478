"""Clean: find the body's paragraphs and set aside what is not the story.

Nothing is deleted from the body: the cleaner returns character spans of the paragraphs it keeps
and of those it removes, each removal with its reason, so pages can show both.
"""

import re
from dataclasses import dataclass

from app.ingest.text import squash

_TRAILER = re.compile(
    r"^(you may also like|also read|read more|recommended( for you)?|related( stories| news)?|"
    r"more from|trending( now)?|top stories)\s*:?\s*$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(source|sources|with inputs from|courtesy|\(?with inputs from)\b[^.]{0,80}\)?\.?$"
    r"|^[(\[]?(pti|ani|ians|reuters|afp|kyodo|ap)[)\]]?$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}$", re.IGNORECASE)
_CAPTION = re.compile(
    r"\|\s*(afp|reuters|pti|ani|ap|getty images|file photo|photo)\s*$"
    r"|^(photo|file photo|image)\s*:|^[A-Z0-9]+(?:-[A-Z0-9]+){2,}\s",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)]*$")


@dataclass(frozen=True)
class Span:
    """A paragraph of the body: [start, end) character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class Removed:
    """A paragraph the cleaner set aside, and why."""

    reason: str
    start: int
    end: int


@dataclass(frozen=True)
class CleanedArticle:
    paragraphs: tuple[Span, ...]
    removed: tuple[Removed, ...]


def split_paragraphs(body: str) -> list[Span]:
    """Paragraphs separated by blank lines; a text without blank lines has one per line."""
    separator = r"\n[ \t\r]*\n" if re.search(r"\n[ \t\r]*\n", body) else r"\n"
    spans, position = [], 0
    for match in [*re.finditer(separator, body), None]:
        end = match.start() if match else len(body)
        chunk = body[position:end]
        stripped = chunk.strip()
        if stripped:
            left = position + (len(chunk) - len(chunk.lstrip()))
            spans.append(Span(left, left + len(stripped)))
        position = match.end() if match else len(body)
    return spans


def _is_heading(text: str, title: str | None) -> bool:
    if title and squash(text).lower() == squash(title).lower():
        return True
    return len(text.split()) <= 25 and not _SENTENCE_END.search(text)


def clean(body: str, title: str | None = None) -> CleanedArticle:
    """Keep the story's paragraphs; set aside headlines, captions, trailers and repeats."""
    kept: list[Span] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    spans = split_paragraphs(body)
    in_trailer = False
    for span in spans:
        text = squash(body[span.start : span.end])
        reason = None
        if in_trailer or _TRAILER.match(text):
            in_trailer, reason = True, "reader trailer"
        elif _DATE_LINE.match(text):
            reason = "date line"
        elif _SOURCE_LINE.match(text):
            reason = "source line"
        elif _CAPTION.search(text):
            reason = "photo caption"
        elif not kept and _is_heading(text, title):
            reason = "headline"
        elif text in seen:
            reason = "repeated paragraph"
        if reason:
            removed.append(Removed(reason, span.start, span.end))
        else:
            kept.append(span)
            seen.add(text)
    return CleanedArticle(tuple(kept), tuple(removed))
