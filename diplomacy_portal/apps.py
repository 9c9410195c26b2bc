from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "diplomacy_portal"
    verbose_name = _("Portal")

    def ready(self):
        # New accounts join the Trainees group (a post_save receiver).
        from diplomacy_portal import roles  # noqa: F401

        # Each app's search_indexes.py registers how its content is searched.
        autodiscover_modules("search_indexes")

        from diplomacy_portal.caching import connect_content_signals

        connect_content_signals()
