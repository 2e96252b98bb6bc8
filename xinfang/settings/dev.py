"""Development: one machine, the embedded SQLite file, debug pages on loopback only."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
