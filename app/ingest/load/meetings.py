"""A meeting's facts, derived from the reports its sources file, and which stored meeting a report fits.

A meeting's facts are never written directly: each source files a report (kind, date, city...)
and the meeting is recomputed from all its reports by fixed rules (`derive_meeting`), so the
result is the same whichever order the files arrive in, and removing a source withdraws exactly
its word. Its slug follows from its facts (`slug_candidates`); `match_rank` says whether a new
report is about a meeting already known. `refresh_meeting` and `reslug_meeting` do the same for a
stored meeting through the session, for the hand corrections.
"""

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.ingest import confidence
from app.ingest.extract.kinds import MeetingDraft
from app.ingest.text import slugify
from app.models import Meeting, MeetingReport, MeetingSlugAlias

# Lower is better: how much each rule is trusted to give a meeting's date or city.
DATE_RULE_RANK = {
    "explicit-date": 0,
    "iso-date": 0,
    "weekday-before-publication": 1,
    "today-publication": 2,
    "yesterday-publication": 2,
    "mentioned-month": 3,
    "mentioned-year": 4,
    "publication-date-fallback": 5,
    "calendar": 3,  # a day the text does not give ranks below any the text gives
    "same-day-as-lead": 2,
}
# The venue a report names outranks the place its copy was filed from.
CITY_RULE_RANK = {
    "in-city": 0,
    "here-dateline": 0,
    "capital-phrase": 1,
    "calendar": 1,
    "dateline": 2,
    "mentioned": 3,
    "same-as-lead": 3,
    "visiting-side": 4,
    "here-outlet-home": 5,
}
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
SAME_MEETING_DAYS = 2


@dataclass(frozen=True)
class Report:
    """What one source says about one meeting, as the rules read it."""

    source_id: int
    role: str
    kind: str
    kind_rule: str
    edition: int | None
    date: date
    date_precision: str
    date_rule: str
    status: str
    city: str | None
    city_rule: str | None
    format: str | None = None


REPORT_COLUMNS = tuple(getattr(MeetingReport, f.name) for f in fields(Report))
REPORTED = tuple(f.name for f in fields(Report))[1:]  # what a draft says; the source is the loader's


@dataclass(frozen=True)
class MeetingFacts:
    """The facts a meeting shows, each with the rule that gave it and how far it is trusted."""

    kind: str
    kind_rule: str
    kind_confidence: float
    status: str
    date: date
    date_precision: str
    date_rule: str
    date_confidence: float
    edition: int | None
    city: str | None
    city_rule: str | None
    city_confidence: float
    format: str | None = None


FACT_COLUMNS = tuple(getattr(Meeting, f.name) for f in fields(MeetingFacts))


T = TypeVar("T")


def _most_common(counts: Counter[T]) -> T:
    """The value reported most often; ties go to the smallest, so order never matters."""
    return sorted(counts, key=lambda value: (-counts[value], value))[0]


def derive_meeting(reports: Sequence[Report]) -> MeetingFacts:
    """A meeting's facts from its reports, by fixed rules: the articles reporting the meeting
    itself decide its kind; the most precise, most trusted date and city win, then the most
    reported."""
    subject = [r for r in reports if r.role == "subject"] or list(reports)
    kind = _most_common(Counter(r.kind for r in subject))
    kind_rule = min(
        (r.kind_rule for r in subject if r.kind == kind),
        key=lambda rule: -confidence.of(confidence.KIND, rule),
    )
    statuses = {r.status for r in reports}

    def date_rank(r: Report) -> tuple[int, int, bool]:
        return (PRECISION_RANK[r.date_precision], DATE_RULE_RANK.get(r.date_rule, 9), r.role != "subject")

    best = min(date_rank(r) for r in reports)
    day, precision, date_rule = _most_common(
        Counter((r.date, r.date_precision, r.date_rule) for r in reports if date_rank(r) == best)
    )
    editions = Counter(r.edition for r in reports if r.edition)
    cities = [r for r in reports if r.city]
    city: str | None = None
    city_rule: str | None = None
    if cities:
        top = min(CITY_RULE_RANK.get(r.city_rule or "", 9) for r in cities)
        city, city_rule = _most_common(
            Counter((r.city, r.city_rule) for r in cities if CITY_RULE_RANK.get(r.city_rule or "", 9) == top)
        )
    return MeetingFacts(
        kind=kind,
        kind_rule=kind_rule,
        kind_confidence=confidence.of(confidence.KIND, kind_rule),
        status=next(s for s in ("held", "planned", "referenced") if s in statuses),
        date=day,
        date_precision=precision,
        date_rule=date_rule,
        date_confidence=confidence.of(confidence.DATE, date_rule),
        edition=_most_common(editions) if editions else None,
        city=city,
        city_rule=city_rule,
        city_confidence=confidence.of(confidence.CITY, city_rule),
        # Phone or video when the reports of the meeting itself say so.
        format=_most_common(formats) if (formats := Counter(r.format for r in subject if r.format)) else None,
    )


