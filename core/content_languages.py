"""The languages content is written in, and which fields of a model carry a translation.

django-modeltranslation gives each translated field a column per language (``title_en``,
``title_fr``, ``title_ar``); reading the plain field (``title``) gives the active language's
text, or the English one when there is none. Code that must know that a translation is missing
reads the language's own column through these helpers.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

CONTENT_LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TRANSLATION_LANGUAGES = tuple(code for code in CONTENT_LANGUAGES if code != DEFAULT_LANGUAGE)
LANGUAGE_NAMES = {"en": _("English"), "fr": _("French"), "ar": _("Arabic")}


def column(field, language):
    """The column that holds ``field`` in ``language``: ``column("title", "fr")`` is title_fr."""
    return f"{field}_{language}"


def translated_fields(model):
    """The names of ``model``'s translated fields (empty when none is), rendered HTML included."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(options.all_fields)


def text_fields(model):
    """The translated fields an editor or translator writes: all but the rendered ``_html``."""
    rendered = {f"{name}_html" for name in getattr(model, "markdown_fields", ())}
    return tuple(name for name in translated_fields(model) if name not in rendered)


def translation_columns(model, languages=TRANSLATION_LANGUAGES):
    """The columns of the written fields in ``languages`` (by default all but English)."""
    return [column(name, code) for name in text_fields(model) for code in languages]


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def missing_fields(obj, language):
    """The written fields of ``obj`` that have English text but none in ``language``."""
    return [
        name
        for name in text_fields(type(obj))
        if not is_blank(getattr(obj, column(name, DEFAULT_LANGUAGE)))
        and is_blank(getattr(obj, column(name, language)))
    ]


def complete_languages(obj):
    """The languages in which every written field of ``obj`` that has English text has text."""
    return [code for code in CONTENT_LANGUAGES if not missing_fields(obj, code)]
