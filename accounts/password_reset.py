"""The password reset page: Django's, with links on the portal's own origin, or a plain
statement that resets are not available when the operator has turned them off."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.template.response import TemplateResponse

from accounts.forms import PasswordResetForm
from core.site import site_domain, site_protocol


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    unavailable_template_name = "registration/password_reset_unavailable.html"

    def dispatch(self, request, *args, **kwargs):
        if settings.PASSWORD_RESET_DISABLED:  # no mail server: nothing is sent, nothing logged
            return TemplateResponse(request, self.unavailable_template_name)
        return super().dispatch(request, *args, **kwargs)

    @property
    def extra_email_context(self):
        # The mailed link goes to SITE_ORIGIN, not to whatever Host the request named.
        return {"domain": site_domain(), "site_name": site_domain(), "protocol": site_protocol()}
