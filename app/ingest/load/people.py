"""The people an ingest run knows: read once, then the new ones inserted and the changed ones updated.

The loader matches each article's people against them in memory; a person the dictionary lacks is
created by the first article that names one, and keeps one deterministic spelling whatever the
order the articles arrive in.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.load.bulk import insert_with_ids, update_by_id
from app.models import Minister


@dataclass(eq=False)
class Person:
    """A person as the loader holds it: read from the database, or new in this batch."""

    id: int | None  # None until it is written
    slug: str
    name: str
    country: str | None
    portfolio: str | None
    in_dictionary: bool
    stored: tuple[str, str | None, str | None] | None = None  # name, country, portfolio


def read_people(session: Session) -> dict[str, Person]:
    """Every person stored, by slug."""
    people = session.execute(
        select(
            Minister.id,
            Minister.slug,
            Minister.name,
            Minister.country,
            Minister.portfolio,
            Minister.in_dictionary,
        )
    )
    return {
        slug: Person(id_, slug, name, country, portfolio, in_dictionary, (name, country, portfolio))
        for id_, slug, name, country, portfolio, in_dictionary in people
    }


def write_people(session: Session, people: Sequence[Person]) -> None:
    """Insert the people new to the archive; update the spelling of those outside the dictionary."""
    new = [p for p in people if p.id is None]
    if new:
        ids = insert_with_ids(
            session,
            Minister,
            [
                {
                    "slug": p.slug,
                    "name": p.name,
                    "country": p.country,
                    "portfolio": p.portfolio,
                    "aliases": [],
                    "posts": [],
                    "in_dictionary": False,
                }
                for p in new
            ],
        )
        for person, person_id in zip(new, ids, strict=True):
            person.id, person.stored = person_id, (person.name, person.country, person.portfolio)
    changed = [p for p in people if p.stored != (p.name, p.country, p.portfolio)]
    if changed:
        update_by_id(
            session,
            Minister,
            [{"id": p.id, "name": p.name, "country": p.country, "portfolio": p.portfolio} for p in changed],
        )
        for person in changed:
            person.stored = (person.name, person.country, person.portfolio)
