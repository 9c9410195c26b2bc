"""Which fields of glossary terms are translated (django-modeltranslation reads this module)."""

from modeltranslation.translator import TranslationOptions, register

from glossary.models import Term


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("term", "aliases", "short_definition", "definition", "definition_html")
    # A term is unique in each language: a term not yet translated is NULL, never "", so that
    # any number of them can wait for their translation.
    empty_values = {"term": None}
