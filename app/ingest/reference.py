"""Reference data an analyst edits without touching code: topics, ministers, places, outlets."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from app.ingest.errors import IngestError
from app.ingest.text import name_key, slugify

Tags = tuple[tuple[str, str], ...]  # (slug, the words that signalled it) for each topic or party
_REMEMBERED_SENTENCES = 20_000
REFERENCE_FILES = ("topics.yaml", "ministers.yaml", "places.yaml", "outlets.yaml", "countries.yaml")
# A sentence that denies naming someone ("without specifically naming Pakistan") does not name them.
_DENIAL = re.compile(
    r"(?:without\s+(?:specifically\s+|explicitly\s+|directly\s+)?(?:naming|mentioning)"
    r"|(?:did|does|do)\s+not\s+(?:specifically\s+|explicitly\s+)?(?:name|mention)"
    r"|stopp?ed\s+short\s+of\s+naming|no\s+(?:direct\s+)?mention\s+of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def lowercase_in_place(text: str) -> str:
    """`text` lowercased, character for character, so that offsets into it are offsets into `text`.

    The few characters whose lowercase is longer ("İ" becomes two) keep their case.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


@dataclass(frozen=True)
class TopicRule:
    """A topic and the compiled signals that mark a sentence as touching it.

    The words are matched against the lowercased sentence with one pattern whose word-boundary
    test comes first: ten times faster than a case-insensitive pattern per word. Tagging a sentence
    with every topic goes faster still through `Reference.topics_in`, which looks for the words of
    all topics in one pass.
    """

    slug: str
    name: str
    description: str
    words: re.Pattern[str] | None  # lowercase, matched against the lowercased text
    patterns: re.Pattern[str] | None  # the analyst's regular expressions, case-insensitive
    exclude: re.Pattern[str] | None  # lowercase, like `words`

    def match(self, text: str, lowered: str | None = None) -> str | None:
        """The first signal this topic finds in `text`, ignoring excluded phrases."""
        lowered = lowercase_in_place(text) if lowered is None or len(lowered) != len(text) else lowered
        if self.exclude is not None:
            lowered = self.exclude.sub(lambda m: " " * len(m.group()), lowered)
        for pattern in (self.words, self.patterns):  # `patterns` is case-insensitive: lowercase is fine
            if pattern is not None and (found := pattern.search(lowered)) is not None:
                return text[found.start() : found.end()]
        return None


