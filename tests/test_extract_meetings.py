"""Meetings: the lead meeting is who met; other pairs, leaders, officials and the Quad are none."""

from datetime import date
from pathlib import Path

import pytest

from app.ingest.clean import clean
from app.ingest.errors import IngestError, NotAMeeting
from app.ingest.extract.meetings import find_meetings
from app.ingest.extract.people import find_people
from app.ingest.parse import Article
from app.ingest.prepare import Extraction, extract_article
from app.ingest.reference import load_reference
from app.ingest.resolve import resolve_people
from app.ingest.segment import segment

REFERENCE = load_reference(Path("seeds"))
TODAY = date(2026, 11, 23)
WRITTEN = date(2025, 3, 5)  # a Wednesday


def _extract(body: str, published: date | None = WRITTEN) -> Extraction:
    rule = "front-matter" if published else "none"
    article = Article("t.txt", body.encode(), body, None, None, published, rule, None)
    return extract_article(article, REFERENCE, TODAY)


def _not_a_meeting(body: str) -> str:
    with pytest.raises(NotAMeeting) as caught:
        _extract(body)
    return caught.value.problem


def test_plain_report_of_defence_ministers_meeting_in_a_city() -> None:
    extraction = _extract(
        "Japanese Defense Minister Gen Nakatani and his Indian counterpart, Rajnath Singh, met in Tokyo on "
        "Monday and agreed to expand joint drills."
    )
    (lead,) = extraction.meetings
    assert (lead.role, lead.kind, lead.kind_rule, lead.status) == (
        "subject",
        "defence-ministerial",
        "participants",
        "held",
    )
    assert (lead.date, lead.city) == (date(2025, 3, 3), "Tokyo")
    assert set(extraction.participants) == {"gen-nakatani", "rajnath-singh"}


def test_foreign_minister_met_with_indias_external_affairs_minister() -> None:
    extraction = _extract(
        "Foreign Minister Takeshi Iwaya met with India's External Affairs Minister S Jaishankar on Thursday "
        "in New Delhi to discuss trade."
    )
    lead = extraction.meetings[0]
    assert (lead.kind, lead.date, lead.city) == ("foreign-ministerial", date(2025, 2, 27), "New Delhi")
    assert set(extraction.participants) == {"takeshi-iwaya", "s-jaishankar"}


def test_defence_ministers_video_call_is_a_remote_meeting() -> None:
    extraction = _extract(
        "Defence Minister Rajnath Singh held a video conference with Japanese Defense Minister Minoru Kihara "
        "on Wednesday and discussed maritime security.",
        published=date(2025, 2, 13),
    )
    (lead,) = extraction.meetings
    assert (lead.kind, lead.remote, lead.city, lead.date) == (
        "defence-ministerial",
        True,
        None,
        date(2025, 2, 12),
    )
    assert extraction.participants == ("rajnath-singh", "minoru-kihara")


def test_strategic_dialogue_in_tokyo_takes_its_number_and_kind_from_its_name() -> None:
    extraction = _extract(
        "TOKYO, March 4 (Kyodo) -- Foreign Minister Takeshi Iwaya met with India's External Affairs "
        "Minister Subrahmanyam Jaishankar on Tuesday in Tokyo for the 17th Japan-India Foreign Ministers' "
        "Strategic Dialogue."
    )
    lead = extraction.meetings[0]
    assert (lead.kind, lead.kind_rule, lead.edition) == ("foreign-ministerial", "kind-phrase", 17)
    assert (lead.date, lead.city) == (date(2025, 3, 4), "Tokyo")


def test_preview_of_a_2_plus_2_on_thursday_is_planned_without_participants() -> None:
    extraction = _extract(
        "NEW DELHI: India and Japan will hold their fourth 2+2 foreign and defence ministerial dialogue on "
        "Thursday, officials said.",
        published=date(2026, 3, 2),
    )
    lead = extraction.meetings[0]
    assert (lead.kind, lead.edition, lead.status, lead.date) == (
        "two-plus-two",
        4,
        "planned",
        date(2026, 3, 5),
    )
    assert extraction.participants == ()


def test_defence_ministers_of_japan_and_india_name_both_sides_and_the_kind() -> None:
    lead = _extract(
        "TOKYO, March 4 (Kyodo) -- The defence ministers of Japan and India held talks in Tokyo on Tuesday "
        "and agreed to co-develop drones."
    ).meetings[0]
    assert (lead.kind, lead.date, lead.city) == ("defence-ministerial", date(2025, 3, 4), "Tokyo")


