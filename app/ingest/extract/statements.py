"""Statements: each sentence as a quotation, a reported position or the reporter's context,
with a hint of who speaks."""

import re
from dataclasses import dataclass

from app.ingest.extract.people import PersonMention
from app.ingest.reference import Reference
from app.ingest.segment import Sentence
from app.ingest.text import by_first_letter as _by_first_letter

# “…”, "…", and ''…" as some copy opens a quotation with two apostrophes.
_QUOTE = re.compile(r"“(?P<a>[^”]+)”|\"(?P<b>[^\"]+)\"|''(?P<c>[^\"”']+)[\"”]")
_VERBS = (
    r"welcomed|agreed|agree|condemned|condemn|called(?!\s+on\s+[A-Z])|decided|discussed|expressed|reaffirmed|affirmed|"
    r"emphasi[sz]ed|underlined|underscored|noted|urged|concurred|appreciated|announced|pledged|"
    r"stressed|voiced|asked|resolved|exchanged|explored|highlighted|acknowledged|said|says|told|"
    r"deliberated|reviewed|outlined|addressed|confirmed|committed|recogni[sz]ed|shared|sought|vowed|"
    r"denounced|supported|backed|proposed|hoped|signed|reiterated|insisted|assured|offered|raised|"
    r"conveyed|identified|stated|asserted|observed|recalled|endorsed|praised|thanked|reviewed|"
    r"added|point|pointed|described|rejected|demanded|warned|criticised|criticized|noted"
)
_POSITION_VERB = re.compile(rf"\b(?:{_by_first_letter(_VERBS)})\b", re.IGNORECASE)
_SPEECH_VERBS = (
    "said|added|stated|noted|says|explained|remarked|tweeted|posted|wrote|writes|read|reads|"
    "declared|commented|observed|asserted|insisted|continued|concluded|recalled|underlined|stressed"
)
_ATTRIBUTION_VERB = (
    rf"(?:{_SPEECH_VERBS}|told\b[^.]{{0,80}}?|pointed\s+out)"
    # and what follows it: "said on X", "said shortly before reaching India", "said, adding ..."
    r"(?:(?:\s+\w+ly)?\s+(?:in|at|on|during|after|while|before|when|to|ahead|as|following)\b[^“”\"]{0,80}?)?"
)
_TRAILING_AFTER_QUOTE = re.compile(
    rf"^[,.]?\s*(?:(?P<who>[^“”\"]{{1,90}}?)\s+{_ATTRIBUTION_VERB}"
    rf"|(?:said|added|stated|read|wrote|tweeted|posted)\s+(?P<who2>[^“”\"]{{1,90}}?))\s*\.?$"
)
_TRAILING = re.compile(
    rf",\s*(?P<who>(?:an?\s+|the\s+)?[^,“”\"]{{1,90}}?)\s+{_ATTRIBUTION_VERB}"
    r"(?:,?\s+[^,“”\"]{1,60})?\s*\.?$"
    r"|,?\s*according\s+to\s+(?P<who2>[^,.]{1,90}?)\s*\.?$"
)
_INTRODUCES = re.compile(
    r"(?:^|(?<=[,;]\s))(?P<who>[^“”\",;]{1,90}?)\s+(?:\w+ly\s+|once\s+)?"
    r"(?:said|says|told\s+\w+|added|stated|wrote|tweeted|posted|declared|remarked)"
    r"(?:\s+(?:on|in)\s+(?:X|Twitter|a\s+(?:tweet|post|statement)))?\s*[,:]?\s*$"
)
_LEADING = re.compile(
    r"^(?P<who>[^“”\"]{1,90}?)\s+(?:said|says|told\s+[A-Z]\w+|added|stated|stressed|noted|tweeted|posted|wrote)\b"
    r"(?:\s+(?:on|in)\s+(?:X|Twitter|a\s+(?:tweet|post|statement))\b)?(?:\s+that)?"
)
# Each of the three patterns above needs one of these words (case matters): without any, a
# sentence names no speaker, which is found much faster than by trying them.
_ATTRIBUTION_WORDS = (
    "said",
    "says",
    "told",
    "added",
    "stated",
    "stressed",
    "noted",
    "explained",
    "remarked",
    "according",
    "tweeted",
    "posted",
    "wrote",
    "read",
    "declared",
    "commented",
    "observed",
    "asserted",
    "insisted",
    "continued",
    "concluded",
    "recalled",
    "underlined",
    "pointed",
)
_LEAD_IN = re.compile(
    r"^(?:During|At|In)\s+the\s+(?:talks|meeting|dialogue|discussions)\s+(?=[a-z])"
    r"|^(?:On|In|During|While|Before|After|Acknowledging|Amid|At|Earlier|Later|Under|Following|"
    r"Meanwhile|Separately|Besides|Further|Additionally|Speaking|Addressing|Highlighting|Noting|"
    r"Referring|Welcoming|With|(?-i:[A-Z][a-z]+ing))\b(?:(?!\b(?:said|says|told|wrote|tweeted|posted)\b)[^,]){0,160},\s+"
)
_GROUP_SUBJECT = re.compile(
    r"^(?:(?:the\s+)?(?:both\s+(?:the\s+)?|two\s+)(?:sides|countries|nations|governments|ministers|delegations)"
    r"|the\s+(?:ministers|ministerial\s+meeting|meeting\s+saw\s+both\s+sides|indian\s+and\s+japanese\s+ministers|japanese\s+and\s+indian\s+ministers)"
    r"|india\s+and\s+japan|japan\s+and\s+india|new\s+delhi\s+and\s+tokyo|tokyo\s+and\s+new\s+delhi|they)\b",
    re.IGNORECASE,
)
_SIDE_SUBJECT = re.compile(
    r"^(?:the\s+)?(?P<side>japanese|indian)\s+(?:side|delegation|government)\b"
    r"|^the\s+(?:delegation-level\s+)?meeting\s+saw\s+(?P<country>India|Japan)\b",
    re.IGNORECASE,
)
_INSTITUTION_SUBJECT = re.compile(r"^the\s+(?P<which>joint\s+)?statement\b|^it\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^(?:he|she)\b", re.IGNORECASE)
_COMMA = re.compile(r",\s+")


