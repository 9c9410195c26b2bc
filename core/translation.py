"""Which fields of the core models are translated (django-modeltranslation reads this module)."""

from modeltranslation.translator import TranslationOptions, register

from core.models import Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "note")
