"""The calendar of the record on the pages: how many meetings of each kind it holds and how many
have reports, the ones no ingested report describes, and what the record says of a meeting."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Meeting, Minister, Participation, RecordedMeeting
from app.queries.cards import BOUND_IDS
from app.queries.views import meeting_title, short_date

RECORD_KINDS = {
    "two-plus-two": "2+2 dialogues",
    "defence-ministerial": "defence ministers' meetings",
    "foreign-ministerial": "foreign ministers' dialogues and meetings",
}


@dataclass(frozen=True)
class KindCount:
    kind: str
    name: str
    on_record: int
    with_reports: int


@dataclass(frozen=True)
class Unreported:
    """A meeting on the record that no ingested report describes."""

    title: str
    date: date
    date_label: str
    city: str | None
    format: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RecordOverview:
    kinds: tuple[KindCount, ...]
    unreported: tuple[Unreported, ...]  # newest first

    @property
    def total(self) -> int:
        return sum(k.on_record for k in self.kinds)


def record_overview(session: Session) -> RecordOverview | None:
    """The record's meetings by kind, with and without reports; None without a calendar."""
    rows = session.scalars(select(RecordedMeeting).order_by(RecordedMeeting.date.desc())).all()
    if not rows:
        return None
    kinds = tuple(
        KindCount(
            kind,
            RECORD_KINDS[kind],
            sum(1 for r in rows if r.kind == kind),
            sum(1 for r in rows if r.kind == kind and r.meeting_id is not None),
        )
        for kind in RECORD_KINDS
        if any(r.kind == kind for r in rows)
    )
    unreported = tuple(
        Unreported(
            title=meeting_title(r.kind, r.edition),
            date=r.date,
            date_label=short_date(r.date, r.date_precision),
            city=r.city,
            format=r.format,
            sources=tuple(r.sources),
        )
        for r in rows
        if r.meeting_id is None
    )
    return RecordOverview(kinds, unreported)


@dataclass(frozen=True)
class OnRecord:
    """What the record says of a meeting that reports describe."""

    date_label: str
    city: str | None
    format: str
    sources: tuple[str, ...]


def on_record(session: Session, slug: str) -> OnRecord | None:
    """The record's entry for the meeting at `slug`, if the calendar has one."""
    row = session.scalar(
        select(RecordedMeeting)
        .join(Meeting, Meeting.id == RecordedMeeting.meeting_id)
        .where(Meeting.slug == slug)
        .limit(1)
    )
    if row is None:
        return None
    return OnRecord(short_date(row.date, row.date_precision), row.city, row.format, tuple(row.sources))


@dataclass(frozen=True)
class Disagreement:
    """What the reports of a meeting say that the record does not."""

    meeting_slug: str
    field: str  # "date", "city" or "participants"
    record: str
    reports: str


def disagreements(session: Session) -> list[Disagreement]:
    """Every fact where a linked meeting's reports and the record part ways."""
    found = []
    rows = session.execute(
        select(RecordedMeeting, Meeting).join(Meeting, Meeting.id == RecordedMeeting.meeting_id)
    ).all()
    for row, meeting in rows:
        if row.date_precision == "day" and meeting.date_precision == "day" and meeting.date != row.date:
            found.append(Disagreement(meeting.slug, "date", row.date.isoformat(), meeting.date.isoformat()))
        if row.city and meeting.city and row.city != meeting.city:
            found.append(Disagreement(meeting.slug, "city", row.city, meeting.city))
        reported = set(
            session.scalars(
                select(Minister.slug)
                .join(Participation, Participation.minister_id == Minister.id)
                .where(Participation.meeting_id == meeting.id)
            )
        )
        if reported and row.participants and set(row.participants) != reported:
            found.append(
                Disagreement(
                    meeting.slug,
                    "participants",
                    ", ".join(sorted(row.participants)),
                    ", ".join(sorted(reported)),
                )
            )
    return found


def not_on_record(session: Session) -> list[tuple[Meeting, str]]:
    """Held meetings that reports describe and the record lacks, each with the line to paste
    into seeds/meetings.yaml."""
    if session.scalar(select(RecordedMeeting.id).limit(1)) is None:
        return []  # no calendar: nothing is missing from it
    linked = select(RecordedMeeting.meeting_id).where(RecordedMeeting.meeting_id.is_not(None))
    missing = session.scalars(
        select(Meeting).where(Meeting.status == "held", Meeting.id.not_in(linked)).order_by(Meeting.date)
    ).all()
    present: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(missing), BOUND_IDS):
        ids = [m.id for m in missing[start : start + BOUND_IDS]]
        for meeting_id, slug in session.execute(
            select(Participation.meeting_id, Minister.slug)
            .join(Minister, Minister.id == Participation.minister_id)
            .where(Participation.meeting_id.in_(ids))
        ):
            present[meeting_id].add(slug)
    lines = []
    for meeting in missing:
        people = sorted(present[meeting.id])
        day = meeting.date.isoformat() if meeting.date_precision == "day" else meeting.date.strftime("%Y-%m")
        line = (
            f"- {{kind: {meeting.kind}, edition: {meeting.edition or 'null'}, date: {day}, "
            f"city: {meeting.city or 'null'}, format: {meeting.format or 'in-person'}, "
            f"participants: [{', '.join(people)}], sources: [URL]}}"
        )
        lines.append((meeting, line))
    return lines
