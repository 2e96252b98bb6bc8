from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations: list[migrations.operations.base.Operation] = []
