from django.core.management.base import BaseCommand

from integrations.schedules import apply_all


class Command(BaseCommand):
    help = "Re-apply every connection's sync schedules (django-q2 Schedule rows)."

    def handle(self, *args, **options) -> None:
        kept = apply_all()
        self.stdout.write(f"{kept} sync schedule(s) in place.")
