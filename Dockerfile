# Build stage: a virtualenv with the pinned dependencies.
FROM python:3.11-slim AS build
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml requirements.lock ./
COPY app ./app
RUN /venv/bin/pip install --no-cache-dir -c requirements.lock .

# Final stage: the virtualenv and the app's files; no compilers, a non-root user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 tracker && mkdir /data && chown 10001 /data
WORKDIR /app
COPY --from=build /venv /venv
COPY alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds
# Compiled once here: the non-root user cannot write /app, and would compile on every start.
RUN python -m compileall -q app migrations
# Configuration comes only from the environment; see README.md ("Running it for others").
# PYTHONPATH: the `tracker` script imports the app from /app, beside its migrations, templates and
# static files, not the copy pip installed into the virtualenv.
ENV PATH=/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/tracker.db
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# `serve` upgrades the schema to head, then runs uvicorn with WEB_CONCURRENCY workers (default:
# one per core) and shuts down gracefully on SIGTERM. Load articles with
#   docker run ... tracker ingest /app/seeds
CMD ["tracker", "serve", "--host", "0.0.0.0", "--port", "8000"]
