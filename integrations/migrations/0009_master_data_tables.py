"""Entities (subsidiaries) and contacts move to ``integrations`` (step 3 of 3).

The tables are renamed (rows, keys and the foreign keys pointing at them stay: PostgreSQL
keeps constraints by table identity, SQLite rewrites references on rename), the unique
constraints take this app's names, and the content types move with their permissions, so
groups and users keep what they were granted.
"""

from django.db import migrations, models

MODELS = ("subsidiary", "contact")


def _move_content_types(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue  # created meanwhile (post_migrate): keep it, the old one stays stale
        ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)
    ContentType.objects.clear_cache()


def content_types_forwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "ar", "integrations")


def content_types_backwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "integrations", "ar")


def _unique_recordno(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=("connection", "intacct_recordno"), name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("integrations", "0008_master_data_state"),
        ("ar", "0003_master_data_to_integrations"),
    ]

    operations = [
        migrations.AlterModelTable(name="subsidiary", table=None),
        migrations.AlterModelTable(name="contact", table=None),
        migrations.RemoveConstraint(model_name="subsidiary", name="ar_subsidiary_unique_recordno"),
        migrations.AddConstraint(
            model_name="subsidiary",
            constraint=_unique_recordno("integrations_subsidiary_unique_recordno"),
        ),
        migrations.RemoveConstraint(model_name="contact", name="ar_contact_unique_recordno"),
        migrations.AddConstraint(
            model_name="contact",
            constraint=_unique_recordno("integrations_contact_unique_recordno"),
        ),
        migrations.RunPython(content_types_forwards, content_types_backwards),
    ]
