"""Pupils' names never reach the server's logs. The pupil search is a GET, so a name sits in the
query string: the committed gunicorn configuration logs no query string and no Referer, Django's
logging takes query strings off every URL it writes, and the Referer never carries a path."""

import datetime as dt
import importlib.util
import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings

from altprov.authz.permissions import Role
from altprov.core.log_filters import DropQueryStrings, without_query_strings
from tests.conftest import signed_in_client

ROOT = Path(__file__).resolve().parents[2]
NAME = "Zebedeequery"  # a pupil's name, searched for


def gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gunicorn_access_log_format_has_no_query_string_or_referrer():
    fmt = gunicorn_conf().access_log_format
    # %(r)s is the request line with its query string, %(q)s the query string, %(f)s and
    # %({referer}i)s the Referer; %({...}e)s environment atoms include QUERY_STRING and RAW_URI.
    for atom in ("%(r)s", "%(q)s", "%(f)s"):
        assert atom not in fmt, atom
    atoms = re.findall(r"%\((.*?)\)s", fmt)
    assert not [a for a in atoms if a.startswith("{")], atoms
    assert "%(U)s" in fmt  # the path, which gunicorn gives without its query string


def test_a_request_with_a_name_in_its_query_and_referer_is_logged_without_them():
    """The format as gunicorn itself writes it, for a pupil search followed from a page that had
    one."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    conf = gunicorn_conf()
    cfg = Config()
    for name in ("accesslog", "errorlog", "access_log_format", "bind", "workers"):
        cfg.set(name, getattr(conf, name))
    logger = Logger(cfg)
    out = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(out)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/pupils/?q={NAME}",
        "PATH_INFO": "/pupils/",
        "QUERY_STRING": f"q={NAME}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://altprov.example.org/pupils/?q={NAME}",
    }
    response = type("R", (), {"status": "200 OK", "sent": 512, "headers": []})()
    request = type("Q", (), {"headers": [("REFERER", environ["HTTP_REFERER"])]})()
    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    line = out.getvalue()
    assert '"GET /pupils/ HTTP/1.1" 200 512 12ms' in line
    assert NAME not in line and "q=" not in line


def test_the_gunicorn_error_log_drops_query_strings():
    logger = logging.getLogger("gunicorn.error")
    filters = list(logger.filters)
    try:
        gunicorn_conf().on_starting(server=None)
        assert any(isinstance(f, DropQueryStrings) for f in logger.filters)
        record = logger.makeRecord(
            logger.name,
            logging.ERROR,
            __file__,
            1,
            "Error handling request %s",
            (f"/pupils/?q={NAME}",),
            None,
        )
        for f in logger.filters:
            f.filter(record)
        assert record.getMessage() == "Error handling request /pupils/"
    finally:
        logger.filters[:] = filters


def test_the_deployment_docs_run_gunicorn_with_the_committed_config():
    doc = (ROOT / "docs" / "deployment.md").read_text()
    commands = [line for line in doc.splitlines() if "bin/gunicorn" in line]
    assert commands and all("-c gunicorn.conf.py" in line for line in commands), commands
    assert "--access-logfile" not in doc  # the format lives in the committed config only


def test_djangos_logging_config_filters_every_handler_and_owns_djangos_loggers():
    config = settings.LOGGING
    assert config["filters"]["drop_query_strings"]["()"] == (
        "altprov.core.log_filters.DropQueryStrings"
    )
    for name, handler in config["handlers"].items():
        assert "drop_query_strings" in handler.get("filters", []), name
        assert "AdminEmailHandler" not in handler["class"], name  # it mails the whole request
    for name in ("django", "django.server"):
        logger = config["loggers"][name]
        assert logger["propagate"] is False and set(logger["handlers"]) <= set(config["handlers"])
    for formatter in config.get("formatters", {}).values():
        assert "request" not in formatter.get("format", "")


@pytest.mark.django_db
def test_djangos_own_request_logging_writes_no_query_string(world):
    """Django logs a 404 and a 500 with the path; the development server logs the request line.
    Whatever reaches the console has no query string."""
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    out = io.StringIO()
    old = handler.setStream(out)
    try:
        client = signed_in_client(world.users[Role.HEADTEACHER])
        assert client.get(f"/no-such-page/?q={NAME}").status_code == 404
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /pupils/?q={NAME}&page=2 HTTP/1.1", "200", "5120"
        )
        try:
            raise ValueError(f"while reading https://altprov.example.org/pupils/?q={NAME}")
        except ValueError:
            logging.getLogger("django.request").exception(
                "Internal Server Error: %s", f"/pupils/?q={NAME}"
            )
    finally:
        handler.setStream(old)
    written = out.getvalue()
    assert "Not Found: /no-such-page/" in written
    assert '"GET /pupils/ HTTP/1.1" 200 5120' in written
    assert "Internal Server Error: /pupils/" in written
    assert "while reading https://altprov.example.org/pupils/" in written
    assert NAME not in written


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"GET /pupils/?q={NAME} HTTP/1.1", "GET /pupils/ HTTP/1.1"),
        (f"https://host/pupils/?q={NAME}&page=2", "https://host/pupils/"),
        (f'"/a/?x=1" and "/b/?q={NAME}"', '"/a/" and "/b/"'),
        ("Is this a question?", "Is this a question?"),
        ("/pupils/", "/pupils/"),
    ],
)
def test_query_strings_are_taken_off_urls_and_nothing_else(text, expected):
    assert without_query_strings(text) == expected


def test_the_referer_never_carries_a_path_or_query_string(client):
    """strict-origin: only the origin, to the service and elsewhere. ("no-referrer" would make
    browsers send "Origin: null" with forms, which the CSRF check refuses.)"""
    assert settings.SECURE_REFERRER_POLICY == "strict-origin"
    assert client.get("/sign-in/")["Referrer-Policy"] == "strict-origin"
