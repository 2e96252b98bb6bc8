"""Drop the single-column indexes of foreign keys that lead a composite index already.

Each is one more B-tree written per row at intake (benchmarks/README.md, batch intake 4). A
look-up, join or cascade by the foreign key uses the composite index whose first column it
is, on SQLite and PostgreSQL alike:

- ``matter.current_organ``: ``matter_organ_state_idx (current_organ, state)``;
- ``matter.petitioner``: ``matter_petitioner_idx (petitioner, registered_at)``;
- ``matter.registering_organ``: ``matter_registering_idx (registering_organ, registered_at)``;
- ``matterclock.matter``: ``matter_clock_matter_idx (matter, period)``;
- ``matterevent.matter``: ``matter_event_matter_idx (matter, at, id)``;
- ``repeatlink.matter``: the unique ``repeat_link_unique (matter, earlier)``;
- ``repeatlink.earlier``: ``repeat_link_earlier_idx (earlier)`` (it was indexed twice).

Only the indexes are dropped: ``AlterField`` would make SQLite copy each whole table. The
index names are the ones Django gave the foreign key indexes (``_create_index_name``); the
reverse creates them again.
"""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = (
    ("matter", "current_organ"),
    ("matter", "petitioner"),
    ("matter", "registering_organ"),
    ("matterclock", "matter"),
    ("matterevent", "matter"),
    ("repeatlink", "matter"),
    ("repeatlink", "earlier"),
)


def _indexes(apps, schema_editor):
    for model_name, field_name in FIELDS:
        model = apps.get_model("petitions", model_name)
        field = model._meta.get_field(field_name)
        table = model._meta.db_table
        yield model, field, schema_editor._create_index_name(table, [field.column], suffix="")


def drop_indexes(apps, schema_editor):
    for _model, _field, name in _indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    for model, field, name in _indexes(apps, schema_editor):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field], name=name))


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("petitions", "0003_default_categories"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="matter",
                    name="current_organ",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="current_matters",
                        to="orgs.organ",
                        verbose_name="当前所在机关",
                    ),
                ),
                migrations.AlterField(
                    model_name="matter",
                    name="petitioner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="matters",
                        to="petitions.petitioner",
                        verbose_name="信访人",
                    ),
                ),
                migrations.AlterField(
                    model_name="matter",
                    name="registering_organ",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="registered_matters",
                        to="orgs.organ",
                        verbose_name="登记机关",
                    ),
                ),
                migrations.AlterField(
                    model_name="matterclock",
                    name="matter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clocks",
                        to="petitions.matter",
                        verbose_name="信访事项",
                    ),
                ),
                migrations.AlterField(
                    model_name="matterevent",
                    name="matter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="petitions.matter",
                        verbose_name="信访事项",
                    ),
                ),
                migrations.AlterField(
                    model_name="repeatlink",
                    name="earlier",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="repeated_by",
                        to="petitions.matter",
                        verbose_name="此前事项",
                    ),
                ),
                migrations.AlterField(
                    model_name="repeatlink",
                    name="matter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="repeat_links",
                        to="petitions.matter",
                        verbose_name="信访事项",
                    ),
                ),
            ],
        ),
    ]
