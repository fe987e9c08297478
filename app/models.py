"""The typed ORM models: sources, meetings, ministers, statements, topics and their links.

Every fact points back to the source article it came from, so deleting a source (a changed or
removed file) removes exactly the facts it contributed.
"""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """One news article, its body kept verbatim; statement offsets point into `body`."""

    __tablename__ = "sources"
    # The archive's order (lists of statements read sources by publication, then their statements).
    __table_args__ = (Index("ix_sources_archive_order", "published", "slug", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    file: Mapped[str] = mapped_column(String(500), unique=True)
    # sha256 of the body (finds the same article filed twice) and of the file together with the
    # reference data and extractor version (finds files that need no new extraction).
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[date | None] = mapped_column(Date)
    published_rule: Mapped[str] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(2000))
    # "report" (a press report) or "official" (a joint statement or a ministry's release).
    kind: Mapped[str] = mapped_column(String(20), default="report", server_default="report")
    # {"title": rule, "outlet": rule, "url": rule}: what found each ("front-matter", "html-jsonld", ...).
    metadata_rules: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default=text("'{}'"))
    body: Mapped[str] = mapped_column(Text)
    # [[start, end], ...] of the kept paragraphs, numbered from 1 in order.
    paragraphs: Mapped[list[Any]] = mapped_column(default=list)
    # [{"reason", "start", "end"}, ...] of what the cleaner dropped.
    removed: Mapped[list[Any]] = mapped_column(default=list)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    statements: Mapped[list["Statement"]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )
    reports: Mapped[list["MeetingReport"]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True
    )


class Meeting(Base):
    """A meeting of the dialogue, merged from every source that reports or mentions it."""

    __tablename__ = "meetings"
    # The meetings with statements by date, from the index alone (a topic's chart counts them).
    __table_args__ = (
        Index("ix_meetings_statement_count_date", "statement_count", "date"),
        # A meeting page's neighbours (before, after, the last earlier one of its kind): one step each.
        Index("ix_meetings_kind_date", "kind", "date", "slug"),
        Index("ix_meetings_date_slug", "date", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    edition: Mapped[int | None]
    # First day of the period the date names; `date_precision` says how much of it is known.
    date: Mapped[date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(10))
    date_rule: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), index=True)
    city: Mapped[str | None] = mapped_column(String(100))
    city_rule: Mapped[str | None] = mapped_column(String(60))
    kind_rule: Mapped[str] = mapped_column(String(60), default="kind-phrase")
    format: Mapped[str | None] = mapped_column(String(20))  # "phone" or "virtual"; None: in person
    # How far each fact can be trusted, from the rule that produced it (0 to 1).
    date_confidence: Mapped[float] = mapped_column(default=0.5)
    city_confidence: Mapped[float] = mapped_column(default=0.5)
    kind_confidence: Mapped[float] = mapped_column(default=0.5)
    # Facts an analyst set by hand in seeds/corrections.yaml ("city", "date", ...).
    corrected: Mapped[list[Any]] = mapped_column(default=list)
    # Kept by ingestion (app.ingest.summaries) in the article's transaction: statements said at
    # the meeting (each once, context aside) and the sources that report or mention it.
    statement_count: Mapped[int] = mapped_column(default=0, server_default="0")
    source_count: Mapped[int] = mapped_column(default=0, server_default="0")

    reports: Mapped[list["MeetingReport"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    statements: Mapped[list["Statement"]] = relationship(back_populates="meeting")
    participations: Mapped[list["Participation"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )


class MeetingReport(Base):
    """What one source says about one meeting; the meeting's facts are derived from these."""

    __tablename__ = "meeting_reports"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20))  # "subject" or "mention"
    kind: Mapped[str] = mapped_column(String(40))
    edition: Mapped[int | None]
    date: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))
    date_rule: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    city_rule: Mapped[str | None] = mapped_column(String(60))
    kind_rule: Mapped[str] = mapped_column(String(60), default="kind-phrase")
    format: Mapped[str | None] = mapped_column(String(20))  # "phone" or "virtual"
    evidence_start: Mapped[int]
    evidence_end: Mapped[int]

    meeting: Mapped[Meeting] = relationship(back_populates="reports")
    source: Mapped[Source] = relationship(back_populates="reports")


class MeetingSlugAlias(Base):
    """A slug a meeting once had, kept so that links pasted into briefs still resolve."""

    __tablename__ = "meeting_slug_aliases"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))


class MinisterSlugAlias(Base):
    """A slug a person had before two spellings were merged by hand; it redirects."""

    __tablename__ = "minister_slug_aliases"

    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    minister_id: Mapped[int] = mapped_column(ForeignKey("ministers.id", ondelete="CASCADE"))


