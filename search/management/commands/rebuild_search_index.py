from django.core.management.base import BaseCommand

from search import api as search


class Command(BaseCommand):
    help = (
        "Empty the full-text search index and index every article, term and lesson again, "
        "in every language of the portal."
    )

    def handle(self, *args, **options):
        counts = search.rebuild()
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"  indexed {count} × {kind}")
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} entries.")
        )
        languages = ", ".join(search.indexed_languages())
        self.stdout.write(f"  every entry in each language of the portal: {languages}")
