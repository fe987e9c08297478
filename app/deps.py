"""FastAPI dependencies, kept out of app.db so the command line never imports FastAPI."""

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session


async def session_place(request: Request) -> AsyncIterator[None]:
    """Wait, on the event loop, for one of the worker's RENDER_THREADS places; hold it until the
    request's session is closed.

    A session keeps its connection from its first query until FastAPI closes it after the answer
    is sent, while the request waits for a thread again (to serialise the answer) behind every
    other request. Without a bound, more sessions than the pool has connections would hold some
    while the threads that would finish them wait for one: the pool's timeout, then a 503.
    """
    async with request.app.state.session_places:
        yield


def get_session(request: Request, _place: Annotated[None, Depends(session_place)]) -> Iterator[Session]:
    """The request's session; pages only read, so nothing is committed."""
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
