"""Ministers: everyone the articles name, and one minister's meetings and statements."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Meeting, Mention, Minister, MinisterSlugAlias, Participation, Statement
from app.queries.cards import meeting_cards, statement_views
from app.queries.views import PORTFOLIO_NAMES, MeetingSummary, StatementView


@dataclass(frozen=True)
class MinisterOverview:
    slug: str
    name: str
    country: str | None
    portfolio: str | None
    tenure_start: date | None
    tenure_end: date | None
    in_dictionary: bool
    meeting_count: int
    statement_count: int

    @property
    def portfolio_name(self) -> str:
        return PORTFOLIO_NAMES.get(self.portfolio or "", "Minister")

    @property
    def country_key(self) -> tuple[bool, str]:
        """Groups the index by country, the people whose country no report gives last."""
        return (self.country is None, self.country or "")


def ministers_overview(session: Session) -> list[MinisterOverview]:
    """Everyone the articles name who took part in a meeting or is quoted, by country and name.

    People whose country the reports do not give come last.
    """
    meetings = dict(
        session.execute(
            select(Participation.minister_id, func.count(func.distinct(Participation.meeting_id))).group_by(
                Participation.minister_id
            )
        ).all()
    )
    statements = dict(
        session.execute(
            select(Statement.minister_id, func.count())
            .where(Statement.minister_id.is_not(None))
            .group_by(Statement.minister_id)
        ).all()
    )
    mentioned = set(session.scalars(select(Mention.minister_id).distinct()))
    people = session.scalars(
        select(Minister).order_by(Minister.country.is_(None), Minister.country, Minister.name)
    ).all()
    return [
        MinisterOverview(
            m.slug,
            m.name,
            m.country,
            m.portfolio,
            m.tenure_start,
            m.tenure_end,
            m.in_dictionary,
            meetings.get(m.id, 0),
            statements.get(m.id, 0),
        )
        for m in people
        if m.id in meetings or m.id in statements or m.id in mentioned
    ]


@dataclass(frozen=True)
class MinisterDetail:
    minister: MinisterOverview
    posts: tuple[dict[str, str | None], ...]
    aliases: tuple[str, ...]
    meetings: tuple[MeetingSummary, ...]  # newest first
    statements: tuple[StatementView, ...]  # oldest first


def minister_alias(session: Session, slug: str) -> str | None:
    """The current slug of a person once at `slug` (two spellings merged by hand)."""
    return session.scalar(
        select(Minister.slug)
        .join(MinisterSlugAlias, MinisterSlugAlias.minister_id == Minister.id)
        .where(MinisterSlugAlias.slug == slug)
    )


def minister_detail(session: Session, slug: str) -> MinisterDetail | None:
    """A minister's page: who they are, the meetings they attended, what they said."""
    minister = session.scalar(select(Minister).where(Minister.slug == slug))
    if minister is None:
        return None
    attended = session.scalars(
        select(Meeting)
        .where(
            Meeting.id.in_(select(Participation.meeting_id).where(Participation.minister_id == minister.id))
        )
        .order_by(Meeting.date.desc(), Meeting.slug)
    ).all()
    cards = meeting_cards(session, attended)
    statements = statement_views(
        session, select(Statement.id).where(Statement.minister_id == minister.id), {c.id: c for c in cards}
    )
    surfaces = set(
        session.scalars(select(Mention.surface).where(Mention.minister_id == minister.id).distinct())
    )
    aliases = sorted({" ".join(a.split()) for a in (*(minister.aliases or ()), *surfaces)} - {minister.name})
    overview = MinisterOverview(
        minister.slug,
        minister.name,
        minister.country,
        minister.portfolio,
        minister.tenure_start,
        minister.tenure_end,
        minister.in_dictionary,
        len(cards),
        len(statements),
    )
    return MinisterDetail(
        minister=overview,
        posts=tuple(minister.posts or ()),
        aliases=tuple(aliases),
        meetings=tuple(cards),
        statements=tuple(statements),
    )
