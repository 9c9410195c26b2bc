from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.content import FIXTURE_DIR
from core.content_export import export_content


class Command(BaseCommand):
    help = (
        "Write the content in the database (sources, tags, glossary, articles, courses with "
        "their lessons and quizzes) to fixture files laid out like fixtures/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Folder to write to (default: a new folder var/content-export-<time>/).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the folder's existing *.json files first, e.g. with --output fixtures.",
        )

    def handle(self, *args, output, replace, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / f"content-export-{stamp}"
        if output.exists() and any(output.glob("*.json")) and not replace:
            raise CommandError(
                f"{output} already holds fixture files; pass --replace to overwrite them."
            )
        written = export_content(output, reference_dir=FIXTURE_DIR, replace=replace)
        for path in written:
            self.stdout.write(f"  wrote {path}")
        self.stdout.write(self.style.SUCCESS(f"Content exported to {output}/"))
