"""Places: the city of a meeting, from the venue a sentence names, "here" under a dateline, "the
Indian capital", the dateline, or the side that was visiting; never a country."""

import re
from functools import lru_cache

from app.ingest.extract.kinds import strip_references
from app.ingest.reference import Reference
from app.ingest.segment import Dateline, Sentence

# "the Indian capital", "the national capital" (in Indian copy), "the Japanese capital".
CAPITAL_PHRASE = re.compile(
    r"\b(?:the\s+)?(?P<which>Indian|Japanese|national)\s+capital\b|\b(?P<country>India|Japan)['’]s\s+capital\b"
)


# The names copy uses for a city, as the record names it.
CITY_NAMES = {"Delhi": "New Delhi", "NEW DELHI": "New Delhi"}


def city_name(name: str) -> str:
    """The record's name of a city ("Delhi" is New Delhi, where the meetings are held)."""
    return CITY_NAMES.get(name, name)


@lru_cache(maxsize=8)
def held_in(cities: tuple[str, ...]) -> re.Pattern[str]:
    """The phrases that place a meeting in one of `cities` ("talks held in Tokyo"), longest first."""
    city_alt = "|".join(re.escape(c) for c in sorted(cities, key=len, reverse=True))
    # Within the sentence: anything but a full stop, save the dot of an initial ("S. Jaishankar").
    within = r"(?:[^.]|(?<=\b[A-Z])\.)"
    return re.compile(
        rf"\b(?:held|met|meet|meeting|talks|dialogue|hosted|convened|took\s+place|co-?chaired|chaired)\b"
        rf"{within}{{0,200}}?\b(?:in|at)\s+(?:(?:the\s+)?(?:Thai|Lao|Indian|Japanese)\s+capital\s+(?:city\s+)?|"
        rf"[A-Z][a-z]+['’]s\s+capital\s+(?:city\s+)?)?(?P<city>{city_alt})\b"
        rf"|\bin\s+(?P<city2>{city_alt})\s+(?:for|to attend|on)\b{within}{{0,60}}"
        rf"\b(?:meeting|dialogue|talks)\b"
        rf"|\b(?:sidelines?|margins?)\s+of\b{within}{{0,120}}?\b(?:in|at)\s+(?P<city3>{city_alt})\b"
        rf"|\b(?:At|In)\s+(?:a|the|an)\s+{within}{{0,80}}?(?:table|meeting|talks|dialogue)\s+in\s+"
        rf"(?P<city4>{city_alt})\b"
    )


_HERE = re.compile(r"\bhere\b", re.IGNORECASE)


_VISITING = re.compile(
    r"\bvisiting\s+(?P<side>Japanese|Indian)\s+(?:ministers?|delegation|side)", re.IGNORECASE
)


def venue(
    sentence: Sentence, reference: Reference, dateline: Dateline | None
) -> tuple[str | None, str | None]:
    """The place a sentence gives for its meeting."""
    text = strip_references(sentence.text)
    if reference.cities and (found := held_in(tuple(reference.cities)).search(text)):
        city = found.group("city") or found.group("city2") or found.group("city3") or found.group("city4")
        return city, "in-city"
    if (capital := CAPITAL_PHRASE.search(text)) is not None:
        which = (capital.group("which") or capital.group("country") or "").lower()
        country = {"indian": "India", "india": "India", "japanese": "Japan", "japan": "Japan"}.get(which)
        if which == "national" and dateline is not None:
            country = reference.cities.get(dateline.place)
        if country in reference.capitals:
            return reference.capitals[country], "capital-phrase"
    if _HERE.search(text) and dateline is not None and is_city(dateline.place, reference):
        return dateline.place, "here-dateline"
    return None, None


def is_city(name: str, reference: Reference) -> bool:
    """Whether a place name can be a meeting's city: never a country."""
    countries = {"India", "Japan"} | {p.name for p in reference.parties if p.kind == "country"}
    country_words = {n for p in reference.parties if p.kind == "country" for n in p.names}
    return name not in countries and name not in country_words and name not in ("Indian", "Japanese")


def meeting_city(
    lead: Sentence,
    nearby: list[Sentence],
    reference: Reference,
    dateline: Dateline | None,
    outlet: str | None,
    remote: bool,
) -> tuple[str | None, str | None]:
    """The meeting's city and the rule that found it, best rule first; none for a phone call."""
    if remote:
        return None, None
    city, rule = venue(lead, reference, dateline)
    if city is not None:
        return city, rule
    for sentence in nearby:
        city, rule = venue(sentence, reference, dateline)
        if city is not None:
            return city, rule
    if dateline is not None and is_city(dateline.place, reference):
        return dateline.place, "dateline"
    for sentence in nearby:
        if (found := _VISITING.search(sentence.text)) is not None:
            host = "India" if found.group("side").lower() == "japanese" else "Japan"
            if host in reference.capitals:
                return reference.capitals[host], "visiting-side"
    if any(_HERE.search(s.text) for s in [lead, *nearby]) and (home := reference.outlet_home(outlet)):
        return home, "here-outlet-home"
    return None, None
