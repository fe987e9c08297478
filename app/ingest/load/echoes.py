"""Corroboration: the statements of one meeting that several outlets carry, grouped as echoes.

`group_echoes` decides, for one meeting's statements, which one each repeats, by fixed rules so
that the grouping does not depend on the order of ingestion; `read_carried` reads a meeting's
stored statements in the form it compares (`Carried`). The loader holds them for a run.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Source, Statement

ECHO_SIMILARITY = 85  # rapidfuzz token_set_ratio at or above which two reports are one statement
ECHO_MIN_WORDS = 8


@dataclass(slots=True)
class Carried:
    """A statement of a meeting, with what decides which of its echoes represents the rest."""

    id: str
    source_id: int
    kind: str
    words: str  # the text as compared: lower case, without punctuation
    length: int  # in words
    position: int
    published: date | None
    source_slug: str
    echo_of: str | None = None

    @classmethod
    def of(
        cls,
        statement_id: str,
        source_id: int,
        kind: str,
        text: str,
        position: int,
        published: date | None,
        source_slug: str,
        echo_of: str | None = None,
    ) -> "Carried":
        """A statement as it is compared, its text brought to lower case and stripped of punctuation."""
        words = utils.default_process(text)
        return cls(
            statement_id,
            source_id,
            kind,
            words,
            len(words.split()),
            position,
            published,
            source_slug,
            echo_of,
        )


def group_echoes(statements: Sequence[Carried]) -> dict[str, str | None]:
    """For one meeting's statements, which statement each repeats (None: it represents itself).

    Statements that different outlets carry in (nearly) the same words form a group; each group
    keeps one representative, chosen by fixed rules (a quotation before a paraphrase, then the
    earliest report), so the grouping does not depend on the order of ingestion.
    """
    if len({s.source_id for s in statements}) < 2:
        return {s.id: None for s in statements}  # one source: nothing is carried twice
    ranked = sorted(
        statements,
        key=lambda s: (
            s.kind != "official",
            s.kind != "quote",
            s.published or date.max,
            s.source_slug,
            s.position,
        ),
    )
    echoes: dict[str, str | None] = {}
    representatives: list[Carried] = []
    for statement in ranked:
        echoes[statement.id] = None
        if statement.length < ECHO_MIN_WORDS:
            continue  # too short to tell a repeat from a commonplace; represents itself
        for kept in representatives:
            if kept.source_id != statement.source_id and (
                fuzz.token_set_ratio(kept.words, statement.words, score_cutoff=ECHO_SIMILARITY)
            ):
                echoes[statement.id] = kept.id
                break
        else:
            representatives.append(statement)
    return echoes


def read_carried(session: Session, meeting_ids: Sequence[int]) -> dict[int, list[Carried]]:
    """The stored statements of these meetings that take part in corroboration (not context)."""
    held: dict[int, list[Carried]] = {meeting_id: [] for meeting_id in meeting_ids}
    for first in range(0, len(meeting_ids), 5000):
        rows = session.execute(
            select(
                Statement.meeting_id,
                Statement.id,
                Statement.source_id,
                Statement.kind,
                Statement.text,
                Statement.position,
                Source.published,
                Source.slug,
                Statement.echo_of,
            )
            .join(Source, Source.id == Statement.source_id)
            .where(Statement.meeting_id.in_(meeting_ids[first : first + 5000]), Statement.kind != "context")
        )
        for meeting_id, id_, source_id, kind, text_, position, published, slug, echo_of in rows:
            assert meeting_id is not None  # the IN above leaves NULL out
            held[meeting_id].append(
                Carried.of(id_, source_id, kind, text_, position, published, slug, echo_of)
            )
    return held