@dataclass(frozen=True)
class NamedParty:
    """A country or group other than India and Japan, and the words that name it."""

    slug: str
    name: str
    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Post:
    portfolio: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        """Whether this post was held on `day`."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KnownPerson:
    """An entry of the actor dictionary."""

    slug: str
    name: str
    country: str
    family: str
    posts: tuple[Post, ...]
    aliases: tuple[str, ...]
    source: str = ""  # a public page that lists the person's terms

    def portfolio_on(self, day: date | None) -> str | None:
        """The portfolio held on `day`, or the latest one when the day is unknown."""
        if day is not None:
            for post in self.posts:
                if post.covers(day):
                    return post.portfolio
            return None
        return self.posts[-1].portfolio if self.posts else None

    @property
    def tenure_start(self) -> date | None:
        starts = [p.start for p in self.posts if p.start]
        return min(starts) if starts else None

    @property
    def tenure_end(self) -> date | None:
        if any(p.end is None for p in self.posts):
            return None
        return max(p.end for p in self.posts if p.end)


@dataclass(frozen=True)
class RecordedMeeting:
    """A meeting on the calendar of the record, `seeds/meetings.yaml`."""

    kind: str
    edition: int | None
    day: date  # the first of the month when the record gives only the month
    precision: str  # "day" or "month"
    city: str | None
    format: str  # in-person, virtual, phone or sidelines
    event: str | None  # what a sidelines meeting was beside ("11th ADMM-Plus")
    participants: tuple[str, ...]  # slugs of the actor dictionary
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    """Everything extraction and resolution consult, loaded once per ingest run."""

    topics: tuple[TopicRule, ...]
    people: tuple[KnownPerson, ...]
    cities: dict[str, str]
    capitals: dict[str, str]
    outlet_homes: tuple[tuple[str, str], ...]
    parties: tuple[NamedParty, ...]
    fingerprint: str
    by_key: dict[frozenset[str], KnownPerson] = field(default_factory=dict)
    # Every name of every party in one case-sensitive pattern: one pass over a sentence.
    party_names: re.Pattern[str] = re.compile(r"(?!)")
    # The same names without the word-boundary test, which the regex engine must otherwise try
    # at every character: starting with a name lets it skip ahead to the next capital letter.
    # Most sentences name no party, and this finds that several times faster.
    party_names_anywhere: re.Pattern[str] = re.compile(r"(?!)")
    party_of_name: dict[str, str] = field(default_factory=dict)
    party_order: dict[str, int] = field(default_factory=dict)
    calendar: tuple[RecordedMeeting, ...] = ()  # empty without seeds/meetings.yaml
    # The words and excluded phrases of every topic in one pattern (see `_word_lists_regex`): at
    # each place found, group n + 1 holds what the words of `topics[n]` match there, and group
    # len(topics) + n + 1 what its excluded phrases match.
    topic_words: re.Pattern[str] = re.compile(r"(?!)")
    # What `tags` found for each sentence lately. An archive holds the same sentence many times
    # (wire copy that several outlets print), and tagging costs more than the rest of a
    # statement's extraction. Emptied when it holds _REMEMBERED_SENTENCES.
    tags_of_sentence: dict[str, tuple[Tags, Tags]] = field(default_factory=dict, repr=False, compare=False)

    def tags(self, text: str) -> tuple[Tags, Tags]:
        """`topics_in(text)` and `named_in(text)`, remembered for a sentence seen before."""
        found = self.tags_of_sentence.get(text)
        if found is None:
            if len(self.tags_of_sentence) >= _REMEMBERED_SENTENCES:
                self.tags_of_sentence.clear()
            found = self.tags_of_sentence[text] = (self.topics_in(text), self.named_in(text))
        return found

    def topics_in(self, text: str) -> tuple[tuple[str, str], ...]:
        """(slug, words) for each topic `text` touches, in the taxonomy's order: what
        `TopicRule.match` finds for each, looking for the words of all topics in one pass."""
        lowered = lowercase_in_place(text)
        count = len(self.topics)
        first: list[tuple[int, int] | None] = [None] * (2 * count)  # by group: the first span found
        for place in self.topic_words.finditer(lowered):
            for number, words in enumerate(place.groups()):
                if words is not None and first[number] is None:
                    first[number] = place.span(number + 1)
        found = []
        for rule, span, excluded in zip(self.topics, first[:count], first[count:], strict=True):
            if excluded is not None:
                # Its words are searched for again in the text with the excluded phrases blanked.
                matched = rule.match(text, lowered)
            elif span is not None:
                matched = text[span[0] : span[1]]
            elif rule.patterns is not None and (pattern := rule.patterns.search(lowered)) is not None:
                matched = text[pattern.start() : pattern.end()]
            else:
                matched = None
            if matched:
                found.append((rule.slug, matched))
        return tuple(found)

    @cached_property
    def people_by_family(self) -> dict[str, list[KnownPerson]]:
        """The dictionary's people by lowercased family name, in the dictionary's order."""
        families: dict[str, list[KnownPerson]] = {}
        for person in self.people:
            families.setdefault(person.family.lower(), []).append(person)
        return families

    @cached_property
    def people_by_sorted_name(self) -> dict[str, KnownPerson]:
        """Every name and alias, its words sorted ("jaishankar subrahmanyam"): for fuzzy matching."""
        return {" ".join(sorted(key)): person for key, person in self.by_key.items()}

    def named_in(self, text: str) -> tuple[tuple[str, str], ...]:
        """(slug, words) for each country or group `text` names and does not deny naming."""
        first = self.party_names_anywhere.search(text)
        if first is None:
            return ()
        found: dict[str, str] = {}
        for match in self.party_names.finditer(text, first.start()):
            slug = self.party_of_name[match.group()]
            if slug not in found and not _DENIAL.search(text[max(0, match.start() - 60) : match.start()]):
                found[slug] = match.group()
        return tuple(sorted(found.items(), key=lambda item: self.party_order[item[0]]))

    def outlet_home(self, outlet: str | None) -> str | None:
        """The city an outlet files from, when its copy says only "here"."""
        if not outlet:
            return None
        for phrase, home in self.outlet_homes:
            if re.search(rf"\b{re.escape(phrase)}\b", outlet, re.IGNORECASE):
                return home
        return None


def _word_alternatives(words: list[str]) -> list[str]:
    """A lowercase pattern for each phrase, longest first; a trailing * matches any ending."""
    alternatives = []
    for word in words:
        word = str(word).strip().lower()
        stem = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        alternatives.append(stem + (r"[\w-]*" if word.endswith("*") else r"(?![\w-])"))
    return sorted(alternatives, key=len, reverse=True)


def _words_regex(words: list[str]) -> str:
    """One lowercase pattern for a list of phrases, each starting a word."""
    alternatives = _word_alternatives(words)
    if not alternatives:
        return ""
    return r"(?<![\w-])(?:" + "|".join(alternatives) + ")"


def _by_first_character(alternatives: list[str]) -> str:
    """The alternatives as one alternation, those that start with the same letter or digit grouped
    behind it ("sea|ship" becomes "s(?:ea|hip)"), so that the regex engine compares the character
    at hand with one alternative per first character rather than with every one.

    It matches what the plain alternation matches, case-sensitively: the order of the alternatives
    with the same first character is kept, and those with different ones cannot both match at one
    place.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[0] if alternative[:1].isalnum() else alternative  # escaped: kept whole
        groups.setdefault(first, []).append(alternative[len(first) :])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _word_lists_regex(word_lists: list[list[str]]) -> re.Pattern[str]:
    """One pattern for several lists of words, which matches, without consuming text, each place
    where the words of some list match; there, group n + 1 captures what the words of list n
    match (as `_words_regex(word_lists[n])` would), and is None if they do not match there.

    Zero-width, so that the places found may overlap: "maritime security" can start words of two
    topics. The first place where a list's group is set is where its own pattern finds it.
    """
    every_word = _by_first_character(_word_alternatives([word for words in word_lists for word in words]))
    groups = "".join(rf"(?=({'|'.join(_word_alternatives(words)) or '(?!)'})|)" for words in word_lists)
    return re.compile(rf"(?<![\w-])(?={every_word}){groups}" if every_word else r"(?!)")


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IngestError(path, "reference file is missing") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(path, f"reference file is not valid YAML: {exc}") from exc


