# Build stage: a virtualenv with the pinned dependencies, compiled where needed.
FROM python:3.11-slim AS build
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml requirements.lock ./
COPY app ./app
RUN /venv/bin/pip install --no-cache-dir -c requirements.lock .

# Final stage: the virtualenv and the app's files, no build tools, a non-root user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 tracker
WORKDIR /app
COPY --from=build /venv /venv
COPY alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/tracker.db
RUN mkdir /data && chown tracker /data
USER tracker
EXPOSE 8000
# `serve` upgrades the schema to head first; ingest with `docker run ... python -m app ingest`.
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
