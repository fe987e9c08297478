"""wrk's report is read right, and the report's verdicts follow the measurements."""

import pytest

from bench.load import Load, parse_wrk
from bench.results import Ingest, Page, Report, SizeResult, render

WRK_REPORT = """Running 5s test @ http://127.0.0.1:8010/topics/terrorism
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.96ms  679.50us   9.48ms   86.78%
    Req/Sec    16.36k     1.25k   18.52k    56.25%
  Latency Distribution
     50%  772.00us
     75%    1.10ms
     90%    1.41ms
     99%    4.16ms
  130243 requests in 5.00s, 9.95GB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  26048.60
Transfer/sec:      1.99GB
"""


def test_wrk_report_is_read_with_its_units() -> None:
    load = parse_wrk("u", WRK_REPORT)

    assert (load.requests, load.seconds, load.rps) == (130243, 5.0, 26048.60)
    assert load.p50_ms == pytest.approx(0.772)  # microseconds become milliseconds
    assert (load.p90_ms, load.p99_ms, load.max_ms) == (1.41, 4.16, 9.48)
    assert (load.errors, load.timeouts, load.non_2xx_3xx) == (2 + 3 + 7, 3, 7)


def test_a_load_that_completed_nothing_has_no_latency() -> None:
    load = parse_wrk("u", "  0 requests in 5.00s, 0.00B read\nRequests/sec:      0.00\n")

    assert (load.requests, load.p50_ms, load.p99_ms, load.max_ms) == (0, None, None, None)


def _load(rps: float, p50: float, p99: float = 5.0) -> Load:
    return Load("u", 1000, 5.0, rps, p50, p50, p99, p99, 0, 0, 0, "")


def _page(name: str, app_p50: float, base_p50: float | None = None, *, rps: float = 900.0) -> Page:
    base = _load(1000.0, base_p50) if base_p50 is not None else None
    return Page(
        name,
        f"/{name}",
        200,
        1,
        1.0,
        _load(rps, app_p50),
        _load(1000.0, 1.0),
        base_target=f"/{name}",
        base=base,
    )


def _verdicts(report: Report) -> dict[str, str]:
    rows = render(report).split("## Targets", 1)[1].splitlines()
    return {cells[1]: cells[3] for row in rows if len(cells := [c.strip() for c in row.split("|")]) == 5}


def test_verdicts_follow_the_measurements() -> None:
    seeds = SizeResult("seeds", 5, pages=[_page("timeline", 1.0), _page("topic", 1.0)])
    big = SizeResult(
        "10000",
        10_000,
        ingest=Ingest(10_000, 19.0, 150.0, 0, False, tree_peak_mb=310.0, loaded=10_000),
        reingest=Ingest(10_000, 1.0, 90.0, 0, False, unchanged=10_000),
        pages=[_page("timeline", 1.4, base_p50=1.0), _page("topic", 1.6, base_p50=1.0, rps=400.0)],
    )

    verdicts = _verdicts(Report({}, {}, [seeds, big]))

    assert verdicts["10,000 articles ingest ≤ 20 s"] == "met"
    assert verdicts["… with peak memory ≤ 300 MB"] == "**not met**"  # the whole tree counts
    assert verdicts["timeline at 10,000: ≥ 0.5 × ceiling req/s"] == "met"
    assert verdicts["topic at 10,000: ≥ 0.5 × ceiling req/s"] == "**not met**"
    assert verdicts["timeline: p50 growth seeds → 10,000 ≤ 1.5×"] == "met"
    assert verdicts["topic: p50 growth seeds → 10,000 ≤ 1.5×"] == "**not met**"
    assert verdicts["meeting at 10,000: ≥ 0.5 × ceiling req/s"] == "not measured"
