"""A meeting's page: its facts, statements by leading topic, sources, and the meetings either side."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.filters import BadFilter, MeetingStatementFilters, Paging
from app.models import Meeting, MeetingReport, MeetingSlugAlias, Source, Statement, Topic
from app.queries.cards import meeting_cards, said_once, statement_views
from app.queries.statements import on_topic
from app.queries.views import ECHOES_SHOWN, MeetingSummary, Ref, SourceSummary, StatementView


@dataclass(frozen=True)
class TopicGroup:
    topic: Ref | None  # None: statements that touch no topic of the taxonomy
    statements: tuple[StatementView, ...]


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingSummary
    date_rule: str
    city_rule: str | None
    groups: tuple[TopicGroup, ...]
    context: tuple[StatementView, ...]
    sources: tuple[SourceSummary, ...]
    previous: MeetingSummary | None
    next: MeetingSummary | None
    previous_of_kind: MeetingSummary | None
    format: str | None = None  # "phone" or "virtual"; None: in person
    cut: bool = False  # the meeting has more statements (background included) than are shown

    @property
    def statements_shown(self) -> int:
        return sum(len(g.statements) for g in self.groups) + len(self.context)


@dataclass(frozen=True)
class MeetingStatementsPage:
    """A page of one meeting's statements, on some topics or all of them."""

    meeting: MeetingSummary
    topics: tuple[Ref, ...]  # the topics the statements are on (all of them); none: every statement
    statements: tuple[StatementView, ...]
    total: int
    page: int
    pages: int


def meeting_alias(session: Session, slug: str) -> str | None:
    """The current slug of a meeting that was once at `slug`."""
    return session.scalar(
        select(Meeting.slug)
        .join(MeetingSlugAlias, MeetingSlugAlias.meeting_id == Meeting.id)
        .where(MeetingSlugAlias.slug == slug)
    )


def _neighbours(session: Session, meeting: Meeting) -> tuple[Meeting | None, Meeting | None, Meeting | None]:
    """The meetings just before and after this one in date order, and the last earlier one of its
    kind that has statements; each found by the date index, one row each."""
    # Each written as a range of dates the index answers, then the day's order by slug.
    earlier = and_(
        Meeting.date <= meeting.date, or_(Meeting.date < meeting.date, Meeting.slug < meeting.slug)
    )
    later = and_(Meeting.date >= meeting.date, or_(Meeting.date > meeting.date, Meeting.slug > meeting.slug))
    before = select(Meeting.id).where(earlier).order_by(Meeting.date.desc(), Meeting.slug.desc()).limit(1)
    after = select(Meeting.id).where(later).order_by(Meeting.date, Meeting.slug).limit(1)
    of_kind = (
        select(Meeting.id)
        .where(earlier, Meeting.kind == meeting.kind, Meeting.statement_count > 0)
        .order_by(Meeting.date.desc(), Meeting.slug.desc())
        .limit(1)
    )
    ids = [before.scalar_subquery(), after.scalar_subquery(), of_kind.scalar_subquery()]
    found = session.execute(select(*ids)).one()
    rows = {m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_([i for i in found if i])))}
    return rows.get(found[0]), rows.get(found[1]), rows.get(found[2])


def meeting_detail(session: Session, slug: str, shown: int | None = None) -> MeetingDetail | None:
    """A meeting's page: facts, statements grouped by leading topic, sources, neighbours.

    `shown` keeps the first statements (background included) and the first sources in report
    order, and each statement's first echoes (all of everything when None); `cut` says whether
    statements were left out, the meeting's source count how many sources there are.
    """
    meeting = session.scalar(select(Meeting).where(Meeting.slug == slug))
    if meeting is None:
        return None
    before, after, of_kind = _neighbours(session, meeting)
    shown_cards = list(dict.fromkeys(m for m in (meeting, before, after, of_kind) if m is not None))
    cards = {card.id: card for card in meeting_cards(session, shown_cards)}
    summary = cards[meeting.id]
    said = select(Statement.id).where(Statement.meeting_id == meeting.id, said_once())
    if shown is not None:  # one more than shown, to tell whether the page is cut
        said = said.order_by(Statement.archive_order, Statement.position).limit(shown + 1)
    views = statement_views(session, said, cards, ECHOES_SHOWN if shown is not None else None)
    cut = shown is not None and len(views) > shown
    views = views[:shown]
    ranking = {t.slug: i for i, t in enumerate(summary.topics)}
    grouped: dict[str | None, list[StatementView]] = defaultdict(list)
    for view in views:
        if view.kind == "context":
            continue
        lead = min(view.topics, key=lambda t: ranking.get(t.slug, 99), default=None)
        grouped[lead.slug if lead else None].append(view)
    groups = [
        TopicGroup(topic, tuple(grouped[topic.slug])) for topic in summary.topics if grouped[topic.slug]
    ]
    if grouped[None]:
        groups.append(TopicGroup(None, tuple(grouped[None])))
    # The sources' facts, not their articles' bodies.
    reports = (
        select(Source.slug, Source.title, Source.outlet, Source.published, Source.url, MeetingReport.role)
        .join(MeetingReport, MeetingReport.source_id == Source.id)
        .where(MeetingReport.meeting_id == meeting.id)
        .order_by(Source.published, Source.slug)
    )
    sources = session.execute(reports.limit(shown) if shown is not None else reports).all()
    return MeetingDetail(
        meeting=summary,
        date_rule=summary.date_rule,
        city_rule=summary.city_rule,
        groups=tuple(groups),
        context=tuple(v for v in views if v.kind == "context"),
        sources=tuple(SourceSummary(*row) for row in sources),
        previous=cards[before.id] if before else None,
        next=cards[after.id] if after else None,
        previous_of_kind=cards[of_kind.id] if of_kind else None,
        format=meeting.format,
        cut=cut,
    )


def meeting_statements(
    session: Session, slug: str, filters: MeetingStatementFilters, paging: Paging
) -> MeetingStatementsPage | None:
    """A page of a meeting's statements (each once; the reporters' background aside) in report
    order, on all `filters.topics`: the statements its page groups by topic."""
    meeting = session.scalar(select(Meeting).where(Meeting.slug == slug))
    if meeting is None:
        return None
    card = meeting_cards(session, [meeting])[0]
    topics = session.execute(select(Topic.slug, Topic.name).where(Topic.slug.in_(filters.topics))).all()
    if len(topics) < len(filters.topics):
        unknown = sorted(set(filters.topics) - {t.slug for t in topics})
        raise BadFilter(f"topic: there is no topic {unknown[0]!r}")
    said = select(Statement.id).where(
        Statement.meeting_id == meeting.id, Statement.kind != "context", said_once()
    )
    said = said.where(*map(on_topic, filters.topics))
    total = session.scalar(select(func.count()).select_from(said.subquery())) or 0
    chosen = said.order_by(Statement.archive_order, Statement.position).offset(paging.offset)
    found = statement_views(session, chosen.limit(paging.size), {card.id: card}, ECHOES_SHOWN)
    return MeetingStatementsPage(
        meeting=card,
        topics=tuple(Ref(t.slug, t.name) for t in sorted(topics, key=lambda t: t.name)),
        statements=tuple(found),
        total=total,
        page=paging.page,
        pages=paging.pages(total),
    )
