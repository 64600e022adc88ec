from django.db import migrations

from integrations.pg_indexes import TRIGRAM_EXTENSION, binding_index, trigram_index


class Migration(migrations.Migration):
    dependencies = [("ar", "0007_list_sort_indexes")]

    operations = [
        TRIGRAM_EXTENSION,
        *(
            trigram_index(table, column)
            for table, columns in (
                ("ar_invoice", ("number", "reference")),
                ("ar_payment", ("number", "reference")),
                ("ar_creditmemo", ("number", "reference")),
                ("ar_customer", ("name", "customer_id", "intacct_customer_id")),
            )
            for column in columns
        ),
        *(
            binding_index(table)
            for table in (
                "ar_customer",
                "ar_invoice",
                "ar_invoiceline",
                "ar_creditmemo",
                "ar_creditmemoline",
                "ar_payment",
                "ar_paymentapplication",
            )
        ),
    ]
