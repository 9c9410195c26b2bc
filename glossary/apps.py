from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")

    def ready(self):
        # What the app lends the portal's shared pages and machinery (core.registry).
        from glossary.registrations import register

        register()
