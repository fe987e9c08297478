"""The calendar of the record in the database: its meetings, each linked to the meeting that
ingested reports describe, and what the reports say that the record does not."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.ingest.reference import Reference
from app.models import Meeting, RecordedMeeting

SAME_MEETING_DAYS = 2  # a report a day or two off the record's date is of the same meeting


def sync_record(session: Session, reference: Reference) -> bool:
    """Make the stored calendar match `seeds/meetings.yaml` and link each of its meetings to the
    meeting reports describe; whether anything changed."""
    stored = [_row(r) for r in session.scalars(select(RecordedMeeting).order_by(RecordedMeeting.id))]
    wanted = [
        (
            m.kind,
            m.edition,
            m.day,
            m.precision,
            m.city,
            m.format,
            m.event,
            list(m.participants),
            list(m.sources),
        )
        for m in reference.calendar
    ]
    changed = [row[:-1] for row in stored] != wanted
    if changed:
        session.execute(delete(RecordedMeeting))
        session.add_all(
            RecordedMeeting(
                kind=kind,
                edition=edition,
                date=day,
                date_precision=precision,
                city=city,
                format=fmt,
                event=event,
                participants=participants,
                sources=sources,
            )
            for kind, edition, day, precision, city, fmt, event, participants, sources in wanted
        )
        session.flush()
    return link_record(session) or changed


def _row(r: RecordedMeeting) -> tuple[object, ...]:
    return (
        r.kind,
        r.edition,
        r.date,
        r.date_precision,
        r.city,
        r.format,
        r.event,
        list(r.participants),
        list(r.sources),
        r.meeting_id,
    )


def link_record(session: Session) -> bool:
    """Link each meeting of the record to the stored meeting of its kind on (or a day or two
    from) its date, the nearest first; whether any link changed."""
    record = session.scalars(select(RecordedMeeting).order_by(RecordedMeeting.date)).all()
    if not record:
        return False
    meetings = session.scalars(
        select(Meeting).where(Meeting.kind.in_({r.kind for r in record}), Meeting.status != "referenced")
    ).all()
    taken: set[int] = set()
    changed = False
    for row in record:
        fits = [m for m in meetings if m.kind == row.kind and m.id not in taken and _same_time(row, m)]
        fits.sort(key=lambda m: (abs((m.date - row.date).days), m.id))
        meeting_id = fits[0].id if fits else None
        if meeting_id is not None:
            taken.add(meeting_id)
        if row.meeting_id != meeting_id:
            row.meeting_id = meeting_id
            changed = True
    session.flush()
    return changed


def _same_time(row: RecordedMeeting, meeting: Meeting) -> bool:
    if row.date_precision == "month" or meeting.date_precision != "day":
        return (row.date.year, row.date.month) == (meeting.date.year, meeting.date.month)
    return abs((meeting.date - row.date).days) <= SAME_MEETING_DAYS
