"""Create or update a connection from the command line, then test it.

Passwords come from the environment (``INTACCT_SENDER_PASSWORD``, ``INTACCT_USER_PASSWORD``) or
from a prompt, so that they never appear in the process list or the shell history. The
``--sender-password``/``--user-password`` arguments still work but are unsafe for that reason.
"""

import os
import sys
from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from integrations.crypto import Secret
from integrations.models import IntacctConnection
from integrations.services import connection_test


class Command(BaseCommand):
    help = "Create or update an Intacct connection and test it (signs in, checks permissions)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--endpoint", default=None, help="Gateway URL (default: Intacct's).")
        parser.add_argument("--sender-id", required=True)
        parser.add_argument(
            "--sender-password",
            default="",
            help="UNSAFE (visible in the process list): prefer $INTACCT_SENDER_PASSWORD or the "
            "prompt.",
        )
        parser.add_argument("--company-id", required=True)
        parser.add_argument("--user-id", required=True)
        parser.add_argument(
            "--user-password",
            default="",
            help="UNSAFE (visible in the process list): prefer $INTACCT_USER_PASSWORD or the "
            "prompt.",
        )
        parser.add_argument("--entity-id", default="")
        parser.add_argument(
            "--hourly-sync", action="store_true", help="Turn the hourly auto-sync on."
        )
        parser.add_argument(
            "--customers-from",
            choices=[c for c, _ in IntacctConnection.CustomersFrom.choices],
            default=None,
            help="What a customer is: Intacct customers (default) or the invoices' bill-to "
            "contacts. Fixed once the connection has imported records.",
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
        connection.sender_password = self._password(
            opts["sender_password"], "INTACCT_SENDER_PASSWORD", "Sender password", connection
        )
        connection.company_id = opts["company_id"]
        connection.user_id = opts["user_id"]
        connection.user_password = self._password(
            opts["user_password"], "INTACCT_USER_PASSWORD", "Web-services user password", connection
        )
        connection.entity_id = opts["entity_id"]
        if opts["hourly_sync"]:
            connection.hourly_sync = True
        if opts["customers_from"]:
            connection.customers_from = opts["customers_from"]
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
        for note in result.notes:
            self.stderr.write(f"  note: {note}")
        if not result.ok:
            raise CommandError("The connection test failed; see above.")

    def _password(self, given: str, variable: str, label: str, connection) -> Secret:
        """The argument (unsafe), else the environment, else a prompt, else the stored one."""
        if given:
            self.stderr.write(
                f"Warning: a password given as an argument is visible to other users of this "
                f"machine; use ${variable} or the prompt instead."
            )
            return Secret(given)
        if os.environ.get(variable):
            return Secret(os.environ[variable])
        stored = getattr(connection, "sender_password" if "SENDER" in variable else "user_password")
        if sys.stdin.isatty():
            keep = " (Enter keeps the stored one)" if stored else ""
            typed = getpass(f"{label}{keep}: ")
            if typed:
                return Secret(typed)
        if stored:
            return stored
        raise CommandError(f"{label}: set ${variable} or run the command in a terminal.")
