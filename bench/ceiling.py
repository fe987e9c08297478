"""The ceiling: the app's own response bytes served from memory by a bare ASGI callable.

Started through the app's own `serve` command, with only the application swapped, so uvicorn
runs it with exactly the app's options (workers, logging, proxy headers, limits...): the
difference between the two under the same load is what the app itself costs per request.

    BENCH_CEILING_RESPONSES=responses.json python -m bench.ceiling --host 127.0.0.1 --port P --workers N
"""

import base64
import json
import os
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RESPONSES_ENV = "BENCH_CEILING_RESPONSES"
MARKER_PATH = "/__bench_ceiling__"  # answered only by the ceiling, so the bench can tell it apart
# Headers the server sets itself, or that must be recomputed for the stored body.
_SERVER_HEADERS = {"date", "server", "content-length", "transfer-encoding", "connection"}


def save_responses(path: Path, responses: dict[str, tuple[int, list[tuple[str, str]], bytes]]) -> None:
    """Write path-with-query -> (status, headers, body) for `create_app` to serve."""
    data = {
        target: {"status": status, "headers": headers, "body": base64.b64encode(body).decode()}
        for target, (status, headers, body) in responses.items()
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def create_app() -> ASGIApp:
    """An ASGI app answering each stored request target with its stored bytes, anything else 404."""
    stored = json.loads(Path(os.environ[RESPONSES_ENV]).read_text(encoding="utf-8"))
    table: dict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = {}
    for target, item in stored.items():
        body = base64.b64decode(item["body"])
        headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in item["headers"]
            if k.lower() not in _SERVER_HEADERS
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        table[target] = (int(item["status"]), headers, body)
    missing = (404, [(b"content-type", b"text/plain"), (b"content-length", b"9")], b"not found")
    table[MARKER_PATH] = (200, [(b"content-type", b"text/plain"), (b"content-length", b"7")], b"ceiling")

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        query = scope.get("query_string", b"")
        target = scope["path"] + ("?" + query.decode("latin-1") if query else "")
        status, headers, body = table.get(target, missing)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def main(argv: list[str] | None = None) -> int:
    """`python -m app serve ARGS`, with uvicorn given this module's app in place of the app's."""
    import uvicorn

    from app import cli

    real_run = uvicorn.run

    def run(app: object, **options: Any) -> None:
        real_run("bench.ceiling:create_app", **{**options, "factory": True})

    uvicorn.run = run
    return cli.main(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
