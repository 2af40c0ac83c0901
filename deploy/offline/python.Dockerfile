# A stand-in for python:3.11-slim-bookworm where Docker Hub cannot be reached: Debian 12's own
# Python 3.11 at the path the Dockerfile expects (/usr/local/bin/python3.11), with pip.
# Built by deploy/offline/build-images.sh; docs/deployment.md, "Where Docker Hub cannot be reached".
FROM altprov-offline/debian:bookworm
# The certificate authorities the building machine adds (build-images.sh), for pip and uv.
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN rm -f /etc/apt/sources.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip ca-certificates \
    && update-ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s /usr/bin/python3.11 /usr/local/bin/python3.11 \
    && ln -s /usr/bin/python3 /usr/local/bin/python
# Debian marks its Python as managed by apt; in this image pip installing uv is what we want.
# uv reads SSL_CERT_FILE, so it trusts the same authorities as pip.
ENV PIP_BREAK_SYSTEM_PACKAGES=1 \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
