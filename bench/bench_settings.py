"""The service's settings for the HTTP benchmarks only (bench/served.py): the same settings,
with the URL conf that adds the hello-world baseline. Never used in production."""

from altprov.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
