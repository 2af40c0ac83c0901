"""compose.yaml, the Dockerfile and deploy/nginx.conf, checked as files, in every run of the suite.
The set-up itself is tried by deploy/trial.sh where Docker runs (docs/deployment.md, "Trying the
set-up"), and tests/ops/test_processes.py starts the same processes directly."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "scheduler")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def command(service) -> str:
    value = service["command"]
    return " ".join(value) if isinstance(value, list) else value


def test_the_services_are_the_parts_of_the_deployment(services):
    assert set(services) == {"db", "migrate", "web", "worker", "scheduler", "proxy"}


def test_postgresql_15_keeps_its_data_in_a_volume_and_has_a_health_check(compose, services):
    db = services["db"]
    assert db["image"].startswith("postgres:15")
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pg_isready" in db["healthcheck"]["test"]
    assert "pgdata" in compose["volumes"]


def test_two_or_more_web_processes_behind_the_proxy_only(services):
    web = services["web"]
    assert web["deploy"]["replicas"] >= 2
    assert "ports" not in web  # reached through the proxy alone (ALTPROV_BEHIND_PROXY trusts it)
    assert command(web).startswith("gunicorn -c gunicorn.conf.py")
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert services["proxy"]["ports"] == ["80:80", "443:443"]
    for name in set(services) - {"proxy"}:
        assert "ports" not in services[name], name


def test_every_long_running_service_has_a_health_check(services):
    for name in ("db", "web", "worker", "scheduler", "proxy"):
        check = services[name]["healthcheck"]
        assert check["test"] and check["interval"], name
    assert "check_health worker" in " ".join(services["worker"]["healthcheck"]["test"])
    assert "check_health scheduler" in " ".join(services["scheduler"]["healthcheck"]["test"])


def test_the_worker_scheduler_and_migrate_commands(services):
    assert command(services["worker"]) == "python manage.py db_worker"
    assert services["worker"]["deploy"]["replicas"] >= 2  # a long backup holds up nothing
    assert "deploy" not in services["scheduler"]  # one scheduler (two would be safe)
    assert command(services["scheduler"]) == "python manage.py run_scheduler"
    steps = command(services["migrate"])
    assert "manage.py migrate --noinput" in steps
    assert "manage.py createcachetable" in steps
    assert "check --deploy" in steps
    assert services["migrate"]["restart"] == "no"


def test_the_app_waits_for_the_database_and_the_migrations(services):
    for name in ("web", "worker", "scheduler"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_uploaded_files_are_one_volume_shared_by_every_web_process_and_the_worker(
    compose, services
):
    media_root = services["web"]["environment"]["ALTPROV_MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert f"media:{media_root}" in services[name]["volumes"], name
    backup_dir = services["worker"]["environment"]["ALTPROV_BACKUP_DIR"]
    assert f"backups:{backup_dir}" in services["worker"]["volumes"]
    assert {"media", "backups"} <= set(compose["volumes"])
    # The web processes keep nothing else on their own disks.
    assert services["web"]["volumes"] == [f"media:{media_root}"]


def settings_variables() -> set[str]:
    text = (ROOT / "altprov" / "settings.py").read_text()
    return set(
        re.findall(r'(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?\s*"([A-Z_]+)"', text)
    )


def test_every_variable_the_compose_file_sets_is_one_the_settings_read(services):
    read = settings_variables()
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "ALTPROV_BACKUP_DIR"} <= read  # the regex works
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DJANGO_DEBUG"] == "0", name
        unknown = set(environment) - read
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_the_nginx_access_log_has_no_query_string_or_referer():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    formats = re.findall(r"log_format\s+\w+\s+((?:'[^']*'\s*)+);", conf)
    assert formats, "no log_format"
    for fmt in formats:
        for variable in (
            "$request ",
            "$request_uri",
            "$args",
            "$query_string",
            "$is_args",
            "$http_referer",
            "$arg_",
        ):
            assert variable not in fmt + " ", variable
        assert "$uri" in fmt
    assert '$request"' not in conf and "$request'" not in conf
    # Every access_log line uses the format without queries (or is off).
    for line in re.findall(r"^\s*access_log\s+([^;]+);", conf, re.M):
        assert line == "off" or line.endswith(" altprov"), line
    # Error messages quote the request line and the Referer: only critical ones are written.
    assert re.search(r"^error_log\s+\S+\s+crit;", conf, re.M)


def test_nginx_ends_tls_forwards_the_scheme_and_address_and_fits_the_gias_file():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert re.search(r"listen 443 ssl", conf)
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header X-Real-IP $remote_addr;" in conf
    assert "return 301 https://$host$request_uri;" in conf
    gias = re.search(r"location \^~ /service/gias/ \{(.*?)\}", conf, re.S).group(1)
    size = re.search(r"client_max_body_size (\d+)m;", gias)
    assert int(size.group(1)) >= 60
    health = re.search(r"location \^~ /healthz \{(.*?)\}", conf, re.S).group(1)
    assert "access_log off;" in health and "deny all;" in health


def test_the_dockerfile_is_slim_frozen_without_dev_and_runs_as_a_user_without_privileges():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(
        r"^ARG PYTHON_IMAGE=python:3\.11-slim-bookworm\nFROM \$\{PYTHON_IMAGE\}$", text, re.M
    )
    assert "uv sync --frozen --no-dev" in text
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in text  # WeasyPrint
    assert "postgresql-client-15" in text  # pg_dump matching the server
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "collectstatic" in text


def test_the_offline_file_changes_only_where_the_images_come_from(services):
    """compose.offline.yaml (for a machine that cannot reach Docker Hub) replaces the three
    images taken from Docker Hub and the app's base image, and nothing else: every setting that
    was tried is the production one."""
    offline = yaml.safe_load((ROOT / "compose.offline.yaml").read_text())["services"]
    assert set(offline) <= set(services)
    for name, service in offline.items():
        assert set(service) <= {"image", "build"}, name
        if "build" in service:
            assert service["build"]["args"] == {
                "PYTHON_IMAGE": "altprov-offline/python:3.11-bookworm"
            }
    assert offline["db"]["image"].startswith("altprov-offline/postgres:15")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm\nFROM ${PYTHON_IMAGE}" in dockerfile
