"""The reference data in the database: topics, countries and the dictionary's ministers.

`sync_reference` makes the rows match the reference files (`app.ingest.reference`) at the start
of an ingest run; `reference_ids` then reads the ids that the loader writes statements' topics
and countries with.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.reference import Reference
from app.models import Country, Minister, Topic


@dataclass(frozen=True)
class ReferenceIds:
    """Topic and country ids by slug: read once per ingest run, after the reference is synced."""

    topics: dict[str, int]
    countries: dict[str, int]


def reference_ids(session: Session) -> ReferenceIds:
    """The ids the reference data has in the database now."""
    return ReferenceIds(
        dict(session.execute(select(Topic.slug, Topic.id)).all()),
        dict(session.execute(select(Country.slug, Country.id)).all()),
    )


def sync_reference(session: Session, reference: Reference) -> None:
    """Make the topics and dictionary ministers in the database match the reference files."""
    topics = {t.slug: t for t in session.scalars(select(Topic))}
    for rule in reference.topics:
        topic = topics.pop(rule.slug, None) or Topic(slug=rule.slug)
        topic.name, topic.description = rule.name, rule.description
        session.add(topic)
    for stale in topics.values():
        session.delete(stale)
    countries = {c.slug: c for c in session.scalars(select(Country))}
    for party in reference.parties:
        country = countries.pop(party.slug, None) or Country(slug=party.slug)
        country.name, country.kind = party.name, party.kind
        session.add(country)
    for stale_country in countries.values():
        session.delete(stale_country)
    ministers = {m.slug: m for m in session.scalars(select(Minister))}
    for person in reference.people:
        minister = ministers.get(person.slug) or Minister(slug=person.slug)
        minister.name = person.name
        minister.country = person.country
        minister.portfolio = person.portfolio_on(None)
        minister.tenure_start = person.tenure_start
        minister.tenure_end = person.tenure_end
        minister.aliases = list(person.aliases)
        minister.posts = [
            {"portfolio": p.portfolio, "from": _iso(p.start), "to": _iso(p.end)} for p in person.posts
        ]
        minister.in_dictionary = True
        session.add(minister)
    known = {p.slug for p in reference.people}
    for slug, minister in ministers.items():
        if minister.in_dictionary and slug not in known:
            minister.in_dictionary = False
    session.flush()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
