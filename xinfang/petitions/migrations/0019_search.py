"""Search (``xinfang.petitions.matters.search``): the petitioner's name index and the full-text
index over matters' summaries and contents.

- ``Petitioner.name_index``: the HMAC blind index of the normalised name, written by the
  services from now on and filled here for the rows already there (decrypting each name with
  the key ring, in batches; nothing to do, and no key needed, on an empty database).
- SQLite: ``petitions_matter_search``, an FTS5 table with the ``trigram`` tokenizer (any
  substring of three characters or more, Chinese included), contentless (it stores the index,
  not a second copy of the texts), kept in step with ``petitions_matter`` by triggers, so
  every writer — the services, ``bulk_create`` of batch intake, raw SQL — is covered. Each
  text is indexed followed by two ETX characters (``char(3, 3)``): every character of the
  text then begins a trigram, so a one- or two-character query is answered by the trigrams
  that begin with it (``petitions_matter_search_terms``, the table's vocabulary).
- PostgreSQL: ``pg_trgm`` GIN indexes on ``UPPER(summary)`` and ``UPPER(content)``: what
  Django's ``icontains`` compares (``UPPER(col) LIKE UPPER('%…%')``).

A later migration that makes SQLite rebuild ``petitions_matter`` drops the triggers with the old
table; ``ensure_search_triggers`` creates them again after every ``migrate``
(xinfang/petitions/matters/search_index.py).
"""

from django.db import migrations, models

from xinfang.petitions.matters.search_index import (
    SQLITE_DROP,
    SQLITE_FILL,
    SQLITE_TABLES,
    SQLITE_TRIGGERS,
)

POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS matter_summary_trgm_idx "
    "ON petitions_matter USING gin (UPPER(summary) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS matter_content_trgm_idx "
    "ON petitions_matter USING gin (UPPER(content) gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS matter_summary_trgm_idx",
    "DROP INDEX IF EXISTS matter_content_trgm_idx",
]


def install_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in [*SQLITE_TABLES, *SQLITE_TRIGGERS, SQLITE_FILL]:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in POSTGRES_INSTALL:
            schema_editor.execute(statement)


def drop_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def fill_name_index(apps, schema_editor):
    """The name index of every petitioner registered before it existed (batches of 1,000)."""
    petitioner_model = apps.get_model("petitions", "Petitioner")
    pending = petitioner_model.objects.filter(name_index="").exclude(name_ciphertext="")
    if not pending.exists():
        return
    from xinfang.access import crypto
    from xinfang.petitions.selectors import name_index_of

    ring = crypto.load_keyring()
    last = 0
    while True:
        batch = list(
            pending.filter(pk__gt=last).order_by("pk").only("uid", "name_ciphertext")[:1000]
        )
        if not batch:
            return
        for row in batch:
            aad = f"petitions.petitioner:{row.uid}:name"
            name = crypto.decrypt(row.name_ciphertext, aad=aad, ring=ring)
            row.name_index = name_index_of(name, ring=ring)
        petitioner_model.objects.bulk_update(batch, ["name_index"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0018_supervision_ladder"),
    ]

    operations = [
        migrations.AddField(
            model_name="petitioner",
            name="name_index",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=64, verbose_name="姓名索引"
            ),
        ),
        migrations.RunPython(fill_name_index, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(install_text_index, drop_text_index, elidable=False),
    ]
