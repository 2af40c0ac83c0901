"""The shared machinery of the query-count tests (issue 10): every page that lists rows is opened
with 1 row and with 50, and must make the same number of queries, a number written down in its
test so that a regression fails CI.

`queries_for` opens the page once to warm up (the first request after signing in writes the
session) and then counts the queries of a second request, as the tests always have. SAVEPOINT and
RELEASE are counted: inside a test's transaction they stand for the BEGIN and COMMIT that the
same `transaction.atomic()` sends in production, each a round trip to PostgreSQL.
"""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

# P1 (issue 10): the pupils, referrals, placements and providers lists and the home page
# ("what needs my attention") in at most this many queries, overheads included.
P1_LIMIT = 8

# What every signed-in page costs before it reads anything of its own: the session, the user
# with the authenticator that verified them (altprov/accounts/signed_in.py), and their roles
# (with their schools: a person with school roles only needs no other query for them).
OVERHEAD = 3
# Someone with a trust role: the trust's schools, for the current school and the switcher.
TRUST_SCHOOLS = 1
# The access log of a page that showed pupils of one school: the event and its pupils, in
# one transaction (BEGIN and COMMIT, SAVEPOINT and RELEASE in a test).
ACCESS_LOG = 4


@dataclass
class Counted:
    queries: int
    content: str
    sql: list[str]

    def explain(self) -> str:
        return "\n".join(f"{i + 1:3}. {sql[:200]}" for i, sql in enumerate(self.sql))


def queries_for(client, url: str, *, status: int = 200) -> Counted:
    """The queries of a second request for `url` (after one to warm up), with the page."""
    assert client.get(url).status_code == status
    return queries_once(client, url, status=status)


def queries_once(client, url: str, *, status: int = 200) -> Counted:
    """The queries of one request for `url`, with the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status, url
    content = b"".join(response) if response.streaming else response.content
    return Counted(
        queries=len(ctx.captured_queries),
        content=content.decode(errors="replace"),
        sql=[q["sql"] for q in ctx.captured_queries],
    )


def assert_queries(counted: Counted, expected: int) -> None:
    assert counted.queries == expected, (
        f"{counted.queries} queries, expected {expected}:\n{counted.explain()}"
    )
