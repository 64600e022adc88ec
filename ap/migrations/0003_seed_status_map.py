"""Seed the purchasing status map with Tipalti's (consultants edit it in the admin)."""

from django.db import migrations

BOTH = ""
# (document kind, Intacct state, matching mode, status here)
TIPALTI_STATUS_MAP = (
    ("po", "Submitted", BOTH, "pending_approval"),
    ("po", "Partially Approved", BOTH, "pending_approval"),
    ("po", "Draft", BOTH, "pending_approval"),
    ("po", "Closed", BOTH, "closed"),
    ("po", "Converted", "2-way", "closed"),
    ("po", "Pending", BOTH, "active"),
    ("po", "In Progress", BOTH, "active"),
    ("po", "Converted", "3-way", "active"),
    ("po", "Partially Converted", "3-way", "active"),
    ("po", "Declined", BOTH, "deleted"),
    ("po", "Partially Converted", "2-way", "partially_billed"),
    ("receiver", "Draft", BOTH, "active"),
    ("receiver", "Pending", BOTH, "active"),
    ("receiver", "In Progress", BOTH, "active"),
    ("receiver", "Partially Converted", BOTH, "active"),
    ("receiver", "Closed", BOTH, "closed"),
    ("receiver", "Converted", BOTH, "closed"),
    ("receiver", "Declined", BOTH, "deleted"),
)


def seed(apps, schema_editor):
    mapping = apps.get_model("ap", "StatusMapping")
    for kind, state, mode, status in TIPALTI_STATUS_MAP:
        mapping.objects.get_or_create(
            document_kind=kind,
            intacct_state=state,
            matching_mode=mode,
            defaults={"status": status},
        )


def unseed(apps, schema_editor):
    mapping = apps.get_model("ap", "StatusMapping")
    for kind, state, mode, _ in TIPALTI_STATUS_MAP:
        mapping.objects.filter(document_kind=kind, intacct_state=state, matching_mode=mode).delete()


class Migration(migrations.Migration):
    dependencies = [("ap", "0002_purchasing")]

    operations = [migrations.RunPython(seed, unseed)]