def test_same_day_defence_ministers_meeting_beside_a_2_plus_2_stays_its_own_meeting() -> None:
    extraction = _extract(
        "NEW DELHI: India and Japan held their 2+2 dialogue of foreign and defence ministers in New Delhi on "
        "Tuesday.\n\nExternal Affairs Minister S Jaishankar and Defence Minister Rajnath Singh hosted "
        "Foreign Minister Takeshi Iwaya and Defense Minister Gen Nakatani.\n\nEarlier in the day, the "
        "defence ministers' meeting was held separately, with Singh and Nakatani discussing joint exercises."
    )
    lead, side = extraction.meetings
    assert (lead.kind, lead.date) == ("two-plus-two", date(2025, 3, 4))
    assert set(extraction.participants) == {"s-jaishankar", "rajnath-singh", "takeshi-iwaya", "gen-nakatani"}
    assert (side.role, side.kind, side.date, side.date_rule) == (
        "mention",
        "defence-ministerial",
        date(2025, 3, 4),
        "same-day-as-lead",
    )


def test_defence_meeting_that_mentions_an_upcoming_2_plus_2_stays_a_defence_meeting() -> None:
    extraction = _extract(
        "Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani in Tokyo on Monday.\n\n"
        "The two ministers will meet again with their foreign ministers at the upcoming 2+2 in New Delhi "
        "on Friday."
    )
    lead, planned = extraction.meetings
    assert (lead.kind, lead.date, lead.city) == ("defence-ministerial", date(2025, 3, 3), "Tokyo")
    assert (planned.role, planned.kind, planned.status, planned.date) == (
        "mention",
        "two-plus-two",
        "planned",
        date(2025, 3, 7),
    )


def test_upcoming_2_plus_2_keeps_the_city_its_sentence_names() -> None:
    extraction = _extract(
        "Defence Minister Rajnath Singh met Japanese Defense Minister Gen Nakatani in Tokyo on Monday.\n\n"
        "The two ministers will meet again with their foreign ministers at the upcoming 2+2 in New Delhi "
        "on Friday."
    )
    assert extraction.meetings[1].city == "New Delhi"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        pytest.param(
            "India and Australia held their 2+2 ministerial dialogue in Canberra on Monday. External Affairs "
            "Minister S Jaishankar and Defence Minister Rajnath Singh met Australian Foreign Minister Penny "
            "Wong and Defence Minister Richard Marles.",
            "about an Australia–India 2+2, not an India–Japan meeting",
            id="india-australia-2+2",
        ),
        pytest.param(
            "India and Australia held their 2+2 ministerial dialogue in Canberra on Monday.",
            "about an Australia–India 2+2, not an India–Japan meeting",
            id="india-australia-2+2-no-names",
        ),
        pytest.param(
            "MANILA (Reuters) – Japan and the Philippines held their second 2+2 meeting of foreign and "
            "defence ministers on Friday, agreeing to step up joint drills.",
            "about a Japan–Philippines 2+2, not an India–Japan meeting",
            id="japan-philippines-2+2",
        ),
        pytest.param(
            "The tenth Japan-Australia 2+2 was held in Tokyo on Monday.",
            "about an Australia–Japan 2+2, not an India–Japan meeting",
            id="japan-australia-2+2",
        ),
        pytest.param(
            "MANILA (Reuters) – The United States and the Philippines held a 2+2 meeting of foreign and "
            "defence chiefs on Tuesday. U.S. Secretary of State Marco Rubio and Defense Secretary Pete "
            "Hegseth met their Philippine counterparts.",
            "about a Philippines–United States 2+2, not an India–Japan meeting",
            id="us-philippines-2+2",
        ),
        pytest.param(
            "TOKYO (AP) — Foreign ministers of the Quad — India, Japan, Australia and the United States — "
            "met in Tokyo on Tuesday.\n\nExternal Affairs Minister S Jaishankar also met Japanese Foreign "
            "Minister Takeshi Iwaya.",
            "about a Quad meeting, not an India–Japan one",
            id="quad",
        ),
        pytest.param(
            "Prime Minister Narendra Modi held a summit with Japanese Prime Minister Shigeru Ishiba in Tokyo "
            "on Friday.",
            "about a leaders' meeting, not a ministers' one",
            id="summit",
        ),
        pytest.param(
            "New Delhi (Jiji Press) — Senior officials of India and Japan held a 2+2 dialogue at the level "
            "of foreign and defence secretaries on Monday, the ministry said.",
            "about an officials' meeting, not a ministers' one",
            id="officials",
        ),
        pytest.param(
            "Commerce minister Piyush Goyal met Japan's trade minister Yoji Muto in Tokyo on Monday.",
            "about a meeting of other ministers, not foreign or defence ministers",
            id="trade",
        ),
    ],
)
def test_report_of_no_india_japan_ministers_meeting_says_what_it_is_about(body: str, line: str) -> None:
    assert _not_a_meeting(body) == line


