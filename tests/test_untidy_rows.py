"""Pages answer on the rows real archives hold: people without a country, meetings without a city
or an exact date, statements at no meeting."""

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.config import Settings
from app.ingest.summaries import refresh_meeting_summaries, refresh_minister_counts
from app.main import create_app
from app.models import Meeting, Minister, Participation, Source, Statement, StatementTopic, Topic
from tests.conftest import Database
from tests.routes_fixtures import select_texts, text_of

MEETING = "2019-11-30-two-plus-two"
VAGUE = "2022-09-two-plus-two"


@pytest.fixture
def untidy(seeded_db: Database) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The seeds, with a stateless person at a meeting, a vague meeting and a statement at none."""
    with seeded_db.sessions() as session:
        meeting = session.scalar(select(Meeting).where(Meeting.slug == MEETING))
        assert meeting is not None
        speaker = session.scalar(
            select(Minister)
            .join(Statement, Statement.minister_id == Minister.id)
            .where(Statement.meeting_id == meeting.id)
        )
        assert speaker is not None
        speaker.country = None
        nobody = Minister(slug="a-stateless-envoy", name="A Stateless Envoy", country=None, portfolio=None)
        session.add(nobody)
        session.flush()
        source_id = session.scalar(select(Statement.source_id).where(Statement.meeting_id == meeting.id))
        session.add(Participation(meeting_id=meeting.id, minister_id=nobody.id, source_id=source_id))
        session.execute(
            update(Meeting)
            .where(Meeting.slug == VAGUE)
            .values(city=None, city_rule=None, date_precision="year")
        )
        terrorism = session.scalar(select(Topic.id).where(Topic.slug == "terrorism"))
        loose = session.scalar(
            select(Statement)
            .join(StatementTopic, StatementTopic.statement_id == Statement.id)
            .where(
                StatementTopic.topic_id == terrorism,
                Statement.meeting_id == meeting.id,
                Statement.kind != "context",
            )
        )
        assert loose is not None
        loose.meeting_id = None
        source = session.get(Source, loose.source_id)
        assert source is not None
        names = {"speaker": speaker.slug, "statement": loose.id, "source": source.slug}
        session.flush()
        refresh_meeting_summaries(session)  # as ingestion does after any write
        refresh_minister_counts(session)
        session.commit()
    app = create_app(Settings(database_url=seeded_db.url))
    yield TestClient(app), names
    app.state.engine.dispose()


PAGES = [
    "/",
    "/?year=2019",
    "/?year=2022&kind=two-plus-two",
    "/?minister=a-stateless-envoy",
    "/ministers",
    "/ministers/a-stateless-envoy",
    f"/meetings/{MEETING}",
    f"/meetings/{MEETING}/statements",
    f"/meetings/{VAGUE}/statements?topic=terrorism",
    f"/meetings/{VAGUE}",
    "/topics",
    "/topics/terrorism",
    "/topics/terrorism?year=2019",
    "/topics/terrorism?speaker=officials",
    "/topics/terrorism?country=pakistan",
    "/matrix",
    f"/compare?a={MEETING}&b={VAGUE}",
    "/search?q=terror",
    "/review",
    "/sources",
    "/api/v1/meetings",
    "/api/v1/ministers",
    f"/api/v1/meetings/{VAGUE}",
    "/api/v1/topics/terrorism/statements",
    "/api/v1/statements?topic=terrorism",
    "/feeds/meetings.atom",
    "/feeds/topics/terrorism.atom",
    "/meetings.csv",
    "/topics/terrorism.csv",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_on_untidy_rows(untidy: tuple[TestClient, dict[str, str]], url: str) -> None:
    client, _ = untidy
    assert client.get(url).status_code == 200


def test_the_pages_of_the_untidy_rows_themselves_answer(untidy: tuple[TestClient, dict[str, str]]) -> None:
    client, names = untidy
    for url in (
        f"/ministers/{names['speaker']}",
        f"/statements/{names['statement']}",
        f"/sources/{names['source']}",
    ):
        assert client.get(url).status_code == 200, url


def test_people_without_a_country_are_listed_last_under_country_not_known(
    untidy: tuple[TestClient, dict[str, str]],
) -> None:
    client, names = untidy
    soup = BeautifulSoup(client.get("/ministers").text, "html.parser")
    headings = select_texts(soup, "h2.section__title")
    assert headings[-1] == "Country not known"
    assert len(headings) == len(set(headings))
    last = soup.select("section.section")[-1]
    listed = {a["href"] for a in last.select("a[href^='/ministers/']")}
    assert {"/ministers/a-stateless-envoy", f"/ministers/{names['speaker']}"} <= listed


def test_a_statement_at_no_meeting_is_listed_last_on_its_topic(
    untidy: tuple[TestClient, dict[str, str]],
) -> None:
    client, names = untidy
    soup = BeautifulSoup(client.get("/topics/terrorism").text, "html.parser")
    groups = soup.select(".topic-meeting")
    assert groups
    assert names["statement"] in text_of(groups[-1]) or groups[-1].select_one(
        f"[id*='{names['statement']}'], a[href$='{names['statement']}']"
    )


def test_a_meeting_known_to_the_year_shows_the_year_alone(untidy: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = untidy
    soup = BeautifulSoup(client.get(f"/meetings/{VAGUE}").text, "html.parser")
    assert text_of(soup.select_one("title")).startswith("India–Japan 2+2 Ministerial Dialogue, 2022 ")
    assert "Sep" not in text_of(soup.select_one("main"))
