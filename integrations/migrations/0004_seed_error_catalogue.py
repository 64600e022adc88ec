from django.db import migrations


def seed(apps, schema_editor):
    from integrations.catalogue_seed import ENTRIES

    Entry = apps.get_model("integrations", "ErrorCatalogueEntry")
    for data in ENTRIES:
        Entry.objects.update_or_create(title=data["title"], defaults={**data, "builtin": True})


def unseed(apps, schema_editor):
    apps.get_model("integrations", "ErrorCatalogueEntry").objects.filter(builtin=True).delete()


class Migration(migrations.Migration):
    dependencies = [("integrations", "0003_sync_engine")]
    operations = [migrations.RunPython(seed, unseed)]
