from django.db import migrations

from integrations.pg_indexes import relation_index


class Migration(migrations.Migration):
    dependencies = [("ap", "0008_more_list_indexes")]

    operations = [relation_index("ap_vendor")]