@dataclass(frozen=True)
class SpeakerHint:
    """Who a statement is attributed to, before names and pronouns are resolved."""

    type: str  # a speaker type, or "person", "pronoun", "institution-pronoun", "plural-pronoun"
    label: str
    rule: str
    mention: int | None = None  # index into the article's person mentions
    country: str | None = None


@dataclass(frozen=True)
class StatementDraft:
    paragraph: int
    start: int
    end: int
    text: str
    kind: str  # "quote", "reported" or "context"
    speaker: SpeakerHint
    topics: tuple[tuple[str, str], ...]  # (topic slug, the words that signalled it)
    named: tuple[tuple[str, str], ...] = ()  # (country or group slug, the words that named it)
    number: int | None = None  # the number an official text prints on the paragraph


# What an attribution phrase says of the speaker; matched against the lowercased phrase.
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|which)\b")
_OFFICIALS = re.compile(r"\bofficials?\b|spokes(?:person|man|woman)|\bdiplomats?\b|\benvoy\b")
_MINISTRY = re.compile(r"\bministry\b|\bmea\b|foreign office|\bmofa\b")
_STATEMENT_PRONOUN = re.compile(r"(?:the\s+)?(?:statement|it)")
_POST_PHRASE = re.compile(
    r"(?:the\s+)?(?P<adj>japanese|indian|japan['’]s|india['’]s)?\s*"
    r"(?P<post>foreign|defen[cs]e|external\s+affairs|prime)\s+minister"
    r"|(?:the\s+)?(?P<side>japanese|indian|visiting)\s+minister"  # "the Japanese minister told reporters"
)


