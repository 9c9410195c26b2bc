import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.markdown import heading_slug
from core.site import site_url
from core.templatetags.content_languages import untranslated

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """``path`` as a full URL: ``{% absolute_url article.get_absolute_url %}``.

    On the portal's origin (``SITE_ORIGIN``), never the request's host, which the client chooses.
    """
    return site_url(path)


# The main navigation's sections: which one a page belongs to, by its view and, for articles,
# by their kind.
ARTICLE_KIND_SECTIONS = {"principle": "principles", "case": "cases", "do": "dos", "dont": "dos"}
VIEW_SECTIONS = {
    ("articles", "dos_and_donts"): "dos",
    ("articles", "faq"): "faq",
    ("glossary", "term_list"): "glossary",
    ("glossary", "term_detail"): "glossary",
    ("cards", "card_list"): "cards",
    ("cards", "card_detail"): "cards",
    ("", "search"): "search",
}
LANDING_PAGES = {
    ("articles", "article_list"),
    ("articles", "dos_and_donts"),
    ("articles", "faq"),
    ("glossary", "term_list"),
    ("courses", "course_list"),
    ("scenarios", "scenario_list"),
    ("cards", "card_list"),
}
# Namespaces whose pages belong to the Courses section, but for the trainee's own pages.
COURSE_NAMESPACES = {"courses", "offline", "cards", "certificates", "accounts"}
OWN_PAGES = {"dashboard", "certificate", "profile", "signup"}


@dataclass(frozen=True)
class NavSection:
    key: str = ""
    current: str = ""  # the aria-current value for the section's link: "page" or "true"

    def __str__(self):
        return f"{self.key}:{self.current}"


@register.simple_tag(takes_context=True)
def nav_section(context):
    """The navigation section of the page being shown: ``{% nav_section as section %}``."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return NavSection()
    view = (match.namespace, match.url_name)
    key = VIEW_SECTIONS.get(view, "")
    if match.namespace == "articles" and not key:
        article = context.get("article")
        kind = article.kind if article is not None else request.GET.get("kind", "")
        key = "faq" if kind == "faq" and article is not None else ARTICLE_KIND_SECTIONS.get(kind)
        key = key or "articles"
    elif match.namespace == "scenarios":
        key = "scenarios"
    elif match.namespace in COURSE_NAMESPACES and not key:
        key = "" if match.url_name in OWN_PAGES else "courses"
    landing = view in LANDING_PAGES and (view != ("articles", "article_list") or key)
    return NavSection(key, "page" if landing else "true") if key else NavSection()


@dataclass(frozen=True)
class Heading:
    id: str
    text: str


class _HeadingAnchors(HTMLParser):
    """Copies HTML through, giving every ``h2`` an id (its own if it has one) and a "#" link."""

    def __init__(self, taken_ids):
        super().__init__(convert_charrefs=True)
        self.taken = set(taken_ids)
        self.out, self.headings = [], []
        self.heading_id, self.heading_text = None, []

    def _unique(self, text):
        base = "section-" + (heading_slug(text) or "part")
        candidate, number = base, 2
        while candidate in self.taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def handle_starttag(self, tag, attrs):
        if tag == "h2" and self.heading_id is None:
            self.heading_id = dict(attrs).get("id") or ""
            self.heading_text, self.heading_start = [], len(self.out)
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "h2" and self.heading_id is not None:
            text = " ".join("".join(self.heading_text).split())
            heading_id = self.heading_id
            if not heading_id:
                heading_id = self._unique(text)
                self.out[self.heading_start] = f'<h2 id="{escape(heading_id)}">'
            self.taken.add(heading_id)
            self.headings.append(Heading(heading_id, text))
            label = escape(gettext("Link to this section: %(heading)s") % {"heading": text})
            self.out.append(
                f'<a class="heading-anchor" href="#{escape(heading_id)}" aria-label="{label}">#</a>'
            )
            self.heading_id = None
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.heading_id is not None:
            self.heading_text.append(data)
        self.out.append(escape(data, quote=False))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")


class Outline:
    """Sanitised HTML with anchored ``h2`` headings, and the list of those headings."""

    def __init__(self, html):
        parser = _HeadingAnchors(re.findall(r'\sid="([^"]+)"', html or ""))
        parser.feed(html or "")
        parser.close()
        self.html = mark_safe("".join(parser.out))  # noqa: S308 - tags copied, text escaped
        self.headings = parser.headings

    def __str__(self):
        return self.html


@register.filter
def outline(html):
    """``{% with body=article.body_html|link_terms|outline %}``: ``{{ body }}`` is the HTML with
    an id and a "#" link on each ``h2``, ``body.headings`` the "On this page" list.

    For sanitised ``*_html`` fields only: tags are copied as written and text escaped.
    """
    return html if isinstance(html, Outline) else Outline(str(html or ""))


@register.filter
def plain_citation(source):
    """A source's citation that says plainly what it lacks, rather than "(n.d.)".

    On a French or Arabic page, an English title with no translation sits in ``lang="en"``.
    """
    title = f"“{source.title}”"
    if not untranslated(source, "title"):
        return _citation(source, title, str)
    title = format_html('<span lang="en">{}</span>', title)
    return mark_safe(_citation(source, title, conditional_escape))  # noqa: S308 - escaped


def _citation(source, title, escaped):
    if source.author and source.year:
        return f"{escaped(source.author)} ({source.year}) {title}"
    if source.author:
        return escaped(gettext("%(author)s, %(title)s (date not given)")) % {
            "author": escaped(source.author),
            "title": title,
        }
    if source.year:
        return escaped(gettext("%(title)s (%(year)s; publisher not given)")) % {
            "title": title,
            "year": source.year,
        }
    return escaped(gettext("%(title)s (publisher and date not given)")) % {"title": title}
