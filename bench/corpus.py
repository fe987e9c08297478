"""A deterministic synthetic corpus: wire copy about India–Japan ministers' meetings over decades.

`generate(folder, size, seed)` writes `size` articles (UTF-8 `.txt` with YAML front matter, like
`seeds/`) about meetings between 1996 and mid-2026: 2+2 dialogues, defence ministers' and foreign
ministers' meetings, each reported by two to four outlets in their own words (datelines, "on
Tuesday" against the publication date, quotations and reported positions, reporters' background).
Participants are the ministers `seeds/ministers.yaml` has in office on the day; the gaps in it
(the late 1990s, before its earliest terms, and a day in October 2006) are filled by invented
ministers, who are titled in the copy but missing from the dictionary. Every topic of
`seeds/topics.yaml` and every country or group of `seeds/countries.yaml` appears. The same seed
gives a byte-identical folder.

Beside the articles goes `manifest.json` (not an article: ingestion reads only .txt and .md) with
what each article reports, so `check` can tell how much of it the extractor recovers.

    python -m bench.corpus OUT --size 1000 [--seed 0] [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
START = date(1996, 1, 1)
END = date(2026, 6, 30)  # fixed, so that the corpus does not depend on the day it is made
KINDS = ("two-plus-two", "defence-ministerial", "foreign-ministerial")
KIND_WEIGHTS = (0.4, 0.3, 0.3)
MIN_SAME_KIND_GAP = 4  # days: load/meetings.py takes reports of one kind within 2 days for one meeting


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = _words("January February March April May June July August September October November December")
WIRE_MONTHS = _words("Jan Feb March April May June July Aug Sept Oct Nov Dec")
ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth"
)

# --- invented people ------------------------------------------------------------------------------

INDIAN_GIVEN = {
    "he": _words("Arvind Vikram Suresh Anil Prakash Rohit Sanjay Deepak Rajiv Ashok"),
    "she": _words("Meera Kavita Nalini Sunita Anjali Lakshmi Priya Rekha"),
}
INDIAN_FAMILY = _words(
    "Mehta Rao Iyer Kulkarni Nair Chopra Bhat Menon Reddy Joshi Sinha Pillai Kapoor Deshpande Trivedi Saxena "
    "Bose Gokhale Banerjee Chatterjee Patil Shetty Kashyap "
    "Malhotra Agarwal Dutta Hegde Naidu Pandey Tripathi "
    "Varma Kohli"
)
JAPANESE_GIVEN = {
    "he": _words("Hiroshi Kenji Takashi Akira Masato Kazuo Satoshi Haruki Daisuke Ryota"),
    "she": _words("Yuko Naoko Emiko Michiko Tomoko Keiko Sachiko Mariko"),
}
JAPANESE_FAMILY = _words(
    "Tanaka Sato Watanabe Yamamoto Nakamura Kobayashi Saito Inoue Matsumoto Kimura Shimizu Yamaguchi Ikeda "
    "Hashimoto Ishikawa Ogawa Fujita Okada Maeda Endo Aoki Sakamoto Nishimura Takahashi Ueda Murata Kondo "
    "Ishii Hirano Ota Nomura Kubo Miyazaki Sugiyama"
)
DICTIONARY_WOMEN = (
    "Sushma Swaraj",
    "Nirmala Sitharaman",
    "Makiko Tanaka",
    "Yoriko Kawaguchi",
    "Yuriko Koike",
    "Tomomi Inada",
    "Yoko Kamikawa",
    "Sanae Takaichi",
)
REPORTERS = ("Kaori Sato", "Rhea Menon", "Krishn Kaushik", "Tim Kelly", "Aditi Shah", "Sakura Murakami")
EDITORS = ("Tom Harper", "Lincoln Feast", "Raju Gopalakrishnan", "Gerry Doyle", "Clarence Fernandez")
UNRELATED_HEADLINES = (
    "Sensex, Nifty close higher as IT stocks rally",
    "Monsoon likely to withdraw from northwest India next week: IMD",
    "Yen weakens past 150 against the dollar as BOJ holds rates",
    "Cricket: India clinch series with a day to spare",
    "Bullet train trial runs to begin on Mumbai-Ahmedabad corridor",
    "Cherry blossom season opens early in Tokyo",
    "Five new smartphones launching this month",
    "Heatwave grips north India; Delhi records 45 degrees",
)


@dataclass(frozen=True)
class Person:
    """A minister or prime minister as the copy names them."""

    name: str  # given name first
    family: str
    country: str
    forms: tuple[str, ...]  # full-name spellings used in copy
    pronoun: str  # "he" or "she"
    in_dictionary: bool


@dataclass(frozen=True)
class Term:
    person: Person
    start: date
    end: date  # inclusive


def _dictionary_people(path: Path) -> list[tuple[Person, list[tuple[str, date, date]]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = []
    for entry in data["ministers"]:
        name = str(entry["name"])
        country = str(entry["country"])
        forms = [name, *(str(a) for a in entry.get("aliases") or [])]
        if country == "Japan":
            words = name.split()
            forms.append(" ".join(reversed(words)))  # "Kono Taro": Japanese order
        if name == "S. Jaishankar":
            forms.append("S Jaishankar")
        person = Person(
            name=name,
            family=str(entry["family"]),
            country=country,
            forms=tuple(f for f in forms if not any(ord(c) > 127 for c in f)),
            pronoun="she" if name in DICTIONARY_WOMEN else "he",
            in_dictionary=True,
        )
        posts = [
            (
                str(p["portfolio"]),
                _as_date(p["from"]) or START,
                _as_date(p.get("to")) or END + timedelta(days=30),
            )
            for p in entry.get("posts") or []
        ]
        people.append((person, posts))
    return people


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class Roster:
    """Who holds each seat (country, portfolio) on any day: the dictionary, gaps filled by invention."""

    def __init__(self, rng: random.Random, ministers_file: Path) -> None:
        self._rng = rng
        self._used: set[str] = set()  # families already given to an invented person
        dictionary = _dictionary_people(ministers_file)
        self.seats: dict[tuple[str, str], list[Term]] = {}
        for country in ("India", "Japan"):
            for portfolio in ("foreign", "defence", "prime-minister"):
                known = sorted(
                    (
                        Term(person, start, end)
                        for person, posts in dictionary
                        if person.country == country
                        for p, start, end in posts
                        if p == portfolio
                    ),
                    key=lambda t: t.start,
                )
                self.seats[(country, portfolio)] = self._fill(country, known)

    def _fill(self, country: str, known: list[Term]) -> list[Term]:
        terms: list[Term] = []
        day = START - timedelta(days=400)
        for term in [*known, None]:
            gap_end = (term.start if term else END + timedelta(days=400)) - timedelta(days=1)
            while day <= gap_end:
                length = timedelta(days=self._rng.randint(300, 1500))
                end = min(day + length, gap_end)
                if (gap_end - end).days < 200:  # no stub terms of a few weeks
                    end = gap_end
                terms.append(Term(self._invent(country), day, end))
                day = end + timedelta(days=1)
            if term is not None:
                terms.append(term)
                day = max(day, term.end + timedelta(days=1))
        return terms

    def _invent(self, country: str) -> Person:
        rng = self._rng
        pronoun = "she" if rng.random() < 0.25 else "he"
        given_names, families = (
            (INDIAN_GIVEN, INDIAN_FAMILY) if country == "India" else (JAPANESE_GIVEN, JAPANESE_FAMILY)
        )
        given = rng.choice(given_names[pronoun])
        # Each invented family name once, so no two ministers at one table share it.
        unused = [f for f in families if f not in self._used] or list(families)
        family = rng.choice(unused)
        self._used.add(family)
        name = f"{given} {family}"
        forms = [name]
        if country == "Japan":
            forms.append(f"{family} {given}")
        return Person(name, family, country, tuple(forms), pronoun, in_dictionary=False)

    def holder(self, country: str, portfolio: str, day: date) -> Person:
        """The person in the seat on `day` (the later term when two overlap)."""
        found = [t for t in self.seats[(country, portfolio)] if t.start <= day <= t.end]
        return found[-1].person


# --- what the ministers said: facts, quotations and background, by topic --------------------------

SLOTS: dict[str, tuple[str, ...]] = {
    "attack": ("Mumbai", "Pathankot", "Pahalgam", "Uri", "Pulwama"),
    "third": ("Bangladesh", "Sri Lanka", "Myanmar", "Indonesia", "the Philippines", "Vietnam"),
    "exercise": ("Dharma Guardian", "JIMEX", "Veer Guardian", "Shinyuu Maitri"),
    "group": ("Lashkar-e-Tayyiba (LeT)", "Jaish-e-Mohammad (JeM)", "Al Qaeda", "ISIS/Daesh"),
}


@dataclass(frozen=True)
class TopicBank:
    """Phrases that carry one topic: positions (verb, object), first-person quotations, background."""

    slug: str
    headline: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]
    quotes: tuple[str, ...]
    context: tuple[str, ...]


BANKS = (
    TopicBank(
        "terrorism",
        ("call out cross-border terrorism", "vow joint fight against terror"),
        (
            ("condemned", "terrorism in all its forms and manifestations, including cross-border terrorism"),
            ("called for", "the perpetrators of the {attack} attack to be brought to justice"),
            (
                "called upon",
                "Pakistan to take resolute and irreversible action against terrorist networks "
                "operating from its territory and to fully comply with its commitments to the FATF",
            ),
            (
                "called for",
                "concerted action against all UN-listed terrorist groups, including {group} "
                "and their proxies, and to root out terrorist safe havens",
            ),
        ),
        (
            "There can be no justification for terrorism on any grounds, and those who sponsor it "
            "must be held to account",
            "We expect Pakistan to take credible and irreversible steps against the terror "
            "infrastructure on its soil",
        ),
        (
            "Pakistan has repeatedly denied that it shelters militant groups such as Lashkar-e-Tayyiba "
            "and Jaish-e-Mohammad.",
            "The Taliban's return to power in Afghanistan in 2021 raised fresh concern in the region "
            "about militant safe havens.",
            "Al Qaeda and ISIS have both sought recruits in South Asia in recent years.",
            "Pakistan spent four years on the grey list of the Financial Action Task Force until 2022.",
        ),
    ),
    TopicBank(
        "maritime-security",
        ("vow to keep the seas free and open", "step up maritime security cooperation"),
        (
            (
                "reaffirmed",
                "the importance of freedom of navigation and overflight and unimpeded lawful commerce "
                "in accordance with UNCLOS",
            ),
            (
                "agreed",
                "to deepen cooperation in maritime domain awareness and to hold more exchanges between "
                "their navies and coast guards",
            ),
        ),
        (
            "Japan and India share the responsibility to keep the seas of the Indo-Pacific free and open",
            "The sea lanes that carry our trade must remain open to all, governed by law and not by force",
        ),
        (
            "The Indian Navy and the Japan Maritime Self-Defense Force "
            "have held the JIMEX exercise since 2012.",
        ),
    ),
    TopicBank(
        "south-china-sea",
        ("voice concern over South China Sea", "oppose change of status quo by force"),
        (
            (
                "expressed",
                "serious concern over the situation in the East and South China Seas and opposed any "
                "unilateral attempt to change the status quo by force",
            ),
            (
                "called for",
                "a Code of Conduct in the South China Sea that is effective, substantive and consistent "
                "with international law",
            ),
        ),
        (),
        (
            "China claims most of the South China Sea, and its coast guard has repeatedly confronted "
            "vessels from the Philippines and Vietnam.",
            "China regularly sends coast guard vessels into waters around the Japanese-administered "
            "Senkaku Islands in the East China Sea.",
        ),
    ),
    TopicBank(
        "north-korea",
        ("condemn North Korea missile launches",),
        (
            (
                "condemned",
                "North Korea's ballistic missile launches in violation of UN Security Council resolutions",
            ),
            ("urged", "North Korea to resolve the abductions issue at the earliest date"),
        ),
        ("North Korea's nuclear and missile programmes are a grave threat to the peace of the whole region",),
        (
            "North Korea has fired dozens of ballistic missiles in recent years, some of them over Japan.",
            "South Korea and Japan have stepped up their own consultations over Pyongyang's weapons.",
        ),
    ),
    TopicBank(
        "indo-pacific",
        ("back free and open Indo-Pacific", "align Indo-Pacific visions"),
        (
            ("reaffirmed", "their shared commitment to a free, open, inclusive and rules-based Indo-Pacific"),
            (
                "welcomed",
                "the growing convergence between India's Indo-Pacific Oceans Initiative and Japan's "
                "vision of a Free and Open Indo-Pacific",
            ),
        ),
        (
            "A free, open and rules-based Indo-Pacific is a top priority for both our countries",
            "No country in the Indo-Pacific should be coerced, whatever its size",
        ),
        (
            "India and Japan are members of the Quad with the United States and Australia, a grouping "
            "that Beijing has described as an attempt to contain China.",
            "The Association of Southeast Asian Nations adopted its own outlook on the Indo-Pacific in 2019.",
        ),
    ),
    TopicBank(
        "military-exercises",
        ("expand joint military drills", "agree to expand defence drills"),
        (
            ("welcomed", "the growing scale and complexity of bilateral exercises such as {exercise}"),
            (
                "agreed",
                "to hold the {exercise} exercise regularly and to take part together in the Malabar "
                "naval exercise with the United States and Australia",
            ),
        ),
        ("Our armies, navies and air forces now exercise together every year, and we want more of it",),
        (
            "The Malabar exercise began as a bilateral drill between India and the US in 1992 and now "
            "includes all four Quad countries.",
        ),
    ),
    TopicBank(
        "defence-equipment-technology",
        ("explore co-development of defence equipment", "agree on UNICORN transfer"),
        (
            (
                "welcomed",
                "progress toward the transfer of the Unified Complex Radio "
                "Antenna, or UNICORN, to the Indian Navy",
            ),
            ("agreed", "to launch a joint study on the co-development of unmanned systems and robotics"),
        ),
        ("Technology transfer and co-development must be at the heart of our defence partnership",),
        (
            "Japan eased its decades-old curbs on arms exports in 2014, "
            "opening the way for technology transfer.",
        ),
    ),
    TopicBank(
        "defence-industry",
        ("deepen defence industrial ties",),
        (
            (
                "agreed",
                "to enhance industrial cooperation, including ship maintenance in India and collaboration "
                "on tank engines and aero engines",
            ),
        ),
        (
            "We welcome Japanese companies to manufacture in India under Make in India and to build a "
            "strong defence industrial base with us",
        ),
        (
            "India, long the world's largest arms importer and a big buyer of Russian weapons, wants to "
            "build up its own defence industry.",
        ),
    ),
    TopicBank(
        "logistics-agreement",
        ("operationalise military logistics pact",),
        (
            (
                "welcomed",
                "the operationalisation of the Acquisition and Cross-Servicing Agreement between their "
                "armed forces",
            ),
            (
                "agreed",
                "to make fuller use of the reciprocal military logistics pact for ship repair and refuelling",
            ),
        ),
        (),
        (
            "Japan has signed similar logistics agreements with the "
            "United States, Australia, Britain and France.",
        ),
    ),
    TopicBank(
        "cyber",
        ("cooperate on cyber security",),
        (
            (
                "agreed",
                "to strengthen cooperation in cyber security and to "
                "counter the misuse of digital technologies",
            ),
        ),
        (
            "We discussed strengthening our capacity-building cooperation, including on challenges "
            "emanating in the cyber domain",
        ),
        ("Government networks in both countries have faced a rise in cyber attacks in recent years.",),
    ),
    TopicBank(
        "space",
        ("deepen cooperation in outer space",),
        (
            (
                "agreed",
                "to deepen cooperation in outer space, including space "
                "situational awareness and satellite navigation",
            ),
        ),
        ("Space is the next frontier of the security partnership between our two countries",),
        (
            "Japan's space agency and the Indian Space Research Organisation are working together on a "
            "lunar polar exploration mission.",
        ),
    ),
    TopicBank(
        "nuclear-missile-proliferation",
        ("raise nuclear and missile proliferation",),
        (
            (
                "expressed",
                "concern over nuclear and missile proliferation, including the clandestine networks that "
                "helped Pakistan and North Korea build their arsenals",
            ),
            (
                "reaffirmed",
                "their commitment to the total elimination of nuclear "
                "weapons and to strengthening non-proliferation",
            ),
        ),
        (),
        (
            "Western governments have long accused Iran of seeking nuclear weapons, which Tehran denies.",
            "Pakistan tested the Abdali ballistic missile system in May 2025.",
        ),
    ),
    TopicBank(
        "russia-ukraine",
        ("discuss war in Ukraine",),
        (
            (
                "discussed",
                "the war in Ukraine and called for a comprehensive, just and lasting peace in accordance "
                "with international law and the UN Charter",
            ),
        ),
        (
            "The conflict in Ukraine shows why sovereignty and "
            "territorial integrity must be respected everywhere",
        ),
        (
            "India has refrained from directly condemning Russia over "
            "the war and has bought more Russian oil.",
            "Japan has joined G7 sanctions against Moscow since Russia's invasion of Ukraine.",
        ),
    ),
    TopicBank(
        "economic-security",
        ("secure supply chains for critical minerals",),
        (("agreed", "to build resilient supply chains for critical minerals and semiconductors"),),
        (
            "India and Japan are natural partners in building trusted supply chains, whether in critical "
            "minerals, semiconductors or clean energy",
        ),
        (
            "Concern over economic coercion has grown in both capitals "
            "since China restricted exports of rare earths.",
        ),
    ),
    TopicBank(
        "third-country-cooperation",
        ("explore joint projects in third countries",),
        (
            (
                "agreed",
                "to explore cooperation in third countries, including development projects in {third} "
                "and security assistance in the Indian Ocean region",
            ),
        ),
        (
            "We explored coordinating our development assistance where "
            "our interests converge, from {third} onwards",
        ),
        ("Japan has financed ports, roads and power plants in Bangladesh, Sri Lanka and Myanmar.",),
    ),
    TopicBank(
        "security-framework",
        ("to update 2008 security declaration",),
        (
            (
                "agreed",
                "to revise the 2008 Joint Declaration on Security Cooperation to meet current challenges",
            ),
            (
                "reaffirmed",
                "their commitment to the Special Strategic and Global Partnership between the two countries",
            ),
        ),
        (),
        (
            "The 2008 Joint Declaration on Security Cooperation laid the "
            "foundation for their strategic dialogues.",
        ),
    ),
)

# Background that names the countries and groups the topics leave out.
GENERAL_CONTEXT = (
    "India and Japan both work with the European Union on connectivity projects, and both are members "
    "of the G20.",
    "The ministers also exchanged views on the situation in the Middle East, including tensions between "
    "Israel and Iran.",
    "Japan is among the largest investors in India and is financing "
    "the Mumbai-Ahmedabad high-speed rail corridor.",
    "Trade between the two countries remains modest compared with "
    "India's trade with the United States or China.",
    "Indonesia and the Philippines have also sought closer defence ties with Japan.",
    "India holds 2+2 dialogues with a handful of partners, "
    "including the United States, Australia and Russia.",
    "Japan also holds regular security talks with Britain, France, Germany, Italy and Canada, "
    "and with New Zealand and Singaporean officials.",
)

# --- outlets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    dateline: str  # "caps" (NEW DELHI:), "wire" (TOKYO, May 15 (Kyodo) --), "ani", "bare" or "none"
    tag: str = ""  # the wire's name in its dateline
    dash: str = " -"
    spelling: str = "defence"
    japan_first: bool = False
    trailer: str = ""  # "reuters", "source", "also-like", "inputs"
    single_newlines: bool = False
    date_line: bool = False  # no front-matter date: the body opens with " date YYYY-MM-DD "
    next_day: float = 0.2  # chance that it publishes the day after the meeting


OUTLETS = (
    Outlet("Press Trust of India", "www.ptinews.com", "wire", "PTI", " -"),
    Outlet(
        "The Times of India", "timesofindia.indiatimes.com", "caps", trailer="also-like", single_newlines=True
    ),
    Outlet("Hindustan Times", "www.hindustantimes.com", "caps"),
    Outlet("The Hindu", "www.thehindu.com", "caps", next_day=0.5),
    Outlet("The Economic Times", "economictimes.indiatimes.com", "caps", trailer="inputs"),
    Outlet("ANI", "www.aninews.in", "ani", "ANI"),
    Outlet("Kyodo News", "english.kyodonews.net", "wire", "Kyodo", " --", "defense", japan_first=True),
    Outlet("Reuters", "www.reuters.com", "wire", "Reuters", " -", "defense", trailer="reuters", next_day=0.6),
    Outlet(
        "The Japan Times", "www.japantimes.co.jp", "none", spelling="defense", japan_first=True, next_day=0.6
    ),
    Outlet("NHK World", "www3.nhk.or.jp", "none", spelling="defense", japan_first=True),
    Outlet("Nikkei Asia", "asia.nikkei.com", "bare", dash=" --", spelling="defense", japan_first=True),
    Outlet("Kuwait News Gazette (KUNA copy)", "kuwaitnewsgazette.com", "bare", dash=",", trailer="source"),
    Outlet("Indian Defence News (aggregated)", "www.indiandefensenews.in", "none", date_line=True),
    Outlet("Asia Policy Wire", "www.asiapolicywire.com", "none", next_day=0.4),
)

KIND_PHRASES = {
    "two-plus-two": (
        "2+2 foreign and {defence} ministerial dialogue",
        "“two-plus-two” security talks",
        "India-Japan 2+2 Ministerial Dialogue",
        "foreign and {defence} ministerial meeting",
    ),
    "defence-ministerial": (
        "annual {defence} ministerial dialogue",
        "{defence} ministers' meeting",
        "{defence} ministerial talks",
    ),
    "foreign-ministerial": (
        "India-Japan Foreign Ministers' Strategic Dialogue",
        "foreign ministers' strategic dialogue",
        "Foreign Ministerial Strategic Dialogue",
    ),
}
MINISTERS_WORD = {
    "two-plus-two": "foreign and {defence} ministers",
    "defence-ministerial": "{defence} ministers",
    "foreign-ministerial": "foreign ministers",
}
GROUP_SUBJECTS = ("The ministers", "Both sides", "The two sides", "The two countries", "Both countries")
VENUES = {"New Delhi": "at Hyderabad House", "Tokyo": "at the Iikura Guest House"}

# --- meetings ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    topic: str
    verb: str
    obj: str


@dataclass(frozen=True)
class Seat:
    country: str
    portfolio: str
    person: Person


@dataclass
class Meeting:
    number: int
    kind: str
    edition: int
    day: date
    city: str
    host: str  # the country of the city
    seats: tuple[Seat, ...]
    prime_ministers: dict[str, Person]
    facts: list[Fact]
    quotes: list[tuple[Seat, str]]
    context: list[str]
    articles: int
    previous: date | None = None
    next_year: int | None = None
    next_city: str | None = None


@dataclass
class Cycle:
    """Draws items round-robin from a list reshuffled each round, so every item is used early."""

    items: Sequence[Any]
    rng: random.Random
    _queue: list[Any] = field(default_factory=list)

    def take(self, n: int) -> list[Any]:
        taken: list[Any] = []
        while len(taken) < n:
            if not self._queue:
                self._queue = list(self.items)
                self.rng.shuffle(self._queue)
            item = self._queue.pop()
            if item not in taken:
                taken.append(item)
        return taken


def _load_cities(places_file: Path) -> dict[str, str]:
    data = yaml.safe_load(places_file.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data["cities"].items()}


def _city_weights(cities: dict[str, str]) -> tuple[list[str], list[float]]:
    names, weights = [], []
    for city, country in cities.items():
        if city == "Delhi":
            continue  # the copy says New Delhi
        weight = {"New Delhi": 30.0, "Tokyo": 30.0}.get(city, 2.0 if country in ("India", "Japan") else 0.7)
        names.append(city)
        weights.append(weight)
    return names, weights


def _plan_meetings(rng: random.Random, size: int, roster: Roster, cities: dict[str, str]) -> list[Meeting]:
    counts: list[int] = []
    while sum(counts) < size:
        counts.append(rng.randint(2, 4))
    if counts:
        counts[-1] -= sum(counts) - size
    span = (END - START).days
    city_names, city_weights = _city_weights(cities)
    topic_cycle = Cycle([b.slug for b in BANKS], rng)
    context_cycle = Cycle([c for b in BANKS for c in b.context] + list(GENERAL_CONTEXT), rng)
    banks = {b.slug: b for b in BANKS}
    last: dict[str, date] = {}
    editions: dict[str, int] = {}
    meetings: list[Meeting] = []
    for number, articles in enumerate(counts):
        day = START + timedelta(days=int((number + rng.random() * 0.9) * span / max(1, len(counts))))
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        free = [k for k in KINDS if k not in last or (day - last[k]).days >= MIN_SAME_KIND_GAP]
        if kind not in free:
            if free:
                kind = rng.choice(free)
            else:
                day = last[kind] + timedelta(days=MIN_SAME_KIND_GAP)
        day = min(day, END - timedelta(days=1))
        previous = last.get(kind)
        last[kind] = day
        editions[kind] = editions.get(kind, 0) + 1
        city = rng.choices(city_names, city_weights)[0]
        portfolios = {
            "two-plus-two": ("foreign", "defence"),
            "defence-ministerial": ("defence",),
            "foreign-ministerial": ("foreign",),
        }[kind]
        seats = tuple(
            Seat(country, portfolio, roster.holder(country, portfolio, day))
            for country in ("India", "Japan")
            for portfolio in portfolios
        )
        topics = topic_cycle.take(rng.randint(4, 7))
        slots = {name: rng.choice(values) for name, values in SLOTS.items()}
        facts = []
        for slug in topics:
            verb, obj = rng.choice(banks[slug].positions)
            facts.append(Fact(slug, verb, obj.format(**slots)))
        quote_pool = [q.format(**slots) for slug in topics for q in banks[slug].quotes]
        quotes = [
            (rng.choice(seats), q) for q in rng.sample(quote_pool, min(len(quote_pool), rng.randint(1, 4)))
        ]
        context = context_cycle.take(rng.randint(2, 4))
        planned = rng.random() < 0.1
        meetings.append(
            Meeting(
                number=number,
                kind=kind,
                edition=editions[kind],
                day=day,
                city=city,
                host=cities[city],
                seats=seats,
                prime_ministers={c: roster.holder(c, "prime-minister", day) for c in ("India", "Japan")},
                facts=facts,
                quotes=quotes,
                context=context,
                articles=articles,
                previous=previous if rng.random() < 0.15 else None,
                next_year=day.year + 1 if planned else None,
                next_city=rng.choice(["New Delhi", "Tokyo"]) if planned else None,
            )
        )
    return meetings


# --- writing one article ------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    if n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """One outlet's copy about one meeting."""

    def __init__(self, rng: random.Random, meeting: Meeting, outlet: Outlet, published: date) -> None:
        self.rng = rng
        self.meeting = meeting
        self.outlet = outlet
        self.published = published
        self.named: set[str] = set()  # people already introduced with title and full name

    def sp(self, text: str) -> str:
        """The outlet's spelling of defence."""
        return text.replace("{defence}", self.outlet.spelling).replace(
            "{Defence}", _cap(self.outlet.spelling)
        )

    def sides(self) -> tuple[str, str]:
        return ("Japan", "India") if self.outlet.japan_first else ("India", "Japan")

    def when(self) -> tuple[str, str]:
        """How the copy dates the meeting: a phrase before the verb, and one for after it."""
        weekday = WEEKDAYS[self.meeting.day.weekday()]
        if self.published == self.meeting.day:
            options = [(f"on {weekday}", f"on {weekday}")] * 3 + [("today", "today")]
        else:
            options = [(f"on {weekday}", f"on {weekday}")] * 3 + [("yesterday", "yesterday")]
        return self.rng.choice(options)

    def title_of(self, seat: Seat) -> str:
        rng = self.rng
        if seat.country == "India":
            if seat.portfolio == "foreign":
                return rng.choice(["External Affairs Minister", "Indian External Affairs Minister"])
            return rng.choice(
                ["{Defence} Minister", "Indian {Defence} Minister", "India's {Defence} Minister"]
            )
        if seat.portfolio == "foreign":
            return rng.choice(["Japanese Foreign Minister", "Japan's Foreign Minister"])
        return rng.choice(["Japanese {Defence} Minister", "Japan's {Defence} Minister"])

    def name(self, seat: Seat) -> str:
        """The full name the first time, with its title; the family name after that."""
        person = seat.person
        if person.name in self.named:
            return person.family
        self.named.add(person.name)
        forms = person.forms
        if seat.country == "Japan" and self.outlet.japan_first and len(forms) > 1:
            form = forms[-1]  # Japanese outlets write the family name first
        else:
            form = self.rng.choice(forms[:2]) if len(forms) > 1 else forms[0]
        return self.sp(f"{self.title_of(seat)} {form}")

    def seat(self, country: str, portfolio: str) -> Seat:
        return next(s for s in self.meeting.seats if s.country == country and s.portfolio == portfolio)

    def dateline(self) -> str:
        outlet, city = self.outlet, self.meeting.city
        stamp = f"{WIRE_MONTHS[self.published.month - 1]} {self.published.day}"
        if outlet.dateline == "caps":
            return f"{city.upper()}: "
        if outlet.dateline == "wire":
            return f"{city.upper()}, {stamp} ({outlet.tag}){outlet.dash} "
        if outlet.dateline == "ani":
            return f"{city} [{self.meeting.host}], {stamp} (ANI): "
        if outlet.dateline == "bare":
            return f"{city.upper()}{outlet.dash} "
        return ""

    def kind_phrase(self) -> str:
        return self.sp(self.rng.choice(KIND_PHRASES[self.meeting.kind]))

    def lead(self) -> str:
        m, rng = self.meeting, self.rng
        a, b = self.sides()
        before, _ = self.when()
        fact = m.facts[0]
        ministers = self.sp(MINISTERS_WORD[m.kind])
        edition = f"the {_ordinal(m.edition)} " if rng.random() < 0.6 else "the "
        where = f"in {m.city}" if self.outlet.dateline == "none" or rng.random() < 0.5 else "here"
        if where == "here" and self.outlet.dateline == "none":
            where = f"in {m.city}"
        pattern = rng.randrange(3)
        if pattern == 0:
            return (
                f"{a} and {b} {before} {fact.verb} {fact.obj}, as their {ministers} met {where} "
                f"for {edition}{self.kind_phrase()}."
            )
        if pattern == 1:
            return (
                f"The {ministers} of {a} and {b} met {where} {before} for {edition}{self.kind_phrase()} "
                f"and {fact.verb} {fact.obj}."
            )
        held = "held here" if where == "here" else f"held in {m.city}"
        return f"{a} and {b} {before} {fact.verb} {fact.obj} at {edition}{self.kind_phrase()} {held}."

    def participants(self) -> str:
        m, rng = self.meeting, self.rng
        venue = VENUES.get(m.city, "") if rng.random() < 0.5 else ""
        venue = f" {venue}" if venue else ""
        if m.kind == "two-plus-two":
            i_f, i_d = self.seat("India", "foreign"), self.seat("India", "defence")
            j_f, j_d = self.seat("Japan", "foreign"), self.seat("Japan", "defence")
            pattern = rng.randrange(3)
            if pattern == 0:
                self.named.update([j_f.person.name, j_d.person.name])
                return (
                    f"{self.name(i_f)} and {self.name(i_d)} held talks with their Japanese counterparts "
                    f"{j_f.person.forms[0]} and {j_d.person.forms[0]} respectively{venue}."
                )
            if pattern == 1:
                verb = "hosted" if m.host == "Japan" else "met"
                return (
                    f"{self.name(j_f)} and {self.name(j_d)} {verb} {self.name(i_f)} and "
                    f"{self.name(i_d)}{venue}."
                )
            return (
                f"{self.name(i_d)} and {self.name(i_f)} led the Indian delegation while the Japanese side "
                f"was headed by {self.name(j_f)} and {self.name(j_d)}."
            )
        portfolio = "defence" if m.kind == "defence-ministerial" else "foreign"
        india, japan = self.seat("India", portfolio), self.seat("Japan", portfolio)
        pronoun = "his" if india.person.pronoun == "he" else "her"
        if rng.random() < 0.5:
            self.named.add(japan.person.name)
            counterpart = japan.person.forms[0]
            return f"{self.name(india)} held talks with {pronoun} Japanese counterpart {counterpart}{venue}."
        verb = "hosted" if m.host == "Japan" else "met"
        return f"{self.name(japan)} {verb} {self.name(india)}{venue} for the talks."

    def fact(self, fact: Fact) -> str:
        rng = self.rng
        subject = rng.choice([*GROUP_SUBJECTS, " and ".join(self.sides())])
        lower = subject if subject.startswith(("India", "Japan")) else subject[0].lower() + subject[1:]
        pattern = rng.randrange(7)
        if pattern == 0:
            return f"{subject} {fact.verb} {fact.obj}."
        if pattern == 1:
            return f"{subject} also {fact.verb} {fact.obj}, the joint statement said."
        if pattern == 2:
            return f"{subject} {fact.verb} {fact.obj}, officials said."
        if pattern == 3:
            return f"During the talks, {lower} {fact.verb} {fact.obj}."
        if pattern == 4:
            return f"“The Ministers {fact.verb} {fact.obj},” the joint statement said."
        if pattern == 5:
            ministry = rng.choice(
                [
                    "the Ministry of External Affairs",
                    "Japan's Ministry of Foreign Affairs",
                    self.sp("the {defence} ministry"),
                ]
            )
            return f"{subject} {fact.verb} {fact.obj}, according to a statement from {ministry}."
        return f"In a joint statement issued after the meeting, {lower} {fact.verb} {fact.obj}."

    def quote(self, seat: Seat, text: str) -> str:
        rng = self.rng
        pattern = rng.randrange(4)
        if seat.person.name not in self.named or pattern == 0:
            return f"“{text},” {self.name(seat)} said."
        if pattern == 1:
            return f"“{text},” said {self.name(seat)}."
        if pattern == 2:
            return f"{self.name(seat)} said in opening remarks: “{text}.”"
        mood = rng.choice(["productive", "candid", "substantive", "forward-looking"])
        return f"{self.name(seat)} described the talks as {mood}. “{text},” {seat.person.pronoun} said."

    def extras(self) -> list[str]:
        m, rng = self.meeting, self.rng
        paragraphs = []
        if m.previous is not None:
            paragraphs.append(
                f"The ministers appreciated the progress in cooperation between the two sides since the last "
                f"meeting in {MONTHS[m.previous.month - 1]} {m.previous.year}."
            )
        if m.next_year is not None:
            paragraphs.append(f"The next meeting will be held in {m.next_city} in {m.next_year}.")
        if rng.random() < 0.3:
            visitor = (
                next(s for s in m.seats if s.country != m.host) if m.host in ("India", "Japan") else None
            )
            if visitor is not None:
                pm = m.prime_ministers[m.host]
                later = WEEKDAYS[(self.published.weekday() + 1) % 7]
                paragraphs.append(
                    f"{visitor.person.family} is scheduled to call on Prime Minister {pm.name} on {later}."
                )
        return paragraphs

    def trailer(self) -> list[str]:
        rng = self.rng
        if self.outlet.trailer == "reuters":
            reporter, editor = rng.choice(REPORTERS), rng.choice(EDITORS)
            return [f"(Reporting by {reporter} in {self.meeting.city}; Editing by {editor})"]
        if self.outlet.trailer == "source":
            return ["Source: Kuwait News Agency"]
        if self.outlet.trailer == "inputs":
            return ["(With inputs from PTI)"]
        if self.outlet.trailer == "also-like":
            return ["You may also like", *rng.sample(UNRELATED_HEADLINES, 3)]
        return []

    def title(self) -> str:
        a, b = self.sides()
        bank = next(b for b in BANKS if b.slug == self.meeting.facts[0].topic)
        headline = self.rng.choice(bank.headline)
        where = {
            "two-plus-two": " at 2+2 talks",
            "defence-ministerial": " as defence ministers meet",
            "foreign-ministerial": " at strategic dialogue",
        }[self.meeting.kind]
        return f"{a}, {b} {headline}{where if self.rng.random() < 0.6 else ''}"

    def body(self) -> str:
        m, rng = self.meeting, self.rng
        paragraphs: list[str] = []
        if self.outlet.date_line:
            paragraphs.append(f" date {self.published.isoformat()} ")
        if rng.random() < 0.15:
            first, second = m.seats[0], m.seats[-1]
            photo = rng.choice(["AFP", "Reuters", "PTI"])
            paragraphs.append(
                f"{first.person.name} with {second.person.name} ahead of their talks in {m.city} | {photo}"
            )
        paragraphs.append(self.dateline() + self.lead())
        paragraphs.append(self.participants())
        facts = m.facts[1:]
        chosen = [f for f in facts if rng.random() < 0.8] or facts[:1]
        statements: list[str] = [self.fact(f) for f in chosen]
        statements += [self.quote(seat, text) for seat, text in m.quotes if rng.random() < 0.8]
        rng.shuffle(statements)
        context = [c for c in m.context if rng.random() < 0.7]
        extras = self.extras()
        while statements:
            take = 1 if rng.random() < 0.6 else 2
            paragraphs.append(" ".join(statements[:take]))
            statements = statements[take:]
            if context and rng.random() < 0.35:
                paragraphs.append(context.pop())
        paragraphs.extend(extras)
        paragraphs.extend(context)
        paragraphs.extend(self.trailer())
        separator = "\n" if self.outlet.single_newlines else "\n\n"
        return separator.join(paragraphs) + "\n"