def _portfolio_words(words: str) -> str:
    return "defence" if "defen" in words else "prime-minister" if "prime" in words else "foreign"


# "an official statement", "a statement the ministry issued", "the release": a ministry speaks.
# "The statement" alone points back to the last statement named.
_RELEASE = re.compile(r"\b(?:(?!the\b)\w+\s+statement|release|readout|communiqu[eé]|press note)\b")
_GOVERNMENT = re.compile(r"(?:the\s+)?(?:(?:indian|japanese)\s+government|india|japan|tokyo|new\s+delhi)")
_SOURCES = re.compile(r"\bsources?\b|people (?:familiar|aware)|diplomats")
_PERSON_PRONOUN = re.compile(r"(?:he|she|the\s+(?:indian\s+|japanese\s+)?minister)")
_BOTH_SIDES = re.compile(r"\b(?:both\s+sides|the\s+ministers|two\s+sides)\b")
# Which ministry a phrase names.
_INDIAN_MINISTRY = re.compile(r"external affairs|\bmea\b", re.IGNORECASE)
_JAPANESE_MINISTRY = re.compile(r"japan(?:ese|['’]s)? (?:foreign )?ministry|\bmofa\b", re.IGNORECASE)
_DEFENCE_MINISTRY = re.compile(r"defen[cs]e ministry|ministry of defen[cs]e", re.IGNORECASE)


def _speaker_from_phrase(who: str, offset: int, mentions: list[PersonMention]) -> SpeakerHint | None:
    """Read an attribution phrase ("an Indo-Japan joint statement", "Singh", "he")."""
    # "Jaishankar, who hosted his Japanese counterpart Tanaka, said": the speaker is the first.
    who = _RELATIVE_CLAUSE.split(who)[0]
    phrase = " ".join(who.split())
    lower = phrase.lower()
    inside = [i for i, m in enumerate(mentions) if offset <= m.start and m.end <= offset + len(who)]
    if "joint statement" in lower:
        return SpeakerHint("joint-statement", "Joint statement", "attribution-institution")
    if _RELEASE.search(lower) and not inside:  # "an official statement", "the release", "a readout"
        return SpeakerHint("ministry-statement", _ministry_label(phrase), "attribution-institution")
    if _GOVERNMENT.fullmatch(lower):  # "Japan said", "New Delhi said"
        return SpeakerHint("ministry-statement", _government_label(lower), "attribution-institution")
    if _OFFICIALS.search(lower) and not inside:
        return SpeakerHint("officials", "Officials", "attribution-institution")
    if _MINISTRY.search(lower) or ("statement" in lower and "external affairs" in lower):
        return SpeakerHint("ministry-statement", _ministry_label(phrase), "attribution-institution")
    if (post := _POST_PHRASE.fullmatch(lower)) is not None and post.group("side") != "visiting":
        if post.group("side"):  # a minister of one side, whichever post
            country = "Japan" if post.group("side").startswith("jap") else "India"
            return SpeakerHint("post", "minister", "attribution-post", country=country)
        country = "Japan" if (post.group("adj") or "").startswith("jap") else "India"
        if post.group("adj") is None and "external" not in post.group("post"):
            country = ""
        portfolio = _portfolio_words(post.group("post"))
        return SpeakerHint("post", portfolio, "attribution-post", country=country or None)
    if _STATEMENT_PRONOUN.fullmatch(lower):
        return SpeakerHint("institution-pronoun", phrase, "attribution-pronoun")
    if inside:
        people = [mentions[i] for i in inside]
        if len({p.country for p in people}) > 1 and len(people) > 1:
            return SpeakerHint("both-sides", "The ministers", "attribution-names")
        return SpeakerHint("person", people[0].surface, "attribution-name", mention=inside[0])
    if _OFFICIALS.search(lower):
        return SpeakerHint("officials", "Officials", "attribution-institution")
    if _SOURCES.search(lower):
        return SpeakerHint("sources", "Sources", "attribution-institution")
    if _PERSON_PRONOUN.fullmatch(lower):
        return SpeakerHint("pronoun", phrase, "attribution-pronoun")
    if lower == "they":
        return SpeakerHint("plural-pronoun", phrase, "attribution-pronoun")
    if _BOTH_SIDES.search(lower):
        return SpeakerHint("both-sides", "Both sides", "attribution-group")
    return None


