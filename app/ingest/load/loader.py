"""The loader: writes an ingest run's articles a batch at a time, and re-derives the meetings they touch.

`Loader` keeps the meetings and people it has read in memory for a whole ingest run, matches
each article's meetings against them there (by the rules of `meetings`), and writes a batch of
articles with a handful of multi-row statements (`articles`, `bulk`). It holds the statements of
the meetings it touched too, to group the ones that several outlets carry (`echoes`) without
reading them back after every batch. What it holds is checked against the data version before
every batch, so a write by anyone else makes it read afresh; the caller owns the transaction.
"""

from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.ingest.errors import IngestError
from app.ingest.extract.kinds import MeetingDraft
from app.ingest.load.accept import Replaced, accept
from app.ingest.load.articles import ARTICLE_COLUMNS, article_rows, unindex_sources, write_sources
from app.ingest.load.bulk import insert_plain, insert_rows, insert_with_ids, update_by_id
from app.ingest.load.echoes import Carried, read_carried, regroup_echoes
from app.ingest.load.meetings import (
    FACT_COLUMNS,
    REPORT_COLUMNS,
    SAME_MEETING_DAYS,
    MeetingFacts,
    Report,
    derive_meeting,
    filed_report,
    match_rank,
    slug_candidates,
)
from app.ingest.load.people import Person, read_people, write_people
from app.ingest.load.reference import ReferenceIds
from app.ingest.prepare import Extraction, PersonRecord
from app.ingest.summaries import refresh_meeting_summaries, refresh_minister_counts
from app.models import (
    DataVersion,
    Meeting,
    MeetingReport,
    MeetingSlugAlias,
    Mention,
    Minister,
    Participation,
    Source,
    Statement,
)

HELD_STATEMENTS = 100_000  # statements an ingest run holds for grouping (some 40 MB), at most


def bump_data_version(session: Session) -> int:
    """Tell the web servers that what they cached is stale, with the archive's new totals; the
    new version."""
    said_once = select(func.count()).select_from(Statement).where(Statement.echo_of.is_(None))
    session.execute(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(
            version=DataVersion.version + 1,
            changed_at=func.now(),
            statement_count=said_once.scalar_subquery(),
        )
    )
    return session.scalar(select(DataVersion.version)) or 0


@dataclass(eq=False)
class _Meeting:
    """A meeting as the loader holds it: read from the database, or new in this batch."""

    id: int | None  # None until it is written
    order: tuple[int, int]  # how its id will sort: stored ones first, then new ones as created
    slug: str
    facts: MeetingFacts
    reports: list[Report]
    stored_slug: str | None = None
    stored_facts: MeetingFacts | None = None
    stored_corrections: bool = False  # facts set by hand, until the meeting is recomputed
    deleted: bool = False


@dataclass
class _Batch:
    """What one batch changes, gathered while its articles are matched in memory."""

    touched: list[_Meeting] = field(default_factory=list)  # every meeting whose reports changed
    people: list[Person] = field(default_factory=list)  # new or changed people
    reports: list[tuple[_Meeting, int, MeetingDraft]] = field(default_factory=list)
    subjects: dict[int, _Meeting] = field(default_factory=dict)  # source id -> the meeting it reports
    named_before: set[int] = field(default_factory=set)  # people the replaced versions named
    counted_before: set[int] = field(default_factory=set)  # ... whose counts they were part of


