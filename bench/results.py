"""What one bench run measured, and the markdown report made from it."""

from dataclasses import asdict, dataclass, field
from typing import Any

from bench.cold import ColdResult
from bench.cold import render as render_cold
from bench.load import Load

TARGET_SIZE = "10000"
# Pages that the throughput and p99 targets apply to (the timeline, a topic and a meeting).
PAGE_TARGETS = ("timeline", "timeline-filtered", "topic", "meeting")


@dataclass
class Ingest:
    articles: int
    seconds: float
    peak_mb: float
    returncode: int
    timed_out: bool
    tree_peak_mb: float = 0.0  # the child and its worker processes together (sampled every 0.1 s)
    read: int | None = None
    loaded: int | None = None
    unchanged: int | None = None
    failed: int | None = None
    added: str = ""
    stored_when_stopped: int | None = None  # sources in the database when a timed-out run was stopped
    errors: list[str] = field(default_factory=list)  # the "error: FILE: problem" lines it printed

    @property
    def rate(self) -> float | None:
        done = self.loaded if not self.timed_out else self.stored_when_stopped
        return done / self.seconds if done is not None and self.seconds > 0 else None


@dataclass
class Page:
    name: str
    target: str
    status: int
    bytes: int
    solo_ms: float | None  # median of a few sequential requests, no other load
    app: Load | None = None
    ceiling: Load | None = None
    note: str = ""
    # Above the seeds' size: the seeds' page of the same name, loaded in the same rounds on the
    # seeds' database (the baseline of the p50 growth).
    base_target: str = ""
    base: Load | None = None

    @property
    def ratio(self) -> float | None:
        if self.app is None or self.ceiling is None or not self.ceiling.rps:
            return None
        return self.app.rps / self.ceiling.rps


@dataclass
class SizeResult:
    label: str  # "seeds" or the number of articles
    articles: int
    corpus_seconds: float | None = None  # generating it
    corpus_mb: float | None = None
    corpus_digest: str | None = None
    ingest: Ingest | None = None
    reingest: Ingest | None = None
    startup: Ingest | None = None  # `ingest` of an empty folder into the same database: the fixed cost
    database_mb: float | None = None
    database: str = ""  # the file served
    database_from: str = ""  # the existing database it is a copy of (--database-for), if any
    server_ready_s: float | None = None
    workers: int | None = None  # worker processes the app's server ran
    ceiling_workers: int | None = None
    restarts: int = 0  # times the app's server was restarted because it stayed busy after a load
    pages: list[Page] = field(default_factory=list)
    error: str = ""


@dataclass
class Report:
    environment: dict[str, str]
    settings: dict[str, str]
    sizes: list[SizeResult] = field(default_factory=list)
    profile: str = ""
    notes: list[str] = field(default_factory=list)
    cold: list[ColdResult] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for result in data["cold"]:
            for walk in [*result["loads"], result["datasette"]]:
                if walk and walk["load"]:
                    walk["load"].pop("raw", None)
        for size in data["sizes"]:
            for page in size["pages"]:
                for side in ("app", "ceiling", "base"):
                    if page[side]:
                        page[side].pop("raw", None)
        return data


NONE_COMPLETED = float("inf")  # a latency when the load ran but no request completed


def _f(value: float | None, fmt: str = "{:.1f}", none: str = "—") -> str:
    if value == NONE_COMPLETED:
        return "none completed"
    return none if value is None else fmt.format(value)


def latency(load: Load | None, which: str) -> float | None:
    """p50_ms or p99_ms of a load; NONE_COMPLETED when it ran and nothing finished."""
    if load is None:
        return None
    if load.requests == 0:
        return NONE_COMPLETED
    value: float | None = getattr(load, which)
    return value


def _size_title(label: str) -> str:
    return "seeds (the 5 seed articles)" if label == "seeds" else f"{int(label):,} articles"


