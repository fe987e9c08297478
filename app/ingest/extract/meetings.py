"""Meetings: who met, when and where, read from the sentences that report a meeting.

The meeting an article reports is found from its participants, not from phrases alone: the first
sentence of the opening that reports a meeting (met, held talks, dialogue, 2+2, phone call...)
between serving foreign or defence ministers of India and Japan, or that names an India–Japan
ministerial meeting outright. Its kind is the name the text gives ("2+2", "strategic dialogue",
"defence ministers' meeting"), else what the participants' posts make it. A meeting of another
pair of countries, of leaders, of officials or of the Quad is no India–Japan ministerial meeting:
`find_meetings` then says what the article is about instead. Other meetings the article mentions
(before, after, planned, the same day) are returned as mentions, never folded into the lead one.
"""

import re
from dataclasses import dataclass
from datetime import date

from app.ingest.extract.dates import date_in
from app.ingest.extract.kinds import (
    FORUM_MEETING,
    KIND_RE,
    MULTILATERAL,
    OTHER_MEETING_BEFORE,
    RELATIVE_MEETING_BEFORE,
    REMOTE,
    TRIGGER,
    MeetingDraft,
    edition_of,
    is_future,
    kind_of_posts,
    kind_words,
    strip_references,
)
from app.ingest.extract.mentions import announced_period, recalled, referenced, side_meetings
from app.ingest.extract.people import PersonMention
from app.ingest.extract.places import city_name, meeting_city
from app.ingest.extract.record import on_the_record, previous_on_record
from app.ingest.extract.sides import BOTH, countries_named, other_countries_at_table, pair_of_kind_phrase
from app.ingest.reference import Reference
from app.ingest.resolve import Person
from app.ingest.segment import Dateline, Sentence

__all__ = ["BOTH", "MeetingDraft", "Reading", "find_meetings"]

# Who else may sit at a table: officials of India or Japan below minister, leaders, and
# ministers of other countries.
_OFFICIAL_TITLE = re.compile(
    r"\b(?:Foreign|Defen[cs]e|Home)\s+Secretary\b|\bVice[- ]Minister|\bDeputy\s+(?:Foreign\s+)?Minister"
    r"|\bAdministrative\s+Vice|\bAmbassador\b|\bSherpa\b|\bCommissioner\b"
    r"|\b(?:senior|ministry|defen[cs]e|foreign)\s+officials?\b"
    r"|\bofficials?[- ]level\b|\bsecretary[- ]level\b|\blevel\s+of\s+(?:secretaries|officials)\b",
    re.IGNORECASE,
)
_LEADER_TITLE = re.compile(r"\b(?:Prime\s+Ministers?|PM|President|premier|leaders['’]?\s+summit|summit)\b")
_OTHER_PORTFOLIO = re.compile(
    r"\b(?:trade|commerce|industry|economy|finance|economic|home|railways?|energy|health)\s+minister",
    re.IGNORECASE,
)
# "Kihara had put the offer at the 2+2 dialogue": a meeting the sentence recalls, not reports.
_RECALLED = re.compile(
    r"\bhad\s+(?!to\b|been\s+(?:held|scheduled))(?:already\s+|earlier\s+)?"
    r"(?:[a-z]+ed|put|met|held|made|given|told|spoken)\b"
)
# "the defence ministers of Japan and India": both sides, and their posts.
_MINISTERS_OF_BOTH = re.compile(
    r"\b(?P<posts>foreign\s+and\s+defen[cs]e|defen[cs]e\s+and\s+foreign|foreign|defen[cs]e|external\s+affairs)\s+"
    r"(?:ministers|chiefs)\s+of\s+(?:both\s+)?(?:India\s+and\s+Japan|Japan\s+and\s+India)\b"
    r"|\b(?:Indian\s+and\s+Japanese|Japanese\s+and\s+Indian)\s+(?P<posts2>foreign|defen[cs]e)\s+ministers\b",
    re.IGNORECASE,
)
_GENERIC_AFTER = re.compile(
    r"['’\"”]?\s*(?:ministerial\s+)?(?:dialogues|meetings|formats?|mechanisms|frameworks)\b", re.IGNORECASE
)
_CALL_ON = re.compile(r"\bcall(?:ed|s)?\s+on\b|\bcourtesy\s+call\b|\bpaid\s+a\s+call\b", re.IGNORECASE)
_SEPARATE = re.compile(r"\b(?:separate|bilateral|one-on-one)\b", re.IGNORECASE)
_BILATERAL = re.compile(r"\bbilateral|\bcounterparts?\b|India[–-]Japan|Japan[–-]India", re.IGNORECASE)


