"""Hand corrections from seeds/corrections.yaml, applied after every ingest by stable identifiers.

Each correction names its target by slug or statement id, which survive a re-ingest; the whole
file is applied again at the end of every run, in order, so a correction is never silently lost
when the article it corrects is extracted again. Applying a correction twice changes nothing.
A correction whose target no longer exists is reported, not ignored.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from app.ingest import confidence
from app.ingest.errors import IngestError
from app.ingest.load.meetings import refresh_meeting, reslug_meeting
from app.ingest.text import name_key
from app.models import (
    DroppedStatement,
    Meeting,
    MeetingReport,
    MeetingSlugAlias,
    Mention,
    Minister,
    MinisterSlugAlias,
    Participation,
    Statement,
    StatementTopic,
    Topic,
)

SPEAKER_TYPES = (
    "minister",
    "joint-statement",
    "ministry-statement",
    "officials",
    "sources",
    "both-sides",
    "reporter",
)
MEETING_FIELDS = ("kind", "edition", "date", "city", "status")
STATUSES = ("held", "referenced", "planned")
KINDS = ("two-plus-two", "defence-ministerial", "foreign-ministerial", "summit", "other")
# Every value is read as text: a statement id such as 000123456789 or 1e10 must not turn into a
# number. libyaml's parser, where PyYAML was built with it, reads the file ten times faster.
TEXT_LOADER = yaml.CBaseLoader if yaml.__with_libyaml__ else yaml.BaseLoader


@dataclass(frozen=True)
class Correction:
    """One entry of the corrections file: an action and what it applies to."""

    number: int  # its place in the file, from 1
    action: str
    fields: dict[str, Any]

    def describe(self) -> str:
        shown = ", ".join(f"{k}: {v}" for k, v in self.fields.items())
        return f"correction {self.number} ({self.action}: {{{shown}}})"


class Stale(Exception):
    """A correction whose target is not (or no longer) in the database."""


ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # action: (required fields, optional fields)
    "set_speaker": (("statement",), ("minister", "type", "label")),
    "move_statement": (("statement", "meeting"), ()),
    "add_topic": (("statement", "topic"), ()),
    "remove_topic": (("statement", "topic"), ()),
    "drop_statement": (("statement",), ()),
    "verify_statement": (("statement",), ()),
    "merge_ministers": (("from", "into"), ()),
    "add_alias": (("minister", "alias"), ()),
    "set_meeting": (("meeting",), MEETING_FIELDS),
    "merge_meetings": (("from", "into"), ()),
    "split_meeting": (("meeting", "source"), MEETING_FIELDS),
}


def load_corrections(path: Path) -> list[Correction]:
    """Read and check the corrections file; a missing file means no corrections."""
    if not path.exists():
        return []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TEXT_LOADER) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(path, f"is not valid YAML ({str(exc).splitlines()[0]})") from exc
    entries = data.get("corrections") if isinstance(data, dict) else None
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise IngestError(path, "'corrections' must be a list")
    corrections = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or len(entry) != 1:
            raise IngestError(path, f"correction {number} must be one 'action: {{field: value}}' entry")
        [(action, fields)] = entry.items()
        if action not in ACTIONS:
            known = ", ".join(ACTIONS)
            raise IngestError(path, f"correction {number}: unknown action {action!r} (known: {known})")
        if not isinstance(fields, dict):
            raise IngestError(path, f"correction {number}: {action} needs {{field: value, ...}}")
        required, optional = ACTIONS[action]
        missing = [f for f in required if f not in fields]
        unknown = [f for f in fields if f not in required + optional]
        if missing or unknown:
            raise IngestError(
                path,
                f"correction {number}: {action} "
                + "; ".join(
                    p
                    for p in (
                        f"needs {', '.join(missing)}" if missing else "",
                        f"has unknown {', '.join(map(str, unknown))}" if unknown else "",
                    )
                    if p
                ),
            )
        corrections.append(Correction(number, action, {str(k): v for k, v in fields.items()}))
    return corrections


def apply_corrections(session: Session, corrections: list[Correction]) -> list[str]:
    """Apply every correction in order; return one message per correction that could not apply."""
    problems = []
    for correction in corrections:
        try:
            with session.begin_nested():
                APPLY[correction.action](session, correction.fields)
        except Stale as exc:
            problems.append(f"{correction.describe()}: {exc}")
    session.flush()
    return problems


# --- targets ------------------------------------------------------------------------------------


def _statement(session: Session, statement_id: Any) -> Statement:
    found = session.get(Statement, str(statement_id))
    if found is None:
        raise Stale(f"there is no statement {statement_id!r} (its text or source may have changed)")
    return found


def _meeting(session: Session, slug: Any) -> Meeting:
    found = session.scalar(select(Meeting).where(Meeting.slug == str(slug)))
    if found is None:
        found = session.scalar(
            select(Meeting)
            .join(MeetingSlugAlias, MeetingSlugAlias.meeting_id == Meeting.id)
            .where(MeetingSlugAlias.slug == str(slug))
        )
    if found is None:
        raise Stale(f"there is no meeting {slug!r}")
    return found


def _minister(session: Session, slug: Any) -> Minister:
    found = session.scalar(select(Minister).where(Minister.slug == str(slug)))
    if found is None:
        found = session.scalar(
            select(Minister)
            .join(MinisterSlugAlias, MinisterSlugAlias.minister_id == Minister.id)
            .where(MinisterSlugAlias.slug == str(slug))
        )
    if found is None:
        raise Stale(f"there is no minister {slug!r}")
    return found


def _topic(session: Session, slug: Any) -> Topic:
    found = session.scalar(select(Topic).where(Topic.slug == str(slug)))
    if found is None:
        raise Stale(f"there is no topic {slug!r} in seeds/topics.yaml")
    return found


def _mark(statement: Statement, what: str) -> None:
    if what not in statement.corrected:
        statement.corrected = [*statement.corrected, what]


# --- statements ---------------------------------------------------------------------------------


def set_speaker(session: Session, fields: dict[str, Any]) -> None:
    statement = _statement(session, fields["statement"])
    if "minister" in fields:
        minister = _minister(session, fields["minister"])
        statement.speaker_type, statement.minister_id = "minister", minister.id
        statement.speaker_label = str(fields.get("label") or minister.name)
    else:
        kind = str(fields.get("type", ""))
        if kind not in SPEAKER_TYPES or kind == "minister":
            raise Stale(f"type must be one of {', '.join(SPEAKER_TYPES[1:])}, or give a minister")
        statement.speaker_type, statement.minister_id = kind, None
        statement.speaker_label = str(fields.get("label") or kind.replace("-", " ").capitalize())
    statement.speaker_rule = "corrected"
    statement.speaker_confidence = confidence.CORRECTED
    _mark(statement, "speaker")


def move_statement(session: Session, fields: dict[str, Any]) -> None:
    statement = _statement(session, fields["statement"])
    statement.meeting_id = _meeting(session, fields["meeting"]).id
    _mark(statement, "meeting")


def add_topic(session: Session, fields: dict[str, Any]) -> None:
    statement, topic = _statement(session, fields["statement"]), _topic(session, fields["topic"])
    link = session.get(StatementTopic, (statement.id, topic.id))
    if link is None:
        session.add(
            StatementTopic(
                statement_id=statement.id,
                topic_id=topic.id,
                matched="(by hand)",
                confidence=confidence.CORRECTED,
                corrected=True,
            )
        )
    _mark(statement, "topics")


def remove_topic(session: Session, fields: dict[str, Any]) -> None:
    statement, topic = _statement(session, fields["statement"]), _topic(session, fields["topic"])
    session.execute(
        delete(StatementTopic).where(
            StatementTopic.statement_id == statement.id, StatementTopic.topic_id == topic.id
        )
    )
    _mark(statement, "topics")


def drop_statement(session: Session, fields: dict[str, Any]) -> None:
    if session.get(DroppedStatement, str(fields["statement"])) is not None:
        return  # dropped on an earlier run, and its source has not changed since
    statement = _statement(session, fields["statement"])
    session.add(DroppedStatement(statement_id=statement.id, source_id=statement.source_id))
    session.execute(update(Statement).where(Statement.echo_of == statement.id).values(echo_of=None))
    session.execute(
        text("DELETE FROM search_index WHERE kind = 'statement' AND ref = :id"), {"id": statement.id}
    )
    session.delete(statement)


def verify_statement(session: Session, fields: dict[str, Any]) -> None:
    _statement(session, fields["statement"]).verified = True


# --- ministers ----------------------------------------------------------------------------------


def _merge_person(session: Session, old: Minister, survivor: Minister) -> None:
    """Move everything `old` said and attended to `survivor`; `old`'s slug redirects there."""
    if old.id == survivor.id:
        return
    session.execute(update(Statement).where(Statement.minister_id == old.id).values(minister_id=survivor.id))
    session.execute(update(Mention).where(Mention.minister_id == old.id).values(minister_id=survivor.id))
    taken: set[tuple[int, int]] = set(
        session.execute(
            select(Participation.meeting_id, Participation.source_id).where(
                Participation.minister_id == survivor.id
            )
        ).all()
    )
    for taking_part in session.scalars(select(Participation).where(Participation.minister_id == old.id)):
        if (taking_part.meeting_id, taking_part.source_id) in taken:
            session.delete(taking_part)
        else:
            taking_part.minister_id = survivor.id
    session.execute(
        update(MinisterSlugAlias)
        .where(MinisterSlugAlias.minister_id == old.id)
        .values(minister_id=survivor.id)
    )
    survivor.aliases = sorted({*survivor.aliases, old.name, *old.aliases} - {survivor.name})
    session.flush()
    old_slug = old.slug
    session.delete(old)
    session.flush()
    session.merge(MinisterSlugAlias(slug=old_slug, minister_id=survivor.id))


