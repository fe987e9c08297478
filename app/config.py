"""Settings read from the environment."""

from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The one folder the app creates by itself: where the default database lives.
DATA_DIR = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    """Everything the app and the ingestion job may be told from outside."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = f"sqlite:///{DATA_DIR / 'tracker.db'}"
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    # Who may show the pages in a frame (a CSP frame-ancestors source list).
    frame_ancestors: str = "'self'"
    # Seconds a request may take before it is answered 503.
    request_timeout: float = 10.0
    # Requests each worker renders at once, each on a thread with a database session; the pool
    # holds a connection for each. More would not render faster (the GIL) but would make /healthz
    # and the answers from memory wait behind them.
    render_threads: int = 4
    # How often each worker asks whether ingestion changed the data (its cache is then dropped).
    version_check_seconds: float = 1.0
    # How long an ingest waits for another one on the same database to end before giving up.
    ingest_wait_seconds: float = 600.0
    # The address the site is reached at ("https://tracker.example.org"): every absolute link
    # (canonical, og:url, feeds, the API's url and next) is built on it, never on the request's
    # Host. `serve` sets it to the address it listens on when it is not given.
    public_url: str | None = None
    # Host names the app answers for ("tracker.example.org,localhost"); others get 400. Empty: any.
    allowed_hosts: str = ""

    @field_validator("render_threads")
    @classmethod
    def _at_least_one_thread(cls, threads: int) -> int:
        if threads < 1:
            raise ValueError("at least 1 thread renders pages")
        return threads

    @field_validator("database_url")
    @classmethod
    def _postgresql_means_psycopg(cls, url: str) -> str:
        """`postgresql://` and `postgres://`, as hosts write them, mean psycopg 3: the driver installed."""
        for scheme in ("postgresql://", "postgres://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url.removeprefix(scheme)
        return url


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