@dataclass(frozen=True)
class Event:
    """One sentence that reports a meeting, and what it says of who met."""

    sentence: int  # index into the article's sentences
    participants: tuple[Person, ...]  # serving foreign or defence ministers of India and Japan
    sides: frozenset[str]  # India and Japan, as the participants or the words show them
    others: frozenset[str]  # other countries at the table
    kind: str | None  # the kind the sentence names
    kind_at: int | None
    about: str | None  # why it is no India–Japan ministerial meeting, if it is not


@dataclass(frozen=True)
class Reading:
    """The meetings an article reports, or why it reports none."""

    meetings: tuple[MeetingDraft, ...]
    participants: tuple[str, ...]  # slugs of the lead meeting's participants
    # Why there is none: "about an India–Australia 2+2, not an India–Japan meeting" for an article
    # about something else (skipped), any other line for one whose meeting cannot be read (failed).
    not_a_meeting: str | None = None


def _explicit_kind(text: str, reference: Reference) -> tuple[str | None, int | None, set[str]]:
    """The kind of meeting the sentence itself names, where, and between whom it says it is."""
    best: tuple[int, str] | None = None
    for kind, pattern in KIND_RE.items():
        for match in pattern.finditer(text):
            if _GENERIC_AFTER.match(text, match.end()):
                continue  # "India's 2+2 dialogues": the format, not one meeting
            before = text[max(0, match.start() - 60) : match.start()]
            if OTHER_MEETING_BEFORE.search(before):
                continue
            relative = RELATIVE_MEETING_BEFORE.search(before)
            if relative and TRIGGER.search(text[: match.start() - len(before) + relative.start()]):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), kind)
            break
    if best is None:
        return None, None, set()
    return best[1], best[0], pair_of_kind_phrase(text, best[0], reference)


def _forum(meeting: re.Match[str]) -> str:
    return meeting.group("forum") or meeting.group("forum2")


