"""Resolve: name variants to one person, pronouns to the last named speaker.

"Kono Taro" = "Taro Kono", "Nakatani San" = "General Nakatani" = "Gen Nakatani", "S Jaishankar" =
"Subrahmanyam Jaishankar": the actor dictionary is consulted first, then people already named in
the same article, then a fuzzy match; a titled person the dictionary lacks becomes a new person.
"""

from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz, process

from app.ingest.extract.people import PersonMention
from app.ingest.extract.statements import SpeakerHint, StatementDraft
from app.ingest.reference import KnownPerson, Reference
from app.ingest.text import name_tokens, slugify

PARTICIPANT_PORTFOLIOS = ("foreign", "defence")
DIALOGUE_COUNTRIES = ("India", "Japan")
_OTHER_SIDE = {"India": "Japan", "Japan": "India"}
_FUZZY_CUTOFF = 88


@dataclass(frozen=True)
class Person:
    """A resolved person: a dictionary entry, or someone the text introduces by title."""

    slug: str
    name: str
    country: str | None
    portfolio: str | None  # on the meeting's date
    known: KnownPerson | None
    rule: str
    former: bool = False

    @property
    def is_participant(self) -> bool:
        """A serving foreign or defence minister of India or Japan."""
        return (
            not self.former
            and self.portfolio in PARTICIPANT_PORTFOLIOS
            and self.country in DIALOGUE_COUNTRIES
        )


@dataclass(frozen=True)
class Speaker:
    type: str
    label: str
    rule: str
    person: Person | None = None
    country: str | None = None


def _new_person_slug(tokens: list[str]) -> str:
    # Sorted, so "Tanaka Hiroshi" and "Hiroshi Tanaka" get one slug whichever arrives first.
    return slugify(" ".join(sorted(tokens)))


def _from_dictionary(
    mention: PersonMention, tokens: list[str], reference: Reference, on: date | None
) -> tuple[KnownPerson, str] | None:
    known = reference.by_key.get(frozenset(tokens))
    if known:
        return known, "dictionary"
    if len(tokens) == 1:
        family = reference.people_by_family.get(tokens[0], [])
        serving = [p for p in family if on is None or p.portfolio_on(on)]
        if len(serving) == 1:
            return serving[0], "family-name-in-office"
        if family or mention.via == "name":
            return None
        # A titled family name misspelt ("External Affairs Minister Jaishanker").
        in_office = {p.family.lower(): p for p in reference.people if on is None or p.portfolio_on(on)}
        close = process.extractOne(tokens[0], list(in_office), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        return (in_office[close[0]], "fuzzy-family-name") if close else None
    choices = reference.people_by_sorted_name
    best = process.extractOne(
        " ".join(sorted(tokens)), list(choices), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
    )
    if best:
        person = choices[best[0]]
        given = [t for t in name_tokens(person.name) if t != person.family.lower()]
        others = [t for t in tokens if t != person.family.lower()]
        # "Rajesh Kumar Singh" is not Rajnath Singh: a shared family name needs a close given name.
        same_family_other_given = person.family.lower() in tokens and (
            fuzz.ratio(" ".join(others), " ".join(given)) < _FUZZY_CUTOFF
        )
        if mention.country in (None, person.country) and not same_family_other_given:
            return person, "fuzzy"
    return None


def _portfolio(
    known: KnownPerson, mention: PersonMention, partner: "Person | None", on: date | None
) -> str | None:
    """A known person's post: the dictionary's on the day; on no known day, the post their
    counterpart holds if they ever held it; else what the text's own title says."""
    if on is None and partner is not None and partner.portfolio in {p.portfolio for p in known.posts}:
        return partner.portfolio
    held = known.portfolio_on(on)
    if held is None and mention.via == "title" and not mention.former:
        return mention.portfolio  # "Defence Minister X" on a day the dictionary's terms miss
    return held


def resolve_people(
    mentions: list[PersonMention], reference: Reference, on: date | None
) -> list[Person | None]:
    """A person for each mention, or None for a capitalised word that names no one."""
    resolved: list[Person | None] = [None] * len(mentions)
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].via == "counterpart")
    for i in order:
        mention = mentions[i]
        tokens = name_tokens(mention.surface)
        if not tokens:
            continue
        partner = resolved[mention.counterpart_of] if mention.counterpart_of is not None else None
        country = mention.country or (_OTHER_SIDE.get(partner.country or "") if partner else None)
        portfolio = mention.portfolio or (partner.portfolio if partner and mention.respectively else None)
        earlier = [p for j, p in enumerate(resolved) if p is not None and j != i]
        found = _from_dictionary(mention, tokens, reference, on)
        if found:
            known, rule = found
            resolved[i] = Person(
                slug=known.slug,
                name=known.name,
                country=known.country,
                # The dictionary's post on the day; else the text's own title ("Defence Minister
                # X" on a day the dictionary's terms do not settle).
                portfolio=_portfolio(known, mention, partner, on),
                known=known,
                rule=rule,
                former=mention.former,
            )
            continue
        same = [p for p in earlier if set(tokens) <= set(name_tokens(p.name))]
        if same:
            resolved[i] = same[0]
            continue
        if mention.via in ("title", "counterpart") and len(tokens) >= 2:
            resolved[i] = Person(
                slug=_new_person_slug(tokens),
                name=" ".join(mention.surface.split()),
                country=country,
                portfolio=portfolio,
                known=None,
                rule=f"{mention.via}-new-person",
                former=mention.former,
            )
    _seat_countries(resolved, reference, on)
    # A family name used alone before the full name ("Tanaka ... Foreign Minister Tanaka Hiroshi").
    for i, mention in enumerate(mentions):
        if resolved[i] is None:
            words = set(name_tokens(mention.surface))
            same = [p for p in resolved if p is not None and words and words <= set(name_tokens(p.name))]
            if same:
                resolved[i] = same[0]
    return resolved


