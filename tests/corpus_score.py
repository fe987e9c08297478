"""Scores an export against an annotated corpus (gold.yaml), field by field.

    python -m tests.corpus_score EXPORT.json [--gold GOLD.yaml] [--log INGEST_STDERR] [--verbose]

EXPORT.json is `python -m app export --format json` of a fresh database into which the seeds and the
corpus's articles were ingested; GOLD.yaml is in the format of ../shared/dev-corpus/README.md (the
default). `--log` is what the ingest printed on stderr: with it, each text without an India–Japan
meeting must be named by a line that is not an `error:` (skipped, not failed).

Where this scorer and the reference ../shared/dev-corpus/score.py overlap, they agree: the same
article-to-source match (url, or file name), the same surname rules for participants, the same city
comparison, the same quotation match (the first 60 normalised characters of the gold text inside a
statement of that source) and speaker rules, the same topic counting. `Report.reference` recomputes
score.py's own summary figures exactly, so the two can be compared number for number.

Where it is finer:
- One fact per field and article, in its own row (loaded, meeting, kind, date, city, edition,
  participants, other meetings mentioned, negatives rejected, negatives skipped, quotations found,
  speakers), each with its misses.
- The article's meeting is the linked meeting on the gold date (score.py's), or failing that the
  linked meeting of the gold kind nearest that date (not one the gold lists as a mention): a wrong
  date then costs the date, not kind, city, participants and edition as well.
- Edition is a fact only when the gold states one (score.py counts it as right otherwise).
- Topics are counted for every loaded article with a meeting, even when its meeting is not found,
  and `defence-industry` is scored like the other slugs of the README (score.py's map lacks it).
- Facts the text cannot give (see `facts_from_elsewhere`) are scored in their own column and left
  out of the rates: a date or city known only from another page, a participant the text does not
  name, a field the gold marks `uncertain`.
- A held meeting linked to a negative's source does not count against it when the gold lists that
  meeting among the text's `also_mentions` as held (a passing mention of a real meeting); one the
  text only forecasts still does.
- Quotations are scored for the articles with a meeting only, as score.py does; those whose gold
  speaker is a named report ("India Narrative (report)") are counted apart as not scored.
- Other meetings mentioned are scored (score.py does not): kinds the product stores only, matched by
  kind and date prefix among the meetings linked to the source; a gold `held` is met by `held` or
  `referenced`, `planned` by `planned` only.
- Distinct held meetings: each expected one (the seeds' and every article's meeting) must be held
  exactly once; a held meeting outside them is a miss unless the gold lists it as a held mention
  (score.py counts a same-day defence ministers' meeting beside a 2+2 as stray).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

DEV_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "dev-corpus"
STORED_KINDS = frozenset({"two-plus-two", "defence-ministerial", "foreign-ministerial"})
TOPIC_SLUGS = frozenset(
    {
        *("terrorism", "maritime-security", "south-china-sea", "north-korea", "indo-pacific"),
        *("military-exercises", "defence-equipment-technology", "defence-industry", "logistics-agreement"),
        *("cyber", "space", "nuclear-missile-proliferation", "russia-ukraine", "economic-security"),
        "third-country-cooperation",
    }
)
# score.py's topic map has no defence-industry: its reference figures leave that topic out.
REFERENCE_TOPIC_SLUGS = TOPIC_SLUGS - {"defence-industry"}
# The held meetings the five seeds report (score.py's SEED_HELD): the corpus adds its own.
SEED_HELD = frozenset(
    {("two-plus-two", "2019-11-30"), ("two-plus-two", "2024-08-20"), ("defence-ministerial", "2025-05-05")}
)
# score.py's list: a gold speaker starting with one of these is that minister.
SURNAMES = (
    *("jaishankar", "singh", "motegi", "kono", "hayashi", "hamada", "kamikawa", "kihara", "nakatani"),
    *("iwaya", "onodera", "sitharaman", "kishi", "abe", "modi"),
)
# Fields whose facts make up "meeting facts", the 95% target.
MEETING_FIELDS = ("loaded", "meeting", "kind", "date", "city", "edition", "participants")
FIELDS = (
    *MEETING_FIELDS,
    "also mentions",
    "held meetings",
    "negatives rejected",
    "negatives skipped",
    "quotes found",
    "speakers",
)


def norm(text: str) -> str:
    """Lower case, runs of anything but letters and digits as one space (score.py's `norm`)."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def surname(name: str) -> str:
    """The last word of a normalised name: how score.py compares people."""
    words = norm(name.split("(")[0]).split()
    return words[-1] if words else ""


# --- the gold ---


@dataclass(frozen=True)
class GoldParticipant:
    name: str
    as_written: str | None


@dataclass(frozen=True)
class GoldMention:
    kind: str
    date: str
    status: str


@dataclass(frozen=True)
class GoldQuote:
    text: str
    speaker: str


@dataclass(frozen=True)
class GoldMeeting:
    kind: str
    edition: int | None
    date: str
    date_basis: str
    city: str | None
    participants: tuple[GoldParticipant, ...]
    other_participants_not_named: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    file: str
    url: str
    meeting: GoldMeeting | None
    also_mentions: tuple[GoldMention, ...] = ()
    topics: frozenset[str] = frozenset()
    topics_uncertain: frozenset[str] = frozenset()
    quotes: tuple[GoldQuote, ...] = ()
    notes: str = ""
    uncertain: frozenset[str] = frozenset()

    @property
    def tag(self) -> str:
        """The short name misses are printed under: the file's number, or its stem."""
        head = self.file.split("_", 1)[0]
        return head if head.isdigit() else Path(self.file).stem


def _text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def load_gold(path: Path) -> list[GoldArticle]:
    """The entries of a gold.yaml, typed."""
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]
    articles = []
    for e in entries:
        m = e.get("meeting")
        meeting = None
        if m:
            meeting = GoldMeeting(
                kind=m["kind"],
                edition=m.get("edition"),
                date=_text(m["date"]),
                date_basis=_text(m.get("date_basis")),
                city=m.get("city") or None,
                participants=tuple(
                    GoldParticipant(p["name"], p.get("as_written")) for p in m.get("participants") or []
                ),
                other_participants_not_named=tuple(
                    m.get("other_participants_not_named") or e.get("other_participants_not_named") or []
                ),
            )
        articles.append(
            GoldArticle(
                file=e["file"],
                url=e.get("url") or "",
                meeting=meeting,
                also_mentions=tuple(
                    GoldMention(x["kind"], _text(x["date"]), x.get("status") or "held")
                    for x in e.get("also_mentions") or []
                ),
                topics=frozenset(e.get("topics") or []),
                topics_uncertain=frozenset(e.get("topics_uncertain") or []),
                quotes=tuple(GoldQuote(str(q["text"]), str(q["speaker"])) for q in e.get("quotes") or []),
                notes=_text(e.get("notes")),
                uncertain=frozenset(e.get("uncertain") or []),
            )
        )
    return articles


