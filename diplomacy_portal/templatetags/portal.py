from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as a full URL on this site: ``{% absolute_url article.get_absolute_url %}``."""
    return context["request"].build_absolute_uri(path)
