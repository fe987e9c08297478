"""How far each extraction rule is trusted: the confidence stored with every fact it produces.

The numbers rank the rules against each other; /review lists the lowest first. They are judged,
not measured, and are meant to be revised as corrections show which rules go wrong.
"""

DATE = {
    "explicit-date": 0.95,
    "iso-date": 0.95,
    "weekday-before-publication": 0.9,
    "today-publication": 0.8,
    "yesterday-publication": 0.75,
    "mentioned-month": 0.6,
    "mentioned-year": 0.5,
    "publication-date-fallback": 0.3,
    "calendar": 0.9,
    "same-day-as-lead": 0.7,
}
CITY = {
    "in-city": 0.9,
    "here-dateline": 0.9,
    "capital-phrase": 0.85,
    "dateline": 0.8,
    "calendar": 0.9,
    "same-as-lead": 0.7,
    "mentioned": 0.6,
    "visiting-side": 0.6,
    "here-outlet-home": 0.5,
}
KIND = {"kind-phrase": 0.9, "participants": 0.7, "mentioned": 0.6}
PERSON = {
    "dictionary": 0.95,
    "family-name-in-office": 0.85,
    "fuzzy": 0.7,
    "fuzzy-family-name": 0.65,
    "title-new-person": 0.6,
    "counterpart-new-person": 0.6,
    "title-new-person+open-seat": 0.55,
    "counterpart-new-person+open-seat": 0.55,
}
SPEAKER = {
    "attribution-name": 0.9,
    "attribution-institution": 0.9,
    "attribution-names": 0.8,
    "attribution-group": 0.8,
    "subject-name": 0.85,
    "subject-institution": 0.85,
    "subject-group": 0.8,
    "subject-names": 0.7,
    "subject-side": 0.7,
    "no-attribution": 0.8,
    "pronoun-last-statement": 0.75,
    "pronoun-last-speaker": 0.7,
    "pronoun-last-named": 0.6,
    "post-holder": 0.8,
    "unresolved-post": 0.2,
    "embedded-post": 0.9,
    "pronoun-last-group": 0.6,
    "pronoun-default-both-sides": 0.4,
    "unresolved-statement": 0.3,
    "unresolved-name": 0.2,
    "unresolved-pronoun": 0.1,
    "unresolved": 0.1,
}
UNKNOWN_RULE = 0.5
CORRECTED = 1.0


def of(table: dict[str, float], rule: str | None) -> float:
    """The confidence of `rule` in `table`; a rule not listed gets a middling 0.5."""
    if rule is None:
        return 0.0
    return table.get(rule, UNKNOWN_RULE)


def topic(matched: str) -> float:
    """A topic signalled by a phrase is surer than one signalled by a single word."""
    return 0.85 if len(matched.split()) > 1 else 0.7
