"""Corroboration: the statements of one meeting that several outlets carry, grouped as echoes.

`group_echoes` decides, for one meeting's statements, which one each repeats, by fixed rules so
that the grouping does not depend on the order of ingestion; `regroup_echoes` reaches the same
answer when statements join a meeting already grouped, comparing only what they can change;
`read_carried` reads a meeting's stored statements in the form they compare (`Carried`). The
loader holds them for a run.
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
    echoes: dict[str, str | None] = {}
    representatives: list[Carried] = []
    for statement in sorted(statements, key=_rank):
        echoes[statement.id] = None
        if statement.length >= ECHO_MIN_WORDS:  # a shorter one may be a commonplace: itself
            echoes[statement.id] = kept = _first_repeated(representatives, statement)
            if kept is None:
                representatives.append(statement)
    return echoes


def regroup_echoes(statements: Sequence[Carried], settled: int) -> dict[str, str | None]:
    """`group_echoes` of all these statements, when the first `settled` of them are grouped already.

    The `echo_of` of each settled statement must be what `group_echoes` gave them together. Only
    what the new statements can change is compared again: a new statement with every
    representative ranked before it, a settled one only with the representatives that the new
    statements brought in ahead of it (the others did not match it before), and afresh only when
    the representative it repeated now repeats a new one. A batch that adds a few statements to a
    meeting that holds thousands costs a few thousand comparisons, not millions.
    """
    if settled == 0 or len({s.source_id for s in statements}) < 2:
        return group_echoes(statements)
    new = {s.id for s in statements[settled:]}
    ranked = sorted(statements, key=_rank)
    rank = {s.id: n for n, s in enumerate(ranked)}
    echoes: dict[str, str | None] = {}
    representatives: list[Carried] = []
    arrived: list[Carried] = []  # representatives now that were not before, in rank order
    deposed: set[str] = set()  # representatives before that now repeat an arrival
    for statement in ranked:
        echoes[statement.id] = None
        if statement.length < ECHO_MIN_WORDS:
            continue
        was = statement.echo_of
        if statement.id in new or (was is not None and (was in deposed or was not in rank)):
            kept = _first_repeated(representatives, statement)
        elif was is None:  # represented itself: only an arrival can now come first
            kept = _first_repeated(arrived, statement)
        else:  # repeated `was`, still a representative: unless an arrival ahead of it comes first
            ahead = [r for r in arrived if rank[r.id] < rank[was]]
            kept = _first_repeated(ahead, statement) or was
        echoes[statement.id] = kept
        if kept is None:
            representatives.append(statement)
            if statement.id in new or was is not None:
                arrived.append(statement)
        elif statement.id not in new and was is None:
            deposed.add(statement.id)
    return echoes


def _rank(statement: Carried) -> tuple[bool, bool, date, str, int]:
    """Which of a group's statements represents it: an official text, a quotation, the earliest."""
    return (
        statement.kind != "official",
        statement.kind != "quote",
        statement.published or date.max,
        statement.source_slug,
        statement.position,
    )


def _first_repeated(representatives: Sequence[Carried], statement: Carried) -> str | None:
    """The first of these representatives that the statement repeats from another source."""
    for kept in representatives:
        if kept.source_id != statement.source_id and (
            fuzz.token_set_ratio(kept.words, statement.words, score_cutoff=ECHO_SIMILARITY)
        ):
            return kept.id
    return None


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