class Minister(Base):
    """A person the articles name: a minister, or a leader mentioned in passing."""

    __tablename__ = "ministers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(60))
    portfolio: Mapped[str | None] = mapped_column(String(60))
    tenure_start: Mapped[date | None] = mapped_column(Date)
    tenure_end: Mapped[date | None] = mapped_column(Date)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    # [{"portfolio", "from", "to"}, ...] from the actor dictionary.
    posts: Mapped[list[Any]] = mapped_column(default=list)
    in_dictionary: Mapped[bool] = mapped_column(default=False)
    # Kept by ingestion (app/ingest/summaries.py): the meetings they took part in, and their
    # statements, however many outlets carried each.
    meeting_count: Mapped[int] = mapped_column(server_default="0")
    statement_count: Mapped[int] = mapped_column(server_default="0")

    participations: Mapped[list["Participation"]] = relationship(
        back_populates="minister", cascade="all, delete-orphan", passive_deletes=True
    )


class Participation(Base):
    """One source's word that a minister took part in a meeting."""

    __tablename__ = "participations"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    minister_id: Mapped[int] = mapped_column(ForeignKey("ministers.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(60), default="dictionary")
    confidence: Mapped[float] = mapped_column(default=0.5)

    meeting: Mapped[Meeting] = relationship(back_populates="participations")
    minister: Mapped[Minister] = relationship(back_populates="participations")

    # A minister's meetings, and the minister facet's counts, without reading every meeting.
    __table_args__ = (Index("ix_participations_minister_meeting", "minister_id", "meeting_id"),)


class Mention(Base):
    """A place where a source names a person, and the surface form it used."""

    __tablename__ = "mentions"
    # A person's spellings, read a spelling at a time (a minister's page).
    __table_args__ = (Index("ix_mentions_minister_surface", "minister_id", "surface"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    minister_id: Mapped[int] = mapped_column(ForeignKey("ministers.id", ondelete="CASCADE"))
    surface: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(60))
    start: Mapped[int]
    end: Mapped[int]


class Topic(Base):
    """A subject from the taxonomy in seeds/topics.yaml."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")


class StatementTopic(Base):
    """A topic a statement touches, and the words that signalled it."""

    __tablename__ = "statement_topics"

    statement_id: Mapped[str] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    matched: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(default=0.5)
    corrected: Mapped[bool] = mapped_column(default=False)


class Country(Base):
    """A country or group other than India and Japan, from seeds/countries.yaml."""

    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))


class StatementCountry(Base):
    """A country or group a statement names, and the words that named it."""

    __tablename__ = "statement_countries"

    statement_id: Mapped[str] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    country_id: Mapped[int] = mapped_column(
        ForeignKey("countries.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    matched: Mapped[str] = mapped_column(String(200))


class MeetingTopic(Base):
    """How many of a meeting's statements touch a topic: each once (`statements`, context aside), and
    as carried by every outlet (`carried`, echoes too, as the topics index counts them).

    Kept by ingestion in the article's transaction (app.ingest.summaries), so that the timeline's
    facets and a meeting card's topics are read from here rather than counted over every statement.
    """

    __tablename__ = "meeting_topics"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    statements: Mapped[int]
    carried: Mapped[int]
    # The meeting's year, kept with the counts: a topic's years are read from the index alone.
    year: Mapped[int] = mapped_column(server_default="0")

    __table_args__ = (Index("ix_meeting_topics_topic_year", "topic_id", "year", "statements", "carried"),)


class MeetingCountry(Base):
    """How many of a meeting's statements name a country or group; kept like MeetingTopic."""

    __tablename__ = "meeting_countries"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    country_id: Mapped[int] = mapped_column(
        ForeignKey("countries.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    statements: Mapped[int]


class ArchiveYear(Base):
    """How many meetings of a year have statements: the years of a topic's chart. Recounted by
    ingestion with the meeting summaries, from the index on the meetings' counts."""

    __tablename__ = "archive_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    meetings: Mapped[int]


class MeetingTopicSpeaker(Base):
    """How many of a meeting's statements on a topic each speaker made (each once, context aside):
    a person on record (`minister_id`), or else a kind of speaker (`speaker_type`; '' beside a
    person). With the meeting's year, a topic page's speaker facet for some years is read from the
    index on (topic, year), not counted over the statements. Kept like MeetingTopic.
    """

    __tablename__ = "meeting_topic_speakers"
    __table_args__ = (Index("ix_meeting_topic_speakers_topic_year", "topic_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    year: Mapped[int]
    minister_id: Mapped[int | None] = mapped_column(ForeignKey("ministers.id", ondelete="CASCADE"))
    speaker_type: Mapped[str] = mapped_column(String(30))
    statements: Mapped[int]


class MeetingTopicCountry(Base):
    """How many of a meeting's statements on a topic name each country or group; the topic page's
    country facet, as MeetingTopicSpeaker is its speaker facet."""

    __tablename__ = "meeting_topic_countries"
    __table_args__ = (Index("ix_meeting_topic_countries_topic_year", "topic_id", "year"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int]
    statements: Mapped[int]


UNDATED = "0000-00-00"  # sorts before every date, as SQLite's NULL did


def archive_order(published: date | None, slug: str) -> str:
    """A source's place in the archive's order, as its statements hold it: by publication date,
    undated sources first, then by slug."""
    return f"{published.isoformat() if published else UNDATED} {slug}"


class Statement(Base):
    """A quotation, a reported position, or reporter's context, with its exact place in a source."""

    __tablename__ = "statements"
    # A source's statements in their order, with what tells an echo apart; the archive's order
    # (`archive_order`, then position), of all statements and of one minister's, so that a page
    # of either list reads its rows from an index rather than sorting them all.
    __table_args__ = (
        Index("ix_statements_source_order", "source_id", "position", "echo_of"),
        Index("ix_statements_archive_order", "archive_order", "position", "echo_of"),
        Index("ix_statements_minister_order", "minister_id", "archive_order", "position"),
        # A statement's echoes in the archive's order: a list reads the first few of each.
        Index("ix_statements_echo_order", "echo_of", "archive_order", "position"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    speaker_type: Mapped[str] = mapped_column(String(30))
    minister_id: Mapped[int | None] = mapped_column(ForeignKey("ministers.id", ondelete="SET NULL"))
    speaker_label: Mapped[str] = mapped_column(String(200))
    speaker_rule: Mapped[str] = mapped_column(String(60))
    speaker_confidence: Mapped[float] = mapped_column(default=0.5)
    text: Mapped[str] = mapped_column(Text)
    paragraph: Mapped[int]
    printed_number: Mapped[int | None]  # the number an official text prints on the paragraph
    start: Mapped[int]
    end: Mapped[int]
    position: Mapped[int] = mapped_column(Integer)
    # The source's place in the archive's order, copied from it (`archive_order`): a source's
    # date and slug never change while it is stored (a changed file is a new source row).
    archive_order: Mapped[str] = mapped_column(String(140), server_default="")
    # The statement this one repeats, as carried by another outlet; lists show that one once,
    # with every source that carries it.
    echo_of: Mapped[str | None] = mapped_column(String(16), index=True)
    # Kept by ingestion with the meeting summaries: how many statements repeat this one, and how
    # many outlets carry it (its own, and the others its echoes' sources have).
    echo_count: Mapped[int] = mapped_column(Integer, server_default="0")
    outlet_count: Mapped[int] = mapped_column(Integer, server_default="1")
    # Set by seeds/corrections.yaml: which of this statement's facts were set by hand.
    corrected: Mapped[list[Any]] = mapped_column(default=list)
    verified: Mapped[bool] = mapped_column(default=False)

    source: Mapped[Source] = relationship(back_populates="statements")
    meeting: Mapped[Meeting | None] = relationship(back_populates="statements")
    minister: Mapped[Minister | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(
        secondary="statement_topics", order_by="Topic.slug", viewonly=True
    )
    countries: Mapped[list[Country]] = relationship(
        secondary="statement_countries", order_by="Country.name", viewonly=True
    )


class Rejection(Base):
    """A file the last ingest could not load, and why: listed on /review until it loads."""

    __tablename__ = "rejections"

    file: Mapped[str] = mapped_column(String(500), primary_key=True)
    problem: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class DroppedStatement(Base):
    """A statement an analyst dropped by hand; it goes with its source when that is re-ingested."""

    __tablename__ = "dropped_statements"

    statement_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)


class DataVersion(Base):
    """One row, bumped by every ingest that changes something: pages cached under an older
    version are stale."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # The archive's statements at this version, each once (not outlets' echoes): the total of the
    # statements list without filters, which would otherwise count every statement on each page.
    statement_count: Mapped[int] = mapped_column(server_default="0")


class RecordedMeeting(Base):
    """A meeting on the calendar of the record (seeds/meetings.yaml), and the meeting its reports
    describe, if any has been ingested."""

    __tablename__ = "record_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    edition: Mapped[int | None]
    date: Mapped[date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(10))  # "day" or "month"
    city: Mapped[str | None] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(20))  # in-person, virtual, phone or sidelines
    event: Mapped[str | None] = mapped_column(String(200))
    participants: Mapped[list[Any]] = mapped_column(default=list)  # actor dictionary slugs
    sources: Mapped[list[Any]] = mapped_column(default=list)  # addresses of the official record
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
