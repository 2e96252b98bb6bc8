"""Development and trying it out (``make run``): one machine, the embedded SQLite file.

The project's own error pages, as users will see them; Django's debug pages (tracebacks, the
list of every address) only when asked for with ``XINFANG_DEBUG=1``, and on loopback only.
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("XINFANG_DEBUG", "") == "1"
SECRET_KEY = "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Static files straight from the apps and installed packages (whitenoise), debug or not, with
# no ``collectstatic`` step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
