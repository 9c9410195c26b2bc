"""Which fields of articles are translated (django-modeltranslation reads this module)."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Article


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html")
