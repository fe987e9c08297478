"""First renders on two running servers, interleaved request by request: a change's effect on each
kind of page, measured where the machine's own slow spells fall on both sides alike.

Serve the two versions (two checkouts, each on its own copy of one archive) on two ports, then:

    python -m bench.paired ARCHIVE.db --before http://127.0.0.1:8101 --after http://127.0.0.1:8102

Each URL of the cold walks (bench.cold.walks, drawn from ARCHIVE.db) goes to one server only, so
every request is a first render; the two take turns, each going first half the time. One
request at a time: a latency is a render's, not a queue's.
"""

import argparse
import http.client
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.cold import walks

SIDES = ("before", "after")


def turns(urls: list[str]) -> list[tuple[str, str]]:
    """(side, url) for each URL: each URL to one side, the sides alternating which goes first."""
    return [(SIDES[(i + i // 2) % 2], url) for i, url in enumerate(urls)]


@dataclass(frozen=True)
class Paired:
    kind: str
    before: list[float]  # ms
    after: list[float]

    def line(self) -> str:
        def figures(times: list[float]) -> str:
            ordered = sorted(times)
            return f"p50 {statistics.median(ordered):6.1f}  p90 {ordered[int(len(ordered) * 0.9)]:6.1f}"

        change = statistics.median(self.after) / statistics.median(self.before)
        sides = f"{figures(self.before)} | {figures(self.after)}"
        return f"| {self.kind} | {len(self.before)} | {sides} | {change:.2f}× |"


def measure(kind: str, urls: list[str], servers: dict[str, str]) -> Paired:
    connections = {
        side: http.client.HTTPConnection(
            urlsplit(base).hostname or "127.0.0.1", urlsplit(base).port, timeout=30
        )
        for side, base in servers.items()
    }
    times: dict[str, list[float]] = {side: [] for side in SIDES}
    for side, url in turns(urls):
        started = time.perf_counter()
        try:
            connections[side].request("GET", url)
            answer = connections[side].getresponse()
            answer.read()
        except OSError as error:
            raise SystemExit(f"--{side} {servers[side]}: {url} was not answered ({error})") from None
        times[side].append((time.perf_counter() - started) * 1000)
        if answer.status >= 500:
            raise SystemExit(f"{servers[side]}{url} answered {answer.status}")
    for connection in connections.values():
        connection.close()
    return Paired(kind, times["before"], times["after"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.paired", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("archive", type=Path, help="the SQLite file the URLs are drawn from")
    parser.add_argument("--before", required=True, help="the first server's address")
    parser.add_argument("--after", required=True, help="the second server's address")
    parser.add_argument("--per-kind", type=int, default=100, help="first renders of each kind on each side")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if not args.archive.is_file():
        parser.error(f"archive: no SQLite file at {args.archive}")
    servers = {"before": args.before.rstrip("/"), "after": args.after.rstrip("/")}
    print("| page kind | renders each | before (ms) | after (ms) | after ÷ before (p50) |")
    print("| --- | ---: | --- | --- | ---: |")
    for kind, urls in walks(args.archive, args.seed, args.per_kind * 2).items():
        if len(urls) >= 2:
            print(measure(kind, urls[: args.per_kind * 2], servers).line(), flush=True)


if __name__ == "__main__":
    main()