def _government_label(phrase: str) -> str:
    return "Government of Japan" if "jap" in phrase or "tokyo" in phrase else "Government of India"


def _ministry_label(phrase: str) -> str:
    if _INDIAN_MINISTRY.search(phrase):
        return "Ministry of External Affairs (India)"
    if _JAPANESE_MINISTRY.search(phrase):
        return "Ministry of Foreign Affairs (Japan)"
    if _DEFENCE_MINISTRY.search(phrase):
        return "Defence ministry"
    return "Ministry statement"


def _subject_speaker(text: str, offset: int, mentions: list[PersonMention]) -> SpeakerHint | None:
    """The party a sentence is about, if it opens with one and a position verb follows.

    An opening phrase ("Amid increasing alignment on ..., particularly ..., India and Japan
    announced") is skipped, up to three commas deep.
    """
    starts = [0]
    if (lead := _LEAD_IN.match(text)) is not None:
        starts = [lead.end()]
        for comma in _COMMA.finditer(text[lead.end() : lead.end() + 240]):
            starts.append(lead.end() + comma.end())
            if len(starts) == 4:
                break
    for rest_at in starts:
        found = _subject_at(text, rest_at, offset, mentions)
        if found is not None:
            return found
    return None


def _subject_at(text: str, rest_at: int, offset: int, mentions: list[PersonMention]) -> SpeakerHint | None:
    rest = text[rest_at:]
    hint: SpeakerHint | None = None
    subject_end = 0
    starting = [i for i, m in enumerate(mentions) if offset + rest_at <= m.start <= offset + rest_at + 45]
    if (side := _SIDE_SUBJECT.match(rest)) is not None:
        word = (side.group("side") or side.group("country") or "").lower()
        country = "Japan" if word.startswith("jap") else "India"
        hint = SpeakerHint(
            "officials",
            f"The {'Japanese' if country == 'Japan' else 'Indian'} side",
            "subject-side",
            country=country,
        )
        subject_end = side.end()
    elif (group := _GROUP_SUBJECT.match(rest)) is not None:
        is_they = group.group().lower() == "they"
        hint = SpeakerHint(
            "plural-pronoun" if is_they else "both-sides",
            "They" if is_they else "Both sides",
            "subject-pronoun" if is_they else "subject-group",
        )
        subject_end = group.end()
    elif (institution := _INSTITUTION_SUBJECT.match(rest)) is not None:
        if institution.group().lower() == "it":
            hint = SpeakerHint("institution-pronoun", "It", "subject-pronoun")
        elif institution.group("which"):
            hint = SpeakerHint("joint-statement", "Joint statement", "subject-institution")
        else:
            hint = SpeakerHint("institution-pronoun", "The statement", "subject-pronoun")
        subject_end = institution.end()
    elif (pronoun := _PRONOUN_SUBJECT.match(rest)) is not None:
        hint = SpeakerHint("pronoun", pronoun.group(), "subject-pronoun")
        subject_end = pronoun.end()
    elif starting:
        group_end = max(mentions[i].end for i in starting) - offset - rest_at
        listed = [
            i
            for i, m in enumerate(mentions)
            if offset + rest_at <= m.start
            and m.end - offset - rest_at <= group_end + 160
            and not _POSITION_VERB.search(text[rest_at : m.start - offset])
        ]
        countries = {mentions[i].country for i in listed if mentions[i].country}
        if len(listed) > 1 and len(countries) > 1:
            hint = SpeakerHint("both-sides", "The ministers", "subject-names")
        else:
            first = starting[0]
            hint = SpeakerHint("person", mentions[first].surface, "subject-name", mention=first)
        subject_end = max(mentions[i].end for i in (listed or starting)) - offset - rest_at
    if hint is None:
        return None
    window = rest[subject_end : subject_end + 140]
    verb = _POSITION_VERB.search(window)
    if verb is None or len(window[: verb.start()].split()) > 14:
        return None
    return hint