def _seat_countries(resolved: list[Person | None], reference: Reference, on: date | None) -> None:
    """Give a new minister of unstated country the side whose seat is not otherwise taken.

    "Foreign Minister Yoshimasa Hayashi hosted External Affairs Minister S. Jaishankar": India's
    foreign minister is named, so Hayashi holds Japan's seat.
    """
    named = {p.slug for p in resolved if p is not None}
    for person in list(resolved):
        if person is None or person.known or person.country or person.portfolio is None:
            continue
        open_seats = []
        for country in DIALOGUE_COUNTRIES:
            holders = {
                p.slug
                for p in reference.people
                if p.country == country and p.portfolio_on(on) == person.portfolio
            }
            others = {
                p.slug
                for p in resolved
                if p is not None
                and p.country == country
                and p.portfolio == person.portfolio
                and p.slug != person.slug
            }
            if not (holders & named) and not others:
                open_seats.append(country)
        if len(open_seats) == 1:
            seated = replace(person, country=open_seats[0], rule=f"{person.rule}+open-seat")
            resolved[:] = [seated if p is person else p for p in resolved]


def resolve_speakers(
    drafts: list[StatementDraft], people: list[Person | None], mentions: list[PersonMention] | None = None
) -> list[Speaker]:
    """Each statement's speaker, with pronouns resolved to the last speaker they can stand for,
    or, before anyone has spoken, to the last person the text named."""
    speakers = []
    last_person: Person | None = None
    named = sorted(
        ((m.start, p) for m, p in zip(mentions or [], people, strict=False) if p is not None),
        key=lambda pair: pair[0],
    )
    # Each sentence's first person named, its subject as a rule: who "he" or "the minister"
    # stands for before anyone has spoken.
    subjects = []
    for draft in drafts:
        first = next((p for start, p in named if draft.start <= start < draft.end), None)
        if first is not None:
            subjects.append((draft.start, first))
    last_institution: Speaker | None = None
    last_group: Speaker | None = None
    for draft in drafts:
        hint: SpeakerHint = draft.speaker
        speaker: Speaker
        if hint.type == "person":
            person = people[hint.mention] if hint.mention is not None else None
            if person is None:
                speaker = Speaker("minister", hint.label, "unresolved-name")
            else:
                speaker = Speaker("minister", person.name, hint.rule, person)
                last_person = person
        elif hint.type == "post":  # "the Japanese Foreign Minister said": who holds that post
            holder = next(
                (
                    p
                    for _, p in named
                    if (p.portfolio == hint.label or (hint.label == "minister" and p.is_participant))
                    and (hint.country is None or p.country == hint.country)
                ),
                None,
            )
            if holder is not None:
                speaker = Speaker("minister", holder.name, "post-holder", holder)
                last_person = holder
            else:
                speaker = Speaker("minister", "Unidentified speaker", "unresolved-post")
        elif hint.type == "pronoun":
            before = [p for start, p in subjects if start < draft.start]
            if last_person is not None:
                speaker = Speaker("minister", last_person.name, "pronoun-last-speaker", last_person)
            elif before:
                speaker = Speaker("minister", before[-1].name, "pronoun-last-named", before[-1])
                last_person = before[-1]
            else:
                speaker = Speaker("minister", "Unidentified speaker", "unresolved-pronoun")
        elif hint.type == "institution-pronoun":
            if last_institution is not None:
                speaker = Speaker(last_institution.type, last_institution.label, "pronoun-last-statement")
            else:
                speaker = Speaker("joint-statement", "Joint statement", "unresolved-statement")
        elif hint.type == "plural-pronoun":
            if last_group is not None:
                speaker = Speaker(
                    last_group.type,
                    last_group.label,
                    "pronoun-last-group",
                    country=last_group.country,
                )
            else:
                speaker = Speaker("both-sides", "Both sides", "pronoun-default-both-sides")
        elif hint.type == "unknown":
            speaker = Speaker("minister", "Unidentified speaker", "unresolved")
        else:
            speaker = Speaker(hint.type, hint.label, hint.rule, country=hint.country)
        if speaker.type in ("joint-statement", "ministry-statement"):
            last_institution = speaker
        if speaker.type in ("both-sides", "officials", "sources") and speaker.country is None:
            last_group = speaker
        speakers.append(speaker)
    return speakers
