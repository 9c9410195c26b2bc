from django.core.management.commands import migrate
from django.db import connections

from core.adoption import adopt_moved_migrations


class Command(migrate.Command):
    """Django's ``migrate``, which first adopts the migrations that moved between apps."""

    def handle(self, *args, **options):
        adopted = adopt_moved_migrations(connections[options["database"]])
        if adopted and options["verbosity"] >= 1:
            names = ", ".join(f"{app}.{name}" for app, name in adopted)
            self.stdout.write(f"Recorded as applied (moved from another app): {names}")
        return super().handle(*args, **options)
