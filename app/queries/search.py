"""Full-text search over statements and article paragraphs, within the timeline's filters."""

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.filters import Filters
from app.models import Meeting, MeetingReport, Source, Statement
from app.queries.cards import cards_by_id, statement_views
from app.queries.timeline import meeting_conditions
from app.queries.views import MeetingSummary, SourceSummary, StatementView

_HIT_START, _HIT_END = "\x02", "\x03"


@dataclass(frozen=True)
class Snippet:
    """Search-result text as runs of (text, matched?); the template escapes each run."""

    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "statement" or "paragraph"
    snippet: Snippet
    statement: StatementView | None
    source: SourceSummary
    paragraph: int
    meeting: MeetingSummary | None


@dataclass(frozen=True)
class SearchResults:
    query: str
    filters: Filters
    hits: tuple[SearchHit, ...]
    total: int


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:20]


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word must match (prefix match on the last one)."""
    terms = [f'"{w}"' for w in _words(query)]
    if terms:
        terms[-1] += "*"
    return " ".join(terms)


def tsquery(query: str) -> str:
    """A user's words as a PostgreSQL tsquery: every word must match (prefix match on the last one)."""
    terms = [w.lower() for w in _words(query)]
    if terms:
        terms[-1] += ":*"
    return " & ".join(terms)


@dataclass(frozen=True)
class TextMatch:
    kind: str  # "statement" or "paragraph"
    ref: str  # a statement id, or a paragraph number
    source_id: int
    marked: str  # the snippet with each matched word between _HIT_START and _HIT_END


def full_text(session: Session, query: str, kind: str | None = None, limit: int = 500) -> list[TextMatch]:
    """Rows of the full-text index matching every word of `query`, best first.

    SQLite answers with FTS5, PostgreSQL with a tsvector column: this is the one place that differs.
    """
    if not _words(query):
        return []
    only = "AND kind = :kind" if kind else ""
    if session.get_bind().dialect.name == "sqlite":
        sql = (
            "SELECT kind, ref, source_id, "
            f"snippet(search_index, 3, '{_HIT_START}', '{_HIT_END}', '…', 24) AS marked "
            f"FROM search_index WHERE search_index MATCH :match {only} ORDER BY rank LIMIT :limit"
        )
        match = fts_query(query)
    else:
        sql = (
            # The tsv column is built with angle brackets as spaces (PostgreSQL's parser would skip
            # what lies between "<script>" and "</script>" as markup); snippets show the text as written.
            "SELECT kind, ref, source_id, ts_headline('english', text, q, "
            f'\'StartSel="{_HIT_START}", StopSel="{_HIT_END}", MaxWords=30, MinWords=12, '
            'MaxFragments=1, FragmentDelimiter="…"\') AS marked '
            "FROM search_index, to_tsquery('english', :match) AS q "
            f"WHERE tsv @@ q {only} ORDER BY ts_rank(tsv, q) DESC, kind, ref LIMIT :limit"
        )
        match = tsquery(query)
    rows = session.execute(text(sql), {"match": match, "kind": kind, "limit": limit}).all()
    return [TextMatch(r.kind, str(r.ref), r.source_id, r.marked) for r in rows]


def _snippet(marked: str) -> Snippet:
    parts: list[tuple[str, bool]] = []
    for n, chunk in enumerate(re.split(f"[{_HIT_START}{_HIT_END}]", marked)):
        if chunk:
            parts.append((chunk, n % 2 == 1))
    return Snippet(tuple(parts))


def search(session: Session, query: str, filters: Filters, limit: int = 50) -> SearchResults:
    """Statements and article paragraphs matching `query`, best first, within `filters`.

    The index gives at most 500 rows; only the first `limit` that pass the filters are read whole.
    """
    rows = full_text(session, query)
    if not rows:
        return SearchResults(query, filters, (), 0)
    statement_ids = [r.ref for r in rows if r.kind == "statement"]
    said_at = dict(
        session.execute(
            select(Statement.id, Statement.meeting_id).where(Statement.id.in_(statement_ids))
        ).all()
    )
    sources: dict[int, SourceSummary] = {}
    reports: dict[int, list[int]] = defaultdict(list)  # the meetings each source reports, subject first
    for source_id, slug, title, outlet, published, url, meeting_id in session.execute(
        select(
            Source.id,
            Source.slug,
            Source.title,
            Source.outlet,
            Source.published,
            Source.url,
            MeetingReport.meeting_id,
        )
        .outerjoin(MeetingReport, MeetingReport.source_id == Source.id)
        .where(Source.id.in_({r.source_id for r in rows}))
        .order_by(MeetingReport.role.desc())
    ):
        sources[source_id] = SourceSummary(slug, title, outlet, published, url, "")
        if meeting_id is not None:
            reports[source_id].append(meeting_id)
    candidates = {m for m in said_at.values() if m is not None} | {m for ms in reports.values() for m in ms}
    allowed: set[int] | None = None
    if filters.active:
        allowed = set(
            session.scalars(
                select(Meeting.id).where(Meeting.id.in_(candidates), *meeting_conditions(filters))
            )
        )
    kept: list[tuple[TextMatch, int | None]] = []
    for row in rows:
        place: int | None
        if row.kind == "statement":
            if row.ref not in said_at:
                continue
            place = said_at[row.ref]
        else:
            place = next(iter(reports[row.source_id]), None)
        if allowed is not None and (place is None or place not in allowed):
            continue
        kept.append((row, place))
    shown = kept[:limit]
    cards = cards_by_id(session, (m for _, m in shown))
    wanted = [row.ref for row, _ in shown if row.kind == "statement"]
    views = (
        {
            v.id: v
            for v in statement_views(session, select(Statement.id).where(Statement.id.in_(wanted)), cards)
        }
        if wanted
        else {}
    )
    hits = []
    for row, place in shown:
        view = views.get(row.ref) if row.kind == "statement" else None
        paragraph = view.paragraph if view else int(row.ref) if row.kind != "statement" else 0
        meeting = cards.get(place) if place is not None else None
        hits.append(
            SearchHit(row.kind, _snippet(row.marked), view, sources[row.source_id], paragraph, meeting)
        )
    return SearchResults(query, filters, tuple(hits), len(kept))