def _as_date(value: Any, path: Path, what: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise IngestError(path, f"{what}: {value!r} is not an ISO date") from exc


def _topics(path: Path) -> tuple[tuple[TopicRule, ...], re.Pattern[str]]:
    """The topic rules, and their words and excluded phrases in one pattern (see `Reference`)."""
    rules = []
    words_of_topic: list[list[str]] = []
    excluded_of_topic: list[list[str]] = []
    data = _load_yaml(path) or {}
    for entry in data.get("topics", []):
        try:
            slug, name = str(entry["slug"]), str(entry["name"])
        except (KeyError, TypeError) as exc:
            raise IngestError(path, f"every topic needs a slug and a name: {entry!r}") from exc
        if slug != slugify(slug):
            raise IngestError(path, f"topic slug {slug!r} must be lowercase words joined by '-'")
        words = _words_regex(list(entry.get("words", [])))
        words_of_topic.append(list(entry.get("words", [])))
        excluded_of_topic.append(list(entry.get("not", [])))
        patterns = "|".join(f"(?:{p})" for p in entry.get("patterns", []))
        if not words and not patterns:
            raise IngestError(path, f"topic {slug!r} has no words or patterns")
        excluded = _words_regex(list(entry.get("not", [])))
        try:
            rules.append(
                TopicRule(
                    slug=slug,
                    name=name,
                    description=str(entry.get("description", "")),
                    words=re.compile(words) if words else None,
                    patterns=re.compile(patterns, re.IGNORECASE) if patterns else None,
                    exclude=re.compile(excluded) if excluded else None,
                )
            )
        except re.error as exc:
            raise IngestError(path, f"topic {slug!r} has a bad pattern: {exc}") from exc
    return tuple(rules), _word_lists_regex(words_of_topic + excluded_of_topic)


def _people(path: Path) -> tuple[KnownPerson, ...]:
    people = []
    data = _load_yaml(path) or {}
    for entry in data.get("ministers", []):
        try:
            name, country = str(entry["name"]), str(entry["country"])
        except (KeyError, TypeError) as exc:
            raise IngestError(path, f"every minister needs a name and a country: {entry!r}") from exc
        source = str(entry.get("source") or "").strip()
        if not source.startswith(("https://", "http://")):
            raise IngestError(
                path, f"minister {name!r} needs a source: the URL of a public page listing their terms"
            )
        posts = tuple(
            Post(
                portfolio=str(post["portfolio"]),
                start=_as_date(post.get("from"), path, f"{name}'s post start"),
                end=_as_date(post.get("to"), path, f"{name}'s post end"),
            )
            for post in entry.get("posts", [])
        )
        people.append(
            KnownPerson(
                slug=slugify(name),
                name=name,
                country=country,
                family=str(entry.get("family") or name.split()[-1]),
                posts=posts,
                aliases=tuple(str(a) for a in entry.get("aliases", [])),
                source=source,
            )
        )
    return tuple(people)


def _parties(path: Path) -> tuple[NamedParty, ...]:
    parties = []
    for entry in (_load_yaml(path) or {}).get("named", []):
        try:
            names = [str(n) for n in entry["names"]]
            slug, name, kind = str(entry["slug"]), str(entry["name"]), str(entry["kind"])
        except (KeyError, TypeError) as exc:
            raise IngestError(path, f"every entry needs slug, name, kind and names: {entry!r}") from exc
        parties.append(NamedParty(slug=slug, name=name, kind=kind, names=tuple(names)))
    return tuple(parties)


_MONTH_ONLY = re.compile(r"^(\d{4})-(\d{2})$")


def _calendar(path: Path) -> tuple[RecordedMeeting, ...]:
    """The calendar of the record, if the seeds hold one; the product works without it."""
    if not path.is_file():
        return ()
    meetings = []
    for n, entry in enumerate((_load_yaml(path) or {}).get("meetings") or [], start=1):
        if not isinstance(entry, dict):
            raise IngestError(path, f"meeting {n} is not a mapping of field: value")
        raw = str(entry.get("date", ""))
        if month := _MONTH_ONLY.match(raw):
            day, precision = date(int(month.group(1)), int(month.group(2)), 1), "month"
        else:
            found = _as_date(entry.get("date"), path, f"meeting {n} date")
            if found is None:
                raise IngestError(path, f"meeting {n} has no date")
            day, precision = found, "day"
        try:
            meetings.append(
                RecordedMeeting(
                    kind=str(entry["kind"]),
                    edition=int(entry["edition"]) if entry.get("edition") is not None else None,
                    day=day,
                    precision=precision,
                    city=str(entry["city"]) if entry.get("city") else None,
                    format=str(entry.get("format") or "in-person"),
                    event=str(entry["event"]) if entry.get("event") else None,
                    participants=tuple(str(p) for p in entry.get("participants") or ()),
                    sources=tuple(str(u) for u in entry.get("sources") or ()),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IngestError(path, f"meeting {n} needs kind, date and sources: {exc}") from exc
    return tuple(meetings)


def load_reference(seeds_dir: Path) -> Reference:
    """Read and check the reference files in `seeds_dir`."""
    places = _load_yaml(seeds_dir / "places.yaml") or {}
    outlets = _load_yaml(seeds_dir / "outlets.yaml") or {}
    people = _people(seeds_dir / "ministers.yaml")
    digest = hashlib.sha256()
    for name in REFERENCE_FILES:
        digest.update((seeds_dir / name).read_bytes())
    calendar_file = seeds_dir / "meetings.yaml"
    if calendar_file.is_file():
        digest.update(calendar_file.read_bytes())
    parties = _parties(seeds_dir / "countries.yaml")
    party_of_name = {name: p.slug for p in reversed(parties) for name in p.names}
    alternatives = _by_first_character([re.escape(n) for n in sorted(party_of_name, key=len, reverse=True)])
    topics, topic_words = _topics(seeds_dir / "topics.yaml")
    by_key: dict[frozenset[str], KnownPerson] = {}
    for person in people:
        for alias in (person.name, *person.aliases):
            by_key[name_key(alias)] = person
    return Reference(
        topics=topics,
        people=people,
        cities={str(k): str(v) for k, v in (places.get("cities") or {}).items()},
        capitals={str(k): str(v) for k, v in (places.get("capitals") or {}).items()},
        outlet_homes=tuple((str(o["match"]), str(o["home"])) for o in (outlets.get("outlets") or [])),
        parties=parties,
        fingerprint=digest.hexdigest(),
        by_key=by_key,
        party_names=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-]|\.\w)")
        if alternatives
        else re.compile(r"(?!)"),
        party_names_anywhere=re.compile(alternatives) if alternatives else re.compile(r"(?!)"),
        party_of_name=party_of_name,
        party_order={p.slug: n for n, p in enumerate(parties)},
        topic_words=topic_words,
        calendar=_calendar(calendar_file),
    )
