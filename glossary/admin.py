from django.contrib import admin

from core.admin import MarkdownHelpMixin, markdown_preview
from core.admin_translations import TranslatedAdmin
from glossary.models import Term


@admin.register(Term)
class TermAdmin(MarkdownHelpMixin, TranslatedAdmin):
    list_display = ["term", "aliases", "short_definition", "updated_at"]
    search_fields = ["term", "aliases", "short_definition", "definition"]
    list_filter = ["sources"]
    prepopulated_fields = {"slug": ["term"]}
    filter_horizontal = ["related_terms", "sources"]
    ordering = ["term"]
    readonly_fields = ["definition_preview"]
    fields = [
        "term",
        "slug",
        "aliases",
        "short_definition",
        "definition",
        "definition_preview",
        "related_terms",
        "sources",
    ]

    definition_preview = markdown_preview("definition")