def _size_table(size: SizeResult) -> list[str]:
    lines = [f"### {_size_title(size.label)}", ""]
    if size.corpus_seconds is not None:
        lines.append(
            f"Corpus generated in {size.corpus_seconds:.1f} s ({_f(size.corpus_mb, '{:.1f}')} MB, "
            f"sha256 `{(size.corpus_digest or '')[:16]}…`)."
        )
    ing, again = size.ingest, size.reingest
    if ing is not None:
        loaded = (
            f"loaded {ing.loaded} of {ing.articles} ({100 * (ing.loaded or 0) / max(1, ing.articles):.1f}%), "
            f"failed {ing.failed}"
            if ing.loaded is not None
            else "no summary printed"
        )
        lines += [
            "",
            "| ingest | seconds | articles/s | peak MB, all processes | peak MB, largest process | result |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        status = "stopped at the time limit" if ing.timed_out else f"exit {ing.returncode}"
        stored = f"; {ing.stored_when_stopped} stored when stopped" if ing.timed_out else ""
        added = f"; {ing.added}" if ing.added else ""
        lines.append(
            f"| first ingest | {ing.seconds:.2f} | {_f(ing.rate)} | {ing.tree_peak_mb:.0f} | "
            f"{ing.peak_mb:.0f} | "
            f"{loaded}; {status}{stored}{added} |"
        )
        if again is not None:
            lines.append(
                f"| re-ingest, unchanged | {again.seconds:.2f} | — | {again.tree_peak_mb:.0f} | "
                f"{again.peak_mb:.0f} | "
                f"unchanged {again.unchanged}, loaded {again.loaded}; exit {again.returncode} |"
            )
        if size.startup is not None:
            lines.append(
                f"| empty folder (fixed cost: start, migrations check, reference, corrections) | "
                f"{size.startup.seconds:.2f} | — | {size.startup.tree_peak_mb:.0f} | "
                f"{size.startup.peak_mb:.0f} | "
                f"exit {size.startup.returncode} |"
            )
        problems = [*(ing.errors if ing else []), *(again.errors if again else [])]
        if problems:
            shown = "\n".join(dict.fromkeys(problems[:8]))
            lines += ["", f"Ingest errors ({len(problems)} lines; the first ones):", "", "```", shown, "```"]
    if size.database_from:
        lines += ["", f"Not ingested in this run: the database served is a copy of `{size.database_from}`."]
    if size.database_mb is not None:
        workers = ""
        if size.workers is not None:
            workers = f" with {size.workers} worker(s) (ceiling: {size.ceiling_workers})"
        if size.restarts:
            workers += f"; the app's server was restarted {size.restarts} time(s) after staying busy"
        lines += [
            "",
            f"Database file: {size.database_mb:.1f} MB. "
            f"Server ready in {_f(size.server_ready_s, '{:.1f}')} s{workers}.",
        ]
    if size.pages:
        based = any(p.base for p in size.pages)
        lines += [
            "",
            "| page | URL | bytes | alone ms | req/s | p50 ms | p99 ms | errors | CPU µs/req "
            "| ceiling req/s | ceiling p99 ms | ceiling CPU µs/req | ratio |"
            + (" seeds' page p50 ms, same rounds |" if based else ""),
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            + (" ---: |" if based else ""),
        ]
        for page in size.pages:
            app, top = page.app, page.ceiling
            lines.append(
                f"| {page.name} | `{page.target}` | {page.bytes:,} | {_f(page.solo_ms)} | "
                f"{_f(app.rps if app else None)} | {_f(latency(app, 'p50_ms'))} | "
                f"{_f(latency(app, 'p99_ms'))} | {app.errors if app else '—'} | "
                f"{_f(app.server_cpu_us if app else None, '{:.0f}')} | "
                f"{_f(top.rps if top else None)} | {_f(latency(top, 'p99_ms'))} | "
                f"{_f(top.server_cpu_us if top else None, '{:.0f}')} | "
                f"{_f(page.ratio, '{:.3f}')} |" + (f" {_f(latency(page.base, 'p50_ms'))} |" if based else "")
            )
        notes = [f"- {p.name}: {p.note}" for p in size.pages if p.note]
        notes += [
            f"- {p.name}: the seeds' page is `{p.base_target}`"
            for p in size.pages
            if p.base and p.base_target != p.target
        ]
        if notes:
            lines += ["", *notes]
    if size.error:
        lines += ["", f"**Stopped:** {size.error}"]
    return [*lines, ""]


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**not met**")


def _targets(report: Report) -> list[str]:
    sizes = {s.label: s for s in report.sizes}
    at = sizes.get(TARGET_SIZE)
    numeric = [s for s in report.sizes if s.label != "seeds" and s.ingest is not None]
    largest = max(numeric, key=lambda s: s.articles) if numeric else None
    hint_size = largest if at is None and largest is not None else None
    rows: list[tuple[str, str, bool | None]] = []

    def add(target: str, pick: Any, test: Any, fmt: str) -> None:
        value = pick(at) if at is not None else None
        if value is not None:
            rows.append((target, _f(value, fmt), test(value)))
            return
        hint = pick(hint_size) if hint_size is not None else None
        shown = f"— (at {hint_size.articles:,}: {_f(hint, fmt)})" if hint is not None and hint_size else "—"
        rows.append((target, shown, None))

    def ingest_value(s: SizeResult) -> float | None:
        return s.ingest.seconds if s.ingest and not s.ingest.timed_out else None

    add("10,000 articles ingest ≤ 20 s", ingest_value, lambda v: v <= 20, "{:.1f} s")
    add(
        "… with peak memory ≤ 300 MB",
        lambda s: max(s.ingest.tree_peak_mb, s.ingest.peak_mb) if s.ingest else None,
        lambda v: v <= 300,
        "{:.0f} MB",
    )
    add(
        "unchanged re-ingest ≤ 2 s",
        lambda s: s.reingest.seconds if s.reingest else None,
        lambda v: v <= 2,
        "{:.2f} s",
    )

    def page(s: SizeResult, name: str) -> Page | None:
        return next((p for p in s.pages if p.name == name), None)

    for name in PAGE_TARGETS:

        def ratio(s: SizeResult, name: str = name) -> float | None:
            found = page(s, name)
            return found.ratio if found else None

        def p99(s: SizeResult, name: str = name) -> float | None:
            found = page(s, name)
            return latency(found.app, "p99_ms") if found else None

        add(f"{name} at 10,000: ≥ 0.5 × ceiling req/s", ratio, lambda v: v >= 0.5, "{:.3f} ×")
        add(f"{name} at 10,000: p99 < 50 ms at 32 connections", p99, lambda v: v < 50, "{:.1f} ms")

    def search_p50(s: SizeResult) -> float | None:
        found = page(s, "search")
        return latency(found.app, "p50_ms") if found else None

    add("search at 10,000: p50 < 20 ms", search_p50, lambda v: v < 20, "{:.1f} ms")
    seeds = sizes.get("seeds")
    for name in [p.name for p in seeds.pages] if seeds else []:
        base = page(seeds, name) if seeds else None
        base_p50 = latency(base.app, "p50_ms") if base else None

        def growth(s: SizeResult, name: str = name, base_p50: float | None = base_p50) -> float | None:
            """p50 over the seeds' page's p50: loaded in the same rounds if it was, else in the seeds' run."""
            found = page(s, name)
            if found is None or found.app is None:
                return None
            p50, before = latency(found.app, "p50_ms"), base_p50
            if found.base is not None:
                before = latency(found.base, "p50_ms")
            if p50 is None or not before or before == NONE_COMPLETED:
                return None
            return p50 / before

        add(f"{name}: p50 growth seeds → 10,000 ≤ 1.5×", growth, lambda v: v <= 1.5, "{:.2f} ×")
    lines = ["## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {target} | {shown} | {_verdict(ok)} |" for target, shown, ok in rows]
    if hint_size is not None:
        lines += [
            "",
            f"10,000 articles were not measured in this run; figures in brackets are at "
            f"{hint_size.articles:,} articles, for orientation only.",
        ]
    if at is not None and any(p.base for p in at.pages):
        lines += [
            "",
            "The p50 growth divides each page's p50 at 10,000 articles by the p50 of the seeds' page "
            "of the same name, loaded on the seeds' database in the same rounds (the same machine "
            "conditions): the same URL where the 10,000-article database answers it, else another "
            "page of the same kind (a meeting page may show another meeting), named under the "
            "size's table.",
        ]
    return [*lines, ""]


def render(report: Report) -> str:
    """The markdown report."""
    lines = ["# Benchmark: Performance at scale", ""]
    lines += ["## Environment", "", "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in report.environment.items()]
    lines += ["", "## Settings", "", "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in report.settings.items()]
    lines += [
        "",
        "Latencies are wrk's (`--latency`) at the stated connections, measured after a warm-up; "
        "*alone ms* is the median of five sequential requests with no other load. The ceiling is the "
        "same response bytes served from memory by a bare ASGI callable, started through the app's own "
        "`serve` command with only the application swapped (so the same uvicorn options and workers); "
        "ratio = app req/s ÷ ceiling req/s.",
        "",
        "## Results",
        "",
    ]
    for size in report.sizes:
        lines += _size_table(size)
    lines += _targets(report)
    lines += render_cold(report.cold)
    if report.notes:
        lines += ["## Notes", "", *(f"- {n}" for n in report.notes), ""]
    if report.profile:
        lines += [report.profile, ""]
    return "\n".join(lines).rstrip() + "\n"