# --- facts the text cannot give ---

# The gold's date_basis says what the file itself offers, then "confirmed by" other pages. The date
# is not in the text when that first part says the page has no date (or the dateline no year) and
# names no year at all: "on Tuesday" with nothing to count from. A dated embedded post ("the embedded
# post is dated October 7, 2020") or a date line counts as something to count from.
NO_DATE_ON_PAGE = ("no date on the page", "(no year)", "no publication date")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Phrases of the gold notes saying the city comes from another page, not from the file:
# "The city is not named in the stored text (Tokyo from the pages cited in date_basis ...)",
# "names the country and the forum but not the city (Vientiane from the page in date_basis)",
# "The city is not in the text (New Delhi from the MOFA page)", "not stated as the venue",
# "PTI copy with no dateline: 'here' is Tokyo (from the page ...)", "No dateline: 'here' = New Delhi".
CITY_ELSEWHERE = (
    r"city is not (?:named |stated )?in the (?:stored )?text",
    r"but not the city",
    r"not stated as the venue",
    r"no dateline[:,]? 'here' (?:=|is)",
)
CITY_FROM_PAGE = r"{city} \(?from the (?:\w+ )?pages?\b"


def facts_from_elsewhere(article: GoldArticle) -> dict[str, str]:
    """Field -> why the text cannot give it, read from the gold's date_basis, notes and uncertain."""
    apart: dict[str, str] = {}
    for name in sorted(article.uncertain):
        apart[name.replace("_", " ")] = f"{name} marked uncertain in the gold"
    meeting = article.meeting
    if meeting is None:
        return apart
    own = re.split(r"confirmed by", meeting.date_basis, maxsplit=1)[0]
    said = next((p for p in NO_DATE_ON_PAGE if p in own.lower()), None)
    if said and not YEAR.search(own):
        apart["date"] = f"date_basis: {said!r}, and the text names no year"
    if meeting.city:
        patterns = [*CITY_ELSEWHERE, CITY_FROM_PAGE.format(city=re.escape(meeting.city))]
        for pattern in patterns:
            found = re.search(pattern, article.notes, flags=re.IGNORECASE)
            if found:
                apart["city"] = f"notes: {found.group(0)!r}"
                break
    unnamed = [p.name for p in meeting.participants if not p.as_written]
    if unnamed:
        apart["participants not named"] = f"as_written null: {', '.join(unnamed)}"
    return apart


