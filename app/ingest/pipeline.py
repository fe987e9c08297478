"""The ingestion job: run the stages over files, and write what they yield in batches."""

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from app.db import refresh_planner_statistics, writer_lock
from app.ingest.corrections import Correction, apply_corrections
from app.ingest.errors import IngestError, NotAMeeting
from app.ingest.html import HTML_SUFFIXES
from app.ingest.load.loader import Loader, bump_data_version
from app.ingest.load.reference import reference_ids, sync_reference
from app.ingest.parse import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES
from app.ingest.prepare import Extraction, fingerprint, prepare_file, start_pool_worker, start_worker
from app.ingest.record import sync_record
from app.ingest.reference import Reference
from app.ingest.summaries import refresh_meeting_summaries, refresh_minister_counts
from app.models import Meeting, Minister, Rejection, Source, Statement

Prepared = Extraction | IngestError | None  # None: the file is unchanged since the last ingest

PARALLEL_FROM = 200  # files; fewer are extracted in this process
BATCH = 256  # files handed to the workers at a time; two batches in flight bound the memory
LOAD_BATCH = 256  # articles written in one transaction, at most: batches start at one and double,
# so that the first articles reach the pages at once and a large ingest writes few transactions


def _prepared(
    jobs: list[tuple[Path, str, date]], reference: Reference, known: dict[str, str]
) -> Iterator[tuple[str, Prepared]]:
    """Each file's extraction, in order; on several cores the extraction runs in parallel.

    Files unchanged since the last ingest are found here first, so that re-ingesting an archive
    reads and hashes it without starting a single worker.
    """
    changed = []
    for job in jobs:
        path, name, _ = job
        try:
            unchanged = (
                name in known
                and path.stat().st_size <= MAX_ARTICLE_BYTES
                and known[name] == fingerprint(path.read_bytes(), reference)
            )
        except OSError:
            unchanged = False  # the worker reports why it cannot be read
        if unchanged:
            yield name, None
        else:
            changed.append(job)
    jobs = changed
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        start_worker(reference)
        yield from map(prepare_file, jobs)
        return
    # Spawned, not forked: a worker imports the extraction stages alone, not this process's
    # database layer, and so holds a fraction of its memory.
    with ProcessPoolExecutor(
        workers,
        multiprocessing.get_context("spawn"),
        initializer=start_pool_worker,
        initargs=(reference, os.getpid()),
    ) as pool:
        # The next batch is extracting while this one is handed on, so the workers never wait.
        in_flight: deque[Iterator[tuple[str, Prepared]]] = deque()
        for first in range(0, len(jobs), BATCH):
            in_flight.append(pool.map(prepare_file, jobs[first : first + BATCH], chunksize=16))
            if len(in_flight) > 1:
                yield from in_flight.popleft()
        while in_flight:
            yield from in_flight.popleft()


def _saved_page_part(path: Path, top: Path) -> bool:
    """Inside the `NAME_files` folder a browser saves beside `NAME.html` (its frames, its ads)."""
    for folder in path.relative_to(top).parents:
        name = folder.name
        if name.endswith("_files") and any(
            (top / folder.parent / (name.removesuffix("_files") + suffix)).is_file()
            for suffix in HTML_SUFFIXES
        ):
            return True
    return False


def article_files(paths: Iterable[Path]) -> tuple[list[Path], list[IngestError]]:
    """The article files named or found in folders; documentation named in CAPITALS is skipped,
    and so are the files a browser saves beside a page."""
    files: list[Path] = []
    problems: list[IngestError] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in ARTICLE_SUFFIXES
                    and not p.stem.isupper()
                    and not ("_files" in str(p) and _saved_page_part(p, path))
                )
            )
        elif path.is_file():
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                problems.append(IngestError(path, "not an article: expected a .txt, .md, .html or .htm file"))
            else:
                files.append(path)
        else:
            problems.append(IngestError(path, "no such file or folder"))
    return files, problems


@dataclass
class Summary:
    """What one ingest run did, for the closing lines of the command."""

    read: int = 0
    loaded: int = 0
    unchanged: int = 0
    failed: list[IngestError] = field(default_factory=list)
    skipped: list[IngestError] = field(default_factory=list)  # readable, but no India–Japan meeting
    added: dict[str, int] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)  # corrections that no longer apply
    attempted: set[str] = field(default_factory=set)  # files read this run, by display name

    def lines(self) -> list[str]:
        added = ", ".join(f"{name} {count:+d}" for name, count in self.added.items())
        return [
            f"files read {self.read}, loaded {self.loaded}, "
            f"unchanged {self.unchanged}, failed {len(self.failed)}"
            + (f", skipped {len(self.skipped)}" if self.skipped else ""),
            f"added: {added}",
            *(f"warning: {problem}" for problem in self.stale),
        ]


def _counts(session: Session) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in (
            ("meetings", Meeting),
            ("ministers", Minister),
            ("statements", Statement),
        )
    }


