"""Create (or reset) a demo login for the admin. Used by ``make demo``."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from integrations.roles import ROLE_GRANTS


class Command(BaseCommand):
    help = "Create or reset a demo admin login (a superuser, or a member of one role group)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument(
            "--role",
            choices=sorted(ROLE_GRANTS),
            help="Make a staff member of this role instead of a superuser.",
        )

    def handle(self, *args, username: str, password: str, role: str | None, **options) -> None:
        if not username.strip():
            raise CommandError("--username must not be blank.")
        if len(password) < 8:
            raise CommandError("--password must have at least 8 characters.")
        user, created = get_user_model().objects.get_or_create(username=username.strip())
        user.is_staff = True
        user.is_superuser = role is None
        user.set_password(password)
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
        what = "superuser" if role is None else role
        self.stdout.write(
            f"{'Created' if created else 'Updated'} demo login {username!r} ({what})."
        )
