"""Ministers: everyone the articles name, and one minister's meetings and statements."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import BindParameter, Select, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session

from app.filters import EVERYTHING, Paging
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
    mentioned = exists().where(Mention.minister_id == Minister.id)
    people = session.scalars(
        select(Minister)
        .where(or_(Minister.meeting_count > 0, Minister.statement_count > 0, mentioned))
        .order_by(Minister.country.is_(None), Minister.country, Minister.name)
    ).all()
    return [_overview(m) for m in people]


def _overview(m: Minister) -> MinisterOverview:
    return MinisterOverview(
        m.slug,
        m.name,
        m.country,
        m.portfolio,
        m.tenure_start,
        m.tenure_end,
        m.in_dictionary,
        m.meeting_count,
        m.statement_count,
    )


@dataclass(frozen=True)
class MinisterDetail:
    minister: MinisterOverview
    posts: tuple[dict[str, str | None], ...]
    aliases: tuple[str, ...]
    meetings: tuple[MeetingSummary, ...]  # newest first: all, or the most recent ones
    statements: tuple[StatementView, ...]  # oldest first: this page's
    page: int = 1
    pages: int = 1


def _spellings() -> Select[tuple[str]]:
    """Each spelling the articles use for a minister, once, as a skip through the index on
    (minister, surface): one step a spelling, where DISTINCT would read every mention of them."""
    minister: BindParameter[int] = bindparam("minister")
    spelling = select(func.min(Mention.surface).label("surface")).where(Mention.minister_id == minister)
    found = spelling.cte("spellings", recursive=True)
    following = (
        select(func.min(Mention.surface))
        .where(Mention.minister_id == minister, Mention.surface > found.c.surface)
        .scalar_subquery()
    )
    found = found.union_all(select(following).where(found.c.surface.is_not(None)))
    return select(found.c.surface).where(found.c.surface.is_not(None))


SPELLINGS = _spellings()


def minister_alias(session: Session, slug: str) -> str | None:
    """The current slug of a person once at `slug` (two spellings merged by hand)."""
    return session.scalar(
        select(Minister.slug)
        .join(MinisterSlugAlias, MinisterSlugAlias.minister_id == Minister.id)
        .where(MinisterSlugAlias.slug == slug)
    )


def minister_detail(
    session: Session,
    slug: str,
    paging: Paging = EVERYTHING,
    meetings: int | None = None,
    echoes_shown: int | None = None,
) -> MinisterDetail | None:
    """A minister's page: who they are, the meetings they attended, what they said.

    `paging` cuts the statements (oldest first), `meetings` keeps the most recent meetings only
    and `echoes_shown` the first echoes of each statement; the counts are of all of them.
    """
    minister = session.scalar(select(Minister).where(Minister.slug == slug))
    if minister is None:
        return None
    recent = (
        select(Meeting)
        .where(
            Meeting.id.in_(select(Participation.meeting_id).where(Participation.minister_id == minister.id))
        )
        .order_by(Meeting.date.desc(), Meeting.slug)
    )
    if meetings is not None:
        recent = recent.limit(meetings)
    cards = meeting_cards(session, session.scalars(recent).all())
    page = (
        select(Statement.id)
        .where(Statement.minister_id == minister.id)
        .order_by(Statement.archive_order, Statement.position)
        .offset(paging.offset)
    )
    if paging.size is not None:
        page = page.limit(paging.size)
    statements = statement_views(session, page, {c.id: c for c in cards}, echoes_shown)
    surfaces = set(session.scalars(SPELLINGS, {"minister": minister.id}))
    aliases = sorted({" ".join(a.split()) for a in (*(minister.aliases or ()), *surfaces)} - {minister.name})
    return MinisterDetail(
        minister=_overview(minister),
        posts=tuple(minister.posts or ()),
        aliases=tuple(aliases),
        meetings=tuple(cards),
        statements=tuple(statements),
        page=paging.page,
        pages=paging.pages(minister.statement_count),
    )
