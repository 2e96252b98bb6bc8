"""The project's own plumbing: the console command and the embedded database's durability."""

import subprocess
import sys

import pytest
from django.db import connection

from xinfang import cli


def test_cli_maps_hyphenated_names_and_serve(monkeypatch):
    """`xinfang verify-audit` runs `verify_audit`; `xinfang serve` runs `runserver`."""
    seen = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    cli.main(["xinfang", "verify-audit"])
    cli.main(["xinfang", "serve", "127.0.0.1:9"])
    cli.main(["xinfang", "--version"])
    assert seen == [
        ["xinfang", "verify_audit"],
        ["xinfang", "runserver", "127.0.0.1:9"],
        ["xinfang", "--version"],
    ]


def test_xinfang_command_finds_its_settings_by_itself(tmp_path):
    """The installed console command runs without DJANGO_SETTINGS_MODULE in the environment."""
    env = {"PATH": "/usr/bin:/bin", "XINFANG_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "xinfang.cli", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_embedded_sqlite_is_durable():
    """SQLite runs in WAL mode with synchronous=FULL (the embedded default must not lose data)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_embedded_sqlite_connection_outlives_a_request():
    """A worker keeps its SQLite connection and page cache from one request to the next
    (what ``request_finished`` does at the end of every request), not a reconnect each."""
    from django.db import close_old_connections

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -65536  # 64 MB, in KiB
    before = connection.connection
    close_old_connections()
    assert connection.connection is before


def test_production_settings_refuse_to_start_without_secret_key_and_hosts():
    """Production settings raise a clear error when the secret key or hosts are missing."""
    code = "import django; django.setup()"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "xinfang.settings.production"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode != 0
    assert "XINFANG_SECRET_KEY" in result.stderr
    env["XINFANG_SECRET_KEY"] = "k" * 10 + "abcdefghij" * 5
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode != 0
    assert "XINFANG_ALLOWED_HOSTS" in result.stderr
