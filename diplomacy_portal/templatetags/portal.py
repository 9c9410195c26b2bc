from django import template

from diplomacy_portal.site import site_url

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """``path`` as a full URL: ``{% absolute_url article.get_absolute_url %}``.

    On the portal's origin (``SITE_ORIGIN``), never the request's host, which the client chooses.
    """
    return site_url(path)
