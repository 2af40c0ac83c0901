"""Keeping pupils' names out of every log.

The pupil search is a GET (`/pupils/?q=<name>`), so anything that logs a URL with its query
string, or a Referer, would write a child's name to the server's logs. Two rules keep them out:

- gunicorn's access log format (`gunicorn.conf.py`) has the path without the query string and no
  Referer, and the Referrer-Policy (`SECURE_REFERRER_POLICY`) sends only the service's origin.
- `DropQueryStrings` takes the query string off every URL in a log record, its arguments and its
  traceback. Django's LOGGING puts it on every handler; `gunicorn.conf.py` on gunicorn's error
  log (which names the URL of a request that failed).

This module imports nothing from Django, so gunicorn's configuration can load it.
"""

import logging
import re

# A path (or a URL's path) followed by "?" and its query string, up to white space or a quote.
_QUERY = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")


def without_query_strings(text: str) -> str:
    """ "GET /pupils/?q=Alex HTTP/1.1" -> "GET /pupils/ HTTP/1.1"."""
    return _QUERY.sub(r"\1", text)


class DropQueryStrings(logging.Filter):
    """Removes query strings from a record's message, arguments and traceback (never drops the
    record itself)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = without_query_strings(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_query_strings(a) if isinstance(a, str) else a for a in record.args
            )
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = without_query_strings(record.exc_text)
        return True
