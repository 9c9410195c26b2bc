from django.contrib import admin
from django.db import models

from diplomacy_portal.models import LoadedItem, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "year", "slug"]
    search_fields = ["title", "author", "slug"]
    list_filter = ["year"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["title"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(LoadedItem)
class LoadedItemAdmin(admin.ModelAdmin):
    """Read-only record of what the content loader has added, so editors can see it."""

    list_display = ["model", "key", "loaded_at"]
    list_filter = ["model"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
