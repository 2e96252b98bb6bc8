"""Authentication and transport: argon2, login throttling, CSP, hardened cookies, and
production settings that pass ``check --deploy`` and refuse to start without their secrets."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.access.world import PASSWORD
from xinfang.access import crypto

ROOT = Path(__file__).resolve().parents[2]


def test_passwords_are_hashed_with_argon2_outside_tests():
    from xinfang.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_session_and_csrf_cookies_are_hardened():
    from xinfang.settings import base

    assert base.SESSION_COOKIE_HTTPONLY and base.CSRF_COOKIE_HTTPONLY
    assert base.SESSION_COOKIE_SAMESITE == base.CSRF_COOKIE_SAMESITE == "Lax"
    assert base.X_FRAME_OPTIONS == "DENY"
    assert "csp.middleware.CSPMiddleware" in base.MIDDLEWARE
    assert base.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_out(client):
    get_user_model().objects.create_user(username="clerk", password=PASSWORD)
    for _ in range(5):
        response = client.post("/login/", {"username": "clerk", "password": "wrong"})
        assert "_auth_user_id" not in client.session
    response = client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_behind_the_reverse_proxy_falls_on_the_client_not_the_proxy(settings):
    """Behind nginx every sign-in comes from the proxy's address: the lock-out keys on the
    client it forwards for (a trusted proxy only), so one guesser does not lock out a clerk
    signing in to the same account from another desk."""
    from django.test import Client

    settings.XINFANG_TRUSTED_PROXIES = ("10.0.0.1",)
    get_user_model().objects.create_user(username="clerk", password=PASSWORD)
    guesser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66")
    for _ in range(5):
        guesser.post("/login/", {"username": "clerk", "password": "wrong"})
    assert guesser.post("/login/", {"username": "clerk", "password": PASSWORD}).status_code == 429
    clerk = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    clerk.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert "_auth_user_id" in clerk.session


@pytest.mark.django_db
def test_a_correct_login_before_the_limit_succeeds(client):
    get_user_model().objects.create_user(username="clerk", password=PASSWORD)
    for _ in range(4):
        client.post("/login/", {"username": "clerk", "password": "wrong"})
    client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XINFANG_", "DJANGO_", "PYTEST", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "xinfang.settings.production",
            "XINFANG_SECRET_KEY": secrets.token_urlsafe(60),
            "XINFANG_ALLOWED_HOSTS": "example.gov.cn",
            "XINFANG_DATA_KEYS": json.dumps(crypto.generate_keyring().as_document()),
        }
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("XINFANG_SECRET_KEY", ""),
        ("XINFANG_SECRET_KEY", "short"),
        ("XINFANG_ALLOWED_HOSTS", ""),
        ("XINFANG_DATA_KEYS", ""),
        ("XINFANG_DATA_KEYS", '{"current": "k1", "keys": {}}'),
    ],
)
def test_production_refuses_to_start_without_its_secrets(tmp_path, variable, value):
    env = production_env(**{variable: value, "XINFANG_DATA_KEYS_FILE": str(tmp_path / "none")})
    result = manage("check", env=env)
    assert result.returncode != 0
    assert variable in result.stderr
