"""``flush`` that works with the append-only audit triggers.

Emptying the whole database is the one legitimate way to remove audit entries (test teardown,
a development reset). The triggers are dropped for the wipe and reinstalled afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from xinfang.audit.triggers import drop_triggers, install_triggers


class Command(DjangoFlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        drop_triggers(connection)
        try:
            super().handle(**options)
        finally:
            install_triggers(connection)
