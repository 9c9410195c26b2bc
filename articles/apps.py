from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # What the app lends the portal's shared pages and machinery (core.registry).
        from articles.registrations import register

        register()
