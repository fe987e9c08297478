"""The one error ingestion reports to the user: a file and what is wrong with it."""

from pathlib import Path


class IngestError(Exception):
    """A problem with one input file, told in one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __reduce__(self) -> tuple[type["IngestError"], tuple[str, str]]:
        # Errors travel back from the extraction worker processes.
        return (IngestError, (self.path, self.problem))