def _attribution(
    text: str, offset: int, mentions: list[PersonMention], quotes: list[re.Match[str]]
) -> SpeakerHint | None:
    """The speaker named by "..., X said", "said X", "X said that ..." or "according to X".

    `quotes` are the sentence's quotations of five words or more.
    """
    for word in _ATTRIBUTION_WORDS:
        if word in text:
            break
    else:
        return None
    if quotes:
        # "Former Prime Minister Abe once said "…", a phrase Singh recalled": who introduces the
        # quotation speaks it, whatever the sentence adds after it.
        opening = text[: quotes[0].start()]
        lead = _LEAD_IN.match(opening)
        skip = lead.end() if lead else 0
        introduced = _INTRODUCES.search(opening, skip)
        if introduced and (
            hint := _speaker_from_phrase(introduced["who"], offset + introduced.start("who"), mentions)
        ):
            return hint
        after = text[quotes[-1].end() :]
        if (trailing := _TRAILING_AFTER_QUOTE.match(after)) is not None:
            who = trailing.group("who") or trailing.group("who2")
            at = quotes[-1].end() + after.index(who)
            if (hint := _speaker_from_phrase(who, offset + at, mentions)) is not None:
                return hint
    if (trailing_any := _TRAILING.search(text)) is not None:
        who = trailing_any.group("who") or trailing_any.group("who2")
        at = trailing_any.start() + trailing_any.group().index(who)
        if (hint := _speaker_from_phrase(who, offset + at, mentions)) is not None:
            return hint
    opening = text[: quotes[0].start()] if quotes else text
    lead = _LEAD_IN.match(opening)
    skip = lead.end() if lead else 0
    if (leading := _LEADING.match(opening[skip:])) is not None:
        who = leading.group("who")
        return _speaker_from_phrase(who, offset + skip, mentions)
    return None


def _quoted(match: re.Match[str]) -> str:
    return match.group("a") or match.group("b") or match.group("c") or ""


# "India and Japan said in a joint statement that ...", "In a statement, the embassy stated":
# the statement speaks, not the parties.
_IN_A_STATEMENT = re.compile(
    r"\b(?:said|stated|noted|added|declared|affirmed|underlined)\s+in\s+(?:a|an|the|its|their)\s+"
    r"(?:(?P<joint>joint)\s+)?(?:statement|press\s+release|release|readout|communiqu[eé])\b"
    r"|^(?:In|Through)\s+(?:a|an|the|its|their)\s+(?:(?P<joint2>joint)\s+)?"
    r"(?:statement|press\s+release|release|readout|communiqu[eé])\b[^,“\"]{0,80},",
    re.IGNORECASE,
)


_NAMED_SPEAKERS = (
    "person",
    "pronoun",
    "post",
    "joint-statement",
    "ministry-statement",
    "officials",
    "sources",
)


def _in_a_statement(text: str) -> SpeakerHint | None:
    if "statement" not in text and "release" not in text and "readout" not in text:
        return None
    if (found := _IN_A_STATEMENT.search(text)) is None:
        return None
    if found.group("joint") or found.group("joint2"):
        return SpeakerHint("joint-statement", "Joint statement", "attribution-institution")
    label = _ministry_label(text[: found.start()])  # "Japan's foreign ministry said in a statement"
    return SpeakerHint("ministry-statement", label, "attribution-institution")