def merge_ministers(session: Session, fields: dict[str, Any]) -> None:
    survivor = _minister(session, fields["into"])
    old = session.scalar(select(Minister).where(Minister.slug == str(fields["from"])))
    if old is None:
        merged = session.get(MinisterSlugAlias, str(fields["from"]))
        if merged is None or merged.minister_id != survivor.id:
            raise Stale(f"there is no minister {fields['from']!r}")
        return  # merged on an earlier run
    _merge_person(session, old, survivor)


def add_alias(session: Session, fields: dict[str, Any]) -> None:
    """Add a spelling; a person extracted under that spelling is merged in."""
    minister, alias = _minister(session, fields["minister"]), str(fields["alias"])
    minister.aliases = sorted({*minister.aliases, alias})
    key = name_key(alias)
    for other in session.scalars(
        select(Minister).where(Minister.id != minister.id, Minister.in_dictionary.is_(False))
    ):
        if name_key(other.name) == key:
            _merge_person(session, other, minister)


# --- meetings -----------------------------------------------------------------------------------


def _set_fields(session: Session, meeting: Meeting, fields: dict[str, Any]) -> None:
    """Set the meeting facts named in `fields`, mark them corrected, and give the slug they imply."""
    if "kind" in fields:
        _check(fields["kind"] in KINDS, f"kind must be one of {', '.join(KINDS)}")
        meeting.kind, meeting.kind_rule, meeting.kind_confidence = (
            fields["kind"],
            "corrected",
            confidence.CORRECTED,
        )
    if "status" in fields:
        _check(fields["status"] in STATUSES, f"status must be one of {', '.join(STATUSES)}")
        meeting.status = fields["status"]
    if "edition" in fields:
        edition = fields["edition"]
        _check(
            edition is None or (isinstance(edition, int) and edition > 0), "edition must be a whole number"
        )
        meeting.edition = edition
    if "city" in fields:
        meeting.city = str(fields["city"]) if fields["city"] not in ("", "null") else None
        meeting.city_rule, meeting.city_confidence = "corrected", confidence.CORRECTED
    if "date" in fields:
        _set_date(meeting, fields["date"])
        meeting.date_rule, meeting.date_confidence = "corrected", confidence.CORRECTED
    meeting.corrected = sorted({*meeting.corrected, *(f for f in MEETING_FIELDS if f in fields)})
    reslug_meeting(session, meeting)


