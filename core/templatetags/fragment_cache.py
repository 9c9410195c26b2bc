"""``{% cached_fragment "name" object ... %}...{% endcached_fragment %}``: a part of a page
cached under the key its :class:`core.cache_keys.CacheSpec` builds.

The objects name what the fragment is about (a lesson, a course, the navigation section);
what else it depends on is declared once, in ``core.cache_keys``. The request and the
trainee's ``progress`` are taken from the context. Where one the fragment depends on is
missing (no request, a request no middleware gave a user), it is rendered and not cached.
"""

from django import template
from django.core.cache import caches

from core.cache_keys import FRAGMENTS, Unknown

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, spec, objects):
        self.nodelist = nodelist
        self.spec = spec
        self.objects = objects

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        objects = [obj.resolve(context) for obj in self.objects]
        try:
            key = self.spec.key(*objects, request=request, progress=context.get("progress"))
        except Unknown:
            return self.nodelist.render(context)
        cache = caches[self.spec.cache]
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, self.spec.timeout)
        return html


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name, then objects.")
    name = bits[1][1:-1]
    spec = FRAGMENTS.get(name)
    if spec is None:
        raise template.TemplateSyntaxError(f"No fragment is declared as {name!r}.")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, spec, [parser.compile_filter(bit) for bit in bits[2:]])
