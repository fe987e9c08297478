"""The load test's figures and verdicts follow what it measured."""

import pytest

from bench.stall import Answer, Stall, access_log_ms, percentile, render, walk


def stall(answers: list[Answer], probes: list[tuple[float, float | None]]) -> Stall:
    run = Stall("sqlite", 3000, 50, None, 16, 10.0, answers=answers, probes=probes)
    run.ingest_began, run.ingest_seconds, run.ingest_returncode = 2.0, 3.0, 0
    run.ingest_summary = "files read 50, loaded 50, unchanged 0, failed 0"
    return run


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]

    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 99) is None


def test_a_run_without_5xx_slow_answers_or_slow_probes_meets_every_target() -> None:
    run = stall([Answer("/", 200, 0.5), Answer("/x", 404, 0.1)], [(0.0, 0.004), (2.5, 0.02)])

    assert run.failures() == []
    assert run.healthz_ms(50) == pytest.approx(4.0)
    assert "every target met" in render([run])


def test_a_5xx_an_unanswered_request_and_an_answer_past_the_deadline_each_miss_a_target() -> None:
    run = stall(
        [Answer("/", 503, 10.06), Answer("/a", None, 15.0, "ReadTimeout"), Answer("/b", 200, 0.2)],
        [(0.0, 0.004)],
    )

    failures = run.failures()
    assert "1 answers were 5xx" in failures
    assert "1 requests got no answer" in failures
    assert any("15.00 s (/a), over REQUEST_TIMEOUT (10 s)" in f for f in failures)
    assert run.statuses() == {"200": 1, "503": 1, "ReadTimeout": 1}


def test_an_unanswered_probe_counts_as_slower_than_any_answer() -> None:
    probes: list[tuple[float, float | None]] = [(n * 0.05, 0.005) for n in range(99)] + [(3.0, None)]
    run = stall([Answer("/", 200, 0.1)], probes)

    assert run.healthz_ms(99) == pytest.approx(5.0)
    assert run.healthz_ms(100) == float("inf")
    # The one unanswered probe was sent while the ingest ran (from 2 s to 5 s).
    assert run.healthz_ms(100, during_ingest=True) == float("inf")
    assert run.healthz_ms(100, during_ingest=False) == pytest.approx(5.0)


def test_a_slow_healthz_p99_misses_its_target() -> None:
    fast: tuple[float, float | None] = (0.0, 0.004)
    slow: tuple[float, float | None] = (1.0, 0.15)
    probes = [fast] * 98 + [slow] * 2
    run = stall([Answer("/", 200, 0.1)], probes)

    assert run.failures() == ["/healthz p99 150.0 ms, not under 100 ms"]


def test_the_walk_holds_distinct_urls_of_every_kind_in_an_order_the_seed_fixes() -> None:
    kinds = {"meetings": ["m1", "m2"], "ministers": ["a"], "topics": ["t"], "years": ["2001", "2002"]}
    urls = walk(**kinds, seed=3)

    assert len(urls) == len(set(urls))
    assert urls == walk(**kinds, seed=3) != walk(**kinds, seed=4)
    assert {"/meetings/m1", "/api/v1/ministers/a", "/topics/t?year=2002", "/?year=2001&topic=t"} <= set(urls)
    assert any(url.startswith("/search?q=") for url in urls)


def test_the_app_s_own_healthz_times_are_read_from_its_access_log() -> None:
    log = "\n".join(
        [
            "INFO:     Started server process [1]",
            '{"method": "GET", "path": "/healthz", "query": "", "status": 200, "ms": 0.66}',
            '{"method": "GET", "path": "/topics", "query": "", "status": 200, "ms": 31.2}',
            '{"method": "GET", "path": "/healthz", "query": "", "status": 200, "ms": 10.5}',
            '{"method": "GET", "path": "/healthz", "query": "", "status": 200, "ms": 1',  # cut short
        ]
    )

    assert access_log_ms(log, "/healthz") == [0.66, 10.5]
