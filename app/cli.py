"""`tracker ingest|serve|migrate|export|check` (also `python -m app ...`).

Each command imports what it needs when it runs: `ingest` is run after every change to the
archive, and importing the web app too (FastAPI, the page queries) would slow every run's start.

Every error a user can cause ends the command with one line on stderr that names the file,
variable or argument at fault and what to do: exit status 2 for a command line or setting that
cannot work, 1 for a run that failed. A closed standard output (`tracker export | head`) ends it
quietly with status 1, as `cat` and `grep` end.
"""

import argparse
import errno
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import PROJECT_ROOT, Settings, get_settings
from app.db import (
    DatabaseUrlError,
    WriterBusy,
    check_database_url,
    make_engine,
    make_session_factory,
    upgrade_to_head,
)
from app.ingest.errors import IngestError

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError

CORRECTIONS_FILE = "corrections.yaml"


class CommandError(Exception):
    """A problem the user can fix, told in one line; `status` is the exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _settings() -> Settings:
    """The settings, with DATABASE_URL checked; a bad value is a CommandError naming the variable."""
    from pydantic import ValidationError

    try:
        settings = get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        variable = str(first["loc"][0]).upper() if first["loc"] else "a setting"
        raise CommandError(f"{variable}={first['input']!r}: {first['msg']}: correct or unset it", 2) from None
    try:
        check_database_url(settings.database_url)
    except DatabaseUrlError as exc:
        raise CommandError(str(exc), 2) from None
    return settings


@contextmanager
def _writing_stdout() -> Iterator[None]:
    """Turn a failed write to standard output (a full disk, say) into one line."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CommandError(
            f"standard output: {exc.strerror or exc}: free space where it goes, or send it elsewhere"
        ) from exc


def _ingest(args: argparse.Namespace) -> int:
    from app.ingest.corrections import load_corrections
    from app.ingest.pipeline import ingest
    from app.ingest.reference import load_reference

    settings = _settings()
    try:
        reference = load_reference(settings.seeds_dir)
        corrections = load_corrections(settings.seeds_dir / CORRECTIONS_FILE)
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    paths = [Path(p) for p in args.paths] or [settings.seeds_dir]
    for path in paths:
        if path.is_dir():
            try:
                os.scandir(path).close()
            except OSError as exc:  # a folder that cannot be listed would otherwise hold "no articles"
                raise CommandError(
                    f"{path}: folder cannot be read ({exc.strerror}): let this user read it"
                ) from None
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url, writer=True)
    try:
        summary = ingest(
            paths,
            make_session_factory(engine),
            reference,
            root=PROJECT_ROOT,
            today=date.today(),
            corrections=corrections,
            report=lambda line: print(line, file=sys.stderr),
            progress=sys.stderr.isatty(),
            wait=settings.ingest_wait_seconds,
        )
    except WriterBusy:
        raise CommandError(
            "another ingest is running on this database and did not end within "
            f"{settings.ingest_wait_seconds:g} s (INGEST_WAIT_SECONDS): run this again once it has ended"
        ) from None
    finally:
        engine.dispose()
    with _writing_stdout():
        for line in summary.lines():
            print(line)
    return 1 if summary.failed else 0


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(message)s"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"}
    },
    "loggers": {
        "tracker.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


def _default_workers() -> int:
    """WEB_CONCURRENCY, else one worker per core."""
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    if not value:
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise CommandError(
            f"WEB_CONCURRENCY={value!r}: not a whole number of workers: set it to 1 or more", 2
        )
    return int(value)


def _check_address(host: str, port: int) -> None:
    """Fail in one line, before migrating anything, when the address cannot be listened on."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"--port {port}: {host}:{port} is already in use: "
                "stop what listens there or choose another --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise CommandError(
                f"--port {port}: this user may not listen on it (ports below 1024 need privileges): "
                "choose a port from 1024 up, behind a proxy",
                2,
            ) from None
        raise CommandError(
            f"--host {host}: cannot listen on {host}:{port} ({exc.strerror}): "
            "give an address of this machine",
            2,
        ) from None


def _serve(args: argparse.Namespace) -> int:
    settings = _settings()
    workers = args.workers if args.workers is not None else _default_workers()
    _check_address(args.host, args.port)
    upgrade_to_head(settings.database_url)
    import uvicorn

    # Absolute links name the address served, not whatever Host a request claims.
    if not settings.public_url:
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        os.environ["PUBLIC_URL"] = f"http://{shown}:{args.port}"
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        access_log=False,  # app.middleware writes one JSON line per request instead
        log_config=LOGGING,
        timeout_graceful_shutdown=10,
        proxy_headers=True,
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    """Bring the schema to the newest migration, once, before several servers start on it."""
    settings = _settings()
    upgrade_to_head(settings.database_url)
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.export import export_database

    settings = _settings()
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            exported = export_database(session)
    finally:
        engine.dispose()
    with _writing_stdout():
        json.dump(exported, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Print what most needs a human look, and whether every correction still applies."""
    from app.ingest.corrections import apply_corrections, load_corrections
    from app.queries import review_items
    from app.queries.record import disagreements, not_on_record

    settings = _settings()
    try:
        corrections = load_corrections(settings.seeds_dir / CORRECTIONS_FILE)
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            stale = apply_corrections(session, corrections)
            session.rollback()  # a check changes nothing
            items = review_items(session)
            differ = disagreements(session)
            missing = [(meeting.slug, line) for meeting, line in not_on_record(session)]
    finally:
        engine.dispose()
    with _writing_stdout():
        for item in items:
            print(f"{item.confidence:.2f}  {item.kind:<22} {item.title}")
            if item.context:
                print(f"      {item.context}")
            print(f"      {item.correction}")
        for d in differ:
            print(f"on the record {d.meeting_slug}: {d.field} is {d.record}, the reports say {d.reports}")
        for slug, line in missing:
            print(f"not in the calendar {slug}: add to seeds/meetings.yaml")
            print(f"      {line}")
        print(
            f"{len(items)} to review; {len(corrections)} corrections, {len(stale)} no longer apply; "
            f"{len(differ)} facts differ from the record, {len(missing)} meetings not in the calendar"
        )
    for problem in stale:
        print(f"error: {CORRECTIONS_FILE}: {problem}", file=sys.stderr)
    return 1 if stale else 0


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port (1 to 65535)")
    return int(value)


def _workers(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1 or more)")
    return int(value)


DATABASE_HELP = (
    "The database is the one DATABASE_URL names (default: the SQLite file data/tracker.db in the "
    "project; or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE); its schema is migrated first."
)


def _parser(prog: str) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog=prog, description="India–Japan 2+2 Dialogue Tracker", epilog=DATABASE_HELP
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ingest_cmd = commands.add_parser(
        "ingest",
        help="load articles (files or folders; default seeds/)",
        description="Load articles (UTF-8 .txt or .md files, or .html and .htm pages saved from a browser) "
        "into the database. With no PATH, the "
        "articles in seeds/. The reference files (topics.yaml, ministers.yaml, ...) and corrections.yaml "
        "are read from seeds/, or from the folder SEEDS_DIR names.",
        epilog=DATABASE_HELP,
    )
    ingest_cmd.add_argument(
        "paths", nargs="*", metavar="PATH", help="article files or folders (default: seeds/)"
    )
    ingest_cmd.set_defaults(run=_ingest)
    serve_cmd = commands.add_parser(
        "serve",
        help="serve the dashboard",
        description="Serve the dashboard and the API over HTTP: /healthz answers while the process is up, "
        "/readyz while the database answers and its schema is current.",
        epilog=DATABASE_HELP,
    )
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve_cmd.add_argument(
        "--port", type=_port, default=8000, help="TCP port to listen on (default: %(default)s)"
    )
    serve_cmd.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="worker processes (default: WEB_CONCURRENCY, else one per core)",
    )
    serve_cmd.set_defaults(run=_serve)
    migrate_cmd = commands.add_parser(
        "migrate",
        help="bring the schema to the newest migration",
        description="Bring the database's schema to the newest migration (ingest, serve, export and "
        "check do so too; run this once before starting several servers on one database).",
        epilog=DATABASE_HELP,
    )
    migrate_cmd.set_defaults(run=_migrate)
    check_cmd = commands.add_parser(
        "check",
        help="list what needs review; fail if a correction is stale",
        description="List what the extraction was least sure of, and exit 1 if a correction in "
        "corrections.yaml (in SEEDS_DIR, default seeds/) no longer applies.",
        epilog=DATABASE_HELP,
    )
    check_cmd.set_defaults(run=_check)
    export_cmd = commands.add_parser(
        "export",
        help="print the whole database",
        description="Print the whole database on standard output.",
        epilog=DATABASE_HELP,
    )
    export_cmd.add_argument(
        "--format", choices=["json"], default="json", help="output format (default: json)"
    )
    export_cmd.set_defaults(run=_export)
    return parser, dict(commands.choices)


