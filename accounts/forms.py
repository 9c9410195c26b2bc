from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.signals import user_login_failed
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User, clean_display_name

ATTEMPT_SALT = "courses.attempt"


class DisplayNameField:
    """Refuses control characters, line breaks and text-direction marks in the display name
    with a message on the field, and keeps it normalised (as ``User.clean`` does too)."""

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])


class SignUpForm(DisplayNameField, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "display_name", "email"]
        help_texts = {
            "email": _("Optional. Needed only to reset a forgotten password."),
        }


class ProfileForm(DisplayNameField, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Follow my browser")), *settings.LANGUAGES]


class CountedPasswordCheck:
    """A form that checks the signed-in user's password, counted like a login.

    Each wrong password is a failed login for django-axes (by username and address, as the
    login form's are), so guessing here locks out as soon as guessing at the login would; the
    view refuses the form with the lock-out page while ``is_locked_out()``.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def credentials(self):
        return {"username": self.user.get_username()}

    def is_locked_out(self):
        return not AxesProxyHandler.is_allowed(self.request, self.credentials())

    def count_wrong_password(self):
        user_login_failed.send(
            sender=type(self), credentials=self.credentials(), request=self.request
        )


class DeleteAccountForm(CountedPasswordCheck, forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            self.count_wrong_password()
            raise forms.ValidationError(_("That is not your password."))
        return password


class PasswordChangeForm(CountedPasswordCheck, auth_forms.PasswordChangeForm):
    def clean_old_password(self):
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            self.count_wrong_password()
            raise


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, with each mail written in the language its reader saved (the link too)."""

    def send_mail(self, *args, **kwargs):
        context = args[2] if len(args) > 2 else kwargs["context"]
        with translation.override(context["user"].language_or_current):
            super().send_mail(*args, **kwargs)
