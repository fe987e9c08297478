"""Source articles: the list, and one article as cleaned with its statements marked."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.filters import EVERYTHING, Paging
from app.models import Meeting, MeetingReport, Source, Statement
from app.queries.cards import meeting_cards, statement_views
from app.queries.views import ECHOES_SHOWN, MeetingSummary, SourceSummary, StatementView


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph: plain text, or the text of a statement."""

    text: str
    statement: StatementView | None = None

    @property
    def statement_id(self) -> str | None:
        return self.statement.id if self.statement else None

    @property
    def kind(self) -> str | None:
        return self.statement.kind if self.statement else None

    @property
    def speaker_label(self) -> str | None:
        return self.statement.speaker_name if self.statement else None


@dataclass(frozen=True)
class Paragraph:
    number: int
    segments: tuple[Piece, ...]


@dataclass(frozen=True)
class RemovedText:
    reason: str
    text: str


@dataclass(frozen=True)
class SourceDetail:
    slug: str
    title: str
    outlet: str | None
    published: date | None
    published_rule: str
    url: str | None
    metadata_rules: dict[str, str]  # the rule that found the title, outlet and url
    file: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedText, ...]
    meetings: tuple[MeetingSummary, ...]
    statement_count: int


def source_detail(session: Session, slug: str) -> SourceDetail | None:
    """A cleaned article: numbered paragraphs with its statements marked, and what was removed."""
    source = session.scalar(select(Source).where(Source.slug == slug))
    if source is None:
        return None
    reported = session.scalars(
        select(Meeting)
        .where(Meeting.id.in_(select(MeetingReport.meeting_id).where(MeetingReport.source_id == source.id)))
        .order_by(Meeting.date.desc(), Meeting.slug)
    ).all()
    cards = meeting_cards(session, reported)
    views = statement_views(
        session,
        select(Statement.id).where(Statement.source_id == source.id),
        {c.id: c for c in cards},
        ECHOES_SHOWN,
    )
    by_paragraph: dict[int, list[StatementView]] = defaultdict(list)
    for view in views:
        by_paragraph[view.paragraph].append(view)
    paragraphs = []
    for number, (start, end) in enumerate(source.paragraphs or (), start=1):
        pieces, cursor = [], start
        for view in by_paragraph[number]:
            if view.start > cursor:
                pieces.append(Piece(source.body[cursor : view.start]))
            pieces.append(Piece(source.body[view.start : view.end], view))
            cursor = view.end
        if cursor < end:
            pieces.append(Piece(source.body[cursor:end]))
        paragraphs.append(Paragraph(number, tuple(pieces)))
    return SourceDetail(
        slug=source.slug,
        title=source.title,
        outlet=source.outlet,
        published=source.published,
        published_rule=source.published_rule,
        url=source.url,
        metadata_rules=dict(source.metadata_rules or {}),
        file=source.file,
        paragraphs=tuple(paragraphs),
        removed=tuple(
            RemovedText(r["reason"], " ".join(source.body[r["start"] : r["end"]].split()))
            for r in source.removed or ()
        ),
        meetings=tuple(cards),
        statement_count=len(views),
    )


@dataclass(frozen=True)
class SourcesPage:
    sources: tuple[SourceSummary, ...]  # this page's, newest first
    total: int
    page: int = 1
    pages: int = 1


def sources_overview(session: Session, paging: Paging = EVERYTHING) -> SourcesPage:
    """The sources, newest first, a page at a time; their facts, not their bodies."""
    newest_first = (
        select(Source.slug, Source.title, Source.outlet, Source.published, Source.url)
        .order_by(Source.published.desc().nulls_last(), Source.slug)
        .offset(paging.offset)
    )
    if paging.size is not None:
        newest_first = newest_first.limit(paging.size)
    total = session.scalar(select(func.count()).select_from(Source)) or 0
    return SourcesPage(
        tuple(
            SourceSummary(slug, title, outlet, published, url, "")
            for slug, title, outlet, published, url in session.execute(newest_first)
        ),
        total,
        paging.page,
        paging.pages(total),
    )