def _event(
    index: int,
    sentence: Sentence,
    mentions: list[PersonMention],
    people: list[Person | None],
    reference: Reference,
    context: frozenset[str] = frozenset(),
) -> Event | None:
    """What a sentence says of a meeting, if it reports one.

    `context` holds the countries the article's opening names: "the third 2+2 held here" is an
    India–Japan one in an article that opens on India and Japan.
    """
    text = sentence.text
    if not TRIGGER.search(text) or _RECALLED.search(text):
        return None
    inside = [
        (m, p)
        for m, p in zip(mentions, people, strict=True)
        if p is not None and sentence.start <= m.start < sentence.end
    ]
    ministers = tuple(dict.fromkeys(p for _, p in inside if p.is_participant))
    sides = {p.country for p in ministers if p.country}
    # "his Japanese counterpart", "the defence ministers of India and Japan": a side unnamed.
    for match in re.finditer(
        r"\b(?P<side>Japanese|Indian)\s+(?:and\s+[A-Z]\w+\s+)?(?:(?:foreign|defen[cs]e|external\s+affairs)\s+)?"
        r"(?:counterparts?|ministers?|side|delegation)\b",
        text,
        re.IGNORECASE,
    ):
        sides.add("Japan" if match.group("side").lower().startswith("jap") else "India")
    named = countries_named(text, reference)
    kind, kind_at, pair = _explicit_kind(text, reference)
    implied_kind: str | None = None
    if (both := _MINISTERS_OF_BOTH.search(text)) is not None:
        sides |= BOTH
        posts = (both.group("posts") or both.group("posts2") or "").lower()
        implied_kind = kind_of_posts(
            {"foreign" if "foreign" in posts or "external" in posts else None}
            | {"defence" if "defen" in posts else None}
        )
    others = other_countries_at_table(text, reference) | (pair - BOTH)
    leaders = [p for _, p in inside if p.portfolio == "prime-minister" and not p.former]
    ministerial_words = re.search(r"\bminist(?:er|ers|erial|ry)\b|\bFMs?\b|\bEAM\b", text, re.IGNORECASE)
    if kind is not None and set(named) >= BOTH and not ministers and not others:
        sides |= BOTH if ministerial_words else set()
    if kind is not None and not others and context >= BOTH:
        sides |= BOTH
    about: str | None = None
    multilateral = FORUM_MEETING.search(text)
    grouped = kind_at is not None and MULTILATERAL.search(text[max(0, kind_at - 20) : kind_at])
    calls_on_leader = leaders and len(sides) == 1 and _CALL_ON.search(text)
    if grouped and multilateral:  # "the Quad foreign ministers' meeting"
        about = f"about a {_forum(multilateral)} meeting, not an India–Japan one"
    elif calls_on_leader:
        about = "about a call on a prime minister, not a ministers' meeting"
    elif others and not (sides >= BOTH and (len(ministers) >= 2 or kind is None)):
        countries = sorted(others | (sides & BOTH) | (pair & BOTH))
        if (multilateral and not (sides >= BOTH)) or (len(countries) >= 3 and multilateral):
            about = f"about a {_forum(multilateral)} meeting, not an India–Japan one"
        else:
            pair_name = "–".join(countries[:3])
            article = "an" if pair_name[0] in "AEIOU" else "a"
            about = f"about {article} {pair_name} {kind_words(kind)}, not an India–Japan meeting"
    elif not ministers and leaders and kind is None:
        about = "about a leaders' meeting, not a ministers' one"
    elif not ministers and _OFFICIAL_TITLE.search(text) and not (kind and ministerial_words):
        about = "about an officials' meeting, not a ministers' one"
    elif not ministers and _OTHER_PORTFOLIO.search(text):
        about = "about a meeting of other ministers, not foreign or defence ministers"
    elif multilateral and not ministers and kind is None:
        about = f"about a {_forum(multilateral)} meeting, not an India–Japan one"
    if about is None and not (sides >= BOTH or (kind and sides)):
        return None
    return Event(
        sentence=index,
        participants=ministers,
        sides=frozenset(sides),
        others=frozenset(others),
        kind=kind or (implied_kind if not ministers else None),
        kind_at=kind_at,
        about=about,
    )


