"""Template rendering: the full page, or one named block of it for an htmx swap."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2_fragments import render_block
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from app import urls
from app.config import PROJECT_ROOT
from app.filters import FilterSet
from app.queries.views import ECHOES_SHOWN, Facet, FacetValue

templates = Jinja2Templates(directory=PROJECT_ROOT / "templates")


def filters_url(path: str, filters: FilterSet | Iterable[tuple[str, str]]) -> str:
    """`path` with the filters (or query pairs) as its canonical query string."""
    return urls.with_query(path, filters)


@dataclass(frozen=True)
class FacetLink:
    """A facet value as the facet macro reads it: with the link that toggles it on this page."""

    key: str
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class ActiveFilter:
    name: str
    label: str
    remove_url: str


def facet_links(values: Iterable[FacetValue], path: str) -> list[FacetLink]:
    """A facet's values, each linking to the page at `path` with that value toggled."""
    return [
        FacetLink(v.key, v.value, v.label, v.count, v.selected, urls.with_query(path, v.toggled))
        for v in values
    ]


def active_filters(facets: Iterable[Facet], path: str) -> list[ActiveFilter]:
    """The selected facet values, each with the link that removes it."""
    return [
        ActiveFilter(facet.title, value.label, urls.with_query(path, value.toggled))
        for facet in facets
        for value in facet.values
        if value.selected
    ]


def quoted(text: str) -> Markup:
    """A statement's text, escaped, each passage inside double quotation marks (" or “ ”) wrapped
    in <span class="statement-block__quoted">, marks included: copied text matches the source.

    Unbalanced quotation marks leave the text plain.
    """
    parts = text.replace("“", '"').replace("”", '"').split('"')
    if len(parts) % 2 == 0 or len(parts) == 1:
        return escape(text)
    shown: list[str] = []
    start = 0
    for n, part in enumerate(parts):
        end = start + len(part)
        if n % 2:
            shown.append(f'<span class="statement-block__quoted">{escape(text[start - 1 : end + 1])}</span>')
        else:
            shown.append(escape(text[start:end]))
        start = end + 1
    return Markup("".join(shown))


templates.env.filters["quoted"] = quoted
templates.env.globals["filters_url"] = filters_url
templates.env.globals["facet_links"] = facet_links
templates.env.globals["active_filters"] = active_filters
templates.env.globals["urls"] = urls
templates.env.globals["ECHOES_SHOWN"] = ECHOES_SHOWN  # a list's echoes: what its query reads
# The component macros, as a global so that a block rendered alone for htmx can use them too.
templates.env.globals["ui"] = templates.env.get_template("_macros.html").module


def wants_block(request: Request, block: str | None) -> bool:
    """Whether htmx asked to swap exactly the element this block renders.

    A boosted link or a history restore carries HX-Request too, but no HX-Target naming the
    block, and gets the full page.
    """
    return (
        block is not None
        and request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Target") == block
    )


def site_url(request: Request) -> str:
    """The address absolute links start with: PUBLIC_URL when configured, else the request's."""
    configured: str | None = getattr(request.app.state, "public_url", None)
    return configured or str(request.base_url).rstrip("/")


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render template `name`; an htmx request targeting `block` gets that block alone."""
    base = site_url(request)
    page = {
        "request": request,
        "canonical_url": base + filters_url(request.url.path, context.get("canonical_query", [])),
        **context,
    }
    headers = {"Vary": "HX-Request, HX-Target"}
    if wants_block(request, block):
        assert block is not None
        body = render_block(templates.env, name, block, {**page, "fragment": True})
        title = context.get("page_title")
        if title:
            # htmx sets document.title from a <title> in the response it swaps in.
            body = f"<title>{escape(title)} · India–Japan 2+2 Tracker</title>\n{body}"
        return HTMLResponse(body, status_code=status_code, headers=headers)
    html = templates.env.get_template(name).render({**page, "fragment": False})
    return HTMLResponse(html, status_code=status_code, headers=headers)
