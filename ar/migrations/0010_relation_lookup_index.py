from django.db import migrations

from integrations.pg_indexes import relation_index


class Migration(migrations.Migration):
    dependencies = [("ar", "0009_more_list_indexes")]

    operations = [relation_index("ar_customer")]
