"""/review: what most needs a human look, least sure first, each with the line that corrects it."""

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import urls
from app.models import Meeting, Minister, Participation, Rejection, Source, Statement
from app.queries.views import meeting_title


@dataclass(frozen=True)
class ReviewItem:
    """Something that most needs a human look, with the line that would correct it."""

    confidence: float
    kind: str
    title: str
    context: str
    correction: str
    url: str


def _context(body: str, start: int, end: int, paragraph: tuple[int, int]) -> str:
    """The sentence in its paragraph, with the sentence in [brackets]."""
    left, right = paragraph
    return " ".join(f"{body[left:start]}[{body[start:end]}]{body[end:right]}".split())


def review_items(session: Session, limit: int = 200) -> list[ReviewItem]:
    """Lowest confidence first: guessed dates, unsure speakers, unknown people, rejected files."""
    items: list[ReviewItem] = []
    for meeting in session.scalars(select(Meeting).where(Meeting.date_confidence < 0.5)):
        items.append(
            ReviewItem(
                meeting.date_confidence,
                "meeting date",
                f"{meeting_title(meeting.kind, meeting.edition)}: date taken from the publication date",
                f"dated {meeting.date.isoformat()} by rule {meeting.date_rule}",
                f"- set_meeting: {{meeting: {meeting.slug}, date: {meeting.date.isoformat()}}}",
                urls.meeting(meeting.slug),
            )
        )
    unsure = session.execute(
        select(Statement, Source, Minister.slug)
        .join(Source, Source.id == Statement.source_id)
        .outerjoin(Minister, Minister.id == Statement.minister_id)
        .where(
            Statement.speaker_rule.like("unresolved%") | Statement.speaker_rule.like("pronoun%"),
            Statement.kind != "context",
        )
        .order_by(Statement.speaker_confidence, Source.slug, Statement.position)
    ).all()
    participants: dict[int | None, list[str]] = defaultdict(list)
    for meeting_id, slug in session.execute(
        select(Participation.meeting_id, Minister.slug)
        .join(Minister, Minister.id == Participation.minister_id)
        .distinct()
        .order_by(Minister.slug)
    ):
        participants[meeting_id].append(slug)
    for statement, source, minister_slug in unsure:
        paragraph = tuple(source.paragraphs[statement.paragraph - 1])
        candidate = minister_slug
        if statement.speaker_type == "minister" and candidate is None:
            candidate = next(iter(participants[statement.meeting_id]), None)
        if candidate:
            line = f"- set_speaker: {{statement: {statement.id}, minister: {candidate}}}"
        elif statement.speaker_type != "minister":
            line = f"- set_speaker: {{statement: {statement.id}, type: {statement.speaker_type}}}"
        else:
            line = f"- set_speaker: {{statement: {statement.id}, type: officials}}"
        others = [s for s in participants[statement.meeting_id] if s != candidate]
        if others:
            line += f"  # or: {', '.join(others)}"
        items.append(
            ReviewItem(
                statement.speaker_confidence,
                "speaker",
                f"{statement.speaker_label} ({statement.speaker_rule.replace('-', ' ')}), "
                f"{source.outlet or source.slug}",
                _context(source.body, statement.start, statement.end, (paragraph[0], paragraph[1])),
                line,
                urls.statement(statement.id),
            )
        )
    known = dict(
        session.execute(select(Minister.slug, Minister.name).where(Minister.in_dictionary.is_(True))).all()
    )
    for person in session.scalars(
        select(Minister).where(Minister.in_dictionary.is_(False)).order_by(Minister.slug)
    ):
        close = process.extractOne(person.name, known, scorer=fuzz.token_sort_ratio)
        line = (
            f"- merge_ministers: {{from: {person.slug}, into: {close[2]}}}"
            if close and close[1] >= 60
            else f"# add {person.name} to seeds/ministers.yaml"
        )
        items.append(
            ReviewItem(
                0.6,
                "person not in dictionary",
                f"{person.name} ({person.country or 'country unknown'}, "
                f"{person.portfolio or 'portfolio unknown'})",
                "found by title in the reports; not in seeds/ministers.yaml",
                line,
                urls.minister(person.slug),
            )
        )
    for rejection in session.scalars(select(Rejection).order_by(Rejection.file)):
        items.append(
            ReviewItem(
                0.0,
                "file not loaded",
                rejection.file,
                rejection.problem,
                "# no meeting was loaded from this file: fix its text or front matter, or remove it",
                "",
            )
        )
    items.sort(key=lambda item: (item.confidence, item.kind, item.title))
    return items[:limit]
