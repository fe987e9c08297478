"""Per-meeting and per-person summaries that pages read instead of counting every statement.

Ingestion is the only writer, so it keeps them: `refresh_meeting_summaries` recomputes the rows of
the meetings a batch (or the corrections) touched, in the same transaction, from the statements,
topics, countries and reports stored for those meetings (with each topic's speakers and countries,
for a topic page's facets), then the meetings with statements of every year; and
`refresh_minister_counts` the meeting and statement counts of the people it touched. A meeting's
rows go with the meeting.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, cast, delete, extract, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from app.models import (
    ArchiveYear,
    Meeting,
    MeetingCountry,
    MeetingReport,
    MeetingTopic,
    MeetingTopicCountry,
    MeetingTopicSpeaker,
    Minister,
    Participation,
    Source,
    Statement,
    StatementCountry,
    StatementTopic,
)

CHUNK = 500  # meeting ids per statement: well within every engine's limit on bound parameters


def _said_once() -> ColumnElement[bool]:
    """Not an outlet's echo of another statement; written so that no index answers it.

    Most statements are no echo, yet SQLite's planner takes the index on echo_of for a selective
    one, and would read every statement of the archive to recount a batch's few meetings.
    """
    return func.coalesce(Statement.echo_of, "") == ""


def _counted() -> tuple[ColumnElement[bool], ...]:
    """The statements a meeting's counts are made of: each once (not its echoes), context aside."""
    return (Statement.kind != "context", _said_once(), Statement.meeting_id.is_not(None))


def _year() -> ColumnElement[int]:
    return cast(extract("year", Meeting.date), Integer)


