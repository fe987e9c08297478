"""Read an article file: YAML front matter (optional) and the body, kept verbatim; or a saved web page."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from app.ingest.errors import IngestError
from app.ingest.html import HTML_SUFFIXES, PageError, read_page
from app.ingest.text import lone_cr_to_newline

ARTICLE_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*$", re.IGNORECASE | re.MULTILINE)
_FIELDS = ("title", "outlet", "published", "url", "kind")
_LONGEST = {"title": 500, "outlet": 200, "published": 40, "url": 2000, "kind": 20}
_KINDS = ("report", "official")  # the columns' sizes


def _short(value: object) -> str:
    """A value for an error message: one short line, however large or deeply nested the value."""
    if isinstance(value, list | tuple):
        return (
            f"a list of {len(value)}"
            if not all(_is_scalar(v) for v in value[:5])
            else ("[" + ", ".join(_short(v) for v in value[:5]) + (", …]" if len(value) > 5 else "]"))
        )
    if isinstance(value, dict):
        return f"a mapping of {len(value)} fields"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "…"


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | date)


@dataclass(frozen=True)
class Article:
    """One article as read from disk, before any cleaning."""

    file: str
    raw: bytes
    body: str
    title: str | None
    outlet: str | None
    published: date | None
    published_rule: str
    url: str | None
    kind: str | None = None  # "official" or "report" when the front matter says which
    # The rules that found the title, outlet and url ("front-matter", "html-jsonld", ...); a field
    # with no value has none. The publication date's rule is `published_rule`.
    metadata_rules: tuple[tuple[str, str], ...] = ()


def _published(value: Any, path: Path) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise IngestError(path, f"front matter 'published' is not an ISO date: {value!r}") from exc


# The closing "---" ends at its own line ending: blank lines after it belong to the body.
# (python-frontmatter's own split lets `\s*` run on into them, which would shift every offset.)
_FRONT_MATTER = re.compile(r"\A---[ \t]*(?:\r\n|\n|\r)(.*?)(?<=[\n\r])---[ \t]*(?:\r\n|\n|\r|\Z)", re.DOTALL)


_FRONT_MATTER_START = re.compile(r"---[ \t]*[\r\n]")
_WEB_ADDRESS = re.compile(r"https?://[^\s]+$", re.IGNORECASE)


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    if not _FRONT_MATTER_START.match(text):
        return {}, text
    found = _FRONT_MATTER.match(text)
    if found is None:
        raise IngestError(path, "front matter has no closing '---' line")
    try:
        meta = YAMLHandler().load(lone_cr_to_newline(found.group(1)))
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0]
        raise IngestError(path, f"front matter is not valid YAML ({problem})") from exc
    except ValueError as exc:  # YAML's own date reader: "published: 2024-02-30"
        raise IngestError(path, f"front matter has an impossible value ({exc})") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise IngestError(path, "front matter must be a mapping of field: value")
    return meta, text[found.end() :]


def _parse_page(raw: bytes, display_name: str) -> Article:
    """A web page saved from a browser: the article's text is the body, the markup gives the rest."""
    if b"\x00" in raw[:4096]:
        raise IngestError(display_name, "file is binary, not a web page")
    try:
        page = read_page(raw)
    except PageError as exc:
        raise IngestError(display_name, str(exc)) from exc
    return Article(
        file=display_name,
        raw=raw,
        body=page.body,
        title=page.title,
        outlet=page.outlet,
        published=page.published,
        published_rule=page.rules.get("published", "none"),
        url=page.url,
        metadata_rules=tuple((f, page.rules[f]) for f in ("title", "outlet", "url") if f in page.rules),
    )


def parse_article(path: Path, raw: bytes, display_name: str) -> Article:
    """Decode and split one file; raise IngestError naming the file for anything unreadable."""
    if len(raw) > MAX_ARTICLE_BYTES:
        raise IngestError(display_name, f"file is larger than {MAX_ARTICLE_BYTES // 2**20} MB")
    if Path(display_name).suffix.lower() in HTML_SUFFIXES:
        return _parse_page(raw, display_name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(display_name, "file is not UTF-8 (it is UTF-16: save it as UTF-8)")
    if b"\x00" in raw:
        raise IngestError(display_name, "file is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(display_name, f"file is not UTF-8 (bad byte at position {exc.start})") from exc
    meta, body = _split_front_matter(text, Path(display_name))
    unknown = [k for k in meta if not isinstance(k, str)]
    if unknown:
        raise IngestError(display_name, f"front matter has non-text keys: {_short(unknown)}")
    for key in _FIELDS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str | date):
            raise IngestError(display_name, f"front matter '{key}' must be text, not {_short(value)}")
        if isinstance(value, str) and len(value) > _LONGEST[key]:
            raise IngestError(display_name, f"front matter '{key}' is longer than {_LONGEST[key]} characters")
    url = meta.get("url")
    if isinstance(url, str) and url.strip() and not _WEB_ADDRESS.match(url.strip()):
        raise IngestError(
            display_name, f"front matter 'url' must be an http:// or https:// address, not {_short(url)}"
        )
    kind = meta.get("kind")
    if kind is not None and str(kind).strip().lower() not in _KINDS:
        raise IngestError(
            display_name, f"front matter 'kind' must be 'report' or 'official', not {_short(kind)}"
        )
    published = _published(meta.get("published"), Path(display_name))
    rule = "front-matter" if published else "none"
    if published is None and (found := _DATE_LINE.search(lone_cr_to_newline(body[:500]))):
        try:
            published = date.fromisoformat(found.group(1))
        except ValueError as exc:
            raise IngestError(display_name, f"date line {found.group(1)!r} is impossible") from exc
        rule = "date-line"
    if not body.strip():
        raise IngestError(display_name, "article body is empty")

    def text_field(key: str) -> str | None:
        value = meta.get(key)
        return str(value).strip() or None if value is not None else None

    title, outlet, url = text_field("title"), text_field("outlet"), text_field("url")
    return Article(
        file=display_name,
        raw=raw,
        body=body,
        title=title,
        outlet=outlet,
        published=published,
        published_rule=rule,
        url=url,
        kind=str(kind).strip().lower() if kind is not None else None,
        metadata_rules=tuple(
            (key, "front-matter")
            for key, value in (("title", title), ("outlet", outlet), ("url", url))
            if value
        ),
    )
