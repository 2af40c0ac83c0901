"""AltProv settings: one file, driven by environment variables.

Development and tests run with DEBUG on and SQLite (the demo, ALTPROV_DEMO=1, with DEBUG off so that
it shows the service's own error pages); production sets DJANGO_DEBUG=0, a secret key,
allowed hosts and DATABASE_URL. See docs/configuration.md for every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DJANGO_DEBUG=0 means production settings. Anything else is a developer's machine, the tests or
# the demo: no secret key needed, local hosts, e-mail to the console, static files from the apps.
DEVELOPMENT = env_bool("DJANGO_DEBUG", True)
TESTING = env_bool("ALTPROV_TESTING", "pytest" in sys.modules)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105

# Demo mode gives the seeded accounts known TOTP secrets and prints how to sign in. Only `make run`
# turns it on; a production configuration refuses it.
DEMO_MODE = env_bool("ALTPROV_DEMO", False)
if DEMO_MODE and not DEVELOPMENT:
    raise ImproperlyConfigured("ALTPROV_DEMO cannot be used with production settings.")
# Django's debug pages (the technical 404 lists every URL) are for developers: the demo, like
# production, shows the service's own 404, 403 and 500 pages. WhiteNoise serves the static files
# from the apps in the demo (runserver does not when DEBUG is off).
DEBUG = DEVELOPMENT and not DEMO_MODE

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEVELOPMENT else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "csp",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    "altprov.core",
    "altprov.accounts",
    "altprov.authz",
    "altprov.organisations",
    "altprov.termdates",
    "altprov.audit",
    "altprov.history",
    "altprov.pupils",
    "altprov.providers",
    "altprov.staff",
    "altprov.gias",
    "altprov.evidence",
    "altprov.provider_audits",
    "altprov.chronology",
    "altprov.referrals",
    "altprov.placements",
    "altprov.reviews",
    "altprov.monitoring",
    "altprov.suspensions",
    "altprov.attendance",
    "altprov.duties",
    "altprov.progress",
    "altprov.budgets",
    "altprov.outcomes",
    "altprov.reports",
    "altprov.sar",
    "altprov.portal",
    "altprov.retention",
    "altprov.scale",
    "rest_framework",
    "drf_spectacular",
    "altprov.api",
    "altprov.ops",
    "altprov.national",
]

MIDDLEWARE = [
    # /healthz and /healthz/ready for the orchestrator, answered before anything else: no host
    # check, HTTPS redirect, session, sign-in or access log (altprov/ops, docs/deployment.md).
    "altprov.ops.middleware.HealthCheckMiddleware",
    # The client's address from the reverse proxy, when ALTPROV_BEHIND_PROXY is set.
    "altprov.ops.middleware.ClientAddressFromProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The security headers go on every response, static files and the 400 page of a refused host
    # (raised by CommonMiddleware) included, so these come before everything that answers.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "altprov.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, reading the user and their device in one query
    "altprov.accounts.signed_in.UserAndDeviceMiddleware",
    "altprov.accounts.middleware.SessionPolicyMiddleware",
    "altprov.accounts.middleware.SecondFactorRequiredMiddleware",
    "altprov.portal.middleware.ProviderBoundaryMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "altprov.organisations.middleware.CurrentSchoolMiddleware",
    # Every write request replaces the generations of the writer's scope, so the stored copies
    # of the home page computed before it are stale (altprov/core/generations.py)
    "altprov.core.generations.GenerationMiddleware",
    # Writes the access log of every response that showed pupils
    "altprov.audit.access.AccessLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "altprov.urls"
WSGI_APPLICATION = "altprov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "altprov.core.context_processors.service",
            ],
        },
    },
]

# Database: SQLite in WAL mode unless DATABASE_URL says otherwise (PostgreSQL in production).
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    # The tests' database (pytest-django makes and drops it): "test_<name>" unless set.
    if os.environ.get("ALTPROV_TEST_DATABASE_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["ALTPROV_TEST_DATABASE_NAME"]}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("ALTPROV_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing cost is not what the tests are about.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"

# Sessions: SessionPolicyMiddleware ends a session after SESSION_IDLE_TIMEOUT without a request and
# SESSION_ABSOLUTE_TIMEOUT after sign-in, telling the person why. The cookie lasts as long as the
# absolute limit, and no longer than the browser is open.
SESSION_IDLE_TIMEOUT = int(os.environ.get("ALTPROV_IDLE_TIMEOUT_MINUTES", "30")) * 60
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("ALTPROV_ABSOLUTE_TIMEOUT_HOURS", "10")) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Saved when it changes, and SessionPolicyMiddleware changes it at least once a minute while the
# person is busy (the time of their last request), so the stored expiry keeps moving too.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "altprov.core.views.csrf_failure"

# Lockout: django-axes, keyed on the email typed (whether or not an account has it) and the IP.
AXES_FAILURE_LIMIT = int(os.environ.get("ALTPROV_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("ALTPROV_LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
# Cleared when both steps of signing in succeed (accounts/lockout.py), not after the password alone:
# wrong second-factor codes count towards the same lockout.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

OTP_TOTP_ISSUER = "AltProv"
OTP_TOTP_THROTTLE_FACTOR = 1

# Passkeys (WebAuthn, X-5): a second factor beside the authenticator app (altprov/accounts/
# passkeys.py). A passkey belongs to one relying party id, the service's host name: passkeys
# made at one name do not work at another, and browsers refuse an IP address. Development and
# the demo use "localhost" (open http://localhost:8000); production defaults to the first of
# DJANGO_ALLOWED_HOSTS, with the origin https://<that name>.
WEBAUTHN_RP_ID = os.environ.get("ALTPROV_WEBAUTHN_RP_ID", "").strip() or (
    "localhost" if DEVELOPMENT else (ALLOWED_HOSTS[0].lstrip(".") if ALLOWED_HOSTS else "")
)
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_RP_NAME = "AltProv"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("ALTPROV_WEBAUTHN_ORIGINS") or [
    "http://localhost:8000" if DEVELOPMENT else f"https://{WEBAUTHN_RP_ID}"
]
OTP_WEBAUTHN_HELPER_CLASS = "altprov.accounts.passkeys.PasskeyHelper"
# A passkey is a second factor only: the password always comes first.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "altprov.passkeys"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT
MEDIA_ROOT = Path(os.environ.get("ALTPROV_MEDIA_ROOT", str(BASE_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds has no GOV.UK class for these inputs.
CRISPY_CLASS_CONVERTERS = {"urlinput": "govuk-input", "numberinput": "govuk-input"}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Caches. "default" is per process (nothing in it must be shared). "shared" is a table in the
# database (`manage.py createcachetable` makes it; the deploy steps and `make run` run it), so
# every gunicorn process on every machine sees the same entries: the API's calls per token are
# counted there, one budget however many web processes serve the token (docs/deployment.md).
# The tests count in the fast local cache unless a test asks for the shared one.
CACHE_TABLE = "altprov_cache"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
API_THROTTLE_CACHE = "default" if TESTING else "shared"
# The home page's stored attention lists and the generations that say whether they are still true
# (altprov/core/attention.py, generations.py): shared by every process, or a write seen by one
# would leave the others' copies stale. The tests compute every list afresh ("none") unless a
# test asks for the shared cache (tests/core/test_attention_copies.py, tests/queries).
ATTENTION_CACHE = "none" if TESTING else "shared"

# Operations (altprov/ops, docs/deployment.md): health, the scheduler, backups.
# The worker (and the scheduler) must have left a heartbeat this recently for /healthz/ready.
HEARTBEAT_STALE_SECONDS = int(os.environ.get("ALTPROV_HEARTBEAT_STALE_SECONDS", "180"))
# Behind the reverse proxy (deploy/nginx.conf): take the client's address from its X-Real-IP.
BEHIND_PROXY = env_bool("ALTPROV_BEHIND_PROXY", False)
# Where `backup` (and the scheduled nightly backup) writes, and how many backups it keeps there.
BACKUP_DIR = Path(os.environ.get("ALTPROV_BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP = int(os.environ.get("ALTPROV_BACKUP_KEEP", "14"))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "AltProv <no-reply@altprov.invalid>"
)
SERVICE_BASE_URL = os.environ.get("ALTPROV_BASE_URL", "http://127.0.0.1:8000")

# The API (issue 9, altprov/api): bearer tokens only, JSON only, cursor pages, a rate per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["altprov.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["altprov.api.access.TokenAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["altprov.api.throttling.PerClientThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "altprov.api.errors.exception_handler",
}
# Calls per token: "<number>/<second|minute|hour|day>", counted in API_THROTTLE_CACHE.
API_RATE = os.environ.get("ALTPROV_API_RATE", "600/minute")
API_PAGE_SIZE = 100
SPECTACULAR_SETTINGS = {
    "TITLE": "AltProv API",
    "DESCRIPTION": "Placements, attendance marks, providers and the school census rows of a "
    "trust or one of its schools, for schools' MIS and the trust's reporting tools. "
    "See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Content Security Policy with per-request nonces (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],  # the request's nonce, for the one inline script
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The Referer carries only the service's origin, never a path or query string (the pupil search
# puts a name in the query string), to the service itself or anywhere else. Not "no-referrer":
# browsers then send "Origin: null" with forms, which Django's CSRF check refuses.
SECURE_REFERRER_POLICY = "strict-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEVELOPMENT:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No pupil's name in any log: every handler takes query strings off the URLs it writes (the
# pupil search is a GET), and Django's loggers write only through it (not Django's default
# handlers, whose error emails carry the whole request). See altprov/core/log_filters.py.
LOG_LEVEL = os.environ.get("ALTPROV_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"drop_query_strings": {"()": "altprov.core.log_filters.DropQueryStrings"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["drop_query_strings"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # The development server's request lines ("GET /pupils/ HTTP/1.1" 200), without queries.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Uploaded evidence (audit documents, letters of comfort): PDF, Word and images only.
EVIDENCE_MAX_BYTES = int(os.environ.get("ALTPROV_EVIDENCE_MAX_MB", "10")) * 1024 * 1024
# Every upload is scanned by ClamAV's clamd through this Unix socket when it is set; without it,
# uploads are not scanned and each process logs a warning once (altprov/evidence/antivirus.py).
CLAMD_SOCKET = os.environ.get("ALTPROV_CLAMD_SOCKET", "")
CLAMD_TIMEOUT = float(os.environ.get("ALTPROV_CLAMD_TIMEOUT", "30"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
