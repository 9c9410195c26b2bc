from pathlib import Path

from django.core.management.base import BaseCommand

from core.content import add_new_content


class Command(BaseCommand):
    help = (
        "Add the content items in fixtures/ that this database has never had, and the "
        "fixtures' new translations to items no editor has changed. "
        "Items editors have changed or deleted are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Fixture files to read (default: all of fixtures/)."
        )

    def handle(self, *args, paths, **options):
        report = add_new_content(paths or None)
        for label, count in sorted(report.added.items()):
            self.stdout.write(f"  added {count} × {label}")
        for label, count in sorted(report.translated.items()):
            self.stdout.write(f"  new translations for {count} × {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Content: {report.total_added} items added, {report.skipped} already present."
            )
        )
