"""/docs: the API's reference, rendered on the server from its own OpenAPI document."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.web import render

router = APIRouter(include_in_schema=False)


def _schema_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    name = ref.rsplit("/", 1)[-1] if ref else schema.get("type", "")
    return f"list of {name}" if schema.get("type") == "array" else name


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """Every endpoint with its parameters and response, from /openapi.json."""
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            ok = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("description") or operation.get("summary", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description") or p["schema"].get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "returns": _schema_name(ok.get("schema", {})),
                }
            )
    return render(request, "docs.html", {"endpoints": endpoints, "page_title": "API"})


# Crawlers keep to the canonical pages of meetings, topics, ministers, sources and statements:
# a filter combination, a search or a download is a view of those, and there are far more views
# than pages (tens of thousands from a few dozen articles), so following them churns the cache.
ROBOTS = """User-agent: *
Disallow: /*?
Disallow: /search
Disallow: /api/
Disallow: /*.csv$
Disallow: /feeds/
Disallow: /compare
Disallow: /review
Allow: /
"""


@router.get("/robots.txt")
def robots() -> Response:
    """What crawlers may follow: the canonical entity pages, not the views built from them."""
    return Response(ROBOTS, media_type="text/plain")
