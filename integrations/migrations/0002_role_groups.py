from django.db import migrations


def create_role_groups(apps, schema_editor):
    from integrations.roles import apply_role_permissions

    apply_role_permissions(apps, using=schema_editor.connection.alias)


def remove_role_groups(apps, schema_editor):
    from integrations.roles import ROLE_GRANTS

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_GRANTS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