# --- the report ---


@dataclass
class Miss:
    """One fact the export got wrong."""

    tag: str
    field: str
    detail: str
    apart: str | None = None  # why the text cannot give this fact, when it cannot

    def line(self) -> str:
        suffix = f"  [apart: {self.apart}]" if self.apart else ""
        return f"{self.tag} {self.field}: {self.detail}{suffix}"


@dataclass
class FieldScore:
    """Right and total facts of one field; those the text cannot give are counted apart."""

    name: str
    right: int = 0
    total: int = 0
    apart_right: int = 0
    apart_total: int = 0
    misses: list[Miss] = field(default_factory=list)

    def add(self, tag: str, ok: bool, detail: str, apart: str | None = None) -> None:
        if apart:
            self.apart_total += 1
            self.apart_right += ok
        else:
            self.total += 1
            self.right += ok
        if not ok:
            self.misses.append(Miss(tag, self.name, detail, apart))

    @property
    def rate(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class TopicScore:
    """Topic counts over the articles with a meeting (micro-averaged)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ReferenceScore:
    """score.py's summary figures, computed its way."""

    facts: int = 0
    total: int = 0
    quotes_right: int = 0
    quotes_total: int = 0
    topics: TopicScore = field(default_factory=TopicScore)

    def line(self) -> str:
        fr = self.facts / self.total if self.total else 0.0
        qr = self.quotes_right / self.quotes_total if self.quotes_total else 1.0
        return (
            f"score.py: facts {self.facts}/{self.total} = {fr:.0%}, topics F1={self.topics.f1:.2f}, "
            f"quotes {self.quotes_right}/{self.quotes_total} = {qr:.0%}"
        )


@dataclass
class Report:
    """A corpus's score: one FieldScore per field, topics, and score.py's figures."""

    corpus: str
    articles: int
    with_meeting: int
    fields: dict[str, FieldScore] = field(default_factory=lambda: {n: FieldScore(n) for n in FIELDS})
    topics: TopicScore = field(default_factory=TopicScore)
    reference: ReferenceScore = field(default_factory=ReferenceScore)
    quotes_not_scored: int = 0  # quotations of named reports: no speaker type stands for them

    def meeting_facts(self) -> tuple[int, int]:
        """Right and total over the meeting fields, facts the text cannot give left out."""
        scores = [self.fields[n] for n in MEETING_FIELDS]
        return sum(s.right for s in scores), sum(s.total for s in scores)

    def rates(self) -> dict[str, float | None]:
        """Each field's rate (None when it has no fact), "meeting facts" and the topic figures."""
        right, total = self.meeting_facts()
        found: dict[str, float | None] = {n: s.rate for n, s in self.fields.items()}
        found["meeting facts"] = right / total if total else None
        found["topic precision"] = self.topics.precision
        found["topic recall"] = self.topics.recall
        found["topic F1"] = self.topics.f1
        return found

    def misses(self, *, topics: bool = True) -> list[Miss]:
        found = [miss for s in self.fields.values() for miss in s.misses]
        if topics:
            found += self.topics.misses
        return sorted(found, key=lambda m: (m.tag, FIELDS.index(m.field) if m.field in FIELDS else 99))


def _pct(right: int, total: int) -> str:
    return f"{right / total:6.0%}" if total else "     -"


def format_report(report: Report, floors: Mapping[str, float] | None = None, *, verbose: bool = True) -> str:
    """The table per field (rate against its floor, when given), then the misses, one a line."""
    floors = floors or {}
    rates = report.rates()
    out = [
        f"{report.corpus}: {report.articles} articles ({report.with_meeting} with an India–Japan meeting, "
        f"{report.articles - report.with_meeting} without)",
        f"{'field':<20} {'right':>5} / {'total':<5} {'rate':>6} {'floor':>6}   "
        "apart: not in the text, or uncertain",
    ]

    def row(name: str, right: int, total: int, apart: str = "") -> str:
        rate = rates.get(name)
        low = name in floors and rate is not None and rate < floors[name]
        floor = f"{floors[name]:6.0%}" if name in floors else "     -"
        return (
            f"{name:<20} {right:>5} / {total:<5} {_pct(right, total)} {floor}{' <' if low else '  '} {apart}"
        )

    for name in FIELDS:
        s = report.fields[name]
        apart = f"{s.apart_right}/{s.apart_total}" if s.apart_total else ""
        out.append(row(name, s.right, s.total, apart))
    right, total = report.meeting_facts()
    out.append(row("meeting facts", right, total))
    t = report.topics
    for name, value in (
        ("topic precision", t.precision),
        ("topic recall", t.recall),
        ("topic F1", t.f1),
    ):
        floor = f"{floors[name]:6.2f}" if name in floors else "     -"
        low = name in floors and value < floors[name]
        out.append(f"{name:<20} {'':>13} {value:6.2f} {floor}{' <' if low else '  '}")
    out.append(f"topics: tp {t.tp}, fp {t.fp}, fn {t.fn}")
    if report.quotes_not_scored:
        out.append(f"quotations of named reports, not scored: {report.quotes_not_scored}")
    out.append(report.reference.line())
    misses = report.misses(topics=verbose)
    out.append(f"misses ({len(misses)}):" if misses else "misses: none")
    out += [f"  {m.line()}" for m in misses]
    return "\n".join(out)


def print_report(report: Report, floors: Mapping[str, float] | None = None, *, verbose: bool = True) -> None:
    """Print `format_report`."""
    print(format_report(report, floors, verbose=verbose))


# --- scoring ---


def expected_speaker(speaker: str) -> tuple[str, str]:
    """('minister', surname) or ('institution', kind) for a gold speaker, as score.py reads it."""
    note = norm(speaker)
    for s in SURNAMES:  # the gold names the speaker first where it is a person
        if re.match(rf"^(\w+ )?{s}\b", note):
            return "minister", s
    if "joint statement" in note:
        return "institution", "joint-statement"
    if "ministry" in note or "mea" in note.split() or "statement" in note:
        return "institution", "ministry-statement"
    if "diplomat" in note or "official" in note or "source" in note:
        return "institution", "officials"
    words = note.split()
    if words and "report" not in words and len(words) <= 3:  # a person outside the list, by surname
        return "minister", words[-1]
    return "institution", "unknown"


def speaker_ok(statement: Mapping[str, Any], ministers: Mapping[str, Any], want: tuple[str, str]) -> bool:
    """Whether a statement's speaker is the wanted one (score.py's rule)."""
    sp = statement.get("speaker") or {}
    kind, value = want
    if kind == "minister":
        named = ministers.get(sp.get("minister") or "", {}).get("name", "")
        return value in norm(f"{named} {sp.get('label') or ''}").split()
    label = norm(sp.get("label") or "")
    if value == "joint-statement":
        return sp.get("type") == "joint-statement" or "joint" in label
    if value == "ministry-statement":
        return (
            sp.get("type") in ("ministry-statement", "joint-statement")
            or "ministry" in label
            or "statement" in label
        )
    if value == "officials":
        return sp.get("type") in ("officials", "sources")
    return False


def _speaker_shown(statement: Mapping[str, Any]) -> str:
    sp = statement.get("speaker") or {}
    return f"{sp.get('type')}:{sp.get('minister') or sp.get('label')}"


def _day(label: str) -> date:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD label."""
    parts = [int(p) for p in label.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _dates_fit(meeting_date: str, gold_date: str) -> bool:
    """A meeting date fits a gold date when one is a prefix of the other (2022-09 and 2022-09-08)."""
    return meeting_date.startswith(gold_date) or gold_date.startswith(meeting_date)


def _mentioned(meeting: Mapping[str, Any], mentions: Iterable[GoldMention]) -> bool:
    return any(
        m.kind == meeting.get("kind") and _dates_fit(meeting.get("date") or "", m.date) for m in mentions
    )


STATUS_FITS = {"held": {"held", "referenced"}, "planned": {"planned"}, "referenced": {"held", "referenced"}}


class _Export:
    """The export's tables, indexed the way scoring reads them."""

    def __init__(self, export: Mapping[str, Any]) -> None:
        self.ministers = {m["slug"]: m for m in export.get("ministers", [])}
        self.meetings: list[dict[str, Any]] = list(export.get("meetings", []))
        self.statements: list[dict[str, Any]] = list(export.get("statements", []))
        self.sources: list[dict[str, Any]] = list(export.get("sources", []))

    def source(self, article: GoldArticle) -> dict[str, Any] | None:
        for s in self.sources:
            if (article.url and s.get("url") == article.url) or (s.get("file") or "").endswith(article.file):
                return s
        return None

    def linked(self, slug: str) -> list[dict[str, Any]]:
        return [m for m in self.meetings if slug in m.get("sources", [])]

    def surnames(self, slugs: Iterable[str]) -> set[str]:
        return {surname(self.ministers[s]["name"]) for s in slugs if self.ministers.get(s, {}).get("name")}


def _lead(linked: list[dict[str, Any]], meeting: GoldMeeting, article: GoldArticle) -> dict[str, Any] | None:
    """The article's meeting among those linked to its source (see the module docstring)."""
    on_day = [m for m in linked if m.get("date") == meeting.date]
    exact = [m for m in on_day if m.get("kind") == meeting.kind] or on_day
    if exact:
        return exact[0]
    same_kind = [
        m for m in linked if m.get("kind") == meeting.kind and not _mentioned(m, article.also_mentions)
    ]
    if not same_kind:
        return None
    gold_day = _day(meeting.date)
    return min(same_kind, key=lambda m: abs((_day(m.get("date") or "1900") - gold_day).days))


def _city_ok(got: str | None, want: str | None) -> bool:
    g, w = norm(got or ""), norm(want or "")
    return g == w or ("washington" in w and "washington" in g)


def _score_negative(
    report: Report,
    data: _Export,
    article: GoldArticle,
    source: dict[str, Any] | None,
    log_lines: list[str] | None,
) -> None:
    tag = article.tag
    held = [m for m in data.linked(source["slug"]) if m.get("status") == "held"] if source else []
    ref = report.reference
    ref.total += 2
    ref.facts += 2 * (not held)
    really_held = [m for m in article.also_mentions if m.status == "held"]
    wrong = [m["slug"] for m in held if not _mentioned(m, really_held)]
    report.fields["negatives rejected"].add(tag, not wrong, f"made held meeting(s) {wrong}")
    if log_lines is None:
        report.fields["negatives skipped"].add(tag, source is None, "stored as a source")
        return
    naming = [line for line in log_lines if article.file in line]
    skipped = [line for line in naming if not line.lower().startswith("error")]
    if skipped:
        detail = ""
    elif naming:
        detail = f"failed, not skipped: {naming[0]!r}"
    else:
        detail = "stored as a source, and no line names it" if source else "no line names it"
    report.fields["negatives skipped"].add(tag, bool(skipped), detail)


def _score_quotes(report: Report, data: _Export, article: GoldArticle, source: dict[str, Any] | None) -> None:
    slug = source["slug"] if source else None
    for q in article.quotes:
        want = expected_speaker(q.speaker)
        if want == ("institution", "unknown"):
            report.quotes_not_scored += 1
            continue
        key = norm(q.text)[:60]
        hit = [s for s in data.statements if s.get("source") == slug and key in norm(s.get("text") or "")]
        ok = any(speaker_ok(s, data.ministers, want) for s in hit)
        report.reference.quotes_total += 1
        report.reference.quotes_right += ok
        short = q.text[:40]
        report.fields["quotes found"].add(article.tag, bool(hit), f"'{short}' in no statement")
        got = [_speaker_shown(s) for s in hit] or "no statement"
        report.fields["speakers"].add(article.tag, ok, f"'{short}' want {want[1]}, got {got}")


def _score_topics(
    topics: TopicScore,
    data: _Export,
    article: GoldArticle,
    slug: str,
    *,
    record: bool,
    slugs: frozenset[str] = TOPIC_SLUGS,
) -> None:
    got = {t for s in data.statements if s.get("source") == slug for t in s.get("topics", [])}
    got &= slugs  # the product's own extra topics are not scored
    want = article.topics & slugs
    unsure = article.topics_uncertain
    missed, extra = want - got - unsure, got - want - unsure
    topics.tp += len(want & got)
    topics.fn += len(missed)
    topics.fp += len(extra)
    if record and (missed or extra):
        topics.misses.append(Miss(article.tag, "topics", f"missed {sorted(missed)}, extra {sorted(extra)}"))


def _score_meeting(
    report: Report, data: _Export, article: GoldArticle, source: dict[str, Any] | None
) -> None:
    meeting = article.meeting
    assert meeting is not None
    tag, f, ref = article.tag, report.fields, report.reference
    apart = facts_from_elsewhere(article)
    ref.total += 6
    f["loaded"].add(tag, source is not None, "not loaded")
    if source is None:
        for name in MEETING_FIELDS[1:]:
            if name != "edition" or meeting.edition is not None:
                f[name].add(tag, False, "not loaded", apart.get(name))
        return
    ref.facts += 1
    linked = data.linked(source["slug"])
    _score_topics(report.topics, data, article, source["slug"], record=True)
    # score.py's figures: a linked meeting on the gold day, or none of the facts below.
    on_day = [m for m in linked if m.get("date") == meeting.date]
    ref_match = [m for m in on_day if m.get("kind") == meeting.kind] or on_day
    named = {surname(p.name) for p in meeting.participants}
    allowed = named | {surname(x) for x in meeting.other_participants_not_named}
    if ref_match:
        m = ref_match[0]
        ref.facts += 1
        ref.facts += m.get("kind") == meeting.kind
        ref.facts += _city_ok(m.get("city"), meeting.city)
        ref.facts += named <= data.surnames(m.get("participants", [])) <= allowed
        ref.facts += m.get("edition") == meeting.edition if meeting.edition is not None else True
        _score_topics(ref.topics, data, article, source["slug"], record=False, slugs=REFERENCE_TOPIC_SLUGS)
    lead = _lead(linked, meeting, article)
    shown = [(m.get("kind"), m.get("date"), m.get("status")) for m in linked]
    f["meeting"].add(
        tag, lead is not None, f"no linked meeting on {meeting.date} or of kind {meeting.kind} ({shown})"
    )
    if lead is None:
        for name in ("kind", "date", "city", "edition", "participants"):
            if name != "edition" or meeting.edition is not None:
                f[name].add(tag, False, "no meeting", apart.get(name))
    else:
        f["kind"].add(tag, lead.get("kind") == meeting.kind, f"{lead.get('kind')}, want {meeting.kind}")
        f["date"].add(
            tag,
            lead.get("date") == meeting.date,
            f"{lead.get('date')}, want {meeting.date}",
            apart.get("date"),
        )
        f["city"].add(
            tag,
            _city_ok(lead.get("city"), meeting.city),
            f"{lead.get('city')!r}, want {meeting.city!r}",
            apart.get("city"),
        )
        if meeting.edition is not None:
            f["edition"].add(
                tag, lead.get("edition") == meeting.edition, f"{lead.get('edition')}, want {meeting.edition}"
            )
        got = data.surnames(lead.get("participants", []))
        in_text = {surname(p.name) for p in meeting.participants if p.as_written}
        f["participants"].add(
            tag,
            in_text <= got <= allowed,
            f"{sorted(got)}, want {sorted(in_text)}"
            + (f" (allowed {sorted(allowed)})" if allowed != in_text else ""),
        )
        unnamed = named - in_text
        if unnamed:
            f["participants"].add(
                tag, unnamed <= got, f"{sorted(unnamed - got)} missing", apart["participants not named"]
            )
    others = [m for m in linked if m is not lead]
    for mention in article.also_mentions:
        if mention.kind not in STORED_KINDS:
            continue
        fits = [
            m
            for m in others
            if m.get("kind") == mention.kind and _dates_fit(m.get("date") or "", mention.date)
        ]
        ok = any(m.get("status") in STATUS_FITS.get(mention.status, {mention.status}) for m in fits)
        detail = f"{mention.kind} {mention.date} {mention.status}: " + (
            f"found as {sorted({str(m.get('status')) for m in fits})}" if fits else "no such meeting linked"
        )
        f["also mentions"].add(tag, ok, detail, apart.get("also mentions"))


def _score_held(
    report: Report, data: _Export, expected: set[tuple[str, str]], mentions: list[GoldMention]
) -> None:
    held = [m for m in data.meetings if m.get("status") == "held" and m.get("sources")]
    pairs = [(m.get("kind") or "", m.get("date") or "") for m in held]
    ref = report.reference
    ref.total += 3
    dupes = {p for p in pairs if pairs.count(p) > 1}
    stray = set(pairs) - expected
    ref.facts += (not dupes) + (not stray) + (not (expected - set(pairs)))
    f = report.fields["held meetings"]
    for pair in sorted(expected):
        count = pairs.count(pair)
        f.add("corpus", count == 1, f"{pair} " + ("missing" if not count else f"held {count} times"))
    held_mentions = [m for m in mentions if m.status == "held"]
    for kind, day in sorted(stray):
        if not _mentioned({"kind": kind, "date": day}, held_mentions):
            f.add("corpus", False, f"{(kind, day)} held, not in the gold")


def score(
    gold: list[GoldArticle],
    export: Mapping[str, Any],
    *,
    corpus: str = "corpus",
    ingest_log: str | None = None,
    seed_held: Iterable[tuple[str, str]] = SEED_HELD,
) -> Report:
    """Compare an export with the gold, field by field."""
    data = _Export(export)
    log_lines = ingest_log.splitlines() if ingest_log is not None else None
    report = Report(corpus=corpus, articles=len(gold), with_meeting=sum(a.meeting is not None for a in gold))
    expected = set(seed_held)
    for article in gold:
        source = data.source(article)
        if article.meeting is None:
            _score_negative(report, data, article, source, log_lines)
            continue
        expected.add((article.meeting.kind, article.meeting.date))
        _score_quotes(report, data, article, source)
        _score_meeting(report, data, article, source)
    _score_held(report, data, expected, [m for a in gold for m in a.also_mentions])
    return report


def main(argv: list[str] | None = None) -> int:
    """Score an export file and print the table."""
    parser = argparse.ArgumentParser(prog="python -m tests.corpus_score", description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path)
    parser.add_argument("--gold", type=Path, default=DEV_CORPUS / "gold.yaml")
    parser.add_argument("--log", type=Path, help="what the ingest printed on stderr")
    parser.add_argument("--verbose", action="store_true", help="list the topic misses too")
    args = parser.parse_args(argv)
    report = score(
        load_gold(args.gold),
        json.loads(args.export.read_text(encoding="utf-8")),
        corpus=str(args.gold.parent.name),
        ingest_log=args.log.read_text(encoding="utf-8") if args.log else None,
    )
    print_report(report, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
