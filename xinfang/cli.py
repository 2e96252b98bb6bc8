"""The ``xinfang`` console command: manage.py with its settings found by itself.

``xinfang serve`` runs the web server, ``xinfang demo`` loads the demo data, and every other
management command (``xinfang migrate``, ``xinfang shell``, ``xinfang deadline`` ...) passes
through to Django.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "runserver"}


def main(argv: list[str] | None = None) -> None:
    """Run a management command under the development settings unless told otherwise."""
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.dev")
    if len(args) > 1 and not args[1].startswith("-"):
        # ``xinfang verify-audit`` runs the ``verify_audit`` command.
        args[1] = ALIASES.get(args[1], args[1].replace("-", "_"))
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
