"""Detected leads keep their summary as a code and its values (``Lead.summary_params``),
so that pages write it in the reader's language; older leads keep their stored text."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="summary_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="摘要参数"),
        ),
    ]