def _refresh(session: Session, ids: list[int] | None) -> None:
    def only(column: Any) -> list[ColumnElement[bool]]:
        return [column.in_(ids)] if ids is not None else []

    for table in (MeetingTopic, MeetingCountry, MeetingTopicSpeaker, MeetingTopicCountry):
        session.execute(delete(table).where(*only(table.meeting_id)))
    session.execute(
        insert(MeetingTopic).from_select(
            ["meeting_id", "topic_id", "year", "statements", "carried"],
            select(
                Statement.meeting_id,
                StatementTopic.topic_id,
                _year(),
                func.count(case((_said_once(), 1))),
                func.count(),
            )
            .join(StatementTopic, StatementTopic.statement_id == Statement.id)
            .join(Meeting, Meeting.id == Statement.meeting_id)
            .where(
                Statement.kind != "context", Statement.meeting_id.is_not(None), *only(Statement.meeting_id)
            )
            .group_by(Statement.meeting_id, StatementTopic.topic_id, Meeting.date),
        )
    )
    session.execute(
        insert(MeetingCountry).from_select(
            ["meeting_id", "country_id", "statements"],
            select(Statement.meeting_id, StatementCountry.country_id, func.count())
            .join(StatementCountry, StatementCountry.statement_id == Statement.id)
            .where(*_counted(), *only(Statement.meeting_id))
            .group_by(Statement.meeting_id, StatementCountry.country_id),
        )
    )
    # A topic's speakers and countries at each meeting, for a topic page's facets.
    speaker_type = case((Statement.minister_id.is_(None), Statement.speaker_type), else_="")
    session.execute(
        insert(MeetingTopicSpeaker).from_select(
            ["meeting_id", "topic_id", "year", "minister_id", "speaker_type", "statements"],
            select(
                Statement.meeting_id,
                StatementTopic.topic_id,
                _year(),
                Statement.minister_id,
                speaker_type,
                func.count(),
            )
            .join(StatementTopic, StatementTopic.statement_id == Statement.id)
            .join(Meeting, Meeting.id == Statement.meeting_id)
            .where(*_counted(), *only(Statement.meeting_id))
            .group_by(
                Statement.meeting_id,
                StatementTopic.topic_id,
                Meeting.date,
                Statement.minister_id,
                speaker_type,
            ),
        )
    )
    session.execute(
        insert(MeetingTopicCountry).from_select(
            ["meeting_id", "topic_id", "country_id", "year", "statements"],
            select(
                Statement.meeting_id,
                StatementTopic.topic_id,
                StatementCountry.country_id,
                _year(),
                func.count(),
            )
            .join(StatementTopic, StatementTopic.statement_id == Statement.id)
            .join(StatementCountry, StatementCountry.statement_id == Statement.id)
            .join(Meeting, Meeting.id == Statement.meeting_id)
            .where(*_counted(), *only(Statement.meeting_id))
            .group_by(
                Statement.meeting_id, StatementTopic.topic_id, StatementCountry.country_id, Meeting.date
            ),
        )
    )
    session.execute(
        update(Meeting)
        .where(*only(Meeting.id))
        .values(
            statement_count=select(func.count())
            .select_from(Statement)
            .where(Statement.meeting_id == Meeting.id, *_counted())
            .scalar_subquery(),
            source_count=select(func.count())
            .select_from(MeetingReport)
            .where(MeetingReport.meeting_id == Meeting.id)
            .scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )


def _refresh_echo_counts(session: Session, ids: list[int] | None) -> None:
    """Each statement's echo and outlet counts, for the statements of these meetings (all: None).

    An outlet is counted once, and the statement's own outlet is one of them: an echo from the
    same outlet (or, for one without an outlet, from another source without one) adds none. An
    echo repeats a statement that repeats none, so an echo's own counts come out as none and one.
    """
    echo = aliased(Statement)
    echo_source, own_source = aliased(Source), aliased(Source)
    other_outlets = (
        select(func.count(func.distinct(func.coalesce(echo_source.outlet, ""))))
        .select_from(echo)
        .join(echo_source, echo_source.id == echo.source_id)
        .join(own_source, own_source.id == Statement.source_id)
        .where(
            echo.echo_of == Statement.id,
            func.coalesce(echo_source.outlet, "") != func.coalesce(own_source.outlet, ""),
        )
        .scalar_subquery()
    )
    recount = (
        update(Statement)
        .values(
            echo_count=select(func.count())
            .select_from(echo)
            .where(echo.echo_of == Statement.id)
            .scalar_subquery(),
            outlet_count=1 + other_outlets,
        )
        .execution_options(synchronize_session=False)
    )
    if ids is not None:
        recount = recount.where(Statement.meeting_id.in_(ids))
    session.execute(recount)


def _refresh_years(session: Session) -> None:
    """The meetings with statements of every year, recounted: a meeting a batch moved to another
    year, or emptied, changes two years' counts."""
    year = _year()
    session.execute(delete(ArchiveYear))
    session.execute(
        insert(ArchiveYear).from_select(
            ["year", "meetings"],
            select(year, func.count()).where(Meeting.statement_count > 0).group_by(year),
        )
    )


def refresh_meeting_summaries(session: Session, meeting_ids: Iterable[int] | None = None) -> None:
    """Recompute the summaries of these meetings (of every meeting when None); never commits."""
    if meeting_ids is None:
        _refresh(session, None)
        _refresh_echo_counts(session, None)
    else:
        ids = sorted(set(meeting_ids))
        for start in range(0, len(ids), CHUNK):
            _refresh(session, ids[start : start + CHUNK])
            _refresh_echo_counts(session, ids[start : start + CHUNK])
    _refresh_years(session)


def refresh_minister_counts(session: Session, minister_ids: Iterable[int] | None = None) -> None:
    """Recount the meetings and statements of these people (of everyone when None); never commits."""
    counts = {
        "meeting_count": select(func.count(func.distinct(Participation.meeting_id)))
        .where(Participation.minister_id == Minister.id)
        .scalar_subquery(),
        "statement_count": select(func.count())
        .select_from(Statement)
        .where(Statement.minister_id == Minister.id)
        .scalar_subquery(),
    }
    everyone = update(Minister).values(counts).execution_options(synchronize_session=False)
    if minister_ids is None:
        session.execute(everyone)
        return
    ids = sorted(set(minister_ids))
    for start in range(0, len(ids), CHUNK):
        session.execute(everyone.where(Minister.id.in_(ids[start : start + CHUNK])))