def slug_candidates(facts: MeetingFacts) -> Iterator[str]:
    """The slugs a meeting may take, best first: its date and kind, then its city, then a number."""
    label = {
        "day": facts.date.isoformat(),
        "month": facts.date.strftime("%Y-%m"),
        "year": str(facts.date.year),
    }[facts.date_precision]
    base = f"{label}-{facts.kind}"
    # Two meetings of one kind on one date (or in one month) are told apart by city, then number.
    yield base
    if facts.city:
        yield f"{base}-{slugify(facts.city)}"
    for n in itertools.count(2):  # a big archive has hundreds of meetings known only by their year
        yield f"{base}-{n}"


def refresh_meeting(session: Session, meeting: Meeting) -> None:
    """Recompute a stored meeting from its reports; delete it when no source speaks of it any more."""
    session.flush()
    reports = [
        Report(*row)
        for row in session.execute(select(*REPORT_COLUMNS).where(MeetingReport.meeting_id == meeting.id))
    ]
    if not reports:
        session.delete(meeting)
        return
    for name, value in vars(derive_meeting(reports)).items():
        setattr(meeting, name, value)
    meeting.corrected = []
    reslug_meeting(session, meeting)


def reslug_meeting(session: Session, meeting: Meeting) -> None:
    """Give a stored meeting the slug its date and kind imply; the old slug keeps redirecting."""
    facts = MeetingFacts(**{f.name: getattr(meeting, f.name) for f in fields(MeetingFacts)})
    candidates = slug_candidates(facts)  # endless: read a hundred at a time until one is free
    slug = None
    while slug is None:
        chunk = list(itertools.islice(candidates, 100))
        taken = set(
            session.scalars(select(Meeting.slug).where(Meeting.slug.in_(chunk), Meeting.id != meeting.id))
        )
        slug = next((c for c in chunk if c not in taken), None)
    if meeting.slug == slug:
        return
    if meeting.slug and not meeting.slug.startswith("pending-"):
        session.merge(MeetingSlugAlias(slug=meeting.slug, meeting_id=meeting.id))
    session.execute(delete(MeetingSlugAlias).where(MeetingSlugAlias.slug == slug))
    meeting.slug = slug
    session.flush()


def match_rank(facts: MeetingFacts, draft: MeetingDraft) -> int | None:
    """How well a stored meeting fits what a draft reports: 0 is best, None is another meeting.

    A draft dated to the day takes a meeting of its kind within two days (unless both were held
    in different cities), else one known only to the same month, else an unheld one known only
    to the same year. A draft dated to a month or a year fits every meeting of its kind in that
    period; it is matched only when there is just one.
    """
    if facts.kind != draft.kind:
        return None
    same_year = facts.date.year == draft.date.year
    same_month = same_year and facts.date.month == draft.date.month
    if draft.date_precision == "day":
        if facts.date_precision == "day":
            near = abs((facts.date - draft.date).days) <= SAME_MEETING_DAYS
            elsewhere = facts.city and draft.city and facts.city != draft.city
            return 0 if near and not (elsewhere and facts.status == draft.status == "held") else None
        if facts.date_precision == "month":
            return 1 if same_month else None
        return 2 if same_year and facts.status != "held" else None
    return 0 if (same_month if draft.date_precision == "month" else same_year) else None


def filed_report(source_id: int, draft: MeetingDraft) -> Report:
    """The report a draft files: the draft's own facts, without its evidence offsets."""
    return Report(source_id, *(getattr(draft, name) for name in REPORTED))
