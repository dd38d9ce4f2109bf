# akutbro: slim Python, non-root, migrations before start, a health check.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 AKUTBRO_ENVIRONMENT=production \
    PYTHONPATH=/srv/akutbro
RUN useradd --create-home --uid 10001 akutbro
COPY --from=build /install /usr/local
WORKDIR /srv/akutbro
COPY alembic.ini ./
COPY migrations ./migrations
COPY app ./app
USER akutbro
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status == 200 else 1)"
# `serve` runs `alembic upgrade head` first (safe to run on every replica: Alembic locks
# nothing, so roll out one replica first, or run `akutbro migrate` as a release step).
CMD ["akutbro", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
