"""Production: refuses to start without its secret key and allowed hosts.

Required environment: ``XINFANG_SECRET_KEY`` (50+ random characters) and
``XINFANG_ALLOWED_HOSTS`` (comma separated). ``DATABASE_URL`` selects PostgreSQL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import XINFANG_DATA_KEYS, XINFANG_DATA_KEYS_FILE

DEBUG = False
SECRET_KEY = os.environ.get("XINFANG_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "XINFANG_SECRET_KEY must be set to at least 50 random characters "
        "(生产环境必须设置 XINFANG_SECRET_KEY，至少 50 个随机字符)"
    )
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("XINFANG_ALLOWED_HOSTS", "").split(",") if h.strip()
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "XINFANG_ALLOWED_HOSTS must list the host names this server answers to "
        "(生产环境必须设置 XINFANG_ALLOWED_HOSTS)"
    )
# Personal data keys must be provided, never generated here (xinfang.access.crypto).
XINFANG_DATA_KEYS_AUTOCREATE = False
if not XINFANG_DATA_KEYS.strip() and not XINFANG_DATA_KEYS_FILE.is_file():
    raise ImproperlyConfigured(
        "XINFANG_DATA_KEYS or the key file XINFANG_DATA_KEYS_FILE must provide the personal "
        "data keys (生产环境必须配置个人信息加密密钥 XINFANG_DATA_KEYS 或密钥文件)"
    )
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("XINFANG_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# Static files (CSS, the API docs' assets) are served by the app itself through WhiteNoise after
# `xinfang collectstatic`; a reverse proxy may serve STATIC_ROOT directly instead.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a TLS-terminating reverse proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("XINFANG_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
