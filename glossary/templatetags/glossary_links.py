from django import template
from django.utils.safestring import mark_safe

from glossary import linker

register = template.Library()


@register.filter
def link_terms(html, exclude=None):
    """Link glossary terms in sanitised HTML: ``{{ article.body_html|link_terms }}``, or on a
    term's own page ``{{ term.definition_html|link_terms:term }}`` so it does not link itself.

    Only for ``*_html`` fields, which are sanitised on save; the linker copies their tags as
    they are and escapes all text and every attribute it adds, so the result is as safe as
    its input.
    """
    return mark_safe(linker.link_terms(html, exclude=exclude))  # noqa: S308
