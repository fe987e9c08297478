"""Sides: the countries a sentence names, and which of them sit at the table ("Australian
Foreign Minister Penny Wong", "the tenth Japan-Australia 2+2", "ministers of the Philippines and
Japan")."""

import re

from app.ingest.reference import Reference

BOTH = frozenset({"India", "Japan"})


_FOREIGN_TITLE_WORDS = (
    r"(?:Foreign|Defen[cs]e|External|Trade|Deputy|Prime|Minister|Ministers|Secretary|Secretaries"
    r"|counterparts?|President|chief|chiefs|FM|ministers)"
)


_SECRETARY_OF_STATE = re.compile(r"\bSecretary\s+of\s+(?:State|Defen[cs]e)\b")


_INDIA = re.compile(r"\bIndia(?:n|['’]s)?\b|\bNew\s+Delhi\b|\bBharat\b")


_JAPAN = re.compile(r"\bJapan(?:ese|['’]s)?\b|\bTokyo\b")


class _Countries:
    """Every name of every other country of the reference in one pattern, and whose it is."""

    def __init__(self, reference: Reference) -> None:
        self.country = {n: p.name for p in reference.parties if p.kind == "country" for n in p.names}
        names = sorted(self.country, key=len, reverse=True)
        # After a hyphen too: "the Japan-Australia 2+2".
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})(?:['’]s)?(?!\w)")


_COUNTRIES: dict[str, _Countries] = {}


def countries_named(text: str, reference: Reference) -> dict[str, list[tuple[int, int]]]:
    """The countries a sentence names, with where."""
    if (countries := _COUNTRIES.get(reference.fingerprint)) is None:
        countries = _COUNTRIES[reference.fingerprint] = _Countries(reference)
    found: dict[str, list[tuple[int, int]]] = {}
    for match in _INDIA.finditer(text):
        found.setdefault("India", []).append(match.span())
    for match in _JAPAN.finditer(text):
        found.setdefault("Japan", []).append(match.span())
    for match in countries.pattern.finditer(text):
        name = match.group().removesuffix("'s").removesuffix("’s")
        found.setdefault(countries.country[name], []).append(match.span())
    return found


def other_countries_at_table(text: str, reference: Reference) -> set[str]:
    """Countries other than India and Japan whose ministers or officials the sentence names."""
    others: set[str] = set()
    for country, spans in countries_named(text, reference).items():
        if country in BOTH:
            continue
        for _, end in spans:
            after = text[end : end + 40]
            if re.match(rf"\s+(?:and\s+\w+\s+)?{_FOREIGN_TITLE_WORDS}\b", after) or re.match(
                r"\s*,?\s+(?:the\s+)?(?:Hon\.?\s+)?[A-Z][a-z]+\s+[A-Z][a-z]+", after[:0]
            ):
                others.add(country)
    if _SECRETARY_OF_STATE.search(text) and "United States" in countries_named(text, reference):
        others.add("United States")
    return others


def pair_of_kind_phrase(text: str, at: int, reference: Reference) -> set[str]:
    """The countries a kind phrase is said to be between: "the tenth Japan-Australia 2+2", "the
    US-India 2+2", "ministers of the Philippines and Japan will meet ... for 2+2 talks"."""
    named = countries_named(text, reference)
    country_at = {start: country for country, spans in named.items() for start, _ in spans}
    pairs: set[str] = set()
    # "Japan-Australia 2+2": a compound a few words before the phrase.
    for compound in _COMPOUND.finditer(text[max(0, at - 60) : at]):
        start = max(0, at - 60) + compound.start()
        first = country_at.get(start)
        second = country_at.get(start + compound.group().index(compound.group("second")))
        if first and second:
            pairs |= {first, second}
    # "the ministers of the Philippines and Japan", "between India and Russia".
    for between in _BETWEEN.finditer(text[max(0, at - 120) : at + 80]):
        offset = max(0, at - 120)
        first = country_at.get(offset + between.start("first"))
        second = country_at.get(offset + between.start("second"))
        if first and second:
            pairs |= {first, second}
    # "Australia and India held their third 2+2": the pair as the subject.
    for subject in _PAIR_SUBJECT.finditer(text[max(0, at - 120) : at]):
        offset = max(0, at - 120)
        first = country_at.get(offset + subject.start("first"))
        second = country_at.get(offset + subject.start("second"))
        if first and second:
            pairs |= {first, second}
    return pairs


_PAIR_SUBJECT = re.compile(
    r"(?P<first>[A-Z][\w.]+(?:\s[A-Z]\w+)?)\s+and\s+(?:the\s+)?(?P<second>[A-Z][\w.]+)\s+"
    r"(?:held|hold|will|are|have|had|began|launched|opened|convened|met)\b"
)


_COMPOUND = re.compile(r"\b[A-Z][\w.]+[–-](?P<second>[A-Z][\w.]+)\b(?=(?:\s+\S+){0,4}\s*$)")


_BETWEEN = re.compile(
    r"\b(?:of|between|from)\s+(?:the\s+)?(?P<first>[A-Z][\w.]+(?:\s[A-Z]\w+)?)\s+and\s+(?:the\s+)?"
    r"(?P<second>[A-Z][\w.]+)"
)