def test_jaishankar_at_a_quad_meeting_with_counterparts_is_no_bilateral_meeting() -> None:
    line = _not_a_meeting(
        "External Affairs Minister S Jaishankar on Tuesday attended the Quad foreign ministers' meeting in "
        "Tokyo with his counterparts from the US, Australia and Japan."
    )
    assert "Quad" in line


def test_2_plus_2_of_named_secretaries_is_an_officials_meeting() -> None:
    line = _not_a_meeting(
        "India and Japan held their 2+2 dialogue at the level of secretaries in Tokyo on Monday, with "
        "Foreign Secretary Vikram Misri and Defence Secretary Rajesh Kumar Singh leading the Indian side."
    )
    assert line == "about an officials' meeting, not a ministers' one"


def test_article_with_no_meeting_is_an_error_not_a_skip() -> None:
    with pytest.raises(IngestError) as caught:
        _extract("Japan's economy grew by 1.2% in the last quarter, the cabinet office said.")
    assert not isinstance(caught.value, NotAMeeting)
    assert caught.value.problem == "no India–Japan ministers' meeting found"


def test_undated_report_asks_for_a_publication_date() -> None:
    with pytest.raises(IngestError) as caught:
        _extract(
            "Japanese Foreign Minister Hiroshi Tanakawa met External Affairs Minister S Jaishankar in Tokyo "
            "on Monday.",
            published=None,
        )
    assert caught.value.problem == (
        "reports an India–Japan ministers' meeting but gives no date: add 'published' to the front matter"
    )


def test_find_meetings_reads_the_lead_from_the_opening_not_a_later_paragraph() -> None:
    body = (
        "External Affairs Minister S Jaishankar met Japanese Foreign Minister Takeshi Iwaya in Tokyo on "
        "Tuesday.\n\nThe two sides agreed on a supply-chain initiative."
    )
    sentences = segment(body, clean(body).paragraphs)
    mentions = find_people(sentences, REFERENCE)
    people = resolve_people(mentions, REFERENCE, WRITTEN)
    reading = find_meetings(sentences, mentions, people, REFERENCE, WRITTEN, None, None)
    assert reading.not_a_meeting is None
    (lead,) = reading.meetings
    assert body[lead.evidence_start : lead.evidence_end] == "on Tuesday"
    assert set(reading.participants) == {"s-jaishankar", "takeshi-iwaya"}


def test_phone_talks_of_foreign_ministers_are_a_remote_foreign_ministers_meeting() -> None:
    extraction = _extract(
        "Japanese Foreign Minister Takeshi Iwaya and External Affairs Minister S Jaishankar spoke by phone "
        "on Monday and discussed the situation in West Asia."
    )
    (lead,) = extraction.meetings
    assert (lead.kind, lead.remote, lead.date, lead.city) == (
        "foreign-ministerial",
        True,
        date(2025, 3, 3),
        None,
    )


def test_2_plus_2_announced_for_next_month_is_one_planned_meeting_of_that_month() -> None:
    extraction = _extract(
        "NEW DELHI: India and Japan will hold the next round of their 2+2 dialogue in India next month, the "
        "foreign ministry said.\n\nExternal Affairs Minister S Jaishankar and Defence Minister Rajnath Singh "
        "will host their Japanese counterparts."
    )
    (lead,) = extraction.meetings
    assert (lead.kind, lead.status, lead.date, lead.date_precision) == (
        "two-plus-two",
        "planned",
        date(2025, 4, 1),
        "month",
    )


def test_minister_calling_on_the_other_prime_minister_is_skipped_with_a_line() -> None:
    line = _not_a_meeting(
        "External Affairs Minister S Jaishankar called on Japanese Prime Minister Shigeru Ishiba in Tokyo on "
        "Monday."
    )
    assert "leaders'" in line or "prime minister" in line.lower()


def test_two_quad_members_meeting_as_a_pair_is_an_india_japan_meeting() -> None:
    extraction = _extract(
        "The foreign ministers of India and Japan, both Quad members, met in Tokyo on Monday and agreed to "
        "deepen cooperation on critical minerals.\n\nExternal Affairs Minister S Jaishankar and Foreign "
        "Minister Takeshi Iwaya also discussed the situation in the East China Sea."
    )
    lead = extraction.meetings[0]
    assert (lead.kind, lead.city) == ("foreign-ministerial", "Tokyo")
