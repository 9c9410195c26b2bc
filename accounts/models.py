"""The portal account: one model for trainees, editors and admins."""

import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Characters that reorder or isolate the text around them (embeddings, overrides, isolates and
# the directional marks): in a name they can make a certificate read differently from its data.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
LINE_BREAK_CATEGORIES = frozenset({"Zl", "Zp"})  # line and paragraph separators
NAME_REFUSED = _(
    "Please use only letters, digits, spaces and punctuation: line breaks, control characters "
    "and text-direction marks are not allowed in a name."
)


def is_refused_in_name(char):
    """Control characters (line breaks and tabs included), line separators, direction marks."""
    category = unicodedata.category(char)
    return category == "Cc" or category in LINE_BREAK_CATEGORIES or char in BIDI_CONTROLS


def normalised_name(value):
    """``value`` in NFC with surrounding space stripped and every run of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def clean_display_name(value):
    """The display name as it is kept, or a ``ValidationError`` for a refused character."""
    value = unicodedata.normalize("NFC", value or "").strip()
    if any(is_refused_in_name(char) for char in value):
        raise ValidationError(NAME_REFUSED, code="invalid_characters")
    return normalised_name(value)


def printable_name(value):
    """A name kept before refused characters were refused, with them left out (line breaks and
    tabs read as spaces), for whatever shows or signs it."""
    value = unicodedata.normalize("NFC", value or "")
    kept = (" " if char.isspace() else "" if is_refused_in_name(char) else char for char in value)
    return normalised_name("".join(kept))


class User(AbstractUser):
    """A portal account. Trainees choose the display name shown on their certificates."""

    display_name = models.CharField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("Shown on your certificates. It need not be your full name."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The portal's pages, your e-mails, certificates and offline packs are in this "
            "language. Leave it empty to follow your browser."
        ),
    )

    class Meta(AbstractUser.Meta):
        db_table = "courses_user"  # made when the model lived in courses

    def __str__(self):
        return self.shown_name

    def clean(self):
        super().clean()
        try:
            self.display_name = clean_display_name(self.display_name)
        except ValidationError as error:
            raise ValidationError({"display_name": error.error_list}) from error

    @property
    def shown_name(self):
        return printable_name(self.display_name) or self.username

    @property
    def language_or_current(self):
        """The language this account's e-mails, certificates and packs are made in: the one
        saved, else the one the portal is answering in."""
        return self.language or translation.get_language() or settings.LANGUAGE_CODE
