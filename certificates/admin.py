from django.contrib import admin

from certificates.models import Certificate
from core.admin import ReadOnlyRecordAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyRecordAdmin):
    list_display = ["code", "name", "course", "issued_at"]
    list_filter = ["course"]
    list_select_related = ["course"]
    search_fields = ["code", "name", "user__username"]