def _database_problem(exc: "DBAPIError", url: str) -> str:
    """One line for a database that failed under a command: which, why, and what to do."""
    from sqlalchemy.engine import make_url

    from app.db import sqlite_folder

    parsed = make_url(url)
    cause = (str(exc.orig) or exc.orig.__class__.__name__).strip().splitlines()[0]
    if sqlite_folder(parsed) is None:  # PostgreSQL, or SQLite in memory
        shown = parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() == "postgresql" and "connection" in cause:
            return (
                f"DATABASE_URL: cannot connect to {shown} ({cause}): start the server or correct DATABASE_URL"
            )
        return f"DATABASE_URL: {shown}: {cause}"
    path = parsed.database
    if "locked" in cause:
        return (
            f"DATABASE_URL: {path} is locked by another writer (an ingest?): "
            "wait for it to end, then run this again"
        )
    if "readonly" in cause or "read-only" in cause:
        return f"DATABASE_URL: {path} is read-only here: let this user write the file and its folder"
    if "full" in cause:
        return f"DATABASE_URL: the disk holding {path} is full: free some space, then run this again"
    if "not a database" in cause:
        return f"DATABASE_URL: {path} is not a SQLite database: point DATABASE_URL at the tracker's database"
    if "unable to open" in cause:
        return f"DATABASE_URL: cannot open {path}: let this user read and write the file and its folder"
    return f"DATABASE_URL: {path}: {cause}"


def _os_problem(exc: OSError) -> str:
    """One line for a file the command could not read or write."""
    what = exc.strerror or str(exc)
    if exc.filename is None:
        return what
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{exc.filename}: {what}: let this user read it"
    if exc.errno == errno.ENOSPC:
        return f"{exc.filename}: {what}: free some space, then run this again"
    return f"{exc.filename}: {what}"


def _quiet_stdout() -> None:
    """After a closed pipe: send what is left to /dev/null, so that the exit's flush cannot fail too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None, *, prog: str = "tracker") -> int:
    """Parse the command line and run one command; the exit status."""
    from sqlalchemy.exc import DBAPIError

    parser, commands = _parser(prog)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # argparse would print the top-level usage: the command's own is the one that helps
        commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        status: int = args.run(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.status
    except DBAPIError as exc:
        print(f"error: {_database_problem(exc, get_settings().database_url)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {_os_problem(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "error: interrupted: what was committed is kept; run the command again to finish", file=sys.stderr
        )
        return 1
