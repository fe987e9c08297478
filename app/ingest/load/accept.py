"""Which articles of a batch are written: the same article filed twice is refused, and a file
stored before is replaced by its new version.

An article is the same as one already loaded when it has the same text, the same url, or (without
a url) the same file name and sentences, since its statements' ids would repeat the other's.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.errors import IngestError
from app.ingest.prepare import Extraction
from app.models import MeetingReport, Source, Statement


@dataclass(frozen=True)
class Replaced:
    """The stored version of a changed file: its source id and the meetings it reported."""

    source_id: int
    meetings: tuple[int, ...]


def _statement_files(session: Session, statement_ids: Sequence[str]) -> dict[str, str]:
    """The file of the stored statement of each of these ids that is stored."""
    found: dict[str, str] = {}
    for start in range(0, len(statement_ids), 5000):
        found.update(
            session.execute(
                select(Statement.id, Source.file)
                .join(Source, Source.id == Statement.source_id)
                .where(Statement.id.in_(statement_ids[start : start + 5000]))
            ).all()
        )
    return found


def accept(
    session: Session, extractions: Sequence[Extraction]
) -> tuple[list[IngestError], list[Extraction], dict[str, Replaced]]:
    """Refuse the same article filed twice; find the files stored before, to replace."""
    files = [x.file for x in extractions]
    stored = dict(session.execute(select(Source.file, Source.id).where(Source.file.in_(files))).all())
    hashes = [x.content_hash for x in extractions]
    twins = dict(
        session.execute(select(Source.content_hash, Source.file).where(Source.content_hash.in_(hashes))).all()
    )
    # A url names one article: a second file with it (a later or earlier version, most
    # likely) is refused like a copy, not stored beside the first. Its statements' ids come
    # from the url too, so the database could not hold both anyway.
    urls = [x.url for x in extractions if x.url]
    same_url = dict(
        session.execute(select(Source.url, Source.file).where(Source.url.in_(urls))).all() if urls else []
    )
    held = _statement_files(session, [s.id for x in extractions for s in x.statements])
    refused: list[IngestError] = []
    accepted: list[Extraction] = []
    for extraction in extractions:
        twin = twins.setdefault(extraction.content_hash, extraction.file)
        url_twin = same_url.setdefault(extraction.url, extraction.file) if extraction.url else None
        if twin != extraction.file:
            refused.append(IngestError(extraction.file, f"same article as {twin} (already loaded)"))
        elif url_twin is not None and url_twin != extraction.file:
            refused.append(
                IngestError(
                    extraction.file,
                    f"same article as {url_twin} (the same url, already loaded): "
                    f"to replace that version, save this one as {url_twin}",
                )
            )
        elif shared := next(
            (held[s.id] for s in extraction.statements if held.get(s.id, extraction.file) != extraction.file),
            None,
        ):
            # Without a url, a statement's id comes from the file's name: two files of one
            # name (in two folders) that share a sentence cannot both be stored.
            refused.append(
                IngestError(
                    extraction.file,
                    f"same article as {shared} (the same file name and sentences, already loaded): "
                    "give one of them its url in the front matter",
                )
            )
        else:
            accepted.append(extraction)
            held.update(dict.fromkeys((s.id for s in extraction.statements), extraction.file))
    old = {stored[x.file]: x.file for x in accepted if x.file in stored}
    reported: dict[int, list[int]] = defaultdict(list)
    if old:
        for meeting_id, source_id in session.execute(
            select(MeetingReport.meeting_id, MeetingReport.source_id).where(MeetingReport.source_id.in_(old))
        ):
            reported[source_id].append(meeting_id)
    replaced = {file: Replaced(source_id, tuple(reported[source_id])) for source_id, file in old.items()}
    return refused, accepted, replaced