def _display_name(path: Path, root: Path, folders: dict[Path, Path]) -> str:
    """The file's name relative to the project, as stored; each folder is resolved once."""
    if path.is_symlink():
        real = path.resolve()
    else:
        if path.parent not in folders:
            folders[path.parent] = path.parent.resolve()
        real = folders[path.parent] / path.name
    try:
        return str(real.relative_to(root))
    except ValueError:
        return str(path)


def ingest(
    paths: Iterable[Path],
    factory: sessionmaker[Session],
    reference: Reference,
    *,
    root: Path,
    today: date,
    corrections: list[Correction] | None = None,
    report: Callable[[str], None] = lambda line: None,
    progress: bool = False,
    wait: float = 600.0,
) -> Summary:
    """Ingest files and folders, each article in its own transaction, then apply the corrections.

    One ingest writes a database at a time: this one waits up to `wait` seconds for another to
    end, then raises WriterBusy.
    """
    with writer_lock(factory.kw["bind"], wait=wait):
        return _ingest(paths, factory, reference, root, today, corrections, report, progress)


def _ingest(
    paths: Iterable[Path],
    factory: sessionmaker[Session],
    reference: Reference,
    root: Path,
    today: date,
    corrections: list[Correction] | None,
    report: Callable[[str], None],
    progress: bool,
) -> Summary:
    summary = Summary()
    files, problems = article_files(paths)
    summary.failed.extend(problems)
    for problem in problems:
        report(f"error: {problem}")
    with factory() as session:
        before = _counts(session)
        sync_reference(session, reference)
        session.commit()
        ids = reference_ids(session)
        known = dict(session.execute(select(Source.file, Source.fingerprint)).all())
    folders: dict[Path, Path] = {}
    jobs = [(path, _display_name(path, root, folders), today) for path in files]
    bar = tqdm(
        total=len(jobs), desc="ingest", unit=" articles", disable=not progress or len(jobs) < 50, leave=False
    )

    def fail(problem: IngestError) -> None:
        bar.clear()
        summary.failed.append(problem)
        report(f"error: {problem}")

    loader = Loader(ids)
    batch: list[Extraction] = []
    batch_size = 1
    for name, prepared in _prepared(jobs, reference, known):
        bar.update()
        summary.read += 1
        summary.attempted.add(name)
        if prepared is None:
            summary.unchanged += 1
        elif isinstance(prepared, NotAMeeting):
            bar.clear()
            summary.skipped.append(prepared)
            report(f"skipped: {prepared}")
        elif isinstance(prepared, IngestError):
            fail(prepared)
        else:
            batch.append(prepared)
        if len(batch) >= batch_size:
            summary.loaded += _write(factory, loader, batch, fail)
            batch, batch_size = [], min(2 * batch_size, LOAD_BATCH)
    summary.loaded += _write(factory, loader, batch, fail)
    bar.close()
    with factory() as session:
        _record_rejections(session, summary)
        summary.stale = apply_corrections(session, corrections or [])
        if corrections:  # they may move, merge or drop statements, meetings and people anywhere
            refresh_meeting_summaries(session)
            refresh_minister_counts(session)
        # After the corrections, which may move or merge meetings the record links to.
        if sync_record(session, reference) or corrections:
            bump_data_version(session)
        session.commit()
        if summary.loaded or corrections:
            refresh_planner_statistics(session)
            session.commit()
        after = _counts(session)
    summary.added = {name: after[name] - before[name] for name in after}
    return summary


def _write(
    factory: sessionmaker[Session],
    loader: Loader,
    batch: list[Extraction],
    fail: Callable[[IngestError], None],
) -> int:
    """Write a batch in one transaction; how many articles were loaded.

    Should the batch fail, its articles are written again one transaction each, so that a failure
    rolls back that article only and every other one is kept.
    """
    if not batch:
        return 0
    try:
        with factory() as session:
            refused = loader.load(session, batch)  # bumps the data version: cached pages never miss one
            session.commit()
    except Exception as exc:  # one odd article must not stop the others
        loader.forget()
        if len(batch) > 1:
            return sum(_write(factory, loader, [extraction], fail) for extraction in batch)
        if isinstance(exc, OperationalError):
            raise  # the database failed (locked, full, read-only, gone), not the article: so would all others
        cause = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
        fail(IngestError(batch[0].file, f"could not be stored ({exc.__class__.__name__}: {cause})"))
        return 0
    for problem in refused:
        fail(problem)
    return len(batch) - len(refused)


def _record_rejections(session: Session, summary: Summary) -> None:
    """Keep the files that failed, for /review; a file that now loads leaves the list."""
    failed = {e.path: e.problem for e in summary.failed}
    for rejection in session.scalars(select(Rejection)):
        if rejection.file in summary.attempted and rejection.file not in failed:
            session.delete(rejection)
    for file, problem in failed.items():
        session.merge(Rejection(file=file, problem=problem))
