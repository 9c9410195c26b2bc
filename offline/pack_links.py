"""Links inside a pack, and the glossary terms a course's text uses.

Opened from disk a pack asks no host for anything: links point at the pack's own sections, and
a link the pack cannot hold is kept as text.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from glossary.linker import NO_LINK_INSIDE, VOID_ELEMENTS, get_matcher, glossary_version
from glossary.models import Term


class _TermReader(HTMLParser):
    """Reads sanitised HTML as the glossary linker does: the text where it looks for terms
    (not in headings, links, code…) and the targets of the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_elements, self.text, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag not in VOID_ELEMENTS:
            self.open_elements.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open_elements:
            while self.open_elements.pop() != tag:
                pass

    def handle_data(self, data):
        if not any(tag in NO_LINK_INSIDE for tag in self.open_elements):
            self.text.append(data)


def portal_route(href):
    """``(view name, kwargs)`` for a link to a portal page (``/glossary/x/``), else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def terms_used(htmls):
    """Slugs of the glossary terms that sanitised ``htmls`` mention (by name or alias, where
    the glossary linker would link them) or link to. One query, whatever the number of texts."""
    matcher = get_matcher(glossary_version())
    slugs = set()
    for html in htmls:
        reader = _TermReader()
        reader.feed(html)
        reader.close()
        for href in reader.hrefs:
            route = portal_route(href)
            if route and route[0] == "glossary:term_detail":
                slugs.add(route[1]["slug"])
        if matcher.pattern is not None:
            # A separator that is neither a word character nor a space: no match spans two
            # pieces of text, as none spans two text nodes in the linker.
            text = "\x00".join(reader.text)
            for match in matcher.pattern.finditer(text):
                target = matcher.target(match.group())
                if target is not None:
                    slugs.add(target.slug)
    return slugs


class _PackHtml(HTMLParser):
    """Copies sanitised HTML, pointing each link at a section of the pack or, when the pack
    does not hold its target, keeping only its text (and an outside address as plain text)."""

    def __init__(self, target_for):
        super().__init__(convert_charrefs=True)
        self.target_for = target_for
        self.links = []
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            self.out.append(self.get_starttag_text())
            return
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        target = self.target_for(href)
        self.links.append(None if target else href)
        if target:
            kept = {"href": target, "class": attrs.get("class"), "title": attrs.get("title")}
            rendered = "".join(
                f' {name}="{escape(value)}"' for name, value in kept.items() if value
            )
            self.out.append(f"<a{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            dropped = self.links.pop()
            if dropped is not None:
                if dropped.startswith(("http://", "https://")):
                    self.out.append(f' <span class="url">({escape(dropped)})</span>')
                return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def result(self):
        self.close()
        return "".join(self.out)


def pack_links(html, target_for):
    parser = _PackHtml(target_for)
    parser.feed(html)
    return parser.result()


def course_terms(course, lessons=None):
    """The glossary terms a course's lessons use: every term their text mentions (by name or
    alias, as the glossary linker finds them) and every term they link to."""
    lessons = course.lessons.only("body_html") if lessons is None else lessons
    slugs = terms_used(lesson.body_html for lesson in lessons)
    return Term.objects.filter(slug__in=slugs).prefetch_related("sources").order_by("term")
