# A stand-in for postgres:15-bookworm where Docker Hub cannot be reached: Debian 12's PostgreSQL 15,
# started by an entrypoint that, on an empty volume, makes POSTGRES_USER (with POSTGRES_PASSWORD)
# and POSTGRES_DB as the official image does. Built by deploy/offline/build-images.sh.
FROM altprov-offline/debian:bookworm
RUN rm -f /etc/apt/sources.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
    && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/15/bin:$PATH
EXPOSE 5432
ENTRYPOINT ["sh", "/usr/local/bin/postgres-entrypoint.sh"]
