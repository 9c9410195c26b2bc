from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    name = "offline"
    verbose_name = _("Offline packs")

    def ready(self):
        from accounts import personal_data
        from offline.personal_data import offline_pack_downloads

        personal_data.register("offline_pack_downloads", offline_pack_downloads, position=50)
