from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Reinstall the append-only triggers after every migrate or flush.

    SQLite rebuilds a table to alter it, which drops its triggers; this puts them back.
    """
    from .models import AuditEntry
    from .triggers import install_triggers

    connection = connections[using]
    if AuditEntry._meta.db_table in connection.introspection.table_names():
        install_triggers(connection)


class AuditConfig(AppConfig):
    name = "xinfang.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="xinfang.audit.triggers")
