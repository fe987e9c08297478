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

# A search without filters ranks only the passages matching that were added last, so that a word
# found in most of the archive costs what a rarer one does; the page says when more matched.
RANKED = 2_000


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
    ranked: int | None = None  # more passages matched: only the `ranked` added last were ranked


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


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def latest_from(session: Session, query: str, latest: int) -> int | None:
    """The index row from which the `latest` passages matching `query` begin; None unless more
    than `latest` match.

    Rows are numbered as they were indexed (as their articles were loaded), so the passages added
    last are the highest numbers.
    """
    if not _words(query):
        return None
    if _is_sqlite(session):
        sql = "SELECT rowid FROM search_index WHERE search_index MATCH :match ORDER BY rowid DESC"
        match = fts_query(query)
    else:
        sql = "SELECT id FROM search_index WHERE tsv @@ to_tsquery('english', :match) ORDER BY id DESC"
        match = tsquery(query)
    # The latest-th row and the one after it: a second row says more than `latest` match.
    found = session.scalars(text(f"{sql} LIMIT 2 OFFSET :skip"), {"match": match, "skip": latest - 1}).all()
    return int(found[0]) if len(found) == 2 else None


def match_count(session: Session, query: str) -> int:
    """How many rows of the full-text index match every word of `query`."""
    if not _words(query):
        return 0
    if _is_sqlite(session):
        sql, match = "SELECT count(*) FROM search_index WHERE search_index MATCH :match", fts_query(query)
    else:
        sql = "SELECT count(*) FROM search_index WHERE tsv @@ to_tsquery('english', :match)"
        match = tsquery(query)
    return session.scalar(text(sql), {"match": match}) or 0


def full_text(
    session: Session, query: str, kind: str | None = None, limit: int = 500, since: int | None = None
) -> list[TextMatch]:
    """Rows of the full-text index matching every word of `query`, best first (from row `since` on).

    SQLite answers with FTS5, PostgreSQL with a tsvector column: this is the one place that differs.
    """
    if not _words(query):
        return []
    only = "AND kind = :kind" if kind else ""
    if _is_sqlite(session):
        only += " AND rowid >= :since" if since is not None else ""
        sql = (
            "SELECT kind, ref, source_id, "
            f"snippet(search_index, 3, '{_HIT_START}', '{_HIT_END}', '…', 24) AS marked "
            f"FROM search_index WHERE search_index MATCH :match {only} ORDER BY rank, rowid LIMIT :limit"
        )
        match = fts_query(query)
    else:
        only += " AND id >= :since" if since is not None else ""
        sql = (
            # The tsv column is built with angle brackets as spaces (PostgreSQL's parser would skip
            # what lies between "<script>" and "</script>" as markup); snippets show the text as written.
            "SELECT kind, ref, source_id, ts_headline('english', text, q, "
            f'\'StartSel="{_HIT_START}", StopSel="{_HIT_END}", MaxWords=30, MinWords=12, '
            'MaxFragments=1, FragmentDelimiter="…"\') AS marked '
            "FROM search_index, to_tsquery('english', :match) AS q "
            f"WHERE tsv @@ q {only} ORDER BY ts_rank(tsv, q) DESC, id LIMIT :limit"
        )
        match = tsquery(query)
    rows = session.execute(text(sql), {"match": match, "kind": kind, "limit": limit, "since": since}).all()
    return [TextMatch(r.kind, str(r.ref), r.source_id, r.marked) for r in rows]


def _snippet(marked: str) -> Snippet:
    parts: list[tuple[str, bool]] = []
    for n, chunk in enumerate(re.split(f"[{_HIT_START}{_HIT_END}]", marked)):
        if chunk:
            parts.append((chunk, n % 2 == 1))
    return Snippet(tuple(parts))


def search(
    session: Session,
    query: str,
    filters: Filters,
    limit: int = 50,
    offset: int = 0,
    echoes_shown: int | None = None,
) -> SearchResults:
    """Statements and article paragraphs matching `query`, best first, within `filters`, each
    statement with its echoes (the first `echoes_shown`, or all).

    Without filters, the index gives the rows shown and a count; only the RANKED passages matching
    that were added last are ranked, and `ranked` says when more matched. With filters, which may keep only
    older passages, every match is ranked: the best 500 are filtered, and of those that pass, only
    `limit` from `offset` are read whole.
    """
    if filters.active:
        rows, ranked = full_text(session, query), None
    else:
        since = latest_from(session, query, RANKED)
        ranked = RANKED if since is not None else None
        rows = full_text(session, query, limit=offset + limit, since=since)
        total = ranked or (len(rows) if len(rows) < offset + limit else match_count(session, query))
        rows, offset = rows[offset:], 0
    if not rows:
        return SearchResults(query, filters, (), 0 if filters.active else total, ranked)
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
    shown = kept[offset : offset + limit]
    cards = cards_by_id(session, (m for _, m in shown))
    wanted = [row.ref for row, _ in shown if row.kind == "statement"]
    views = (
        {
            v.id: v
            for v in statement_views(
                session, select(Statement.id).where(Statement.id.in_(wanted)), cards, echoes_shown
            )
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
    return SearchResults(query, filters, tuple(hits), len(kept) if filters.active else total, ranked)
