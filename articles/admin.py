from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from core.admin import MarkdownHelpMixin, markdown_preview
from core.admin_translations import TranslatedAdmin
from core.models import ContentVersion, Status
from search import api as search


@admin.register(Article)
class ArticleAdmin(MarkdownHelpMixin, TranslatedAdmin):
    list_display = ["title", "kind", "position", "status", "published_at", "updated_at"]
    list_filter = ["kind", "status", "tags", "sources"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_articles", "sources"]
    ordering = ["kind", "position", "title"]
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish"]
    readonly_fields = ["body_preview"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "kind", "position", "summary", "body", "body_preview"]},
        ),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Connections"), {"fields": ["tags", "related_articles", "sources"]}),
    ]

    body_preview = markdown_preview("body")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        count = queryset.update(status=Status.PUBLISHED)
        ContentVersion.bump()
        search.update_objects(Article, pks)  # update() sends no signals
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        count = queryset.update(status=Status.DRAFT)
        ContentVersion.bump()
        search.update_objects(Article, pks)  # update() sends no signals
        self.message_user(
            request,
            ngettext("%d article set to draft.", "%d articles set to draft.", count) % count,
            messages.SUCCESS,
        )
