"""The cold walks draw distinct URLs of each kind, the crawl follows only the site's own links, and
the cold-path verdicts follow the measurements."""

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine, make_session_factory, upgrade_to_head
from app.ingest.pipeline import ingest
from app.ingest.reference import load_reference
from app.main import create_app
from bench.cold import ColdLoad, ColdResult, Crawl, _local, render, walked, walks
from bench.load import Load


def _load(rps: float, p50: float, p99: float, requests: int = 1000) -> Load:
    return Load("u", requests, 10.0, rps, p50, p50, p99, p99, 0, 0, 0, "")


def test_walks_are_distinct_urls_of_each_kind_from_the_database(tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"  # a SQLite file, as the bench serves
    upgrade_to_head(f"sqlite:///{db}")
    engine = make_engine(f"sqlite:///{db}")
    seeds = PROJECT_ROOT / "seeds"
    ingest(
        [seeds],
        make_session_factory(engine),
        load_reference(seeds),
        root=PROJECT_ROOT,
        today=date(2026, 11, 23),
    )
    engine.dispose()
    found = walks(db, seed=1, per_kind=50)
    assert set(found) == {"meeting", "minister", "topic-year", "timeline", "search", "api"}
    for kind, urls in found.items():
        assert len(urls) == len(set(urls)), kind
    assert all(u.startswith("/meetings/") for u in found["meeting"])
    assert all("?year=" in u for u in found["topic-year"])
    assert "/meetings/2019-11-30-two-plus-two" in found["meeting"]
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{db}")))
    for kind, urls in found.items():  # a walk of answers, not of error pages
        for url in urls:
            assert client.get(url).status_code == 200, (kind, url)


def test_the_crawl_keeps_to_the_sites_own_pages() -> None:
    assert _local("/meetings/x#p2") == "/meetings/x"
    assert _local("/?year=2019&topic=terrorism") == "/?year=2019&topic=terrorism"
    assert _local("https://example.org/") is None
    assert _local("javascript:alert(1)") is None
    assert _local("/static/site.css") is None
    assert _local("mailto:a@b.c") is None


def test_first_renders_are_the_share_of_requests_for_new_urls() -> None:
    assert ColdLoad("meeting", 500, _load(100, 5, 20, requests=1000)).first_renders == 0.5
    assert ColdLoad("meeting", 5000, _load(100, 5, 20, requests=1000)).first_renders == 1.0


def test_cold_verdicts_follow_the_measurements() -> None:
    ten = ColdResult(
        "10000",
        [ColdLoad("meeting", 3000, _load(400, 9, 40)), ColdLoad("topic-year", 900, _load(50, 30, 90))],
    )
    ten.datasette = ColdLoad("meeting on Datasette", 3000, _load(20, 300, 900))
    ten.crawl = Crawl("/", 100, fetched=100, statuses={200: 99, 500: 1})
    hundred = ColdResult("100000", [ColdLoad("meeting", 3000, _load(300, 12, 50))])
    text = "\n".join(render([ten, hundred]))
    assert "| meeting: p50 ≤ 15 ms, p99 ≤ 60 ms at 10,000 | 9.0 / 40.0 ms | met |" in text
    assert "| topic-year: p50 ≤ 15 ms, p99 ≤ 60 ms at 10,000 | 30.0 / 90.0 ms | missed |" in text
    assert "| 20.0× | met |" in text
    assert "| meeting: p50 at 100,000 ≤ 1.5× 10,000 | 1.33× | met |" in text
    assert "| 1 5xx, 0 timeouts | missed |" in text


def test_a_walk_that_ended_early_is_rated_by_its_latency() -> None:
    ended = _load(rps=7.5, p50=8.0, p99=20.0, requests=15)  # wrk: 15 requests over its 2 s
    ended = Load(**{**ended.__dict__, "mean_ms": 10.0})
    assert walked(ended, connections=2).rps == 200.0  # two connections, 10 ms an answer
    assert walked(_load(rps=50.0, p50=1.0, p99=2.0), connections=2).rps == 50.0  # no mean: as wrk said
