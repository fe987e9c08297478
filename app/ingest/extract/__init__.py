"""Extract: from an article's sentences, the people named, the meetings and the statements.

Everything here is a pure function of the text and the reference data, cut by what it finds:
`people` (who is named, and how), `dates` (days and places), `meetings` (who met, when, where,
and the other meetings mentioned) and `statements` (what was said, and a hint of who said it).
Names are resolved to people in `app.ingest.resolve`.
"""

# People and statements first: resolution, which meetings reads, imports them.
from app.ingest.extract.meetings import MeetingDraft, find_meetings
from app.ingest.extract.people import PersonMention, find_people
from app.ingest.extract.statements import SpeakerHint, StatementDraft, find_statements

__all__ = [
    "MeetingDraft",
    "PersonMention",
    "SpeakerHint",
    "StatementDraft",
    "find_meetings",
    "find_people",
    "find_statements",
]
