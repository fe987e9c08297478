"""Read a web page saved from a browser: the article's text, and its metadata from the markup.

trafilatura finds the article among the menus, related links, comments and banners; the metadata
is read here from the markup itself, so that each field can say which rule found it: the page's
JSON-LD (schema.org NewsArticle), its OpenGraph tags, its other meta tags, its canonical link.
trafilatura (and what it pulls in) is imported on the first page only: text files never pay for it.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

HTML_SUFFIXES = (".html", ".htm")

# schema.org types of a news story, whose JSON-LD object describes the article itself.
_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "report",
}
_DATE_META = {
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "article.published",
    "article:published_time",
    "parsely-pub-date",
    "sailthru.date",
    "datepublished",
}
_TITLE_META = {"title", "dc.title", "headline", "twitter:title", "parsely-title"}
_OUTLET_META = {"application-name", "publisher", "dc.publisher", "twitter:site"}
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_WEB_ADDRESS = re.compile(r"https?://[^\s]+$", re.IGNORECASE)
# Chrome and Edge write this comment at the top of a page saved with "Save as".
_SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+?) ?-->")
# Blocks that are never the article, whatever trafilatura makes of a page without one (it would keep
# a cookie banner's sentence as the text of a page of links). Containers only: a <body> or <article>
# whose class names a banner ("has-paywall") is not pruned.
_NEVER_ARTICLE = ("cookie", "consent", "gdpr", "paywall", "subscribe", "newsletter", "related", "comment")
_CLUTTER = (
    "//*[self::div or self::section or self::aside or self::p or self::ul or self::ol or self::form"
    " or self::dialog or self::span][{}]".format(
        " or ".join(f'contains(@class, "{word}") or contains(@id, "{word}")' for word in _NEVER_ARTICLE)
    ),
    "//nav",
    "//footer",
    "//aside",
)
_LONGEST = {"title": 500, "outlet": 200, "url": 2000}  # the columns' sizes


class PageError(ValueError):
    """The page holds no article that can be read."""


@dataclass(frozen=True)
class Page:
    """The article of one saved page: its text, paragraphs apart, and its metadata with their rules."""

    body: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    rules: dict[str, str]  # field -> the rule that found it ("html-jsonld", "html-opengraph", ...)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _day(value: Any) -> date | None:
    """The day an ISO date or timestamp names, as the publisher wrote it (no time-zone shift)."""
    found = _ISO_DAY.match(value) if isinstance(value, str) else None
    if found is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def _address(value: Any) -> str | None:
    text = _text(value)
    return text if text and _WEB_ADDRESS.match(text) else None


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of a script, through lists and @graph."""
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _objects(value.get("@graph"))


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES for kind in kinds)


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        return next((name for item in value if (name := _name(item))), None)
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _json_ld(tree: Any) -> dict[str, Any]:
    """title, outlet, published and url of the page's first JSON-LD article object."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # a broken script is skipped; the other rules still apply
        for item in _objects(data):
            if not _is_article(item):
                continue
            page = item.get("mainEntityOfPage")
            return {
                "title": _text(item.get("headline")) or _text(item.get("name")),
                "outlet": _name(item.get("publisher")),
                "published": _day(item.get("datePublished")) or _day(item.get("dateCreated")),
                "url": _address(item.get("url"))
                or _address(page.get("@id") if isinstance(page, dict) else page),
            }
    return {}


def _meta(tree: Any, attribute: str, names: set[str]) -> str | None:
    for element in tree.xpath(f"//meta[@{attribute}]"):
        if str(element.get(attribute)).strip().lower() in names and (text := _text(element.get("content"))):
            return text
    return None


def _markup_fields(tree: Any, raw: bytes) -> dict[str, list[tuple[str, Any]]]:
    """For each field, its candidates in the order they are trusted, each with its rule."""
    ld = _json_ld(tree)
    og = {key: _meta(tree, "property", {key}) for key in ("og:title", "og:site_name", "og:url")}
    published_og = _meta(tree, "property", {"article:published_time", "og:published_time"})
    itemprop_date = next(
        (
            value
            for element in tree.xpath('//*[@itemprop="datePublished"]')
            if (value := element.get("content") or element.get("datetime"))
        ),
        None,
    )
    canonical = next(
        (
            href
            for link in tree.xpath("//link[@href]")
            if "canonical" in (link.get("rel") or "").lower().split()
            for href in [link.get("href")]
        ),
        None,
    )
    saved_from = _SAVED_FROM.search(raw[:4096])
    titles = tree.xpath("//title")
    return {
        "title": [
            ("html-jsonld", ld.get("title")),
            ("html-opengraph", og["og:title"]),
            ("html-meta", _meta(tree, "name", _TITLE_META)),
            ("html-title", _text(titles[0].text_content()) if titles else None),
        ],
        "outlet": [
            ("html-jsonld", ld.get("outlet")),
            ("html-opengraph", og["og:site_name"]),
            ("html-meta", _meta(tree, "name", _OUTLET_META)),
        ],
        "published": [
            ("html-jsonld", ld.get("published")),
            ("html-opengraph", _day(published_og)),
            ("html-meta", _day(_meta(tree, "name", _DATE_META)) or _day(itemprop_date)),
        ],
        "url": [
            ("html-canonical", _address(canonical)),
            ("html-jsonld", ld.get("url")),
            ("html-opengraph", _address(og["og:url"])),
            ("html-saved-from", saved_from.group(1).decode("ascii", "replace") if saved_from else None),
        ],
    }


# A story's own paragraph never opens with these: the site's prompts, left inside the article.
_PROMPT = re.compile(
    r"(?:also read|read also|read more|must read|recommended|related|watch|listen)\b\s*[:|-]"
    r"|(?:follow|like) us on\b|(?:sign up|subscribe|register)\b.{0,40}\b(?:newsletter|briefing|updates)"
    r"|download (?:the|our) .{0,30}\bapp\b|click here\b|(?:share|advertisement)\s*$",
    re.IGNORECASE,
)


def _paragraphs(body: Any) -> list[tuple[str, str]]:
    """The blocks of trafilatura's article tree as (tag, paragraph): a list gives one per item.

    A block that is mostly a link ("ALSO READ: <a>another story</a>") or a prompt of the site is
    left out: it points elsewhere, and its words are not the story's.
    """
    found = []
    for element in body:
        for item in element.findall("item") if element.tag == "list" else [element]:
            text = " ".join("".join(item.itertext()).split())
            linked = sum(len(" ".join("".join(ref.itertext()).split())) for ref in item.iter("ref"))
            if text and linked < 0.6 * len(text) and not _PROMPT.match(text):
                found.append((str(element.tag), text))
    return found


def _without_outlet(title: str, outlet: str | None) -> str:
    """'Headline | The Herald' from a <title> element is the headline."""
    if outlet:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            head, found, tail = title.rpartition(separator)
            if found and head and tail.strip().lower() == outlet.lower():
                return head.strip()
    return title


def read_page(raw: bytes) -> Page:
    """The article of a saved page; PageError when the page holds no article text."""
    import trafilatura  # here, not at the top: only HTML files need it (and its 170 ms of imports)
    from trafilatura.utils import load_html

    tree = load_html(raw)  # decoded as the page declares, or as its bytes suggest
    if tree is None:
        raise PageError("the page has no HTML to read")
    document = trafilatura.bare_extraction(
        raw,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=True,  # to see which paragraphs are links to other stories
        favor_precision=True,
        with_metadata=True,
        prune_xpath=list(_CLUTTER),
    )
    if document is None or isinstance(document, dict) or document.body is None:
        raise PageError("no article text found in the page")
    blocks = _paragraphs(document.body)
    if all(tag == "head" for tag, _ in blocks):  # headings alone: a section front, not a story
        raise PageError("no article text found in the page")
    body = "\n\n".join(text for _, text in blocks)

    fields: dict[str, Any] = {}
    rules: dict[str, str] = {}
    for field, candidates in _markup_fields(tree, raw).items():
        for rule, value in candidates:
            if value and (field == "published" or len(value) <= _LONGEST[field]):
                fields[field], rules[field] = value, rule
                break
    # The library's own guesses (the first heading, the site's name) when the markup says nothing.
    for field, guess in (("title", document.title), ("outlet", document.sitename)):
        if field not in fields and (text := _text(guess)) and len(text) <= _LONGEST[field]:
            fields[field], rules[field] = text, "html-trafilatura"
    if rules.get("title") == "html-title":
        fields["title"] = _without_outlet(fields["title"], fields.get("outlet"))
    return Page(
        body=body,
        title=fields.get("title"),
        outlet=fields.get("outlet"),
        published=fields.get("published"),
        url=fields.get("url"),
        rules=rules,
    )
