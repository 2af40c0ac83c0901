"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py altprov.wsgi`
(docs/deployment.md). Command-line options such as --bind and --workers override these.

No pupil's name reaches the logs: the pupil search is a GET, so the access log has the path
without its query string and no Referer, and the error log (which names a failed request's URL)
drops query strings too (altprov/core/log_filters.py). tests/core/test_logging.py checks this.
"""

import logging
import sys
from pathlib import Path

bind = "127.0.0.1:8000"
workers = 3
accesslog = "-"
errorlog = "-"
# Client address, time, method, path (%(U)s: without the query string), protocol, status, bytes
# and milliseconds taken. Never %(r)s (the request line with its query string), %(q)s (the query
# string), %(f)s or %({referer}i)s (the Referer, which carries the previous page's query).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class SkipHealthProbes(logging.Filter):
    """The orchestrator's probes of /healthz and /healthz/ready (every few seconds, from every
    web process) are left out of the request log; every other request is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = record.args.get("U", "") if isinstance(record.args, dict) else ""
        return not (path == "/healthz" or path.startswith("/healthz/"))


def on_starting(server):
    """Before the workers start: query strings off gunicorn's error log, health probes out of
    its access log."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from altprov.core.log_filters import DropQueryStrings

    logging.getLogger("gunicorn.error").addFilter(DropQueryStrings())
    logging.getLogger("gunicorn.access").addFilter(SkipHealthProbes())
