"""Fictional data at scale for benchmarks and load tests (issue 10, item 2): `generate.generate`
and `manage.py generate_scale`. Nothing in the service imports from this app."""
