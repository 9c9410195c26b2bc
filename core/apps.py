from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from core.caching import connect_content_signals
        from core.registrations import register

        register()
        connect_content_signals()
