"""Create or update a connection from the command line, then test it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from integrations.models import IntacctConnection
from integrations.services import connection_test


class Command(BaseCommand):
    help = "Create or update an Intacct connection and test it (signs in, checks permissions)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--endpoint", default=None, help="Gateway URL (default: Intacct's).")
        parser.add_argument("--sender-id", required=True)
        parser.add_argument("--sender-password", required=True)
        parser.add_argument("--company-id", required=True)
        parser.add_argument("--user-id", required=True)
        parser.add_argument("--user-password", required=True)
        parser.add_argument("--entity-id", default="")
        parser.add_argument(
            "--hourly-sync", action="store_true", help="Turn the hourly auto-sync on."
        )
        parser.add_argument("--no-test", action="store_true", help="Save without testing.")

    def handle(self, *args, **opts) -> None:
        name = opts["name"].strip()
        if not name:
            raise CommandError("--name must not be blank.")
        connection = IntacctConnection.objects.filter(name=name).first() or IntacctConnection(
            name=name
        )
        created = connection.pk is None
        if opts["endpoint"]:
            connection.endpoint_url = opts["endpoint"]
        connection.sender_id = opts["sender_id"]
        connection.sender_password = opts["sender_password"]
        connection.company_id = opts["company_id"]
        connection.user_id = opts["user_id"]
        connection.user_password = opts["user_password"]
        connection.entity_id = opts["entity_id"]
        if opts["hourly_sync"]:
            connection.hourly_sync = True
        raw_company = opts["company_id"]
        try:
            connection.full_clean()
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()
            )
            raise CommandError(f"Connection not saved: {problems}") from None
        if raw_company != raw_company.strip():
            self.stderr.write(f"Note: company ID trimmed to {connection.company_id!r}.")
        connection.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} connection {name!r}.")
        if opts["no_test"]:
            return
        result = connection_test(connection=connection)
        self.stdout.write(result.message)
        for entity in result.entities:
            self.stdout.write(f"  entity: {entity}")
        for missing in result.missing_permissions:
            self.stderr.write(f"  missing permission: {missing}")
        if not result.ok:
            raise CommandError("The connection test failed; see above.")
