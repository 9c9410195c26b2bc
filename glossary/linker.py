"""Linking glossary terms where rendered HTML mentions them.

The first mention of each term (by its name or any alias; case-insensitive, whole words, the
longest name winning where names overlap) becomes a link to the term's page carrying its short
definition in a ``data-definition`` attribute, which the stylesheet shows as a tooltip on hover
and keyboard focus, and which static/js/glossary-popover.js opens in place on a tap (no
``title``: browsers would show it as a second tooltip). Nothing is linked inside headings,
links, code, ``pre`` or abbreviations, and a term is never linked on its own page.

The input is the sanitised HTML stored in ``*_html`` fields. It is walked with
``html.parser``: tags are copied through exactly as written, and only text between them is
searched, so the output is the same HTML with some text wrapped in ``<a>``.

One compiled pattern (every name, longest first, in a single alternation) serves all pages. It
is rebuilt only when the glossary may have changed, as told by :func:`glossary_version`: the
portal's content version, which every saved or deleted term moves on. It is read from the
database, one small query, so every worker process sees a change at once whatever the cache
backend; linked HTML is cached under the version and a hash of its input.
"""

import hashlib
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.core.cache import cache
from django.utils.html import format_html

from core.cache_keys import GLOSSARY_MATCHER, LINKED_HTML, content_version
from glossary.models import Term

NO_LINK_INSIDE = {
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label",
    "pre", "samp", "script", "select", "style", "textarea", "title",
}  # fmt: skip
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
RAW_TEXT = {"script", "style"}
LINKED_HTML_TIMEOUT = 24 * 60 * 60


def normalise(name):
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class LinkTarget:
    slug: str
    term: str
    url: str
    short_definition: str


@dataclass(frozen=True)
class Matcher:
    """Finds term names in text and tells which term each names."""

    pattern: re.Pattern | None
    targets: dict  # normalised name -> LinkTarget
    by_url: dict  # term page URL -> LinkTarget

    def target(self, matched_text):
        return self.targets.get(normalise(matched_text))


def name_pattern(names):
    """A regex matching any of ``names`` as whole words, case-insensitively, longest first.

    The names are compiled as a trie (``humanitarian (?:access|law|...)``), so the cost of a
    match grows with the length of a name rather than with the number of names.
    """
    names = {normalise(name) for name in names if name.strip()}
    if not names:
        return None
    trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"(?<!\w){_trie_pattern(trie)}(?!\w)", re.IGNORECASE)


def _trie_pattern(node):
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A name may end here; the greedy "?" still tries the longer names first.
    return f"(?:{body})?" if "" in node else body


def build_matcher(terms):
    targets = {}
    for term in sorted(terms, key=lambda term: term.term.casefold()):
        target = LinkTarget(term.slug, term.term, term.get_absolute_url(), term.short_definition)
        for name in term.names:
            targets.setdefault(normalise(name), target)
    by_url = {target.url: target for target in targets.values()}
    return Matcher(pattern=name_pattern(targets), targets=targets, by_url=by_url)


def glossary_version():
    """Changes whenever a term is added, changed or deleted (and on other content changes)."""
    return content_version()


_matchers = {}


def get_matcher(version):
    """The matcher for glossary ``version``, built once per process per version."""
    key = GLOSSARY_MATCHER.key(content_version=version)
    matcher = _matchers.get(key)
    if matcher is None:
        terms = Term.objects.only("slug", "term", "aliases", "short_definition")
        matcher = build_matcher(terms)
        _matchers.clear()  # only the current version is worth keeping
        _matchers[key] = matcher
    return matcher


class _Linker(HTMLParser):
    def __init__(self, matcher, exclude_slug):
        super().__init__(convert_charrefs=True)
        self.matcher = matcher
        self.linked = {exclude_slug} if exclude_slug else set()
        self.open_elements = []
        self.out = []

    def _blocked(self):
        return any(tag in NO_LINK_INSIDE for tag in self.open_elements)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag == "a":  # the text links to a term itself: no need to link it again
            linked_to = self.matcher.by_url.get(dict(attrs).get("href") or "")
            if linked_to is not None:
                self.linked.add(linked_to.slug)
        if tag not in VOID_ELEMENTS:
            self.open_elements.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in self.open_elements:
            while self.open_elements.pop() != tag:
                pass

    def handle_data(self, data):
        if self.open_elements and self.open_elements[-1] in RAW_TEXT:
            self.out.append(data)
        elif self._blocked() or self.matcher.pattern is None:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self._link(data))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def _link(self, text):
        pieces, position = [], 0
        for match in self.matcher.pattern.finditer(text):
            target = self.matcher.target(match.group())
            if target is None or target.slug in self.linked:
                continue
            self.linked.add(target.slug)
            pieces.append(escape(text[position : match.start()], quote=False))
            pieces.append(
                format_html(
                    '<a class="term-link" href="{}" data-definition="{}">{}</a>',
                    target.url,
                    target.short_definition,
                    match.group(),
                )
            )
            position = match.end()
        pieces.append(escape(text[position:], quote=False))
        return "".join(pieces)

    def result(self):
        self.close()
        return "".join(self.out)


def link_terms(html, exclude=None):
    """``html`` with the first mention of each glossary term linked to the term's page.

    ``html`` must be sanitised HTML (a ``*_html`` field). ``exclude`` is a term (or its slug)
    that is not linked: the term whose own page this is.
    """
    if not html:
        return ""
    exclude_slug = getattr(exclude, "slug", exclude) or ""
    version = glossary_version()
    digest = hashlib.sha256(html.encode()).hexdigest()
    key = LINKED_HTML.key(exclude_slug, digest, content_version=version)
    linked = cache.get(key)
    if linked is None:
        linker = _Linker(get_matcher(version), exclude_slug)
        linker.feed(html)
        linked = linker.result()
        cache.set(key, linked, LINKED_HTML_TIMEOUT)
    return linked
