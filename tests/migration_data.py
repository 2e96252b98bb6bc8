"""The rows the data migrations write (the category taxonomy, the holiday calendar), written
again after a test emptied the database.

A transactional test (``django_db(transaction=True)``, a live server) ends with a flush that
takes them with it; a test that later loads the demo on the same worker needs them (the demo's
matters are skipped without categories).
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import connection

#: (migration module, forward function), in the order ``migrate`` runs them.
SEEDS = (
    ("xinfang.legal.migrations.0002_seed_calendar_2004_2026", "seed"),
    ("xinfang.petitions.migrations.0003_default_categories", "seed"),
    ("xinfang.petitions.migrations.0010_category_name_en", "name_in_english"),
    ("xinfang.petitions.migrations.0014_category_portfolio_subject", "map_subjects"),
)


def ensure_migration_data() -> None:
    """Write the data migrations' rows again if a flush took them."""
    from xinfang.petitions.matters.models import Category

    if Category.objects.exists():
        return
    with connection.schema_editor(atomic=True) as editor:
        for module, function in SEEDS:
            getattr(importlib.import_module(module), function)(apps, editor)
