"""The web application: routers, static files and error pages."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DatabaseError, DataError, IntegrityError, ProgrammingError, SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.cache import ResponseCache, data_version
from app.config import PROJECT_ROOT, Settings, get_settings
from app.db import make_engine, make_session_factory, schema_is_current
from app.filters import BadFilter, NotCanonical
from app.middleware import ALLOWED_METHODS, Guard, HeadAsGet, Shield, security_headers
from app.web import render

ERROR_TITLES = {
    400: "That request could not be read",
    404: "Nothing here",
    405: "Not allowed",
    500: "Something went wrong on our side",
}


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page, or a JSON error body for the API."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return render(
        request,
        "error.html",
        {
            "status": status,
            "title": ERROR_TITLES.get(status, "Error"),
            "message": message,
            "page_title": ERROR_TITLES.get(status, "Error"),
        },
        status_code=status,
    )


class Tracker(FastAPI):
    """FastAPI, entered through a front door of plain ASGI middleware set outside its own layers."""

    front_door: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.front_door(scope, receive, send)

    async def behind_door(self, scope: Scope, receive: Receive, send: Send) -> None:
        """FastAPI's own handling: error pages, exception handlers, routing."""
        await super().__call__(scope, receive, send)

    def openapi(self) -> dict[str, Any]:
        """FastAPI's document, less the 422 it adds to each operation: bad input is answered 400."""
        document = super().openapi()  # FastAPI keeps it: a later call finds the 422s gone
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
        schemas = document.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        return document


PROBES = frozenset({"/healthz", "/readyz"})


class Probes:
    """ASGI middleware: /healthz and /readyz go around the response cache. A probe must see the
    database as it is now, not an answer kept from before it stopped; and the cache's own version
    check fails, with a 500, while the database is down."""

    def __init__(self, cached: ASGIApp, direct: ASGIApp) -> None:
        self.cached, self.direct = cached, direct

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        probe = scope["type"] == "http" and scope["path"] in PROBES
        await (self.direct if probe else self.cached)(scope, receive, send)


def create_app(settings: Settings | None = None) -> Tracker:
    """Build the app for `settings` (read from the environment when not given)."""
    from app.routes import (
        analysis,
        api,
        docs,
        downloads,
        feeds,
        meetings,
        ministers,
        review,
        search,
        sources,
        statements,
        timeline,
        topics,
    )

    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The routes are plain functions that FastAPI runs in anyio's threads, 40 at once by
        # default: as many as there are sessions (app.deps) is enough, and each thread more
        # would take the GIL from the event loop, which answers /healthz and pages from memory.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.render_threads
        yield

    app = Tracker(
        lifespan=lifespan,
        title="India–Japan 2+2 Dialogue Tracker",
        description="Meetings of the India–Japan 2+2 dialogue and what was said at them, from news reports.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    # No connection wait outlives the request's deadline (SQLAlchemy's default is 30 s).
    engine = make_engine(
        settings.database_url, read_only=True, threads=settings.render_threads, wait=settings.request_timeout
    )
    app.state.engine = engine
    app.state.sessions = make_session_factory(engine)
    app.state.session_places = anyio.CapacityLimiter(settings.render_threads)  # see app.deps
    app.state.public_url = settings.public_url.rstrip("/") if settings.public_url else None
    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    for module in (
        downloads,
        feeds,
        api,
        docs,
        timeline,
        meetings,
        topics,
        ministers,
        sources,
        search,
        statements,
        analysis,
        review,
    ):
        app.include_router(module.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = error_page(request, exc.status_code, str(exc.detail))
        if exc.status_code == 405:  # the router's Allow names the route's GET, not HEAD too
            response.headers["Allow"] = ALLOWED_METHODS
        return response

    @app.exception_handler(NotCanonical)
    async def not_canonical(request: Request, exc: NotCanonical) -> Response:
        return RedirectResponse(exc.location, status_code=301)

    @app.exception_handler(DatabaseError)
    async def database_unavailable(request: Request, exc: DatabaseError) -> Response:
        # The database is down, unreachable or unreadable: nothing the user typed, and worth a retry.
        # A mistake in a query stays a 500.
        if isinstance(exc, ProgrammingError | IntegrityError | DataError):
            raise exc
        return error_page(request, 503, "The database is not answering just now; try again in a moment.")

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter) -> Response:
        return error_page(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return error_page(request, 400, problems or "The request was malformed.")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """The process is up: answered on the event loop, never waiting for a rendering thread."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        """The database answers and its schema is at the newest migration."""
        try:
            ready = schema_is_current(engine)
        except (SQLAlchemyError, OSError) as exc:
            return JSONResponse({"status": "unavailable", "problem": exc.__class__.__name__}, status_code=503)
        if not ready:
            return JSONResponse({"status": "migrations pending"}, status_code=503)
        return JSONResponse({"status": "ready"})

    # Guard (refusals, the access log), HEAD answered as GET, then the response cache, then
    # Shield (the render deadline, security headers), all outside FastAPI's own middleware: an
    # answer from memory costs nothing of FastAPI's, and even the bare 500 of its outermost layer
    # gets the headers.
    headers = security_headers(settings.frame_ancestors)
    shielded = Shield(app.behind_door, headers=headers, timeout=settings.request_timeout)
    served: ASGIApp = HeadAsGet(
        Probes(
            ResponseCache(shielded, version=data_version(engine), version_ttl=settings.version_check_seconds),
            shielded,
        )
    )
    if hosts := [h.strip() for h in settings.allowed_hosts.split(",") if h.strip()]:
        # An unknown Host is refused before anything is cached or rendered for it.
        served = TrustedHostMiddleware(served, allowed_hosts=hosts)
    app.front_door = Guard(served, headers=headers)
    return app
