"""`python -m bench.ingests`: several ingests started at once against one database lose nothing.

Writes `--runs` synthetic corpora of `--size` articles each (bench/corpus.py, one seed each),
migrates a fresh SQLite file (or the empty database `--database-url` names), starts one
`python -m app ingest` per corpus at the same moment, and reports each run's summary line and
wall time, the articles stored, and how many were lost. Bounded: each run is given `--timeout`
seconds. Exits 1 when an article is lost, a run fails or a summary is missing.

    python -m bench.ingests [--runs 2] [--size 100] [--timeout 300] [--database-url URL]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from app.db import make_engine, make_session_factory, upgrade_to_head
from app.models import Source
from bench.corpus import generate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"^files read \d+, loaded (\d+), unchanged \d+, failed (\d+).*$", re.MULTILINE)


def main(argv: list[str] | None = None) -> int:
    """Run the ingests at once and print what they stored."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingests", description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--database-url", default="", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-ingests-", dir="/tmp"))
    try:
        url = args.database_url or f"sqlite:///{work / 'tracker.db'}"
        upgrade_to_head(url)
        folders = [work / f"corpus-{seed}" for seed in range(1, args.runs + 1)]
        for seed, folder in enumerate(folders, start=1):
            generate(folder, args.size, seed)
        started = time.monotonic()
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "app", "ingest", str(folder)],
                cwd=PROJECT_ROOT,
                env={**os.environ, "DATABASE_URL": url},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for folder in folders
        ]

        def finish(run: subprocess.Popen[str]) -> tuple[str, str, float] | None:
            """A run's stdout, stderr and seconds from the start; None if it had to be killed."""
            try:
                out, err = run.communicate(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                run.kill()
                run.communicate()
                return None
            return out, err, time.monotonic() - started

        with ThreadPoolExecutor(len(runs)) as pool:
            ended = list(pool.map(finish, runs))
        status = 0
        for number, (run, result) in enumerate(zip(runs, ended, strict=True), start=1):
            if result is None:
                print(f"run {number}: still running after {args.timeout:g} s: killed")
                status = 1
                continue
            out, err, took = result
            summary = SUMMARY.search(out)
            said = summary[0] if summary else "NO SUMMARY"
            print(f"run {number}: exit {run.returncode} after {took:.1f} s: {said}")
            for line in err.splitlines()[:5]:
                print(f"    {line}")
            if run.returncode != 0 or summary is None:
                status = 1
        engine = make_engine(url)
        try:
            with make_session_factory(engine)() as session:
                stored = session.scalar(select(func.count()).select_from(Source)) or 0
        finally:
            engine.dispose()
        expected = args.runs * args.size
        print(f"stored {stored} of {expected} articles; lost {expected - stored}")
        return 1 if status or stored != expected else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
