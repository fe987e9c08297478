"""A meeting's page shows its first statements and sources; the rest are a page at a time.

Real meetings are reported in tens of articles and are shown whole; a meeting that outgrows its
page (the limits are lowered here, on the seeds) keeps a page of bounded size that says what it
leaves out and links to every statement, by topic or all of them, a page at a time.
"""

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import web
from app.ingest.reference import Reference
from app.models import Statement
from app.queries.cards import statement_views
from app.queries.statements import statement
from app.queries.views import Echo
from app.routes import meetings
from tests.conftest import Database
from tests.routes_fixtures import Site, select_texts, text_of

MEETING = "2019-11-30-two-plus-two"


def _said_once(site: Site, topic: str | None = None) -> set[str]:
    """The meeting's statements, each once and the reporters' background aside, as the database
    holds them (on a topic, if given)."""
    on_topic = (
        " AND s.id IN (SELECT st.statement_id FROM statement_topics st JOIN topics t ON t.id = st.topic_id"
        " WHERE t.slug = :topic)"
    )
    engine = site.client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return set(
            connection.scalars(
                text(
                    "SELECT s.id FROM statements s JOIN meetings m ON m.id = s.meeting_id"
                    " WHERE m.slug = :slug AND s.echo_of IS NULL AND s.kind != 'context'"
                    + (on_topic if topic else "")
                ),
                {"slug": MEETING, "topic": topic},
            )
        )


def _walk(site: Site, url: str) -> list[str]:
    """The statement ids of every page of a statements list, following its pager."""
    found: list[str] = []
    while url:
        soup = site.page(url)
        found += [str(block["id"]).removeprefix("s-") for block in soup.select(".statement-block")]
        following = soup.select_one("a[rel=next]")
        url = str(following["href"]) if following else ""
    return found


def test_a_meeting_within_the_limits_is_shown_whole(site: Site) -> None:
    soup = site.page(f"/meetings/{MEETING}")
    shown = {str(block["id"]).removeprefix("s-") for block in soup.select(".topic-group .statement-block")}
    assert shown == _said_once(site)
    assert not soup.select(".notice")
    assert not soup.select(f"a[href^='/meetings/{MEETING}/statements']")


def test_a_meeting_over_the_limits_shows_its_first_statements_and_links_to_all(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meetings, "MEETING_SHOWN", 5)
    monkeypatch.setattr(meetings, "MEETING_STATEMENTS", 4)
    every = _said_once(site)
    assert len(every) > 5
    soup = site.page(f"/meetings/{MEETING}")
    assert len(soup.select(".statement-block")) == 5
    notices = select_texts(soup, ".notice")
    assert any("shows the meeting's first 5 statements" in n for n in notices)
    assert len(soup.select("#sources ~ ul .index-list__item")) <= 5
    everything = soup.select_one(f".notice a[href='/meetings/{MEETING}/statements']")
    assert everything is not None
    assert text_of(everything) == f"All {len(every)} statements, a page at a time"
    walked = _walk(site, str(everything["href"]))
    assert len(walked) == len(set(walked)) == len(every)
    assert set(walked) == every
    topic_links = soup.select(f"a[href^='/meetings/{MEETING}/statements?topic=']")
    assert topic_links
    for link in topic_links:
        topic = str(link["href"]).split("topic=")[1]
        count = int(re.search(r"All (\d+) statements", text_of(link)).group(1))  # type: ignore[union-attr]
        on_topic = _walk(site, str(link["href"]))
        assert set(on_topic) == _said_once(site, topic)
        assert len(on_topic) == count


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("?topic=Not+A+Slug", 400, "topic"),
        ("?topic=no-such-topic", 400, "no-such-topic"),
        ("?page=0", 400, "page"),
        ("?page=two", 400, "page"),
        ("?page=999", 404, "pages"),
    ],
)
def test_bad_values_get_a_clear_answer(site: Site, query: str, status: int, words: str) -> None:
    response = site.client.get(f"/meetings/{MEETING}/statements{query}")
    assert response.status_code == status
    assert words in response.text


def test_an_unknown_meeting_is_not_found_and_the_order_of_topics_is_canonical(site: Site) -> None:
    assert site.client.get("/meetings/no-such-meeting/statements").status_code == 404
    response = site.client.get(
        f"/meetings/{MEETING}/statements?topic=terrorism&topic=maritime-security&page=1",
        follow_redirects=False,
    )
    assert response.status_code == 301
    assert (
        response.headers["location"]
        == f"/meetings/{MEETING}/statements?topic=maritime-security&topic=terrorism"
    )


