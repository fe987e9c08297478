"""The actor dictionary, `seeds/ministers.yaml`, read through the product's loader: every entry
cites a source, terms are well formed, each seat has one holder at a time and none is empty since
2000, and sample days give the holder the cited pages name."""

import shutil
from datetime import date, timedelta
from itertools import combinations, pairwise
from pathlib import Path

import pytest
import yaml

from app.ingest.clean import split_paragraphs
from app.ingest.errors import IngestError
from app.ingest.extract.people import find_people
from app.ingest.reference import KnownPerson, Post, Reference, load_reference
from app.ingest.resolve import resolve_people
from app.ingest.segment import segment
from tests.conftest import SEEDS

COVERED_FROM = date(2000, 1, 1)
CHECKED_ON = date(2026, 12, 2)  # the day the current holders were last checked
SEATS = [
    (country, portfolio)
    for country in ("India", "Japan")
    for portfolio in ("prime-minister", "foreign", "defence")
]

# Overlaps longer than the handover day (`to` of one term = `from` of the next), each with the
# reason the sources give. None so far: Obuchi's term ends when Mikio Aoki began to act for him.
DOCUMENTED_OVERLAPS: dict[tuple[str, str, str], str] = {}

# Days on which no one in the dictionary holds a seat, each with the reason.
DOCUMENTED_GAPS: dict[tuple[str, str, date], str] = {
    ("India", "defence", date(2006, 10, 25)): (
        "Pranab Mukherjee left Defence on 24 October 2006 and Wikipedia starts A. K. Antony's "
        "term on 26 October (elections.in says 24 October); the day between is not settled"
    ),
}


def _terms(reference: Reference, country: str, portfolio: str) -> list[tuple[KnownPerson, Post]]:
    return [
        (person, post)
        for person in reference.people
        if person.country == country
        for post in person.posts
        if post.portfolio == portfolio
    ]


def _holders(reference: Reference, country: str, portfolio: str, day: date) -> list[str]:
    return sorted({person.name for person, post in _terms(reference, country, portfolio) if post.covers(day)})


def test_every_entry_cites_a_public_page(reference: Reference) -> None:
    assert reference.people
    for person in reference.people:
        assert person.source.startswith("https://"), person.name


