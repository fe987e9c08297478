"""Corroboration: grouping a meeting's statements as echoes, at once and batch by batch.

An ingest run groups a meeting's statements once, then regroups only what each batch's new
statements can change (`regroup_echoes`). These tests hold it to the grouping of all the
statements at once (`group_echoes`), whatever order the statements arrive in.
"""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from app.ingest.load.echoes import Carried, group_echoes, regroup_echoes

# Sentences that repeat one another in part, so that some pairs pass the similarity bar and
# some fall short of it, and one representative can lose its place to an earlier report.
SENTENCES = (
    "india and japan agreed to deepen defence cooperation in the indo pacific region "
    "ministers condemned terrorism in all its forms and called for maritime security "
    "under international law the two sides welcomed joint exercises"
)
WORDS = SENTENCES.split()


def _statement(n: int, source: int, kind: str, start: int, length: int, day: int) -> Carried:
    text = " ".join(WORDS[(start + k) % len(WORDS)] for k in range(length))
    published = date(2024, 1, day) if day else None
    return Carried.of(f"s{n}", source, kind, text, n, published, f"outlet-{source}")


statements = st.lists(
    st.tuples(
        st.integers(1, 4),  # source
        st.sampled_from(["quote", "paraphrase", "official"]),
        st.integers(0, 6),  # where in WORDS the text starts: neighbours overlap
        st.integers(4, 14),  # words: some too short to group
        st.integers(0, 3),  # day published; 0: no date
    ),
    min_size=1,
    max_size=40,
).map(lambda rows: [_statement(n, *row) for n, row in enumerate(rows)])


def _batches(held: list[Carried], cuts: list[int]) -> dict[str, str | None]:
    """Group the statements the way a run does: arriving in batches, regrouped after each."""
    grouped: dict[str, str | None] = {}
    settled = 0
    for cut in sorted({min(c, len(held)) for c in cuts} | {len(held)}):
        grouped = regroup_echoes(held[:cut], settled)
        for statement in held[:cut]:
            statement.echo_of = grouped[statement.id]
        settled = cut
    return grouped


@settings(max_examples=300, deadline=None, database=None)
@given(statements, st.lists(st.integers(0, 40), max_size=6))
def test_grouping_batch_by_batch_is_the_grouping_at_once(held: list[Carried], cuts: list[int]) -> None:
    expected = group_echoes(held)
    assert _batches(held, cuts) == expected


def test_an_earlier_report_takes_the_place_of_a_representative() -> None:
    """A statement reported earlier than a group's representative represents the group in its
    place, and a statement that repeated only the old representative is compared afresh."""
    later = Carried.of("later", 1, "paraphrase", " ".join(WORDS[:12]), 0, date(2024, 1, 3), "b")
    echo = Carried.of("echo", 2, "paraphrase", " ".join(WORDS[:11]), 0, date(2024, 1, 4), "c")
    earlier = Carried.of("earlier", 3, "paraphrase", " ".join(WORDS[:12]), 0, date(2024, 1, 1), "a")
    first = _batches([later, echo], [])
    assert first == {"later": None, "echo": "later"}
    grouped = _batches([later, echo, earlier], [2])
    assert grouped == {"earlier": None, "later": "earlier", "echo": "earlier"}
    assert grouped == group_echoes([later, echo, earlier])


def test_a_batch_compares_only_what_it_can_change(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Adding one statement to a meeting of many distinct ones compares it with each of them,
    and each of them with nothing but the new one: linear work, not a regrouping of all pairs."""
    held = [
        Carried.of(
            f"s{n}",
            n % 3,
            "paraphrase",
            f"statement {n} " + " ".join(WORDS[n % 20 : n % 20 + 9]),
            n,
            date(2024, 1, 1 + n % 20),
            f"outlet-{n % 3}",
        )
        for n in range(200)
    ]
    _batches(held, [])
    calls = 0
    real = fuzz.token_set_ratio

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(fuzz, "token_set_ratio", counted)
    new = Carried.of("new", 7, "paraphrase", " ".join(WORDS[30:40]), 0, date(2023, 12, 1), "outlet-7")
    regroup_echoes([*held, new], len(held))
    assert calls <= 2 * len(held)
