"""Official texts: a joint statement or a ministry's release, read paragraph by paragraph.

An official text is a source of its own kind: each of its paragraphs, numbered or plain, is a
statement of its issuer, with the number it prints. It is one when the front matter says
`kind: official`, or when a ministry, the Press Information Bureau or an embassy publishes it
under a title such as "Joint Statement" or in numbered paragraphs.
"""

import re

from app.ingest.clean import Span
from app.ingest.extract.statements import SpeakerHint, StatementDraft
from app.ingest.reference import Reference

# Publishers that are the governments themselves (not an outlet that prints their release).
_GOVERNMENT = re.compile(
    r"^(?:the\s+)?(?:ministry\s+of|press\s+information\s+bureau|embassy\s+of|prime\s+minister['’]s\s+office"
    r"|mofa\b|mea\b|cabinet\s+secretariat)",
    re.IGNORECASE,
)
_JOINT = re.compile(
    r"\bjoint\s+(?:statement|press\s+(?:release|statement)|declaration|communiqu[eé])", re.IGNORECASE
)
_RELEASE = re.compile(
    r"\b(?:press\s+release|statement|outline\s+of\s+the\s+meeting|readout)\b", re.IGNORECASE
)
_NUMBER = re.compile(r"^\s*(\d{1,3})[.)]\s+")
_MIN_WORDS = 8  # shorter paragraphs of an official text are its headings


def issuer(
    declared: str | None, title: str | None, outlet: str | None, body: str, paragraphs: tuple[Span, ...]
) -> SpeakerHint | None:
    """Who speaks in an official text (the joint statement, or the ministry), or None for a press
    report."""
    # The title, the lines above the text (a "Joint Press Release" line) and its first paragraphs.
    head = " ".join([title or "", body[: paragraphs[min(2, len(paragraphs) - 1)].end] if paragraphs else ""])
    numbered = sum(1 for p in paragraphs if _NUMBER.match(body[p.start : p.end]))
    published_by_government = bool(outlet and _GOVERNMENT.search(outlet))
    official = declared == "official" or (
        declared != "report" and published_by_government and (bool(_RELEASE.search(head)) or numbered >= 3)
    )
    if not official:
        return None
    if _JOINT.search(head):
        return SpeakerHint("joint-statement", "Joint statement", "official-text")
    return SpeakerHint("ministry-statement", outlet or "Ministry statement", "official-text")


def official_statements(
    body: str, paragraphs: tuple[Span, ...], speaker: SpeakerHint, reference: Reference
) -> list[StatementDraft]:
    """Each paragraph of an official text as a statement of its issuer, with its printed number."""
    drafts = []
    for number, span in enumerate(paragraphs, start=1):
        text = body[span.start : span.end].strip()
        if len(text.split()) < _MIN_WORDS:
            continue
        start = span.start + (len(body[span.start : span.end]) - len(body[span.start : span.end].lstrip()))
        printed = _NUMBER.match(text)
        topics, named = reference.tags(text)
        drafts.append(
            StatementDraft(
                paragraph=number,
                start=start,
                end=start + len(text),
                text=text,
                kind="official",
                speaker=speaker,
                topics=topics,
                named=named,
                number=int(printed.group(1)) if printed else None,
            )
        )
    return drafts
