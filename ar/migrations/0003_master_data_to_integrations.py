"""Entities (subsidiaries) and contacts move to ``integrations`` (step 2 of 3, state only).

The foreign keys of customers and documents now point at ``integrations.Subsidiary`` and
``integrations.Contact``, which use the same tables; the columns and database constraints
stay as they are, so no row is touched. ``integrations`` 0009 renames the tables.
"""

import django.db.models.deletion
from django.db import migrations, models


def _fk(to: str, related_name: str, **extra):
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name=related_name,
        to=to,
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ar", "0002_customer_custom_fields_creditmemo_creditmemoline_and_more"),
        ("integrations", "0008_master_data_state"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="customer",
                    name="created_in_entity",
                    field=_fk(
                        "integrations.subsidiary",
                        "customers",
                        help_text="The entity the customer was created in (blank: top level).",
                    ),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="display_contact",
                    field=_fk("integrations.contact", "+"),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="primary_contact",
                    field=_fk("integrations.contact", "+"),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="bill_to_contact",
                    field=_fk("integrations.contact", "+"),
                ),
                migrations.AlterField(
                    model_name="customer",
                    name="ship_to_contact",
                    field=_fk("integrations.contact", "+"),
                ),
                migrations.AlterField(
                    model_name="invoice",
                    name="subsidiary",
                    field=_fk("integrations.subsidiary", "invoices"),
                ),
                migrations.AlterField(
                    model_name="creditmemo",
                    name="subsidiary",
                    field=_fk("integrations.subsidiary", "credit_memos"),
                ),
                migrations.AlterField(
                    model_name="payment",
                    name="subsidiary",
                    field=_fk("integrations.subsidiary", "payments"),
                ),
                migrations.DeleteModel(name="Contact"),
                migrations.DeleteModel(name="Subsidiary"),
            ],
        ),
    ]
