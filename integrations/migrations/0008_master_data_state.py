"""Entities (subsidiaries) and contacts become shared master data of ``integrations``.

Step 1 of 3, state only: ``integrations`` takes the two models over on their existing
tables (``ar_subsidiary``, ``ar_contact``); nothing in the database changes. ``ar`` 0003 then
points its foreign keys here and forgets its own copies, and 0009 renames the tables.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0007_syncrun_parameters"),
        ("ar", "0002_customer_custom_fields_creditmemo_creditmemoline_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Contact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "intacct_recordno",
                            models.BigIntegerField(
                                blank=True, null=True, verbose_name="Intacct RECORDNO"
                            ),
                        ),
                        (
                            "intacct_id",
                            models.CharField(
                                blank=True, db_index=True, max_length=200, verbose_name="Intacct ID"
                            ),
                        ),
                        (
                            "intacct_modified_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="WHENMODIFIED as Intacct reports it (company time zone, no offset).",
                                null=True,
                                verbose_name="modified in Intacct",
                            ),
                        ),
                        (
                            "sync_state",
                            models.CharField(
                                choices=[
                                    ("synced", "Synced"),
                                    ("pending_push", "Pending push"),
                                    ("failed", "Failed"),
                                    ("skipped", "Skipped"),
                                    ("deleted_in_intacct", "Deleted in Intacct"),
                                ],
                                db_index=True,
                                default="synced",
                                max_length=20,
                            ),
                        ),
                        ("last_synced_at", models.DateTimeField(blank=True, null=True)),
                        ("sync_hash", models.CharField(blank=True, editable=False, max_length=40)),
                        (
                            "push_version",
                            models.PositiveIntegerField(
                                default=0,
                                editable=False,
                                help_text="Bumped on every local change that must be pushed.",
                            ),
                        ),
                        (
                            "last_pushed_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        ("contact_name", models.CharField(db_index=True, max_length=200)),
                        ("print_as", models.CharField(blank=True, max_length=200)),
                        ("company_name", models.CharField(blank=True, max_length=200)),
                        ("first_name", models.CharField(blank=True, max_length=100)),
                        ("last_name", models.CharField(blank=True, max_length=100)),
                        (
                            "email",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="primary e-mail"
                            ),
                        ),
                        (
                            "email2",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="secondary e-mails"
                            ),
                        ),
                        ("phone", models.CharField(blank=True, max_length=60)),
                        ("phone2", models.CharField(blank=True, max_length=60)),
                        ("address1", models.CharField(blank=True, max_length=200)),
                        ("address2", models.CharField(blank=True, max_length=200)),
                        ("city", models.CharField(blank=True, max_length=100)),
                        ("state", models.CharField(blank=True, max_length=100)),
                        (
                            "zip_code",
                            models.CharField(
                                blank=True, max_length=30, verbose_name="ZIP / postcode"
                            ),
                        ),
                        ("country", models.CharField(blank=True, max_length=100)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Active"),
                                    ("active non-posting", "Active non-posting"),
                                    ("inactive", "Inactive"),
                                ],
                                default="active",
                                max_length=20,
                            ),
                        ),
                        (
                            "connection",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="integrations.intacctconnection",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["contact_name"],
                        "abstract": False,
                        "db_table": "ar_contact",
                    },
                ),
                migrations.CreateModel(
                    name="Subsidiary",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "intacct_recordno",
                            models.BigIntegerField(
                                blank=True, null=True, verbose_name="Intacct RECORDNO"
                            ),
                        ),
                        (
                            "intacct_id",
                            models.CharField(
                                blank=True, db_index=True, max_length=200, verbose_name="Intacct ID"
                            ),
                        ),
                        (
                            "intacct_modified_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="WHENMODIFIED as Intacct reports it (company time zone, no offset).",
                                null=True,
                                verbose_name="modified in Intacct",
                            ),
                        ),
                        (
                            "sync_state",
                            models.CharField(
                                choices=[
                                    ("synced", "Synced"),
                                    ("pending_push", "Pending push"),
                                    ("failed", "Failed"),
                                    ("skipped", "Skipped"),
                                    ("deleted_in_intacct", "Deleted in Intacct"),
                                ],
                                db_index=True,
                                default="synced",
                                max_length=20,
                            ),
                        ),
                        ("last_synced_at", models.DateTimeField(blank=True, null=True)),
                        ("sync_hash", models.CharField(blank=True, editable=False, max_length=40)),
                        (
                            "push_version",
                            models.PositiveIntegerField(
                                default=0,
                                editable=False,
                                help_text="Bumped on every local change that must be pushed.",
                            ),
                        ),
                        (
                            "last_pushed_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        ("location_id", models.CharField(max_length=100, verbose_name="entity ID")),
                        ("name", models.CharField(max_length=200)),
                        (
                            "parent_id",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="parent entity"
                            ),
                        ),
                        ("currency", models.CharField(blank=True, max_length=3)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Active"),
                                    ("active non-posting", "Active non-posting"),
                                    ("inactive", "Inactive"),
                                ],
                                default="active",
                                max_length=20,
                            ),
                        ),
                        (
                            "connection",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="integrations.intacctconnection",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "subsidiaries",
                        "ordering": ["location_id"],
                        "abstract": False,
                        "db_table": "ar_subsidiary",
                    },
                ),
                migrations.AddConstraint(
                    model_name="contact",
                    constraint=models.UniqueConstraint(
                        fields=("connection", "intacct_recordno"), name="ar_contact_unique_recordno"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="subsidiary",
                    constraint=models.UniqueConstraint(
                        fields=("connection", "intacct_recordno"),
                        name="ar_subsidiary_unique_recordno",
                    ),
                ),
            ],
        ),
    ]
