from django.db import migrations


def seed(apps, schema_editor):
    from integrations.catalogue_seed import seed_builtin

    seed_builtin(apps.get_model("integrations", "ErrorCatalogueEntry"))


def unseed(apps, schema_editor):
    apps.get_model("integrations", "ErrorCatalogueEntry").objects.filter(builtin=True).delete()


class Migration(migrations.Migration):
    dependencies = [("integrations", "0003_sync_engine")]
    operations = [migrations.RunPython(seed, unseed)]
