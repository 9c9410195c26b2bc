from django.contrib import admin

from glossary.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["term", "aliases", "short_definition", "updated_at"]
    search_fields = ["term", "aliases", "short_definition", "definition"]
    list_filter = ["sources"]
    prepopulated_fields = {"slug": ["term"]}
    filter_horizontal = ["related_terms", "sources"]
    ordering = ["term"]
    fields = [
        "term",
        "slug",
        "aliases",
        "short_definition",
        "definition",
        "related_terms",
        "sources",
    ]