class Loader:
    """Writes batches of articles for one ingest run; the caller owns the transaction.

    Each article is matched in memory exactly as if it were loaded on its own, in order, and the
    batch is then written with a few multi-row statements.
    """

    def __init__(self, ids: ReferenceIds) -> None:
        self.ids = ids
        self.forget()

    def forget(self) -> None:
        """Drop what is held in memory; the next batch reads it again (after a rollback, say)."""
        self.version: int | None = None  # the data version that what is held reflects
        self.meetings: dict[int, _Meeting] = {}  # stored meetings held, by id
        self.by_year: dict[tuple[str, int], list[_Meeting]] = defaultdict(list)  # (kind, year)
        self.years: set[int] = set()  # years whose stored meetings are all held
        self.slugs: dict[str, _Meeting | None] = {}  # every meeting's slug; None: not held
        self.people: dict[str, Person] = {}
        self.created = 0
        # The statements of the meetings the run has touched, as corroboration compares them.
        # The least recently touched meeting first; meetings beyond HELD_STATEMENTS are let go.
        self.carried: OrderedDict[int, list[Carried]] = OrderedDict()
        # How many of a held meeting's statements (the first ones) this run has grouped.
        self.settled: dict[int, int] = {}
        # Meetings let go for room whose stored statements are as this run grouped them: read
        # again, they are settled, not grouped afresh (all of a giant meeting's, on every touch).
        self.stored_as_grouped: set[int] = set()

    def load(self, session: Session, extractions: Sequence[Extraction]) -> list[IngestError]:
        """Write a batch of articles in the session's transaction and bump the data version.

        Returns the articles refused (the same article filed twice); the rest are written. Any
        other error leaves the transaction to be rolled back, and `forget` to be called.
        """
        self._start(session)
        refused, accepted, replaced = accept(session, extractions)
        batch = _Batch()
        if replaced:
            self._unload(session, replaced, batch)
        source_ids, source_slugs = write_sources(session, accepted)
        years = {d.date.year + n for x in accepted for d in x.meetings for n in (-1, 0, 1)}
        self._hold_years(session, years)
        for extraction, source_id in zip(accepted, source_ids, strict=True):
            self._match_article(batch, extraction, source_id, replaced.get(extraction.file))
        self._write_meetings(session, batch)
        write_people(session, list(dict.fromkeys(batch.people)))
        echoes = self._group_echoes(session, batch, accepted, source_ids, source_slugs)
        self._write_rows(session, accepted, list(zip(source_ids, source_slugs, strict=True)), batch, echoes)
        self._forget_unused_people(session, batch.named_before)
        touched = {m.id for m in (*batch.touched, *batch.subjects.values()) if m.id is not None}
        refresh_meeting_summaries(session, touched | {m for r in replaced.values() for m in r.meetings})
        named = {self.people[p.slug].id for x in accepted for p in x.people}
        refresh_minister_counts(session, {i for i in named if i is not None} | batch.counted_before)
        self.version = bump_data_version(session)
        return refused

    # - reading ---------------------------------------------------------------------------------

    def _start(self, session: Session) -> None:
        """Read afresh if anyone else wrote since the last batch."""
        version = session.scalar(select(DataVersion.version))
        if version is not None and version == self.version:
            return
        self.forget()
        self.slugs = dict.fromkeys(session.scalars(select(Meeting.slug)))
        self.people = read_people(session)

    def _hold_years(self, session: Session, years: set[int]) -> None:
        """Hold the stored meetings of these years, with their reports, unless already held."""
        missing = sorted(years - self.years)
        if not missing:
            return
        first, last = missing[0], missing[-1]
        self.years.update(range(first, last + 1))
        rows = session.execute(
            select(Meeting.id, Meeting.slug, Meeting.corrected, *FACT_COLUMNS).where(
                Meeting.date.between(date(first, 1, 1), date(last, 12, 31))
            )
        ).all()
        wanted = [row for row in rows if row[0] not in self.meetings]
        reports: dict[int, list[Report]] = defaultdict(list)
        for start in range(0, len(wanted), 5000):
            ids = [row[0] for row in wanted[start : start + 5000]]
            for meeting_id, *values in session.execute(
                select(MeetingReport.meeting_id, *REPORT_COLUMNS).where(MeetingReport.meeting_id.in_(ids))
            ):
                reports[meeting_id].append(Report(*values))
        for meeting_id, slug, corrected, *facts in wanted:
            stored = MeetingFacts(*facts)
            meeting = _Meeting(
                meeting_id, (0, meeting_id), slug, stored, reports[meeting_id], slug, stored, bool(corrected)
            )
            self.meetings[meeting_id] = meeting
            self.slugs[slug] = meeting
            self.by_year[stored.kind, stored.date.year].append(meeting)

    def _unload(self, session: Session, replaced: dict[str, Replaced], batch: _Batch) -> None:
        """Delete the stored versions of changed files; their meetings are recomputed later."""
        old = [r.source_id for r in replaced.values()]
        batch.named_before = set(
            session.scalars(select(Mention.minister_id).where(Mention.source_id.in_(old)))
        )
        batch.counted_before = set(
            session.scalars(
                select(Participation.minister_id)
                .where(Participation.source_id.in_(old))
                .union(
                    select(Statement.minister_id).where(
                        Statement.source_id.in_(old), Statement.minister_id.is_not(None)
                    )
                )
            )
        )
        reported = {m for r in replaced.values() for m in r.meetings}
        for meeting_id in reported:  # their statements are read again, without the old versions'
            self._let_go(meeting_id)
        meetings = reported - self.meetings.keys()
        if meetings:
            dates = session.scalars(select(Meeting.date).where(Meeting.id.in_(meetings)))
            self._hold_years(session, {d.year for d in dates})
        unindex_sources(session, old)
        session.execute(delete(Source).where(Source.id.in_(old)))

    # - matching in memory ----------------------------------------------------------------------

    def _match_article(
        self, batch: _Batch, extraction: Extraction, source_id: int, replaced: Replaced | None
    ) -> None:
        """Match one article's meetings in memory, as if it were loaded on its own."""
        before = [self.meetings[m] for m in replaced.meetings] if replaced else []
        withdrawn = replaced.source_id if replaced else None
        for meeting in before:  # the file's old version withdraws its word
            meeting.reports = [r for r in meeting.reports if r.source_id != withdrawn]
        own: list[_Meeting] = []
        for draft in extraction.meetings:
            meeting = self._match(draft) or self._new_meeting(draft)
            if meeting in own:
                continue
            meeting.reports.append(filed_report(source_id, draft))
            batch.reports.append((meeting, source_id, draft))
            own.append(meeting)
            self._refresh(meeting)
        if own:
            batch.subjects[source_id] = own[0]
        for meeting in before:
            if meeting not in own:
                self._refresh(meeting)
        batch.touched += own + before
        for person in extraction.people:
            self._person(batch, person)

    def _match(self, draft: MeetingDraft) -> _Meeting | None:
        """The meeting a draft reports: the best fit, then the earliest by date, then by id."""
        years = {draft.date.year}
        if draft.date_precision == "day":  # two days either side may fall in another year
            span = timedelta(days=SAME_MEETING_DAYS)
            years |= {(draft.date - span).year, (draft.date + span).year}
        fits = [
            (rank, meeting.facts.date, meeting.order, meeting)
            for year in years
            for meeting in self.by_year.get((draft.kind, year), ())
            if (rank := match_rank(meeting.facts, draft)) is not None
        ]
        if draft.date_precision == "day":
            return min(fits, key=lambda fit: fit[:3])[3] if fits else None
        return fits[0][3] if len(fits) == 1 else None

    def _new_meeting(self, draft: MeetingDraft) -> _Meeting:
        self.created += 1
        facts = derive_meeting([filed_report(0, draft)])
        meeting = _Meeting(None, (1, self.created), "", facts, [])
        self.by_year[facts.kind, facts.date.year].append(meeting)
        return meeting

    def _refresh(self, meeting: _Meeting) -> None:
        """Recompute a meeting from its reports and give it the slug they imply, or drop it."""
        if meeting.deleted:
            return
        self.by_year[meeting.facts.kind, meeting.facts.date.year].remove(meeting)
        self.slugs.pop(meeting.slug, None)
        if not meeting.reports:
            meeting.deleted = True
            return
        meeting.facts = derive_meeting(meeting.reports)
        self.by_year[meeting.facts.kind, meeting.facts.date.year].append(meeting)
        meeting.slug = next(s for s in slug_candidates(meeting.facts) if s not in self.slugs)
        self.slugs[meeting.slug] = meeting

    def _person(self, batch: _Batch, record: PersonRecord) -> None:
        person = self.people.get(record.slug)
        if person is None:
            person = Person(None, record.slug, record.name, record.country, record.portfolio, False)
            self.people[record.slug] = person
            batch.people.append(person)
        elif not person.in_dictionary:
            # A person the dictionary lacks keeps one deterministic spelling, whatever the order.
            person.name = min(person.name, record.name)
            person.country = person.country or record.country
            person.portfolio = person.portfolio or record.portfolio
            batch.people.append(person)

    # - writing ---------------------------------------------------------------------------------

    def _write_meetings(self, session: Session, batch: _Batch) -> None:
        """Delete, rename, insert and update the meetings the batch touched, then its reports."""
        touched = list(dict.fromkeys(batch.touched))
        stored = [m for m in touched if m.id is not None]
        gone = [m.id for m in stored if m.id is not None and m.deleted]
        if gone:
            session.execute(delete(Meeting).where(Meeting.id.in_(gone)))
        for meeting_id in gone:  # before the inserts: SQLite may give a new meeting a deleted one's id
            self.meetings.pop(meeting_id, None)
            self._let_go(meeting_id)
        stored = [m for m in stored if not m.deleted]
        moved = [m for m in stored if m.slug != m.stored_slug]
        if moved:  # out of each other's way first: two meetings may trade slugs
            update_by_id(session, Meeting, [{"id": m.id, "slug": f"pending-{m.id}"} for m in moved])
        new = [m for m in touched if m.id is None and not m.deleted]
        if new:
            ids = insert_with_ids(
                session, Meeting, [{"slug": m.slug, "corrected": [], **vars(m.facts)} for m in new]
            )
            for meeting, meeting_id in zip(new, ids, strict=True):
                meeting.id, meeting.order = meeting_id, (0, meeting_id)
                self.carried[meeting_id] = []  # nothing stored yet to compare with
        changed = [
            m for m in stored if m.slug != m.stored_slug or m.facts != m.stored_facts or m.stored_corrections
        ]
        if changed:
            update_by_id(
                session,
                Meeting,
                [{"id": m.id, "slug": m.slug, "corrected": [], **vars(m.facts)} for m in changed],
            )
        # Old slugs keep redirecting; a slug a meeting now holds stops being anyone's alias.
        aliases = {
            m.stored_slug: m.id
            for m in moved
            if m.stored_slug and not m.stored_slug.startswith("pending-") and m.stored_slug not in self.slugs
        }
        claimed = [m.slug for m in moved + new]
        if aliases or claimed:
            session.execute(delete(MeetingSlugAlias).where(MeetingSlugAlias.slug.in_([*aliases, *claimed])))
        if aliases:
            insert_rows(session, MeetingSlugAlias, [{"slug": s, "meeting_id": i} for s, i in aliases.items()])
        for meeting in touched:
            if meeting.deleted:
                continue
            assert meeting.id is not None
            self.meetings[meeting.id] = meeting
            meeting.stored_slug, meeting.stored_facts, meeting.stored_corrections = (
                meeting.slug,
                meeting.facts,
                False,
            )
        if batch.reports:
            insert_rows(
                session,
                MeetingReport,
                [
                    {"meeting_id": meeting.id, "source_id": source_id, **vars(draft)}
                    for meeting, source_id, draft in batch.reports
                ],
            )

    def _write_rows(
        self,
        session: Session,
        accepted: list[Extraction],
        sources: list[tuple[int, str]],
        batch: _Batch,
        echoes: dict[str, str | None],
    ) -> None:
        """Every article's mentions, participations, statements (with the statement each one
        repeats), topics and countries, and its full-text rows; `sources`: their ids and slugs."""
        tables: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for extraction, source in zip(accepted, sources, strict=True):
            subject = batch.subjects.get(source[0])
            people = {p.slug: self.people[p.slug].id for p in extraction.people}
            rows = article_rows(self.ids, extraction, source, subject.id if subject else None, people, echoes)
            for table, values in rows.items():
                tables[table] += values
        for table, columns in ARTICLE_COLUMNS.items():
            insert_plain(session, table, columns, tables[table])

    def _group_echoes(
        self,
        session: Session,
        batch: _Batch,
        accepted: list[Extraction],
        source_ids: list[int],
        source_slugs: list[str],
    ) -> dict[str, str | None]:
        """Regroup the echoes of every meeting the batch touched, before its statements are written.

        Returns which statement each new statement repeats; a stored statement whose group
        changed is updated here. The statements compared are held for the whole run: a meeting's
        stored ones are read the first time a batch touches it (a meeting new in this run has
        none), and each batch adds its own.
        """
        touched = {m.id for m in batch.touched if m.id is not None and not m.deleted}
        read = read_carried(session, sorted(touched - self.carried.keys()))
        self.carried.update(read)
        for meeting_id in read.keys() & self.stored_as_grouped:
            self.settled[meeting_id] = len(read[meeting_id])
        new: set[str] = set()
        for extraction, source_id, slug in zip(accepted, source_ids, source_slugs, strict=True):
            subject = batch.subjects.get(source_id)
            if subject is None:
                continue
            assert subject.id is not None  # written by now
            held = self.carried[subject.id]
            for position, r in enumerate(extraction.statements):
                if r.kind != "context":
                    held.append(
                        Carried.of(r.id, source_id, r.kind, r.text, position, extraction.published, slug)
                    )
                    new.add(r.id)
        echoes: dict[str, str | None] = {}
        changed = []
        for meeting_id in sorted(touched):
            self.carried.move_to_end(meeting_id)
            statements = self.carried[meeting_id]
            # Statements read from the database are grouped afresh once a run: what is stored
            # may have lost statements since, with the articles replaced.
            grouped = regroup_echoes(statements, self.settled.get(meeting_id, 0))
            self.settled[meeting_id] = len(statements)
            for statement in statements:
                if statement.id in new:
                    echoes[statement.id] = statement.echo_of = grouped[statement.id]
                elif statement.echo_of != grouped[statement.id]:
                    statement.echo_of = grouped[statement.id]
                    changed.append({"id": statement.id, "echo_of": statement.echo_of})
        if changed:
            update_by_id(session, Statement, changed)
        count = sum(map(len, self.carried.values()))
        while count > HELD_STATEMENTS and len(self.carried) > len(touched):
            meeting_id, statements = self.carried.popitem(last=False)  # read again if touched again
            self._let_go(meeting_id)
            self.stored_as_grouped.add(meeting_id)
            count -= len(statements)
        return echoes

    def _let_go(self, meeting_id: int) -> None:
        """Stop holding a meeting's statements; a batch that touches it again reads them."""
        self.carried.pop(meeting_id, None)
        self.settled.pop(meeting_id, None)
        self.stored_as_grouped.discard(meeting_id)

    def _forget_unused_people(self, session: Session, people: set[int]) -> None:
        """People outside the dictionary exist only while some source still names them."""
        if people:
            named = select(Mention.minister_id).where(Mention.minister_id.in_(people))
            forgotten = session.scalars(
                delete(Minister)
                .where(Minister.id.in_(people), Minister.in_dictionary.is_(False), Minister.id.not_in(named))
                .returning(Minister.slug)
            )
            for slug in forgotten:
                self.people.pop(slug, None)