def test_a_statement_carried_by_many_outlets_lists_the_first_and_links_to_the_rest(site: Site) -> None:
    """Lists show a statement's first ten echoes and a link to its own page, which lists all."""
    engine = site.client.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        st = statement(session, next(iter(_said_once(site))))
    assert st is not None
    many = replace(
        st, echoes=tuple(Echo(f"e{n}", f"source-{n}", f"Outlet {n}", 1) for n in range(12)), echo_count=12
    )
    ui: Any = web.templates.env.globals["ui"]  # the macros module
    listed = BeautifulSoup(str(ui.statement(many)), "html.parser")
    assert len(listed.select("a.statement-block__echo[href^='/sources/']")) == 10
    rest = listed.select_one(f"a.statement-block__echo[href='/statements/{st.id}']")
    assert rest is not None
    assert text_of(rest) == "2 more reports"
    whole = BeautifulSoup(str(ui.statement(many, echoes_shown=None)), "html.parser")
    assert len(whole.select("a.statement-block__echo[href^='/sources/']")) == 12


def test_a_list_reads_a_statements_first_echoes_and_counts_them_all(site: Site) -> None:
    """A list's query reads the first echoes of each statement in the archive's order, as its own
    page lists them, and still says how many there are and how many outlets carry it."""
    engine = site.client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        most_repeated = connection.scalar(
            text(
                "SELECT echo_of FROM statements WHERE echo_of IS NOT NULL"
                " GROUP BY echo_of ORDER BY count(*) DESC, echo_of"
            )
        )
    assert most_repeated is not None
    with Session(engine) as session:
        chosen = select(Statement.id).where(Statement.id == most_repeated)
        (whole,) = statement_views(session, chosen)
        (first,) = statement_views(session, chosen, echoes_shown=1)
    assert len(whole.echoes) == whole.echo_count >= 1
    assert first.echoes == whole.echoes[:1]
    assert first.echo_count == whole.echo_count
    assert (
        first.outlet_count
        == whole.outlet_count
        == 1 + len({e.outlet for e in whole.echoes if e.outlet != whole.source_outlet})
    )


def _wire_copy(n: int) -> str:
    """One outlet's report of a meeting: its own title and opening, the same quotation."""
    return f"""---
title: India and Japan hold 2+2 talks, report {n}
outlet: Wire {n:02d}
published: 2026-03-12
---

NEW DELHI, March 12 -- India and Japan held their "2+2" foreign and defence ministerial dialogue \
in New Delhi on Thursday, the {n}th outlet reported.

"Our two navies will exercise together more often across the Indian Ocean," Defence Minister \
Rajnath Singh said.
"""


def test_a_statement_thirteen_outlets_carry_lists_ten_reports_and_counts_them_all(
    site: Site, seeded_db: Database, reference: Reference, tmp_path: Path
) -> None:
    for n in range(1, 14):
        (tmp_path / f"wire-{n:02d}.md").write_text(_wire_copy(n), encoding="utf-8")
    assert not seeded_db.ingest(reference, tmp_path).failed
    with seeded_db.sessions() as session:
        carried = session.scalar(
            select(Statement).where(Statement.echo_count > 0, Statement.text.contains("navies"))
        )
        assert carried is not None
        assert carried.meeting is not None
        statement_id, meeting_slug = carried.id, carried.meeting.slug
        assert (carried.echo_count, carried.outlet_count) == (12, 13)

    page = BeautifulSoup(site.client.get(f"/meetings/{meeting_slug}").text, "html.parser")
    block = page.select_one(f"#s-{statement_id}")
    assert block is not None
    assert len(block.select("a.statement-block__echo[href^='/sources/']")) == 10
    rest = block.select_one(f"a.statement-block__echo[href='/statements/{statement_id}']")
    assert rest is not None
    assert text_of(rest) == "2 more reports"
    assert "Reported by 13 outlets" in text_of(block)

    own = BeautifulSoup(site.client.get(f"/statements/{statement_id}").text, "html.parser")
    assert len(own.select("a.statement-block__echo[href^='/sources/']")) == 12
    assert not own.select(f"a.statement-block__echo[href='/statements/{statement_id}']")
    api = site.client.get(f"/api/v1/meetings/{meeting_slug}").json()
    (listed,) = [s for s in api["statement_list"] if s["id"] == statement_id]
    assert len(listed["also_reported_by"]) == 12
