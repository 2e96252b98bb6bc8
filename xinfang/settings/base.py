"""Settings shared by every environment.

The embedded default is SQLite in WAL mode under ``var/``; ``DATABASE_URL`` selects
PostgreSQL (psycopg 3) for a city or a country.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("XINFANG_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("XINFANG_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",
    "django_filters",
    "xinfang.audit",
    "xinfang.legal",
    "xinfang.orgs",
    "xinfang.access",
    "xinfang.petitions",
    "xinfang.accountability",
    "xinfang.duties",
    "xinfang.oversight",
    "xinfang.statistics",
    "xinfang.web",
    "xinfang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "xinfang.web.middleware.NoStoreMiddleware",  # after WhiteNoise: static files stay cacheable
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xinfang.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xinfang.api.errors.ApiErrorsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "xinfang.urls"
WSGI_APPLICATION = "xinfang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def sqlite_database(path: Path, *, options: dict[str, Any] | None = None) -> dict[str, object]:
    """The embedded database: durable SQLite (WAL, synchronous=FULL, IMMEDIATE writes).

    Connections persist across requests (a WSGI worker keeps its own): opening one, running
    the pragmas and reading the schema costs about a millisecond a request, and the 64 MB page
    cache (allocated as used) keeps the upper levels of the big indexes across requests.
    Other ``options`` (from a ``sqlite:///`` URL) never override these."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            **(options or {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
                "PRAGMA cache_size=-65536;"
            ),
        },
    }


def database_from_environment(default_path: Path) -> dict[str, object]:
    """The database ``DATABASE_URL`` names (PostgreSQL for a city), else the embedded file.

    A ``sqlite:///`` URL only moves the file: it gets exactly the embedded default's durable
    settings (WAL, synchronous=FULL, IMMEDIATE writes, the busy timeout, the page cache and a
    kept connection); without them concurrent writers fail with "database is locked"."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        parsed = dj_database_url.parse(url, conn_max_age=60)
        if parsed.get("ENGINE") == "django.db.backends.sqlite3":
            return sqlite_database(Path(parsed.get("NAME") or ""), options=parsed.get("OPTIONS"))
        config: dict[str, object] = dict(parsed)
        if config.get("ENGINE") == "django.db.backends.postgresql":
            config.setdefault("OPTIONS", {})
        return config
    return sqlite_database(default_path)


DATABASES = {"default": database_from_environment(VAR_DIR / "xinfang.sqlite3")}


def cache_from_environment() -> dict[str, object]:
    """The cache every process shares (the public look-up's limit counts there): Redis when
    ``XINFANG_REDIS_URL`` is set (``pip install 'xinfang[redis]'``), otherwise a table in the
    database, which ``migrate`` creates (``xinfang.petitions.apps``)."""
    url = os.environ.get("XINFANG_REDIS_URL", "").strip()
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "xinfang_cache",
        # Culling past MAX_ENTRIES drops live entries: keep it well above the limit's keys.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }


def trusted_proxies_from_environment() -> list[str]:
    """The reverse proxies (addresses or networks) whose ``X-Forwarded-For`` names the client:
    ``XINFANG_TRUSTED_PROXIES``, comma separated (``127.0.0.1,10.0.0.0/8``)."""
    networks = []
    for item in os.environ.get("XINFANG_TRUSTED_PROXIES", "").split(","):
        if not item.strip():
            continue
        try:
            networks.append(str(ipaddress.ip_network(item.strip(), strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"XINFANG_TRUSTED_PROXIES: {item.strip()!r} is not an address or a network "
                "(XINFANG_TRUSTED_PROXIES 中有无效的地址或网段)"
            ) from exc
    return networks


CACHES = {"default": cache_from_environment()}
XINFANG_TRUSTED_PROXIES = trusted_proxies_from_environment()
# The public look-up by query code (xinfang.petitions.matters.throttle): at most this many
# failed look-ups (unknown codes) from one client address in any window of this many seconds.
XINFANG_PUBLIC_LOOKUP_LIMIT = 30
XINFANG_PUBLIC_LOOKUP_WINDOW = 300
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend; the signed-in user's read compiled once (xinfang.prepared).
    "xinfang.access.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Login throttling (django-axes): five failures lock the username and address for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client behind the trusted reverse proxies (XINFANG_TRUSTED_PROXIES), not the proxy.
AXES_CLIENT_IP_CALLABLE = "xinfang.petitions.matters.throttle.client_ip"

# Keys for personal data (xinfang.access.crypto), kept outside the database: the JSON key ring
# in XINFANG_DATA_KEYS, or the file XINFANG_DATA_KEYS_FILE (mode 0600). Development and tests
# generate the file on first use; production requires one (see production.py).
XINFANG_DATA_KEYS = os.environ.get("XINFANG_DATA_KEYS", "")
XINFANG_DATA_KEYS_FILE = Path(os.environ.get("XINFANG_DATA_KEYS_FILE", VAR_DIR / "keys.json"))
XINFANG_DATA_KEYS_AUTOCREATE = True

# Management commands that `xinfang demo` runs after the registry, in order; each is idempotent.
XINFANG_DEMO_STEPS = [
    "demo_petitioners",
    "demo_matters",
    "demo_duties",
    "detect_leads",
    "demo_accountability",
    "demo_oversight",
]

# Periodic jobs run by `xinfang worker`: (management command, interval in seconds); each is
# idempotent and safe to run twice.
XINFANG_PERIODIC_JOBS = [("detect_leads", 60 * 60), ("merge_repeat_index", 10 * 60)]

# Sessions in the database (Django's store, its read compiled once: xinfang.prepared).
SESSION_ENGINE = "xinfang.access.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# The largest request body (1 MiB; files of a multipart upload are not counted). Bigger is
# 413 ``too_large`` under /api/ whatever its fields (docs/api.md): the longest text a schema
# takes (20,000 characters) fits many times over, so only a body nobody fills by hand is refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A Content Security Policy on every page: nothing but this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "xinfang" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Dates as each language writes them (xinfang/settings/formats; docs/pages.md).
FORMAT_MODULE_PATH = ["xinfang.settings.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "xinfang": {"handlers": ["console"], "level": "INFO"},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
    },
}
