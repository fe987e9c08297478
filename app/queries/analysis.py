"""Analysis: the topic x meeting matrix, and two meetings compared."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.filters import EVERYTHING, Paging
from app.models import Meeting, Statement, Topic
from app.queries.cards import meeting_cards, said_once, statement_views
from app.queries.views import ECHOES_SHOWN, MeetingSummary, Ref, StatementView


@dataclass(frozen=True)
class MatrixRow:
    topic: Ref
    counts: tuple[int, ...]  # one per column, in column order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Matrix:
    meetings: tuple[MeetingSummary, ...]  # columns, oldest first
    rows: tuple[MatrixRow, ...]
    highest: int
    page: int = 1  # page 1 holds the most recent meetings
    pages: int = 1

    def shade(self, count: int) -> int:
        """A shade from 0 (none) to 5 (the highest count in the table)."""
        if count == 0 or self.highest == 0:
            return 0
        return max(1, round(5 * count / self.highest))


def topic_matrix(session: Session, paging: Paging = EVERYTHING) -> Matrix:
    """Statements per topic per meeting: what each topic page lists, counted."""
    with_statements = Meeting.statement_count > 0
    count = session.scalar(select(func.count()).select_from(Meeting).where(with_statements)) or 0
    newest_first = select(Meeting).where(with_statements).order_by(Meeting.date.desc(), Meeting.slug)
    newest_first = newest_first.offset(paging.offset)
    if paging.size is not None:
        newest_first = newest_first.limit(paging.size)
    cards = meeting_cards(session, session.scalars(newest_first).all())
    columns = tuple(sorted(cards, key=lambda m: (m.date, m.slug)))
    topics = session.execute(select(Topic.slug, Topic.name).order_by(Topic.name)).all()
    counts = {(m.id, t.slug): t.count or 0 for m in columns for t in m.topics}
    rows = tuple(
        MatrixRow(Ref(slug, name), tuple(counts.get((m.id, slug), 0) for m in columns))
        for slug, name in topics
    )
    highest = max((c for r in rows for c in r.counts), default=0)
    return Matrix(columns, rows, highest, paging.page, paging.pages(count))


@dataclass(frozen=True)
class SharedTopic:
    topic: Ref
    first: tuple[StatementView, ...]
    second: tuple[StatementView, ...]


@dataclass(frozen=True)
class Comparison:
    first: MeetingSummary
    second: MeetingSummary
    shared: tuple[SharedTopic, ...]
    only_first: tuple[Ref, ...]
    only_second: tuple[Ref, ...]
    named_first: tuple[Ref, ...]
    named_second: tuple[Ref, ...]

    @property
    def named_only_first(self) -> tuple[Ref, ...]:
        second = {c.slug for c in self.named_second}
        return tuple(c for c in self.named_first if c.slug not in second)

    @property
    def named_only_second(self) -> tuple[Ref, ...]:
        first = {c.slug for c in self.named_first}
        return tuple(c for c in self.named_second if c.slug not in first)


def compare_meetings(session: Session, first_slug: str, second_slug: str) -> Comparison | None:
    """Two meetings side by side: topics raised at both or one, and who each named."""
    found = session.scalars(select(Meeting).where(Meeting.slug.in_([first_slug, second_slug]))).all()
    by_slug = {card.slug: card for card in meeting_cards(session, found)}
    first, second = by_slug.get(first_slug), by_slug.get(second_slug)
    if first is None or second is None:
        return None
    views = statement_views(
        session,
        select(Statement.id).where(
            Statement.meeting_id.in_([first.id, second.id]),
            Statement.kind != "context",
            said_once(),
        ),
        {first.id: first, second.id: second},
        ECHOES_SHOWN,
    )
    first_topics = {t.slug: t for t in first.topics}
    second_topics = {t.slug: t for t in second.topics}

    def on(meeting: MeetingSummary, slug: str) -> tuple[StatementView, ...]:
        return tuple(
            v
            for v in views
            if v.meeting and v.meeting.id == meeting.id and slug in {t.slug for t in v.topics}
        )

    shared = tuple(
        SharedTopic(first_topics[slug], on(first, slug), on(second, slug))
        for slug in sorted(set(first_topics) & set(second_topics), key=lambda s: first_topics[s].name)
    )
    return Comparison(
        first=first,
        second=second,
        shared=shared,
        only_first=tuple(t for t in first.topics if t.slug not in second_topics),
        only_second=tuple(t for t in second.topics if t.slug not in first_topics),
        named_first=first.countries,
        named_second=second.countries,
    )
