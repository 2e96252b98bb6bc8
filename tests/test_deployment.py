"""Deployment plumbing: the database a URL names, and the deployed entry points' settings."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from xinfang.settings.base import database_from_environment, sqlite_database

REGISTRARS = 2
EACH = 12


def test_a_sqlite_url_gets_the_embedded_durable_settings(monkeypatch, tmp_path):
    """``DATABASE_URL=sqlite:///…`` moves the file and keeps WAL, synchronous=FULL, IMMEDIATE
    writes, the busy timeout, the page cache and the kept connection, URL options or not."""
    path = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    assert database_from_environment(Path("unused")) == sqlite_database(path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}?timeout=1")
    options = database_from_environment(Path("unused"))["OPTIONS"]
    assert isinstance(options, dict)
    assert options["timeout"] == 30
    assert options["transaction_mode"] == "IMMEDIATE"
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "busy_timeout=30000",
        "cache_size=-65536",
        "foreign_keys=ON",
    ):
        assert f"PRAGMA {pragma};" in options["init_command"]


@pytest.mark.django_db(transaction=True)
def test_two_registrars_on_a_sqlite_url_database_are_never_locked_out(monkeypatch):
    """Two clerks registering at once on a file named by a ``sqlite:///`` URL: every
    registration succeeds (no "database is locked")."""
    from tests.petitions.matters.factories import build_matter_world
    from xinfang.petitions.matters.models import Matter
    from xinfang.petitions.matters.services import forget_calendar

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    forget_calendar()
    mw = build_matter_world()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{connection.settings_dict['NAME']}")
    from_url: dict[str, Any] = {
        **connections.settings["default"],
        "OPTIONS": {},
        **database_from_environment(Path("unused")),
    }
    # Threads open their own connections, configured from the URL.
    monkeypatch.setitem(connections.settings, "default", from_url)
    errors: list[BaseException] = []
    start = threading.Barrier(REGISTRARS)

    def registrar(number: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                mw.register(summary=f"物业多收电梯维修费 {number}-{n}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=registrar, args=(i,)) for i in range(REGISTRARS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert Matter.objects.count() == REGISTRARS * EACH


def _data_keys() -> str:
    import base64
    import json
    import secrets

    def key() -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode()

    return json.dumps({"current": "k1", "keys": {"k1": key()}, "index_key": key()})


def _import_wsgi(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "from django.conf import settings; import xinfang.wsgi; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_the_wsgi_entry_point_without_settings_runs_production_and_refuses_without_keys(
    tmp_path,
):
    """gunicorn ``xinfang.wsgi:application`` without ``DJANGO_SETTINGS_MODULE`` never runs the
    development settings: without its keys it refuses to start and says which is missing."""
    env = {"PATH": "/usr/bin:/bin", "XINFANG_VAR_DIR": str(tmp_path)}
    refused = _import_wsgi(env)
    assert refused.returncode != 0
    assert "XINFANG_SECRET_KEY" in refused.stderr
    assert "生产环境必须设置" in refused.stderr
    assert not (tmp_path / "keys.json").exists()

    env["XINFANG_SECRET_KEY"] = "".join(chr(33 + (n * 7) % 90) for n in range(60))
    env["XINFANG_ALLOWED_HOSTS"] = "xinfang.example"
    refused = _import_wsgi(env)
    assert refused.returncode != 0
    assert "XINFANG_DATA_KEYS" in refused.stderr

    env["XINFANG_DATA_KEYS"] = _data_keys()
    started = _import_wsgi(env)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["xinfang.settings.production", "False", "True", "31536000"]


def test_the_wsgi_entry_point_keeps_settings_named_explicitly(tmp_path):
    """``xinfang serve`` (runserver) names the development settings before loading the
    entry point; they stay in force."""
    env = {
        "PATH": "/usr/bin:/bin",
        "XINFANG_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "xinfang.settings.dev",
    }
    started = _import_wsgi(env)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split()[0] == "xinfang.settings.dev"


def test_the_shared_cache_is_the_database_or_redis_when_configured(monkeypatch):
    """The public look-up's limit holds across processes: a database table by default, Redis
    when ``XINFANG_REDIS_URL`` names one; never a process's own memory."""
    from xinfang.settings.base import cache_from_environment

    monkeypatch.delenv("XINFANG_REDIS_URL", raising=False)
    assert cache_from_environment()["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    monkeypatch.setenv("XINFANG_REDIS_URL", "redis://cache.example:6379/1")
    assert cache_from_environment() == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example:6379/1",
    }


def test_a_trusted_proxy_that_is_not_an_address_is_refused_at_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from xinfang.settings.base import trusted_proxies_from_environment

    monkeypatch.setenv("XINFANG_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert trusted_proxies_from_environment() == ["127.0.0.1/32", "10.0.0.0/8"]
    monkeypatch.setenv("XINFANG_TRUSTED_PROXIES", "127.0.0.1, nginx")
    with pytest.raises(ImproperlyConfigured, match="XINFANG_TRUSTED_PROXIES"):
        trusted_proxies_from_environment()


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_shared_cache_table():
    """``xinfang migrate`` (so ``make run`` and a fresh clone) creates the cache table; no
    separate ``createcachetable`` step."""
    from django.core.management import call_command

    with connection.schema_editor() as editor:
        editor.execute("DROP TABLE IF EXISTS xinfang_cache")
    assert "xinfang_cache" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert "xinfang_cache" in connection.introspection.table_names()
