"""Atom feeds of the meetings and of what was said on a topic, written with feedgen.

Entry ids are URNs made of meeting slugs and statement ids, which are derived from content: they
survive a re-ingest and do not depend on the order files arrive in, so a feed reader never shows
an entry twice. Links and the feed's own id are absolute, built from the address it was asked at.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import urls
from app.models import MeetingReport, Source
from app.queries import FilterSet, MeetingSummary, StatementView, TopicDetail

URN = "urn:india-japan-tracker"
SITE_NAME = "India–Japan 2+2 Dialogue Tracker"
# The `updated` of a feed with no entries: it has never changed.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TITLE_WORDS = 12
LEADING_TOPICS = 5
STATUS_NOTES = {
    "referenced": "Known only from a mention in a later report.",
    "planned": "Announced; not yet reported as held.",
}
# Characters XML 1.0 cannot carry at all, even escaped; an article could hold one (a form feed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- when entries changed (read-only queries) ---------------------------------------------------


def _utc(moment: datetime) -> datetime:
    # SQLite's CURRENT_TIMESTAMP is UTC without a zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def meeting_ingest_times(session: Session) -> dict[int, datetime]:
    """When each meeting last changed, by meeting id: the latest ingest of a source reporting it."""
    rows = session.execute(
        select(MeetingReport.meeting_id, func.max(Source.ingested_at))
        .join(Source, Source.id == MeetingReport.source_id)
        .group_by(MeetingReport.meeting_id)
    ).all()
    return {meeting_id: _utc(when) for meeting_id, when in rows if when is not None}


def source_ingest_times(session: Session) -> dict[str, datetime]:
    """When each source was ingested, by source slug."""
    rows = session.execute(select(Source.slug, Source.ingested_at)).all()
    return {slug: _utc(when) for slug, when in rows}


# --- feeds --------------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold; feedgen escapes the rest (<, &)."""
    return _NOT_XML.sub("", text)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _filtered(title: str, filters: FilterSet) -> str:
    return f"{title}, filtered by {', '.join(v for _, v in filters.pairs())}" if filters.active else title


def _feed(*, title: str, subtitle: str, site: str, page: str, feed: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(feed)
    generator.title(xml_text(title))
    if subtitle:
        generator.subtitle(xml_text(subtitle))
    generator.author({"name": SITE_NAME, "uri": f"{site}/"})
    generator.link(href=page, rel="alternate", type="text/html")
    generator.link(href=feed, rel="self", type="application/atom+xml")
    generator.language("en")
    generator.generator(SITE_NAME, uri=f"{site}/")
    return generator


def _finish(generator: FeedGenerator, updates: Iterable[datetime]) -> bytes:
    # The feed changed when its newest entry did; never "now", so the same data gives the same bytes.
    generator.updated(max(updates, default=EPOCH))
    xml: bytes = generator.atom_str(pretty=True)
    return xml


def meeting_summary(meeting: MeetingSummary) -> str:
    """A plain-text account of a meeting: when, where, who, the leading topics and the counts."""
    where = f" in {meeting.city}" if meeting.city else ""
    lines = [
        {
            "held": f"Held{where} on {meeting.date_long}.",
            "planned": f"Planned{where} for {meeting.date_long}.",
        }.get(meeting.status, f"{meeting.status.capitalize()}: {meeting.date_long}{where}.")
    ]
    if meeting.status in STATUS_NOTES:
        lines.append(STATUS_NOTES[meeting.status])
    if meeting.participants:
        lines.append("Ministers: " + ", ".join(p.name for p in meeting.participants) + ".")
    if meeting.topics:
        leading = meeting.topics[:LEADING_TOPICS]
        lines.append("Leading topics: " + ", ".join(f"{t.name} ({t.count})" for t in leading) + ".")
    if meeting.countries:
        lines.append("Countries and groups named: " + ", ".join(c.name for c in meeting.countries) + ".")
    lines.append(
        f"{_plural(meeting.statement_count, 'statement')} from {_plural(meeting.source_count, 'source')}."
    )
    return " ".join(lines)


# feedgen 1.0.0 writes only the href of an entry's links (python-feedgen issue #135), and a link
# without rel is the entry's alternate: so each entry has exactly one link, its page here.


def meetings_feed(
    meetings: Sequence[MeetingSummary],
    *,
    ingested: Mapping[int, datetime],
    site: str,
    filters: FilterSet,
) -> bytes:
    """One entry per meeting, in the order given (the timeline's: newest first).

    `ingested` holds when each meeting's newest report arrived (`meeting_ingest_times`); `site`
    is the absolute address of the tracker, without a trailing slash.
    """
    generator = _feed(
        title=_filtered(f"{SITE_NAME}: meetings", filters),
        subtitle="Meetings of the India–Japan 2+2 Foreign and Defence Ministerial Dialogue "
        "and the related ministers' meetings, newest first.",
        site=site,
        page=urls.absolute(site, urls.timeline(filters)),
        feed=urls.absolute(site, urls.meetings_feed(filters)),
    )
    updates = []
    for meeting in meetings:
        entry = generator.add_entry(order="append")
        entry.id(f"{URN}:meeting:{meeting.slug}")
        entry.title(xml_text(f"{meeting.title}, {meeting.date_label}"))
        entry.link(href=urls.absolute(site, urls.meeting(meeting.slug)), rel="alternate", type="text/html")
        entry.summary(xml_text(meeting_summary(meeting)))
        for topic in meeting.topics:
            entry.category(term=topic.slug, label=xml_text(topic.name), scheme=f"{site}/topics/")
        if meeting.status == "held":
            entry.published(_midnight(meeting.date))
        updated = ingested.get(meeting.id, _midnight(meeting.date))
        entry.updated(updated)
        updates.append(updated)
    return _finish(generator, updates)


def statement_title(statement: StatementView) -> str:
    """ "Rajnath Singh: India and Japan condemned terrorism in all its forms and…"."""
    words = statement.text.split()
    opening = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return f"{statement.speaker_name}: {opening}"


def topic_feed(detail: TopicDetail, *, ingested: Mapping[str, datetime], site: str) -> bytes:
    """One entry per statement the topic page lists, newest meeting first.

    Within a meeting the statements keep the page's reading order; statements tied to no meeting
    come last. `ingested` holds when each source arrived, by slug (`source_ingest_times`).
    """
    slug = detail.topic.slug
    generator = _feed(
        title=_filtered(f"{SITE_NAME}: {detail.topic.name}", detail.filters),
        subtitle=detail.topic.description,
        site=site,
        page=urls.absolute(site, urls.topic(slug, detail.filters)),
        feed=urls.absolute(site, urls.topic_feed(slug, detail.filters)),
    )
    groups = [g for g in reversed(detail.meetings) if g.meeting] + [
        g for g in detail.meetings if not g.meeting
    ]
    updates = []
    for group in groups:
        for statement in group.statements:
            entry = generator.add_entry(order="append")
            entry.id(f"{URN}:statement:{statement.id}")
            entry.title(xml_text(statement_title(statement)))
            entry.link(
                href=urls.absolute(site, urls.statement(statement.id)), rel="alternate", type="text/html"
            )
            entry.content(xml_text(statement.text), type="text")
            for topic in statement.topics:
                entry.category(term=topic.slug, label=xml_text(topic.name), scheme=f"{site}/topics/")
            published = _midnight(statement.source_published) if statement.source_published else None
            if published is not None:
                entry.published(published)
            updated = ingested.get(statement.source.slug, published or EPOCH)
            entry.updated(updated)
            updates.append(updated)
    return _finish(generator, updates)
