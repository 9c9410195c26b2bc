"""Content shown in English while its translation is missing, said so in one place.

``{% in_language article "title" %}`` shows the field in the page's language; where it has no
translation yet, the English text inside ``lang="en"`` with a "Not yet translated" note.
``{% in_language article "body" block %}…{% end_in_language %}`` does the same for a block
(the rendered body, say), and ``inline`` instead of ``block`` for text within a line or a
heading (``article.numbered_title``): what the tag encloses is wrapped when the field is not
translated. In lists, ``compact`` marks an item's title with a short "in English" after it, and
``quiet`` only sets ``lang="en"`` (an item's summary, whose title is already marked). All render
``includes/untranslated.html``; a translated field, and every field in English, is shown as it
is, with nothing added; the filter ``quietly_in_language`` gives the ``quiet`` shape as a value.
An object that is not a model (a search hit) says which of its fields
show in English in ``untranslated_fields``.
"""

from django import template
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.content_languages import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, column, is_blank

register = template.Library()

TEMPLATE = "includes/untranslated.html"


@register.simple_tag
def untranslated(obj, field):
    """Whether ``obj.<field>`` shows in English on this page for want of a translation:
    ``{% untranslated lesson "body" as shown_in_english %}``."""
    language = get_language()
    if language == DEFAULT_LANGUAGE or language not in CONTENT_LANGUAGES or obj is None:
        return False
    if hasattr(obj, "untranslated_fields"):
        return field in obj.untranslated_fields
    if not hasattr(obj, column(field, language)):
        return False  # a field that is not translated
    return is_blank(getattr(obj, column(field, language))) and not is_blank(
        getattr(obj, column(field, DEFAULT_LANGUAGE))
    )


class InLanguageNode(template.Node):
    def __init__(self, obj, field, nodelist=None, shape="inline"):
        self.obj, self.field, self.nodelist, self.shape = obj, field, nodelist, shape

    def render(self, context):
        obj, field = self.obj.resolve(context), self.field.resolve(context)
        if self.nodelist is None:
            content = conditional_escape(getattr(obj, field, "") or "")
        else:
            content = mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered by the template
        return shown(obj, field, content, self.shape)


def shown(obj, field, content, shape):
    """``content`` (safe HTML showing ``obj.<field>``) as it is, or wrapped in ``shape`` when
    the field shows in English for want of a translation."""
    if not untranslated(obj, field):
        return content
    return get_template(TEMPLATE).render(
        {"content": content, "shape": shape, "language": get_language()}
    )


@register.filter
def quietly_in_language(obj, field):
    """``obj.<field>`` in the ``quiet`` shape, for a value given to ``blocktranslate``:
    ``{% blocktranslate with title=source|quietly_in_language:"title" %}``."""
    return shown(obj, field, conditional_escape(getattr(obj, field, "") or ""), "quiet")


SHAPES = ("block", "inline", "compact", "quiet")


@register.tag
def in_language(parser, token):
    """``{% in_language obj "field" %}``, or ``{% in_language obj "field" block %}`` (or
    ``inline``, ``compact``, ``quiet``) … ``{% end_in_language %}`` around what shows the
    field."""
    bits = token.split_contents()
    if len(bits) not in (3, 4) or (len(bits) == 4 and bits[3] not in SHAPES):
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes an object and a field name, then one of {', '.join(SHAPES)} "
            "around what shows the field."
        )
    obj, field = parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    if len(bits) == 3:
        return InLanguageNode(obj, field)
    nodelist = parser.parse(("end_in_language",))
    parser.delete_first_token()
    return InLanguageNode(obj, field, nodelist, shape=bits[3])