def _check(condition: bool, problem: str) -> None:
    if not condition:
        raise Stale(problem)


def _set_date(meeting: Meeting, value: Any) -> None:
    text_value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text_value):
        meeting.date, meeting.date_precision = date.fromisoformat(text_value), "day"
    elif re.fullmatch(r"\d{4}-\d{2}", text_value):
        meeting.date, meeting.date_precision = date.fromisoformat(text_value + "-01"), "month"
    elif re.fullmatch(r"\d{4}", text_value):
        meeting.date, meeting.date_precision = date(int(text_value), 1, 1), "year"
    else:
        raise Stale(f"date must be YYYY-MM-DD, YYYY-MM or YYYY, not {text_value!r}")


def set_meeting(session: Session, fields: dict[str, Any]) -> None:
    _set_fields(session, _meeting(session, fields["meeting"]), fields)


def merge_meetings(session: Session, fields: dict[str, Any]) -> None:
    survivor = _meeting(session, fields["into"])
    old = _meeting(session, fields["from"])
    if old.id == survivor.id:
        return  # merged on an earlier run
    reporting = set(
        session.scalars(select(MeetingReport.source_id).where(MeetingReport.meeting_id == survivor.id))
    )
    for report in session.scalars(select(MeetingReport).where(MeetingReport.meeting_id == old.id)):
        if report.source_id in reporting:
            session.delete(report)
        else:
            report.meeting_id = survivor.id
    attending: set[tuple[int, int]] = set(
        session.execute(
            select(Participation.minister_id, Participation.source_id).where(
                Participation.meeting_id == survivor.id
            )
        ).all()
    )
    for taking_part in session.scalars(select(Participation).where(Participation.meeting_id == old.id)):
        if (taking_part.minister_id, taking_part.source_id) in attending:
            session.delete(taking_part)
        else:
            taking_part.meeting_id = survivor.id
    session.execute(update(Statement).where(Statement.meeting_id == old.id).values(meeting_id=survivor.id))
    session.execute(
        update(MeetingSlugAlias).where(MeetingSlugAlias.meeting_id == old.id).values(meeting_id=survivor.id)
    )
    old_slug = old.slug
    session.flush()
    session.delete(old)
    session.flush()
    session.merge(MeetingSlugAlias(slug=old_slug, meeting_id=survivor.id))
    kept = list(survivor.corrected)
    refresh_meeting(session, survivor)
    survivor.corrected = kept


