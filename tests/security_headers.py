"""X-5: the security headers every response must carry (docs/security.md), checked by
tests/authorization/test_security_headers.py (staff, error pages, downloads, the API) and
tests/portal/test_security_headers.py (the provider portal)."""

from django.test import override_settings

HSTS_SECONDS = 31_536_000
# What production sets (altprov/settings.py with DJANGO_DEBUG=0): the walks run under it and
# over HTTPS, so that Strict-Transport-Security is checked as production sends it.
PRODUCTION_HSTS = override_settings(
    DEBUG=False,
    SECURE_HSTS_SECONDS=HSTS_SECONDS,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)


def missing_headers(response, *, https: bool = True) -> list[str]:
    """What the response lacks, as "Header: what was found"; empty when it has everything."""
    problems = []

    def expect(name, ok):
        value = response.get(name)
        if value is None or not ok(value):
            problems.append(f"{name}: {value!r}")

    expect(
        "Content-Security-Policy",
        lambda v: "default-src 'self'" in v or "default-src 'none'" in v,
    )
    expect("Content-Security-Policy", lambda v: "frame-ancestors 'none'" in v)
    expect(
        "Content-Security-Policy", lambda v: "object-src 'none'" in v or "default-src 'none'" in v
    )
    expect("X-Frame-Options", lambda v: v == "DENY")
    expect("X-Content-Type-Options", lambda v: v == "nosniff")
    expect("Referrer-Policy", lambda v: v == "strict-origin")
    expect("Permissions-Policy", lambda v: "camera=()" in v and "geolocation=()" in v)
    if https:
        expect(
            "Strict-Transport-Security",
            lambda v: v == f"max-age={HSTS_SECONDS}; includeSubDomains; preload",
        )
    return problems
