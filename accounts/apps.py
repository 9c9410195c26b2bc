from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # New accounts join the Trainees group (a post_save receiver).
        from accounts import roles  # noqa: F401