# The sign-off of an embedded post: "— Dr. S. Jaishankar (@DrSJaishankar) September 9, 2022".
_SIGN_OFF = re.compile(r"(?:^|\s)[—–-]\s*(?P<name>[^()@—–]{2,60}?)\s*\(@\w+\)")


_SIGN_OFF_LINE = re.compile(r"^[—–-]\s*[^()@—–]{2,60}?\s*\(@\w+\)[\w\s,]{0,20}$")


def _embedded_posts(sentences: list[Sentence], mentions: list[PersonMention]) -> dict[int, SpeakerHint]:
    """The sentences of posts an article embeds, with their author: each sentence of the
    paragraphs up to a sign-off line, back to the previous paragraph that is the reporter's."""
    posts: dict[int, SpeakerHint] = {}
    for number, sentence in enumerate(sentences):
        if "(@" not in sentence.text or (sign := _SIGN_OFF.search(sentence.text)) is None:
            continue
        start = sentence.start + sign.start("name")
        end = sentence.start + sign.end("name")
        named = [i for i, m in enumerate(mentions) if start <= m.start and m.end <= end]
        if not named:
            continue
        hint = SpeakerHint("person", mentions[named[0]].surface, "embedded-post", mention=named[0])
        paragraph = sentence.paragraph
        # The post is this paragraph, or the one before when the sign-off stands alone.
        if sign.start() <= 1 and number > 0:
            paragraph = sentences[number - 1].paragraph
        for i in range(number, -1, -1):
            if sentences[i].paragraph < paragraph:
                break
            posts[i] = hint
        # A thread's next post follows its sign-off and ends with its picture link.
        for i in range(number + 1, min(number + 8, len(sentences))):
            if sentences[i].paragraph > sentence.paragraph + 2:
                break
            if "pic.twitter.com" in sentences[i].text or "x.com/" in sentences[i].text:
                for j in range(number + 1, i + 1):
                    posts.setdefault(j, hint)
                break
    return posts


def find_statements(
    sentences: list[Sentence], mentions: list[PersonMention], reference: Reference
) -> list[StatementDraft]:
    """Classify each sentence as a quotation, a reported position or the reporter's context.

    A sentence is a quotation when quoted words make up much of it; a short quoted phrase inside
    a reported sentence ("called for a unified stand and the "state-sponsored actions ..."") keeps
    it a reported position.
    """
    drafts = []
    posts = _embedded_posts(sentences, mentions)
    for number, sentence in enumerate(sentences):
        text, offset = sentence.text, sentence.start
        quoted_at = _QUOTE.finditer(text) if "“" in text or '"' in text or "''" in text else ()
        quotes = [(quote, len(_quoted(quote).split())) for quote in quoted_at]
        long_quotes = [quote for quote, words in quotes if words >= 5]
        hint = _attribution(text, offset, mentions, long_quotes)
        if hint is None or hint.type not in _NAMED_SPEAKERS:
            # "India and Japan said in a joint statement": the statement; "Singh said in a press
            # release": Singh.
            hint = _in_a_statement(text) or hint or _subject_speaker(text, offset, mentions)
        quoted = sum(words for _, words in quotes)
        if _SIGN_OFF_LINE.match(text):
            continue  # "— Dr. S. Jaishankar (@DrSJaishankar) March 7, 2024" signs the post above
        if number in posts:  # a social-media post shown without quotation marks
            kind, hint = "quote", posts[number]
        elif quoted >= 5 and quoted >= 0.4 * len(text.split()):
            kind = "quote"
            hint = hint or SpeakerHint("unknown", "Unidentified speaker", "unresolved")
        elif hint is not None:
            kind = "reported"
        else:
            kind = "context"
            hint = SpeakerHint("reporter", "Reporter", "no-attribution")
        topics, named = reference.tags(text)
        drafts.append(
            StatementDraft(
                paragraph=sentence.paragraph,
                start=sentence.start,
                end=sentence.end,
                text=text,
                kind=kind,
                speaker=hint,
                topics=topics,
                named=named,
            )
        )
    return drafts
