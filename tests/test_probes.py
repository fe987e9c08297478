"""/readyz tells a load balancer the truth: 503 while the database is gone, 200 once it is back.

scripts/cluster_check.py checks the same on PostgreSQL by stopping the server; here a SQLite
file that turns to garbage and back stands for it.
"""

import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.config import Settings
from app.main import Tracker, create_app
from tests.asgi import asgi_get, run
from tests.conftest import SERVER


def status(app: Tracker, path: str) -> int:
    sent = run(asgi_get(app, path))
    code: int = next(message["status"] for message in sent if message["type"] == "http.response.start")
    return code


@pytest.mark.skipif(bool(SERVER), reason="a SQLite file stands for the database; the SQLite pass runs it")
def test_readyz_answers_503_not_a_kept_200_or_a_500_while_the_database_is_unreadable(
    seeded_template: str, tmp_path: Path
) -> None:
    database = tmp_path / "tracker.db"
    shutil.copy(make_url(seeded_template).database or "", database)
    kept = database.read_bytes()
    # A long version check: a cached answer would be served for a minute without asking the database.
    app = create_app(Settings(database_url=f"sqlite:///{database}", version_check_seconds=60))
    assert status(app, "/readyz") == 200

    app.state.engine.dispose()
    database.write_bytes(b"no longer a database " * 500)

    assert [status(app, "/readyz") for _ in range(3)] == [503, 503, 503]
    assert status(app, "/healthz") == 200

    app.state.engine.dispose()
    database.write_bytes(kept)
    assert status(app, "/readyz") == 200
