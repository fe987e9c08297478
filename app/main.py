"""The web application."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from app.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (read from the environment when not given)."""
    settings = settings or get_settings()
    app = FastAPI(title="India–Japan 2+2 Dialogue Tracker")

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return (
            "<!doctype html><title>India–Japan 2+2 Tracker</title><h1>India–Japan 2+2 Tracker</h1>"
        )

    return app
