"""The one error ingestion reports to the user: a file and what is wrong with it."""

from pathlib import Path


class IngestError(Exception):
    """A problem with one input file, told in one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        # A file name may hold line breaks or other control characters: show them escaped, so
        # the message stays one line.
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))
        super().__init__(f"{shown}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __reduce__(self) -> tuple[type["IngestError"], tuple[str, str]]:
        # Errors travel back from the extraction worker processes.
        return (IngestError, (self.path, self.problem))


class NotAMeeting(IngestError):
    """A readable article that reports no India–Japan ministers' meeting: skipped, not failed."""

    def __reduce__(self) -> tuple[type["IngestError"], tuple[str, str]]:
        return (NotAMeeting, (self.path, self.problem))
