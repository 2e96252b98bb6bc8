"""Record whether a supporting opinion was carried out (细则第十一条第一款第二项).

``execution_due`` (the profile's ``execute`` period from the day of issue), ``executed_at`` and
``execution_note`` on ``Opinion``, and a partial index of the open executions by due date for
lead detection. Existing opinions get no due date: nothing is inferred for the past.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0004_drop_redundant_fk_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="executed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="执行时间"),
        ),
        migrations.AddField(
            model_name="opinion",
            name="execution_due",
            field=models.DateField(blank=True, null=True, verbose_name="执行期限"),
        ),
        migrations.AddField(
            model_name="opinion",
            name="execution_note",
            field=models.TextField(blank=True, verbose_name="执行情况"),
        ),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(
                condition=models.Q(("executed_at__isnull", True), ("execution_due__isnull", False)),
                fields=["execution_due"],
                name="opinion_open_execution_idx",
            ),
        ),
    ]