def _front_matter(fields: dict[str, str]) -> str:
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{dumped}---\n"


def _slug(text: str, words: int = 9) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:words])


@dataclass(frozen=True)
class Generated:
    """What `generate` wrote."""

    folder: Path
    articles: int
    meetings: int
    bytes: int
    digest: str  # sha256 over every file, in name order


def generate(
    folder: Path, size: int, seed: int = 0, seeds_dir: Path = SEEDS_DIR, *, clear: bool = True
) -> Generated:
    """Write `size` articles and manifest.json into `folder`; the same seed gives the same bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    if clear:
        for old in folder.iterdir():
            if old.is_file() and (old.suffix in (".txt", ".md") or old.name == "manifest.json"):
                old.unlink()
    roster = Roster(rng, seeds_dir / "ministers.yaml")
    cities = _load_cities(seeds_dir / "places.yaml")
    meetings = _plan_meetings(rng, size, roster, cities)
    drafts: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for meeting in meetings:
        outlets = rng.sample(OUTLETS, meeting.articles)
        for outlet in outlets:
            published = meeting.day + timedelta(days=1 if rng.random() < outlet.next_day else 0)
            writer = Writer(rng, meeting, outlet, published)
            title = writer.title()
            body = writer.body()
            while hashlib.sha256(body.encode()).hexdigest() in seen:  # two outlets, same words
                body += "\n" + rng.choice(GENERAL_CONTEXT) + "\n"
            seen.add(hashlib.sha256(body.encode()).hexdigest())
            url = f"https://{outlet.domain}/{published:%Y/%m/%d}/{_slug(title)}-{len(drafts):06d}"
            fields = {"title": title, "outlet": outlet.name, "url": url}
            if not outlet.date_line:
                fields = {
                    "title": title,
                    "outlet": outlet.name,
                    "published": published.isoformat(),
                    "url": url,
                }
            expected = {
                "meeting": meeting.number,
                "kind": meeting.kind,
                "edition": meeting.edition,
                "date": meeting.day.isoformat(),
                "city": meeting.city,
                "published": published.isoformat(),
                "outlet": outlet.name,
                "participants": [
                    {
                        "name": s.person.name,
                        "country": s.country,
                        "portfolio": s.portfolio,
                        "in_dictionary": s.person.in_dictionary,
                    }
                    for s in meeting.seats
                ],
                "topics": [f.topic for f in meeting.facts],
            }
            drafts.append((_front_matter(fields) + body, expected))
    order = list(range(len(drafts)))
    rng.shuffle(order)  # files arrive in no particular order
    manifest: dict[str, Any] = {"seed": seed, "size": size, "meetings": len(meetings), "articles": {}}
    total = 0
    digest = hashlib.sha256()
    for position, index in enumerate(order):
        text, expected = drafts[index]
        data = text.encode("utf-8")
        name = f"{position:05d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        (folder / name).write_bytes(data)
        manifest["articles"][name] = expected
        total += len(data)
    for name in sorted(manifest["articles"]):
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    manifest_bytes = (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
    (folder / "manifest.json").write_bytes(manifest_bytes)
    return Generated(folder, len(drafts), len(meetings), total, digest.hexdigest())


# --- the check: does the extractor find what the corpus says? -------------------------------------------


@dataclass
class CheckResult:
    """How many articles yield a meeting, and how often its facts are the ones written."""

    articles: int = 0
    with_meeting: int = 0
    kind_right: int = 0
    date_right: int = 0
    city_right: int = 0
    failures: list[str] = field(default_factory=list)
    topics_missing: list[str] = field(default_factory=list)  # topics no statement was tagged with
    parties_missing: list[str] = field(default_factory=list)  # countries and groups no statement named

    @property
    def fraction(self) -> float:
        return self.with_meeting / self.articles if self.articles else 0.0

    def lines(self) -> list[str]:
        def pct(n: int) -> str:
            return f"{n}/{self.articles} ({100 * n / max(1, self.articles):.1f}%)"

        return [
            f"meeting found: {pct(self.with_meeting)}",
            f"kind as written: {pct(self.kind_right)}; date: {pct(self.date_right)}; "
            f"city: {pct(self.city_right)}",
            f"topics never tagged: {', '.join(self.topics_missing) or 'none'}",
            f"countries and groups never named: {', '.join(self.parties_missing) or 'none'}",
            *(f"failed: {f}" for f in self.failures[:10]),
        ]


def check(folder: Path, seeds_dir: Path = SEEDS_DIR, today: date | None = None) -> CheckResult:
    """Run the app's extraction (no database) over the corpus and compare with its manifest."""
    from app.ingest.errors import IngestError
    from app.ingest.parse import parse_article
    from app.ingest.prepare import extract_article
    from app.ingest.reference import load_reference

    reference = load_reference(seeds_dir)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["articles"]
    result = CheckResult()
    topics: set[str] = set()
    parties: set[str] = set()
    for name in sorted(manifest):
        expected = manifest[name]
        result.articles += 1
        path = folder / name
        try:
            extraction = extract_article(
                parse_article(path, path.read_bytes(), name), reference, today or date.today()
            )
        except IngestError as exc:
            result.failures.append(str(exc))
            continue
        if not extraction.meetings:
            result.failures.append(f"{name}: no meeting")
            continue
        result.with_meeting += 1
        found = extraction.meetings[0]
        result.kind_right += found.kind == expected["kind"]
        result.date_right += found.date.isoformat() == expected["date"]
        result.city_right += found.city == expected["city"]
        for statement in extraction.statements:
            topics.update(slug for slug, _ in statement.topics)
            parties.update(slug for slug, _ in statement.named)
    result.topics_missing = [t.slug for t in reference.topics if t.slug not in topics]
    result.parties_missing = [p.slug for p in reference.parties if p.slug not in parties]
    return result


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.corpus FOLDER --size N [--seed S] [--check] [--no-generate] [--json]`."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="run the extractor over it and compare")
    parser.add_argument("--no-generate", action="store_true", help="check the corpus already in FOLDER")
    parser.add_argument("--json", action="store_true", help="print what was written as one JSON line")
    args = parser.parse_args(argv)
    if not args.no_generate:
        made = generate(args.folder, args.size, args.seed)
        if args.json:
            print(json.dumps({"articles": made.articles, "meetings": made.meetings, "bytes": made.bytes,
                              "digest": made.digest}))  # fmt: skip
        else:
            print(
                f"{made.articles} articles about {made.meetings} meetings, {made.bytes / 1e6:.1f} MB, "
                f"sha256 {made.digest}"
            )
    if args.check:
        result = check(args.folder)
        for line in result.lines():
            print(line)
        return 0 if result.fraction >= 0.95 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
