"""`python -m app ingest|serve|export|check`.

Each command imports what it needs when it runs: `ingest` is run after every change to the
archive, and importing the web app too (FastAPI, the page queries) would slow every run's start.
"""

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from app.config import PROJECT_ROOT, get_settings
from app.db import make_engine, make_session_factory, upgrade_to_head
from app.ingest.errors import IngestError

CORRECTIONS_FILE = "corrections.yaml"


def _ingest(args: argparse.Namespace) -> int:
    from app.ingest.corrections import load_corrections
    from app.ingest.pipeline import ingest
    from app.ingest.reference import load_reference

    settings = get_settings()
    try:
        reference = load_reference(settings.seeds_dir)
        corrections = load_corrections(settings.seeds_dir / CORRECTIONS_FILE)
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url)
    paths = [Path(p) for p in args.paths] or [settings.seeds_dir]
    summary = ingest(
        paths,
        make_session_factory(engine),
        reference,
        root=PROJECT_ROOT,
        today=date.today(),
        corrections=corrections,
        report=lambda line: print(line, file=sys.stderr),
        progress=sys.stderr.isatty(),
    )
    engine.dispose()
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


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    upgrade_to_head(settings.database_url)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,  # app.middleware writes one JSON line per request instead
        log_config=LOGGING,
        timeout_graceful_shutdown=10,
        proxy_headers=True,
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.export import export_database

    settings = get_settings()
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        json.dump(export_database(session), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    engine.dispose()
    return 0


def _check(args: argparse.Namespace) -> int:
    """Print what most needs a human look, and whether every correction still applies."""
    from app.ingest.corrections import apply_corrections, load_corrections
    from app.queries import review_items

    settings = get_settings()
    try:
        corrections = load_corrections(settings.seeds_dir / CORRECTIONS_FILE)
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        stale = apply_corrections(session, corrections)
        session.rollback()  # a check changes nothing
        items = review_items(session)
    engine.dispose()
    for item in items:
        print(f"{item.confidence:.2f}  {item.kind:<22} {item.title}")
        if item.context:
            print(f"      {item.context}")
        print(f"      {item.correction}")
    print(f"{len(items)} to review; {len(corrections)} corrections, {len(stale)} no longer apply")
    for problem in stale:
        print(f"error: {CORRECTIONS_FILE}: {problem}", file=sys.stderr)
    return 1 if stale else 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m app", description="India–Japan 2+2 Dialogue Tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest_cmd = commands.add_parser("ingest", help="load articles (files or folders; default seeds/)")
    ingest_cmd.add_argument("paths", nargs="*", help="article files or folders")
    ingest_cmd.set_defaults(run=_ingest)
    serve_cmd = commands.add_parser("serve", help="serve the dashboard")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1)),
        help="worker processes (default: WEB_CONCURRENCY, else one per core)",
    )
    serve_cmd.set_defaults(run=_serve)
    check_cmd = commands.add_parser("check", help="list what needs review; fail if a correction is stale")
    check_cmd.set_defaults(run=_check)
    export_cmd = commands.add_parser("export", help="print the whole database")
    export_cmd.add_argument("--format", choices=["json"], default="json")
    export_cmd.set_defaults(run=_export)
    args = parser.parse_args(argv)
    result: int = args.run(args)
    return result
