#!/bin/sh
# Builds, from Debian's own packages, stand-ins for the three images compose.yaml takes from
# Docker Hub, for a machine that reaches Debian's archive but not Docker Hub (docs/deployment.md,
# "Where Docker Hub cannot be reached"). Needs root, debootstrap and a running Docker daemon.
# Then: docker-compose -f compose.yaml -f compose.offline.yaml up -d --build
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! docker image inspect altprov-offline/debian:bookworm >/dev/null 2>&1; then
    rootfs=$(mktemp -d)
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian
    cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/" 2>/dev/null || true
    tar -C "$rootfs" -c . | docker import - altprov-offline/debian:bookworm
    rm -rf "$rootfs"
fi
# The build context: these files, and the certificate authorities this machine adds to Debian's
# (a proxy that inspects TLS on the way to PyPI has one), which the stand-in images trust too.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$here"/*.Dockerfile "$here"/*.sh "$context/"
mkdir "$context/extra-ca"
cp /usr/local/share/ca-certificates/*.crt "$context/extra-ca/" 2>/dev/null || true
docker build -t altprov-offline/python:3.11-bookworm -f "$context/python.Dockerfile" "$context"
docker build -t altprov-offline/postgres:15-bookworm -f "$context/postgres.Dockerfile" "$context"
docker build -t altprov-offline/nginx:forky -f "$context/nginx.Dockerfile" "$context"