def test_an_entry_without_a_source_is_refused_by_name(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    data = yaml.safe_load((seeds / "ministers.yaml").read_text(encoding="utf-8"))
    [entry] = [e for e in data["ministers"] if e["name"] == "Takeshi Iwaya"]
    del entry["source"]
    (seeds / "ministers.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        load_reference(seeds)
    assert "ministers.yaml" in str(raised.value)
    assert "'Takeshi Iwaya'" in str(raised.value)
    assert "source" in str(raised.value)


def test_names_are_unique_and_every_person_has_a_family_name(reference: Reference) -> None:
    slugs = [person.slug for person in reference.people]
    assert len(slugs) == len(set(slugs))
    for person in reference.people:
        assert person.family, person.name
        assert person.family in person.name, person.name
        assert person.posts, person.name


def test_no_term_ends_before_it_starts(reference: Reference) -> None:
    for person in reference.people:
        for post in person.posts:
            assert post.start is not None, person.name
            assert post.end is None or post.start <= post.end, (person.name, post)
            assert post.portfolio in ("prime-minister", "foreign", "defence"), (person.name, post)


def test_a_persons_terms_in_one_post_are_listed_in_order_and_apart(reference: Reference) -> None:
    for person in reference.people:
        for portfolio in {p.portfolio for p in person.posts}:
            terms = [p for p in person.posts if p.portfolio == portfolio]
            for earlier, later in pairwise(terms):
                assert earlier.end is not None, (person.name, portfolio)
                assert later.start is not None, (person.name, portfolio)
                assert earlier.end < later.start, (person.name, portfolio)


@pytest.mark.parametrize(("country", "portfolio"), SEATS)
def test_two_people_never_hold_a_seat_at_once_beyond_the_handover_day(
    reference: Reference, country: str, portfolio: str
) -> None:
    far = date(9999, 12, 31)
    found = set()
    for (a, post_a), (b, post_b) in combinations(_terms(reference, country, portfolio), 2):
        if a.slug == b.slug:
            continue
        assert post_a.start is not None
        assert post_b.start is not None
        first = max(post_a.start, post_b.start)
        last = min(post_a.end or far, post_b.end or far)
        if last < first:
            continue
        names = tuple(sorted((a.name, b.name)))
        if (last - first).days == 0 and (post_a.end == post_b.start or post_b.end == post_a.start):
            continue  # the handover day: one leaves the day the other takes over
        key = (country, portfolio, f"{names[0]} / {names[1]}")
        assert key in DOCUMENTED_OVERLAPS, f"{key}: {first} to {last}"
        found.add(key)
    assert found == {k for k in DOCUMENTED_OVERLAPS if k[:2] == (country, portfolio)}


@pytest.mark.parametrize(("country", "portfolio"), SEATS)
def test_every_day_since_2000_has_a_holder(reference: Reference, country: str, portfolio: str) -> None:
    empty = []
    day = COVERED_FROM
    while day <= CHECKED_ON:
        if not _holders(reference, country, portfolio, day):
            empty.append(day)
        day += timedelta(days=1)
    assert empty == [d for (c, p, d) in DOCUMENTED_GAPS if (c, p) == (country, portfolio)]


# Each from the pages cited in seeds/ministers.yaml or the reports named beside the row.
@pytest.mark.parametrize(
    ("country", "portfolio", "day", "holder"),
    [
        # Two days before Taro Kono replaced him on 11 September 2019 (TASS).
        ("Japan", "defence", date(2019, 9, 2), "Takeshi Iwaya"),
        ("Japan", "defence", date(2019, 9, 12), "Taro Kono"),
        ("India", "defence", date(2019, 9, 2), "Rajnath Singh"),
        ("Japan", "foreign", date(2022, 9, 8), "Yoshimasa Hayashi"),
        ("Japan", "foreign", date(2025, 1, 1), "Takeshi Iwaya"),
        ("Japan", "foreign", date(2024, 8, 20), "Yoko Kamikawa"),
        ("Japan", "defence", date(2024, 8, 20), "Minoru Kihara"),
        ("Japan", "defence", date(2025, 5, 5), "Gen Nakatani"),
        # Acting holders.
        ("Japan", "prime-minister", date(2000, 4, 4), "Mikio Aoki"),
        ("Japan", "foreign", date(2002, 1, 31), "Junichiro Koizumi"),
        ("Japan", "foreign", date(2011, 3, 8), "Yukio Edano"),
        ("Japan", "defence", date(2017, 7, 31), "Fumio Kishida"),
        ("Japan", "foreign", date(2021, 11, 7), "Fumio Kishida"),
        ("India", "defence", date(2001, 6, 1), "Jaswant Singh"),
        ("India", "defence", date(2017, 5, 3), "Arun Jaitley"),  # oneindia.com, 3 May 2017
        ("India", "foreign", date(2006, 2, 4), "Manmohan Singh"),  # Hindustan Times, 4 Feb 2006
        # Earlier holders.
        ("India", "prime-minister", date(2000, 1, 1), "Atal Bihari Vajpayee"),
        ("India", "foreign", date(2000, 1, 1), "Jaswant Singh"),
        ("India", "defence", date(2000, 1, 1), "George Fernandes"),
        ("India", "defence", date(2005, 1, 1), "Pranab Mukherjee"),
        ("India", "defence", date(2010, 1, 1), "A. K. Antony"),
        ("Japan", "prime-minister", date(2000, 1, 1), "Keizo Obuchi"),
        ("Japan", "foreign", date(2000, 1, 1), "Yohei Kono"),
        ("Japan", "foreign", date(2008, 1, 1), "Masahiko Komura"),
        ("Japan", "defence", date(2007, 3, 1), "Fumio Kyuma"),
        ("Japan", "defence", date(2010, 1, 1), "Toshimi Kitazawa"),
        ("Japan", "defence", date(2012, 3, 1), "Naoki Tanaka"),
        # The second Takaichi cabinet kept every minister (18 February 2026).
        ("Japan", "prime-minister", date(2026, 3, 1), "Sanae Takaichi"),
        ("Japan", "foreign", date(2026, 3, 1), "Toshimitsu Motegi"),
        ("Japan", "defence", date(2026, 3, 1), "Shinjiro Koizumi"),
        # Today.
        ("India", "prime-minister", CHECKED_ON, "Narendra Modi"),
        ("India", "foreign", CHECKED_ON, "S. Jaishankar"),
        ("India", "defence", CHECKED_ON, "Rajnath Singh"),
        ("Japan", "prime-minister", CHECKED_ON, "Sanae Takaichi"),
        ("Japan", "foreign", CHECKED_ON, "Toshimitsu Motegi"),
        ("Japan", "defence", CHECKED_ON, "Shinjiro Koizumi"),
    ],
)
def test_holder_on_a_sample_day(
    reference: Reference, country: str, portfolio: str, day: date, holder: str
) -> None:
    assert _holders(reference, country, portfolio, day) == [holder]


@pytest.mark.parametrize(
    ("body", "surface", "on", "slug"),
    [
        # Two Konos, two Koizumis, four Singhs: the family name alone goes to the one in office.
        ("Foreign Minister Kono met Jaswant Singh.", "Kono", date(2000, 8, 22), "yohei-kono"),
        ("Defence Minister Kono met Rajnath Singh.", "Kono", date(2020, 1, 15), "taro-kono"),
        ("Defence Minister Koizumi met Rajnath Singh.", "Koizumi", date(2026, 3, 1), "shinjiro-koizumi"),
        ("Prime Minister Koizumi met Vajpayee.", "Koizumi", date(2001, 12, 10), "junichiro-koizumi"),
        ("Defence Minister Singh met Gen Nakatani.", "Singh", date(2001, 6, 1), "jaswant-singh"),
        ("Defence Minister AK Antony met Yasukazu Hamada.", "AK Antony", date(2009, 6, 1), "a-k-antony"),
        # The extractor keeps only "Antony" of "A.K. Antony": the family name finds him.
        ("Defence Minister A.K. Antony met Yasukazu Hamada.", "Antony", date(2009, 6, 1), "a-k-antony"),
        ("Prime Minister Taro Aso met Manmohan Singh.", "Taro Aso", date(2008, 10, 22), "taro-aso"),
    ],
)
def test_names_resolve_to_the_dictionary_entry_in_office(
    reference: Reference, body: str, surface: str, on: date, slug: str
) -> None:
    sentences = segment(body, tuple(split_paragraphs(body)))
    mentions = find_people(sentences, reference)
    resolved = dict(zip((m.surface for m in mentions), resolve_people(mentions, reference, on), strict=True))
    person = resolved.get(surface)
    assert person is not None, f"{surface!r} resolves to no one in {body!r}"
    assert person.slug == slug


def test_the_last_listed_post_is_the_latest(reference: Reference) -> None:
    # `portfolio_on(None)`, what the ministers' pages show, is the last-listed post.
    far = date(9999, 12, 31)
    for person in reference.people:
        latest = max(post.end or far for post in person.posts)
        assert (person.posts[-1].end or far) == latest, person.name


@pytest.mark.parametrize(
    ("name", "day", "portfolio"),
    [
        # On a day with two posts, the additional or acting charge is the one reported.
        ("Manmohan Singh", date(2006, 2, 4), "foreign"),
        ("Manmohan Singh", date(2010, 1, 1), "prime-minister"),
        ("Jaswant Singh", date(2001, 6, 1), "defence"),
        ("Fumio Kishida", date(2017, 7, 31), "defence"),
        ("Fumio Kishida", date(2021, 11, 7), "foreign"),
        ("Fumio Kishida", date(2022, 1, 1), "prime-minister"),
        ("Junichiro Koizumi", date(2002, 1, 31), "foreign"),
    ],
)
def test_portfolio_on_a_day_with_two_posts(
    reference: Reference, name: str, day: date, portfolio: str
) -> None:
    [person] = [p for p in reference.people if p.name == name]
    assert person.portfolio_on(day) == portfolio
