from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_cache_table(
    sender: Any, using: str = "default", verbosity: int = 1, **kwargs: Any
) -> None:
    """Create the shared cache's table (``CACHES``, the public look-up's limit) after every
    migrate, so ``make run`` and a fresh clone need no ``createcachetable``; nothing to do
    when the cache is Redis or the table exists."""
    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


class PetitionsConfig(AppConfig):
    name = "xinfang.petitions"
    label = "petitions"
    verbose_name = _("信访事项")

    def ready(self) -> None:
        from .matters.search_index import ensure_after_migrate

        post_migrate.connect(
            ensure_cache_table, sender=self, dispatch_uid="xinfang.petitions.cache_table"
        )
        post_migrate.connect(
            ensure_after_migrate, sender=self, dispatch_uid="xinfang.petitions.search_triggers"
        )
