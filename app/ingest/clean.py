"""Clean: find the body's paragraphs and set aside what is not the story.

Nothing is deleted from the body: the cleaner returns character spans of the paragraphs it keeps
and of those it removes, each removal with its reason, so pages can show both.
"""

import re
from dataclasses import dataclass

from app.ingest.text import lone_cr_to_newline, squash

_TRAILER = re.compile(
    r"^(you may also like|also read|read more|recommended( for you)?|related( stories| news)?|"
    r"more from|trending( now)?|top stories)\s*:?\s*$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(?:sources?|courtesy)\s*:[^.]{0,80}\.?$|^\(?with inputs from\b[^.]{0,80}\)?\.?$"
    r"|^\(?(reporting|writing|editing|additional reporting|compiled) by\b.{0,200}\)?$"
    r"|^[(\[]?(pti|ani|ians|reuters|afp|kyodo|ap)[)\]]?$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}$", re.IGNORECASE)
# A caption ends in a credit after a bar ("... | AFP") or opens with a label ("Photo: ..."). Two
# patterns rather than one, so that the engine can skip ahead to a bar instead of trying both
# alternatives at every character.
_PHOTO_CREDIT = re.compile(r"\|\s*(afp|reuters|pti|ani|ap|getty images|file photo|photo)\s*$", re.IGNORECASE)
_PHOTO_LABEL = re.compile(r"(photo|file photo|image)\s*:", re.IGNORECASE)  # at the start
# A wire photo slug in capitals opens a caption: "INDIA-JAPAN-POLITICS-DIPLOMACY Defence ...".
_PHOTO_SLUG = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+){2,}\s")
# What the start of a paragraph shows it to be, in the order the cleaner asks, in one match
# rather than four: the group that matched says which.
_LINE_KIND = re.compile(
    rf"(?P<date_line>{_DATE_LINE.pattern})|(?P<source_line>{_SOURCE_LINE.pattern})"
    rf"|(?P<caption>{_PHOTO_LABEL.pattern}|(?-i:{_PHOTO_SLUG.pattern}))",
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


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_LINE_END = re.compile(r"\n")


def split_paragraphs(body: str) -> list[Span]:
    """Paragraphs separated by blank lines; a text without blank lines has one per line."""
    body = lone_cr_to_newline(body)
    separator = _BLANK_LINE if _BLANK_LINE.search(body) else _LINE_END
    spans, position = [], 0
    for match in [*separator.finditer(body), None]:
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


_GLUED_TRAILER = re.compile(
    r"(?<=[.!?”\"])[ \t]+(?=(?:You may also like|Also read|Read more|Recommended for you)\b)",
    re.IGNORECASE,
)


def _split_glued_trailer(body: str, spans: list[Span]) -> list[Span]:
    """Split "...ports. You may also like" so that the trailer starts a paragraph of its own."""
    result = []
    for span in spans:
        glued = _GLUED_TRAILER.search(body, span.start, span.end)
        if glued:
            result.extend([Span(span.start, glued.start()), Span(glued.end(), span.end)])
        else:
            result.append(span)
    return result


def clean(body: str, title: str | None = None) -> CleanedArticle:
    """Keep the story's paragraphs; set aside headlines, captions, trailers and repeats."""
    kept: list[Span] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    spans = _split_glued_trailer(body, split_paragraphs(body))
    in_trailer = False
    for span in spans:
        paragraph = body[span.start : span.end]
        text = squash(paragraph)
        reason = None
        first_line = squash(paragraph.partition("\n")[0]) if "\n" in paragraph else text
        line = _LINE_KIND.match(text)
        if in_trailer or _TRAILER.match(first_line):
            in_trailer, reason = True, "reader trailer"
        elif line is not None and line.group("date_line") is not None:
            reason = "date line"
        elif line is not None and line.group("source_line") is not None:
            reason = "source line"
        elif _PHOTO_CREDIT.search(text) or (line is not None and line.group("caption") is not None):
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
