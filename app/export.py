"""The whole database as one JSON document (the export contract other tools rely on)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Meeting,
    Mention,
    Minister,
    Participation,
    Source,
    Statement,
    StatementTopic,
    Topic,
)


def date_label(meeting: Meeting) -> str:
    """A meeting's date written to its precision: YYYY-MM-DD, YYYY-MM or YYYY."""
    if meeting.date_precision == "year":
        return str(meeting.date.year)
    if meeting.date_precision == "month":
        return meeting.date.strftime("%Y-%m")
    return meeting.date.isoformat()


def export_database(session: Session) -> dict[str, Any]:
    """Meetings, ministers, statements, sources and topics, in a stable order."""
    sources = session.scalars(select(Source).order_by(Source.slug)).all()
    source_slug = {s.id: s.slug for s in sources}
    ministers = session.scalars(select(Minister).order_by(Minister.slug)).all()
    minister_slug = {m.id: m.slug for m in ministers}
    topics = session.scalars(select(Topic).order_by(Topic.slug)).all()
    topic_slug = {t.id: t.slug for t in topics}
    statement_topics: dict[str, list[str]] = {}
    for link in session.scalars(select(StatementTopic)):
        statement_topics.setdefault(link.statement_id, []).append(topic_slug[link.topic_id])
    surfaces: dict[int, set[str]] = {}
    for mention in session.scalars(select(Mention)):
        surfaces.setdefault(mention.minister_id, set()).add(" ".join(mention.surface.split()))
    statements = sorted(
        session.scalars(select(Statement)),
        key=lambda st: (source_slug[st.source_id], st.position),
    )
    meeting_topics: dict[int, set[str]] = {}
    for st in statements:
        if st.meeting_id is not None and st.kind != "context":
            meeting_topics.setdefault(st.meeting_id, set()).update(statement_topics.get(st.id, []))
    participants: dict[int, set[str]] = {}
    for taking_part in session.scalars(select(Participation)):
        participants.setdefault(taking_part.meeting_id, set()).add(minister_slug[taking_part.minister_id])
    meetings = session.scalars(select(Meeting).order_by(Meeting.date, Meeting.slug)).all()
    return {
        "meetings": [
            {
                "slug": m.slug,
                "kind": m.kind,
                "edition": m.edition,
                "date": date_label(m),
                "date_precision": m.date_precision,
                "date_rule": m.date_rule,
                "status": m.status,
                "city": m.city,
                "city_rule": m.city_rule,
                "format": m.format or "in-person",
                "participants": sorted(participants.get(m.id, set())),
                "sources": sorted(source_slug[r.source_id] for r in m.reports),
                "topics": sorted(meeting_topics.get(m.id, set())),
            }
            for m in meetings
        ],
        "ministers": [
            {
                "slug": m.slug,
                "name": m.name,
                "country": m.country,
                "portfolio": m.portfolio,
                "aliases": sorted(set(m.aliases) | (surfaces.get(m.id, set()) - {m.name})),
                "in_dictionary": m.in_dictionary,
            }
            for m in ministers
        ],
        "statements": [
            {
                "id": st.id,
                "meeting": st.meeting.slug if st.meeting else None,
                "source": source_slug[st.source_id],
                "kind": st.kind,
                "speaker": {
                    "type": st.speaker_type,
                    "minister": minister_slug.get(st.minister_id) if st.minister_id else None,
                    "label": st.speaker_label,
                    "rule": st.speaker_rule,
                },
                "text": st.text,
                "topics": sorted(statement_topics.get(st.id, [])),
                "paragraph": st.paragraph,
                "printed_number": st.printed_number,
                "start": st.start,
                "end": st.end,
            }
            for st in statements
        ],
        "sources": [
            {
                "slug": s.slug,
                "file": s.file,
                "title": s.title,
                "outlet": s.outlet,
                "published": s.published.isoformat() if s.published else None,
                "url": s.url,
                "kind": s.kind,
                "metadata_rules": dict(s.metadata_rules or {}),
            }
            for s in sources
        ],
        "topics": [{"slug": t.slug, "name": t.name} for t in topics],
    }
