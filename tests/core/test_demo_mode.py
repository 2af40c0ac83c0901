"""Issue 14, item 2.11: the demo (`make run`, ALTPROV_DEMO=1 under runserver) prints everything
needed to sign in, and shows the service's own 404, 403 and 500 pages, never Django's technical
pages (the technical 404 lists every URL of the service), while still serving static files."""

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.urls import path

from altprov.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET_BASE32
from altprov.urls import urlpatterns as service_urls
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def _env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ALTPROV_", "DATABASE_URL"))
    }
    env.update(extra)
    return env


@pytest.mark.django_db
def test_demo_sign_in_all_prints_the_password_and_every_account():
    make_user("head.somewhere@fmat.demo.altprov.invalid", job_title="Headteacher")
    out = io.StringIO()
    call_command("demo_sign_in", "--all", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    assert DEMO_TOTP_SECRET_BASE32 in text
    assert "head.somewhere@fmat.demo.altprov.invalid" in text


def _settings(**env) -> dict:
    code = (
        "import altprov.settings as s; "
        "print(s.DEBUG, s.WHITENOISE_USE_FINDERS, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=_env(**env), capture_output=True, text=True, check=True
    )
    debug, finders, storage = result.stdout.split()
    return {"DEBUG": debug == "True", "finders": finders == "True", "storage": storage}


def test_demo_mode_turns_debug_off_and_still_serves_static_files_from_the_apps():
    demo = _settings(ALTPROV_DEMO="1")
    assert demo["DEBUG"] is False
    assert demo["finders"] is True
    assert demo["storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert _settings()["DEBUG"] is True  # a developer's machine keeps Django's debug pages


def _explode(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [*service_urls, path("explode/", _explode)]
handler400 = "altprov.core.views.bad_request"
handler403 = "altprov.core.views.permission_denied"
handler404 = "altprov.core.views.page_not_found"
handler500 = "altprov.core.views.server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_demo_mode")
def test_a_fault_shows_the_service_500_page(world):
    from altprov.authz.permissions import Role
    from tests.conftest import signed_in_client

    client = signed_in_client(world.users[Role.HEADTEACHER])
    client.raise_request_exception = False
    response = client.get("/explode/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_security_token_shows_the_service_403_page(world):
    from altprov.authz.permissions import Role
    from tests.conftest import signed_in_client

    client = signed_in_client(world.users[Role.HEADTEACHER])
    client.handler.enforce_csrf_checks = True
    response = client.post("/switch-school/", {"school": world.school_a1.pk})
    assert response.status_code == 403
    content = response.content.decode()
    assert "You cannot do this" in content and "CSRF" not in content


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_server(tmp_path):
    """`make run` as it is: migrate, make the shared cache's table, seed a small demo, runserver
    with ALTPROV_DEMO=1."""
    env = _env(ALTPROV_DEMO="1", ALTPROV_SQLITE_PATH=str(tmp_path / "demo.sqlite3"))
    manage = [PY, "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["seed_demo", "--pupils-per-school", "40"],
    ):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/accessibility/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _sign_in(base: str) -> requests.Session:
    from altprov.accounts.demo import demo_code_now

    browser = requests.Session()
    browser.get(f"{base}/sign-in/", timeout=10)
    token = browser.cookies["csrftoken"]
    response = browser.post(
        f"{base}/sign-in/",
        data={
            "csrfmiddlewaretoken": token,
            "email": "head.fernleigh-academy@fmat.demo.altprov.invalid",
            "password": DEMO_PASSWORD,
        },
        headers={"Referer": f"{base}/sign-in/"},
        timeout=10,
    )
    assert response.url.endswith("/sign-in/code/")
    response = browser.post(
        f"{base}/sign-in/code/",
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"], "code": demo_code_now()},
        headers={"Referer": f"{base}/sign-in/code/"},
        timeout=10,
    )
    assert response.url == f"{base}/", response.text[:500]
    return browser


def test_the_demo_under_runserver_shows_the_service_pages_and_serves_static_files(demo_server):
    base = demo_server
    browser = _sign_in(base)
    missing = browser.get(f"{base}/no-such-page/", timeout=10)
    assert missing.status_code == 404
    assert "Page not found" in missing.text
    assert "URLconf" not in missing.text
    assert "Django tried these URL patterns" not in missing.text
    anonymous = requests.get(f"{base}/static/no-such-file.css", timeout=10)
    assert anonymous.status_code == 404 and "Page not found" in anonymous.text
    css = requests.get(f"{base}/static/govuk/application.css", timeout=10)
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    refused = browser.post(f"{base}/switch-school/", data={"school": "1"}, timeout=10)
    assert refused.status_code == 403
    assert "You cannot do this" in refused.text and "CSRF" not in refused.text
