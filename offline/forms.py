from django import forms
from django.utils.translation import gettext_lazy as _

from offline.codes import MAX_CODE_LENGTH


class OfflineCodeForm(forms.Form):
    """The code an offline pack makes of the work done in it."""

    code = forms.CharField(
        label=_("Code from your offline pack"),
        max_length=MAX_CODE_LENGTH + 2000,  # room for line breaks a paste may add
        widget=forms.Textarea(
            attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off", "class": "code-box"}
        ),
        help_text=_("It starts with “DP1.”. Paste all of it, even if it spans several lines."),
        error_messages={
            "required": _("Paste the code from your offline pack."),
            "max_length": _("This code is too long to come from an offline pack."),
        },
    )
