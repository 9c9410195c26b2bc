from django.contrib import admin

from core.admin import ReadOnlyRecordAdmin
from offline.models import PackDownload


@admin.register(PackDownload)
class PackDownloadAdmin(ReadOnlyRecordAdmin):
    list_display = ["user", "course", "version", "downloaded_at"]
    list_filter = ["course"]
    list_select_related = ["user", "course"]
    search_fields = ["user__username", "course__title"]
