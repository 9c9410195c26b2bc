from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "scenarios"
    verbose_name = _("Scenarios")

    def ready(self):
        # What the app lends the portal's shared pages and machinery (core.registry).
        from scenarios.registrations import register

        register()
