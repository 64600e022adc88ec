"""Seed the purchasing status map with Tipalti's (consultants edit it in the admin)."""

from django.db import migrations


def seed(apps, schema_editor):
    from ap.purchasing.status_seed import seed_status_map

    seed_status_map(apps.get_model("ap", "StatusMapping"))


def unseed(apps, schema_editor):
    apps.get_model("ap", "StatusMapping").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ap", "0002_purchasing")]

    operations = [migrations.RunPython(seed, unseed)]
