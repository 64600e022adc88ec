from django.db import migrations

from integrations.pg_indexes import TRIGRAM_EXTENSION, binding_index, trigram_index


class Migration(migrations.Migration):
    dependencies = [("ap", "0006_list_sort_indexes")]

    operations = [
        TRIGRAM_EXTENSION,
        *(
            trigram_index(table, column)
            for table, columns in (
                ("ap_bill", ("number", "reference")),
                ("ap_vendor", ("name", "vendor_id")),
            )
            for column in columns
        ),
        *(binding_index(table) for table in ("ap_vendor", "ap_bill", "ap_billline")),
    ]
