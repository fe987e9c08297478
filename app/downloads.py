"""CSV downloads of the timeline, a topic page and a search: rows from view models, rows to bytes.

Pure functions: the routes hand them what the page's own query returned, so a download lists
exactly the rows of the page it comes from, in the same order.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from app import urls
from app.queries import Matrix, MeetingSummary, Ref, SearchHit, StatementView, Timeline, TopicDetail

Cell = str | int | None

MEETING_COLUMNS = (
    "slug",
    "date",
    "date_precision",
    "kind",
    "edition",
    "title",
    "status",
    "city",
    "participants",
    "topics",
    "countries_named",
    "statements",
    "sources",
    "url",
)
STATEMENT_COLUMNS = (
    "id",
    "meeting",
    "meeting_date",
    "speaker",
    "speaker_type",
    "kind",
    "text",
    "topics",
    "countries_named",
    "source",
    "outlet",
    "published",
    "paragraph",
    "url",
)
SEARCH_COLUMNS = ("kind", "statement", "text", "source", "paragraph", "meeting", "url")

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a byte-order mark and CRLF line ends, text cells neutralised.

    The mark makes Excel read the file as UTF-8 ("India–Japan", "Tōkyō"). Numbers are written
    as they are: only text can carry a formula, and a negative count must stay a number.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the excel dialect: CRLF, quotes only where needed
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if c is None else neutralise(c) if isinstance(c, str) else str(c) for c in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def download_name(stem: str, pairs: Iterable[tuple[str, str]]) -> str:
    """A file name that says what the download holds: `meetings_year-2024_topic-terrorism.csv`."""
    parts = [stem] + [f"{key}-{re.sub(r'[^A-Za-z0-9]+', '-', value).strip('-')[:40]}" for key, value in pairs]
    return f"india-japan-{'_'.join(parts)[:150]}.csv"


def attachment(filename: str) -> dict[str, str]:
    """The header that makes a browser save the response as `filename` (ASCII, no quotes)."""
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _slugs(refs: Iterable[Ref]) -> str:
    return "; ".join(r.slug for r in refs)


def _one_line(text: str) -> str:
    # Articles wrap lines inside paragraphs; a page shows them as one line, and so does a cell.
    return " ".join(text.split())


def timeline_meetings(view: Timeline) -> list[MeetingSummary]:
    """The meetings a timeline page shows, in its order: newest first."""
    return [meeting for group in view.years for meeting in group.meetings]


def topic_statements(detail: TopicDetail) -> list[StatementView]:
    """The statements a topic page lists, in its order: oldest meeting first."""
    return [statement for group in detail.meetings for statement in group.statements]


def meeting_rows(meetings: Iterable[MeetingSummary], site: str) -> list[list[Cell]]:
    """One row per meeting; `site` is the absolute address the `url` column starts with."""
    return [
        [
            m.slug,
            m.date_iso,
            m.date_precision,
            m.kind,
            m.edition,
            m.title,
            m.status,
            m.city,
            "; ".join(p.name for p in m.participants),
            _slugs(m.topics),
            _slugs(m.countries),
            m.statement_count,
            m.source_count,
            urls.absolute(site, urls.meeting(m.slug)),
        ]
        for m in meetings
    ]


def statement_rows(statements: Iterable[StatementView], site: str) -> list[list[Cell]]:
    """One row per statement, with its meeting, speaker and source."""
    return [
        [
            st.id,
            st.meeting.slug if st.meeting else None,
            st.meeting.date_iso if st.meeting else None,
            st.speaker_name,
            st.speaker_type,
            st.kind,
            _one_line(st.text),
            _slugs(st.topics),
            _slugs(st.countries),
            st.source.slug,
            st.source_outlet,
            st.source_published.isoformat() if st.source_published else None,
            st.paragraph,
            urls.absolute(site, urls.statement(st.id)),
        ]
        for st in statements
    ]


def search_rows(hits: Iterable[SearchHit], site: str) -> list[list[Cell]]:
    """One row per search hit, its snippet as plain text (the highlight marks dropped)."""
    return [
        [
            hit.kind,
            hit.statement.id if hit.statement else None,
            _one_line("".join(part for part, _matched in hit.snippet.parts)),
            hit.source.slug,
            hit.paragraph,
            hit.meeting.slug if hit.meeting else None,
            urls.absolute(site, urls.statement(hit.statement.id))
            if hit.statement
            else urls.absolute(site, urls.source(hit.source.slug, hit.paragraph)),
        ]
        for hit in hits
    ]


MATRIX_FIXED_COLUMNS = ("topic", "name")


def matrix_table(matrix: Matrix) -> tuple[list[str], list[list[Cell]]]:
    """The matrix as columns (one per meeting, by slug) and rows (one per topic)."""
    columns = [*MATRIX_FIXED_COLUMNS, *(m.slug for m in matrix.meetings), "all"]
    rows: list[list[Cell]] = [[r.topic.slug, r.topic.name, *r.counts, r.total] for r in matrix.rows]
    return columns, rows