def find_meetings(
    sentences: list[Sentence],
    mentions: list[PersonMention],
    people: list[Person | None],
    reference: Reference,
    anchor: date | None,
    dateline: Dateline | None,
    outlet: str | None,
    opening: int = 4,
) -> Reading:
    """The meeting the article reports (first), then the meetings it only mentions; or why the
    article reports no India–Japan ministerial meeting.

    `anchor` is the day of writing (publication, dateline or address), from which "on Tuesday"
    is counted; `opening` how many paragraphs count as the article's opening.
    """
    if not sentences:
        return Reading((), (), "nothing to read")
    first_paragraph = sentences[0].paragraph
    in_opening = [i for i, s in enumerate(sentences) if s.paragraph < first_paragraph + opening]
    named: set[str] = set()
    for i in in_opening:
        named |= set(countries_named(sentences[i].text, reference))
    context = BOTH if named >= BOTH else frozenset()
    events = [e for i in in_opening if (e := _event(i, sentences[i], mentions, people, reference, context))]
    # The opening's first meeting decides what the article is about; after a Quad meeting or
    # another pair's, only a plainly bilateral India–Japan one ("held talks with his Japanese
    # counterpart") is the lead.
    lead = next((e for e in events if e.about is None), None)
    if events and events[0].about is not None and lead is not None:
        text = sentences[lead.sentence].text
        # "held separate meetings with his Japanese and Australian counterparts" after the Quad's.
        bilateral = _BILATERAL.search(text) and (not lead.others or _SEPARATE.search(text))
        if not lead.participants or not bilateral:
            lead = None
    if lead is not None and lead.kind and not lead.participants:
        # "India and Japan held their second 2+2 dialogue, bringing together ministry officials":
        # a 2+2 of officials, when the opening names officials and no minister.
        opening_text = " ".join(sentences[i].text for i in in_opening)
        if _OFFICIAL_TITLE.search(opening_text) and not any(
            p.is_participant
            for m, p in zip(mentions, people, strict=True)
            if p is not None and any(sentences[i].start <= m.start < sentences[i].end for i in in_opening)
        ):
            return Reading((), (), "about an officials' meeting, not a ministers' one")
    if lead is None and events and events[0].about is not None:
        return Reading((), (), events[0].about)
    if lead is None:
        # Past the opening, only a sentence that names both the kind and India and Japan.
        later = (
            _event(i, s, mentions, people, reference, context)
            for i, s in enumerate(sentences)
            if i not in in_opening
        )
        lead = next(
            (e for e in later if e and e.about is None and e.kind and e.sides >= BOTH and e.participants),
            None,
        )
        if lead is not None and any(e.about for e in events):
            lead = None
    if lead is None:
        reason = next((e.about for e in events if e.about), None)
        return Reading((), (), reason or "no India–Japan ministers' meeting found")
    sentence = sentences[lead.sentence]
    nearby = [sentences[i] for i in in_opening if i != lead.sentence] or sentences[lead.sentence + 1 :][:4]
    # The participants: serving ministers the opening names, then the whole article.
    everyone = [p for p in people if p is not None and p.is_participant]
    in_open = [
        p
        for m, p in zip(mentions, people, strict=True)
        if p is not None
        and p.is_participant
        and any(sentences[i].start <= m.start < sentences[i].end for i in in_opening)
    ]
    kind = lead.kind
    kind_rule = "kind-phrase"
    if kind is None:
        portfolios = {p.portfolio for p in lead.participants}
        # "Singh held talks with his Japanese counterpart": the counterpart holds the same post.
        kind = kind_of_posts(portfolios) or kind_of_posts({p.portfolio for p in in_open})
        kind_rule = "participants"
    if kind is None:
        kind = next(
            (
                k
                for k, pattern in KIND_RE.items()
                if any(pattern.search(sentences[i].text) for i in in_opening)
            ),
            None,
        )
        kind_rule = "kind-phrase"
    if kind is None:
        return Reading((), (), "no India–Japan ministers' meeting found (who met is not said)")
    posts = {"two-plus-two": {"foreign", "defence"}, "defence-ministerial": {"defence"}}.get(
        kind, {"foreign"}
    )
    chosen = [p for p in (*lead.participants, *in_open, *everyone) if p.portfolio in posts]
    participants = tuple(dict.fromkeys(p.slug for p in chosen))
    if kind != "two-plus-two":
        # One minister a side: the ones the lead sentence or the opening names first.
        seats: dict[str | None, str] = {}
        for person in chosen:
            seats.setdefault(person.country, person.slug)
        participants = tuple(seats.values())
    held_by = REMOTE.search(sentence.text)
    remote = held_by is not None
    meeting_format = None
    if held_by is not None:
        by_phone = re.search(r"phon|rang|telephon", held_by.group(), re.IGNORECASE)
        meeting_format = "phone" if by_phone else "virtual"
    trigger = TRIGGER.search(sentence.text)
    trigger_at = lead.kind_at if lead.kind_at is not None else (trigger.start() if trigger else 0)
    dated = None
    if anchor is not None:
        dated = date_in(
            strip_references(sentence.text),
            sentence.start,
            anchor,
            trigger_at,
            is_future(sentence.text, trigger_at),
        )
        for other in nearby:
            if dated is not None:
                break
            if (found := TRIGGER.search(other.text)) is not None:
                dated = date_in(
                    strip_references(other.text),
                    other.start,
                    anchor,
                    found.start(),
                    is_future(other.text, found.start()),
                )
    edition = edition_of(sentences, kind)
    opening_text = " ".join(sentences[i].text for i in in_opening)
    city, city_rule = meeting_city(sentence, nearby, reference, dateline, outlet, remote)
    city = city_name(city) if city else None
    precision = "day"
    period = None if anchor is None else announced_period(sentence.text, anchor)
    if dated and period and anchor and period[0] > anchor and is_future(sentence.text, trigger_at):
        dated = None  # "will hold the next 2+2 in Tokyo in 2027": the year, not a day of the news
    if dated is not None:
        day, date_rule, start, end = dated
    elif record := on_the_record(reference, kind, edition, participants, anchor, 10, opening_text, city):
        # The text gives no day: the calendar's meeting of that kind, number and participants.
        day, date_rule, start, end = record.day, "calendar", sentence.start, sentence.end
    elif period is not None:  # "will hold the next round of their 2+2 in India next month"
        (day, precision), date_rule = period, f"mentioned-{period[1]}"
        start, end = sentence.start, sentence.end
    elif anchor is None:
        return Reading(
            (),
            (),
            "reports an India–Japan ministers' meeting but gives no date:"
            " add 'published' to the front matter",
        )
    else:
        day, date_rule, start, end = anchor, "publication-date-fallback", sentence.start, sentence.end
    if city is None and not remote and precision == "day":
        record = on_the_record(reference, kind, edition, participants, day, 1, opening_text)
        if record is not None and record.city:
            city, city_rule = record.city, "calendar"
    future = is_future(sentence.text, trigger_at)
    if anchor is not None:
        announced = date_rule in ("publication-date-fallback", "mentioned-month", "mentioned-year") and future
        status = "planned" if day > anchor or announced else "held"
    else:
        status = "planned" if future else "held"
    subject = MeetingDraft(
        role="subject",
        kind=kind,
        edition=edition,
        date=day,
        date_precision=precision,
        date_rule=date_rule,
        status=status,
        city=city,
        city_rule=city_rule,
        evidence_start=start,
        evidence_end=end,
        kind_rule=kind_rule,
        format=meeting_format,
    )
    others: list[MeetingDraft] = []
    anchor = anchor or day  # mentions of an undated report are counted from its meeting
    if anchor is not None:
        before = previous_on_record(reference, kind, participants, day)
        previous = (
            MeetingDraft(
                role="mention",
                kind=before.kind,
                edition=before.edition,
                date=before.day,
                date_precision="day",
                date_rule="calendar",
                status="referenced",
                city=before.city,
                city_rule="calendar" if before.city else None,
                evidence_start=sentence.start,
                evidence_end=sentence.end,
            )
            if before is not None
            else None
        )
        others = [
            *side_meetings(sentences, subject, lead.sentence, anchor, reference),
            *referenced(sentences, kind, anchor),
            *recalled(sentences, subject, lead.sentence, anchor, previous),
        ]
    # One draft a meeting: the first way the article mentions it.
    seen = {(subject.kind, subject.date, subject.date_precision)}
    mentioned = []
    for draft in others:
        key = (draft.kind, draft.date, draft.date_precision)
        if key not in seen:
            seen.add(key)
            mentioned.append(draft)
    return Reading((subject, *mentioned), participants)
