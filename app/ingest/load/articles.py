"""An article's own rows: its source, then its mentions, participations, statements (with their
topics and countries) and full-text rows, as the loader writes them for a batch.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.ingest import confidence
from app.ingest.load.bulk import insert_with_ids
from app.ingest.load.reference import ReferenceIds
from app.ingest.prepare import Extraction
from app.models import Source, archive_order


def unindex_sources(session: Session, source_ids: Iterable[int]) -> None:
    """Remove sources' rows from the full-text index (it has no foreign key on SQLite)."""
    session.execute(text("DELETE FROM search_index WHERE source_id = :id"), [{"id": i} for i in source_ids])


SLUG_LENGTH: int = Source.__table__.c.slug.type.length  # type: ignore[attr-defined]
HASH_LENGTHS = (6, 10, 16, 64)  # how much of its hash a slug adds when a shorter one is taken


def slug_candidates(extraction: Extraction) -> list[str]:
    """The slugs an article may take, the first that is free: its date and title's words, then
    with more and more of its content hash (articles with the same title and date are common)."""
    base = extraction.slug_base[:SLUG_LENGTH].rstrip("-")
    found = [base]
    for length in HASH_LENGTHS:
        suffix = f"-{extraction.content_hash[:length]}"
        found.append(base[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix)
    return found


def write_sources(session: Session, accepted: list[Extraction]) -> tuple[list[int], list[str]]:
    """Insert the sources, in order, and give their ids and slugs (see `slug_candidates`)."""
    candidates = [slug_candidates(x) for x in accepted]
    wanted = sorted({slug for c in candidates for slug in c})
    taken: set[str] = set()
    for first in range(0, len(wanted), 1000):
        taken.update(
            session.scalars(select(Source.slug).where(Source.slug.in_(wanted[first : first + 1000])))
        )
    rows, slugs = [], []
    for x, choices in zip(accepted, candidates, strict=True):
        # Two different texts share all 64 characters of a hash only in theory: the insert fails.
        slug = next((c for c in choices if c not in taken), choices[-1])
        taken.add(slug)
        slugs.append(slug)
        rows.append(
            {
                "slug": slug,
                "file": x.file,
                "content_hash": x.content_hash,
                "fingerprint": x.fingerprint,
                "title": x.title,
                "outlet": x.outlet,
                "published": x.published,
                "published_rule": x.published_rule,
                "kind": x.kind,
                "url": x.url,
                "metadata_rules": dict(x.metadata_rules),
                "body": x.body,
                "paragraphs": [list(p) for p in x.paragraphs],
                "removed": [{"reason": r, "start": s, "end": e} for r, s, e in x.removed],
            }
        )
    if not rows:
        return [], []
    return insert_with_ids(session, Source, rows), slugs


# The rows an article adds, table by table; the columns left out take their defaults.
ARTICLE_COLUMNS = {
    "mentions": ("source_id", "minister_id", "surface", "rule", "start", "end"),
    "participations": ("meeting_id", "minister_id", "source_id", "rule", "confidence"),
    "statements": (
        "id",
        "source_id",
        "meeting_id",
        "kind",
        "speaker_type",
        "minister_id",
        "speaker_label",
        "speaker_rule",
        "speaker_confidence",
        "text",
        "paragraph",
        "printed_number",
        "start",
        "end",
        "position",
        "archive_order",
        "echo_of",
    ),
    "statement_topics": ("statement_id", "topic_id", "matched", "confidence"),
    "statement_countries": ("statement_id", "country_id", "matched"),
    "search_index": ("kind", "ref", "source_id", "text"),
}


def article_rows(
    ids: ReferenceIds,
    extraction: Extraction,
    source: tuple[int, str],
    meeting_id: int | None,
    people: dict[str, int | None],
    echoes: dict[str, str | None],
) -> dict[str, list[tuple[Any, ...]]]:
    """The mentions, participations, statements, their topics and countries, and the full-text
    rows of one article (its source's id and slug), in the order of ARTICLE_COLUMNS."""
    source_id, slug = source
    in_archive = archive_order(extraction.published, slug)
    rules = {p.slug: p.rule for p in extraction.people}
    statements = extraction.statements
    return {
        "mentions": [
            (source_id, people[m.person], m.surface, m.rule, m.start, m.end) for m in extraction.mentions
        ],
        "participations": [
            (meeting_id, people[slug], source_id, rules[slug], confidence.of(confidence.PERSON, rules[slug]))
            for slug in extraction.participants
            if meeting_id is not None
        ],
        "statements": [
            (
                r.id,
                source_id,
                meeting_id,
                r.kind,
                r.speaker_type,
                people[r.person] if r.person else None,
                r.speaker_label,
                r.speaker_rule,
                confidence.of(confidence.SPEAKER, r.speaker_rule),
                r.text,
                r.paragraph,
                r.printed_number,
                r.start,
                r.end,
                position,
                in_archive,
                echoes.get(r.id),
            )
            for position, r in enumerate(statements)
        ],
        "statement_topics": [
            (r.id, ids.topics[slug], matched[:200], confidence.topic(matched))
            for r in statements
            for slug, matched in r.topics
            if slug in ids.topics
        ],
        "statement_countries": [
            (r.id, ids.countries[slug], words[:200])
            for r in statements
            for slug, words in r.named
            if slug in ids.countries
        ],
        "search_index": [("statement", r.id, source_id, r.text) for r in statements]
        + [
            ("paragraph", str(n), source_id, extraction.body[a:b])
            for n, (a, b) in enumerate(extraction.paragraphs, start=1)
        ],
    }