def split_meeting(session: Session, fields: dict[str, Any]) -> None:
    """Give one source's report of a meeting a meeting of its own (with any facts set)."""
    meeting = _meeting(session, fields["meeting"])
    source_id = session.scalar(
        text("SELECT id FROM sources WHERE slug = :slug"), {"slug": str(fields["source"])}
    )
    if source_id is None:
        raise Stale(f"there is no source {fields['source']!r}")
    report = session.get(MeetingReport, (meeting.id, source_id))
    if report is None:
        alone = session.scalars(select(MeetingReport).where(MeetingReport.source_id == source_id)).all()
        parted_id = next(
            (r.meeting_id for r in alone if len(session.get_one(Meeting, r.meeting_id).reports) == 1), None
        )
        if parted_id is None:
            raise Stale(f"source {fields['source']!r} does not report meeting {meeting.slug!r}")
        _set_fields(session, session.get_one(Meeting, parted_id), fields)  # split on an earlier run
        return
    if len(meeting.reports) == 1:
        _set_fields(session, meeting, fields)  # this source is the meeting's only report
        return
    parted = Meeting(
        slug=f"pending-split-{meeting.id}-{source_id}",
        kind=report.kind,
        date=report.date,
        date_precision=report.date_precision,
        date_rule=report.date_rule,
        status=report.status,
    )
    session.add(parted)
    session.flush()
    report.meeting_id = parted.id
    session.execute(
        update(Statement)
        .where(Statement.meeting_id == meeting.id, Statement.source_id == source_id)
        .values(meeting_id=parted.id)
    )
    session.execute(
        update(Participation)
        .where(Participation.meeting_id == meeting.id, Participation.source_id == source_id)
        .values(meeting_id=parted.id)
    )
    session.flush()
    session.expire(meeting)
    kept = list(meeting.corrected)
    refresh_meeting(session, meeting)
    meeting.corrected = kept
    refresh_meeting(session, parted)
    _set_fields(session, parted, fields)


APPLY: dict[str, Callable[[Session, dict[str, Any]], None]] = {
    "set_speaker": set_speaker,
    "move_statement": move_statement,
    "add_topic": add_topic,
    "remove_topic": remove_topic,
    "drop_statement": drop_statement,
    "verify_statement": verify_statement,
    "merge_ministers": merge_ministers,
    "add_alias": add_alias,
    "set_meeting": set_meeting,
    "merge_meetings": merge_meetings,
    "split_meeting": split_meeting,
}
