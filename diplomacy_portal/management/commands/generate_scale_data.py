from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from diplomacy_portal.scale import ScaleDataBuilder, editor_content_present, remove_scale_data


class Command(BaseCommand):
    help = (
        "Add a deterministic synthetic data set (about 10,000 articles, 2,000 terms, 100 courses, "
        "10,000 trainees and 100,000 attempts at factor 1) on top of the real content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--allow-editor-content",
            action="store_true",
            help="Run even though the database holds content or accounts people made.",
        )
        parser.add_argument("--remove", action="store_true", help="Remove the synthetic data.")

    def handle(self, *args, factor, seed, allow_editor_content, remove, **options):
        if remove:
            remove_scale_data()
            self.stdout.write(self.style.SUCCESS("Synthetic data removed."))
            return
        if not 0 < factor <= 10:
            raise CommandError("--factor must be above 0 and at most 10.")
        if editor_content_present() and not allow_editor_content:
            raise CommandError(
                "This database holds content or accounts that did not come from the fixtures. "
                "Use a fresh database, or pass --allow-editor-content if you mean it."
            )
        remove_scale_data()
        size = ScaleDataBuilder(factor, seed=seed).build()
        self.stdout.write(self.style.SUCCESS(f"Synthetic data added: {size}"))
        try:
            call_command("rebuild_search_index", verbosity=0)
        except CommandError:
            self.stdout.write("No search index to rebuild.")
