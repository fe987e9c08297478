"""A meeting's page: its facts, statements by leading topic, sources, and the meetings either side."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.models import Meeting, MeetingReport, MeetingSlugAlias, Source, Statement
from app.queries.cards import meeting_cards, said_once, statement_views
from app.queries.views import MeetingSummary, Ref, SourceSummary, StatementView


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


def meeting_detail(session: Session, slug: str) -> MeetingDetail | None:
    """A meeting's page: facts, statements grouped by leading topic, sources, neighbours."""
    meeting = session.scalar(select(Meeting).where(Meeting.slug == slug))
    if meeting is None:
        return None
    before, after, of_kind = _neighbours(session, meeting)
    shown = list(dict.fromkeys(m for m in (meeting, before, after, of_kind) if m is not None))
    cards = {card.id: card for card in meeting_cards(session, shown)}
    summary = cards[meeting.id]
    views = statement_views(
        session,
        select(Statement.id).where(Statement.meeting_id == meeting.id, said_once()),
        cards,
    )
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
    sources = session.execute(
        select(Source.slug, Source.title, Source.outlet, Source.published, Source.url, MeetingReport.role)
        .join(MeetingReport, MeetingReport.source_id == Source.id)
        .where(MeetingReport.meeting_id == meeting.id)
        .order_by(Source.published, Source.slug)
    ).all()
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
    )
