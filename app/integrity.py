"""Invariants the stored data must keep whatever was ingested: one line for each that is broken.

Ingestion is trusted to leave these true after any input, good or bad; the bad-input tests run
`check_integrity` after every case, so a file that half-loads or desynchronises the full-text
index is caught even when the ingest itself reported nothing.
"""

from collections import Counter
from typing import Any

from sqlalchemy import exists, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.models import Meeting, MeetingReport, Source, Statement

_SHOWN = 5  # ids named in one problem line before the rest are only counted


def _some(values: set[Any]) -> str:
    listed = sorted(values, key=str)
    more = f" and {len(listed) - _SHOWN} more" if len(listed) > _SHOWN else ""
    return ", ".join(map(str, listed[:_SHOWN])) + more


def check_integrity(session: Session) -> list[str]:
    """Every broken invariant of the stored data, one line each; an empty list when all hold."""
    # The full-text index is FTS5 on SQLite and a plain table on PostgreSQL: the same rows.
    indexed = inspect(session.connection()).has_table("search_index")
    problems = _sqlite_problems(session, indexed) if session.get_bind().dialect.name == "sqlite" else []
    bodies: dict[int, tuple[str, str, list[Any]]] = {
        row.id: (row.file, row.body, row.paragraphs)
        for row in session.execute(select(Source.id, Source.file, Source.body, Source.paragraphs))
    }
    problems += _paragraph_problems(bodies)
    problems += _statement_problems(session, bodies)
    problems += _meeting_problems(session)
    if indexed:
        problems += _search_index_problems(session, bodies)
    return problems


def _sqlite_problems(session: Session, indexed: bool) -> list[str]:
    problems = [
        f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]} row"
        for row in session.execute(text("PRAGMA foreign_key_check"))
    ]
    problems += [
        f"sqlite integrity_check: {row[0]}"
        for row in session.execute(text("PRAGMA integrity_check"))
        if row[0] != "ok"
    ]
    if not indexed:
        return problems
    try:  # FTS5's own check that its index matches its text (a command, though spelt INSERT)
        session.execute(text("INSERT INTO search_index (search_index) VALUES ('integrity-check')"))
    except DBAPIError as exc:
        problems.append(f"search_index fts5 integrity-check: {exc.orig}")
    return problems


def _paragraph_problems(bodies: dict[int, tuple[str, str, list[Any]]]) -> list[str]:
    problems = []
    for file, body, paragraphs in bodies.values():
        for number, span in enumerate(paragraphs, start=1):
            start, end = span
            if not 0 <= start < end <= len(body):
                problems.append(f"{file}: paragraph {number} [{start}, {end}) lies outside the body")
    return problems


def _statement_problems(session: Session, bodies: dict[int, tuple[str, str, list[Any]]]) -> list[str]:
    problems = []
    rows = session.execute(
        select(
            Statement.id,
            Statement.source_id,
            Statement.start,
            Statement.end,
            Statement.text,
            Statement.paragraph,
            Statement.echo_of,
        )
    ).all()
    ids = {row.id for row in rows}
    for row in rows:
        if row.source_id not in bodies:
            problems.append(f"statement {row.id}: its source {row.source_id} is missing")
            continue
        file, body, paragraphs = bodies[row.source_id]
        if not 0 <= row.start <= row.end <= len(body) or body[row.start : row.end] != row.text:
            problems.append(f"statement {row.id}: [{row.start}, {row.end}) of {file} is not its text")
        if not 1 <= row.paragraph <= len(paragraphs):
            problems.append(
                f"statement {row.id}: paragraph {row.paragraph} of {file} does not exist "
                f"(it has {len(paragraphs)})"
            )
        elif not paragraphs[row.paragraph - 1][0] <= row.start <= row.end <= paragraphs[row.paragraph - 1][1]:
            problems.append(f"statement {row.id}: not inside paragraph {row.paragraph} of {file}")
        if row.echo_of is not None and row.echo_of not in ids:
            problems.append(f"statement {row.id}: echo_of points to missing statement {row.echo_of}")
    return problems


def _meeting_problems(session: Session) -> list[str]:
    reported = exists().where(MeetingReport.meeting_id == Meeting.id)
    return [
        f"meeting {slug}: no source reports it"
        for slug in session.scalars(select(Meeting.slug).where(~reported))
    ]


def _search_index_problems(session: Session, bodies: dict[int, tuple[str, str, list[Any]]]) -> list[str]:
    problems = []
    rows = session.execute(
        text(
            "SELECT CAST(ref AS TEXT), CAST(source_id AS INTEGER) FROM search_index WHERE kind = 'statement'"
        )
    ).all()
    indexed = Counter(row[0] for row in rows)
    statements = {row.id: row.source_id for row in session.execute(select(Statement.id, Statement.source_id))}
    if missing := set(statements) - set(indexed):
        problems.append(f"search_index: statements not indexed: {_some(missing)}")
    if extra := set(indexed) - set(statements):
        problems.append(f"search_index: rows for statements that do not exist: {_some(extra)}")
    if twice := {ref for ref, count in indexed.items() if count > 1}:
        problems.append(f"search_index: statements indexed more than once: {_some(twice)}")
    if elsewhere := {ref for ref, source_id in rows if ref in statements and statements[ref] != source_id}:
        problems.append(f"search_index: statements indexed under another source: {_some(elsewhere)}")
    counted: dict[int, Counter[str]] = {}
    for source_id, ref in session.execute(
        text(
            "SELECT CAST(source_id AS INTEGER), CAST(ref AS TEXT) FROM search_index WHERE kind = 'paragraph'"
        )
    ):
        counted.setdefault(source_id, Counter())[ref] += 1
    if orphans := set(counted) - set(bodies):
        problems.append(f"search_index: paragraph rows for sources that do not exist: {_some(orphans)}")
    for source_id, (file, _, paragraphs) in bodies.items():
        expected = Counter(str(n) for n in range(1, len(paragraphs) + 1))
        if counted.get(source_id, Counter()) != expected:
            found = sum(counted.get(source_id, Counter()).values())
            problems.append(
                f"search_index: {file} has {found} paragraph rows for its {len(paragraphs)} paragraphs"
            )
    kinds = set(session.scalars(text("SELECT DISTINCT kind FROM search_index")))
    if unknown := kinds - {"statement", "paragraph"}:
        problems.append(f"search_index: rows of unknown kind: {_some(unknown)}")
    return problems
