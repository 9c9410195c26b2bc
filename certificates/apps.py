from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from accounts import personal_data
        from certificates.personal_data import certificates

        personal_data.register("certificates", certificates, position=60)
