"""``{% language_links as links %}``: the page the request asked for, in every language, for
the switcher and the ``hreflang`` alternates of ``templates/base.html``."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation

from core.languages import language_url
from core.site import site_url

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str  # on the address the page was asked on
    absolute: str  # on SITE_ORIGIN, for links that must work off the page
    current: bool
    default: bool  # the language of x-default: English, at the address it always had


@register.simple_tag(takes_context=True)
def language_links(context, query=True):
    """The page in every language; ``query=False`` leaves out the query string (error pages
    do not repeat what they were asked with)."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = language_url(request, code, query=query)
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                absolute=site_url(url),
                current=code == current,
                default=code == settings.LANGUAGE_CODE,
            )
        )
    return links
