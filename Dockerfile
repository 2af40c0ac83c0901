# The AltProv image: the web processes (gunicorn), the task worker and the scheduler all run it
# (compose.yaml; docs/deployment.md). Debian 12 (bookworm), whose postgresql-client-15 matches
# the PostgreSQL 15 server for `manage.py backup` (pg_dump must be the server's version).
# PYTHON_IMAGE is only changed where Docker Hub cannot be reached (compose.offline.yaml).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's libraries (the PDFs), a font, and pg_dump/pg_restore 15 (backups).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /srv/altprov/app

# The dependencies first (a layer that changes only with uv.lock), then the code.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3.11
COPY . .
RUN uv sync --frozen --no-dev --python /usr/local/bin/python3.11

# The static files are part of the image (WhiteNoise serves them from every web process), so no
# web process needs a volume for them. The key is only for this build step.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-at-build-only-0123456789abcdefghijklmnopqrstuv \
    python manage.py collectstatic --noinput

# A user without privileges; the only writable places are the shared volumes.
RUN groupadd --system altprov \
    && useradd --system --gid altprov --home-dir /srv/altprov --no-create-home altprov \
    && mkdir -p /srv/altprov/media /srv/altprov/backups \
    && chown altprov:altprov /srv/altprov/media /srv/altprov/backups
USER altprov
# Fontconfig (WeasyPrint's PDFs) keeps its cache under XDG_CACHE_HOME; the user has no home, and
# without a writable place every PDF logged "Fontconfig error: No writable cache directories".
ENV XDG_CACHE_HOME=/tmp/altprov-cache

EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "altprov.wsgi"]
