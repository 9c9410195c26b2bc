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

Each language links its own names (the term and aliases as read in that language) to its
own addresses, and reads words its own way:

- English: case-insensitive, whole words.
- French: case- and accent-insensitive ("Etat" links "État"); an elided article stays
  outside the link ("l'impartialité" links "impartialité").
- Arabic: diacritics (tashkeel) and tatweel anywhere in the word, and the written forms of
  alif with hamza, of ي/ى/ئ, و/ؤ and ه/ة, are all matched; a word carrying an attached
  conjunction, preposition or article (و, ف, ب, ك, ل, ال, وال, بال, لل…) is linked, the link
  wrapping the whole word, and a name that starts with the article is found without it too.

In every language a name is matched only as a whole word: words are letters, digits and
combining marks of any script (``search.languages``), so a name is never linked inside
another word, Arabic ones included.

One compiled pattern per language (every name, longest first, in a single alternation) serves
all pages. It is rebuilt only when the glossary may have changed, as told by
:func:`glossary_version`: the portal's content version, which every saved or deleted term moves
on. It is read from the database, one small query, so every worker process sees a change at
once whatever the cache backend; linked HTML is cached under the language, the version and a
hash of its input.
"""

import hashlib
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.core.cache import cache
from django.utils import translation
from django.utils.html import format_html

from core.cache_keys import GLOSSARY_MATCHER, LINKED_HTML, content_version
from glossary.models import Term
from search.languages import (
    NOT_AFTER_WORD,
    NOT_BEFORE_WORD,
    active_language,
    fold_accents,
    fold_arabic,
)

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


def _accented_forms():
    """French: each letter matches its accented forms too (one character for one, so the
    pattern runs on the text as written): ``{"e": {"é", "è", ...}, ...}``."""
    forms = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = fold_accents(char)
        if len(base) == 1 and base != char and base.isascii():
            forms.setdefault(base.casefold(), set()).add(char.casefold())
    return forms


ACCENTED = _accented_forms()

# Arabic: each letter matches its other written forms, and any diacritic or tatweel after it.
ARABIC_FORMS = {"ا": "اأإآٱ", "و": "وؤ", "ي": "يئى", "ه": "هة"}
ARABIC_MARK = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"
ARABIC_ARTICLE = "ال"
# What may be attached before a word: a conjunction, then a preposition and/or the article.
_A, _L = f"[اٱ]{ARABIC_MARK}", f"ل{ARABIC_MARK}"
ARABIC_PREFIX = (
    f"(?:[وف]{ARABIC_MARK})?(?:(?:[بكل]{ARABIC_MARK})?{_A}{_L}|{_L}{_L}|[بكل]{ARABIC_MARK})?"
)
ARABIC_PREFIXES = sorted(
    {
        conjunction + attached
        for conjunction in ("", "و", "ف")
        for attached in ("", "ال", "بال", "كال", "لال", "لل", "ب", "ك", "ل")
    },
    key=len,
    reverse=True,
)


def name_key(name, language):
    """How ``name`` is compared in ``language``: spaces collapsed, case (and in French the
    accents) folded; in Arabic the letters folded and a leading article left out."""
    key = normalise(name)
    if language == "fr":
        return fold_accents(key)
    if language == "ar":
        key = fold_arabic(key)
        if key.startswith(ARABIC_ARTICLE) and len(key) - len(ARABIC_ARTICLE) >= 2:
            key = key[len(ARABIC_ARTICLE) :]
    return key


def _letter(char, language):
    """The pattern of one letter of a name (as :func:`name_key` gives it) in ``language``."""
    if language == "fr" and char in ACCENTED:
        return "[" + re.escape(char) + "".join(sorted(ACCENTED[char])) + "]"
    if language == "ar":
        forms = ARABIC_FORMS.get(char)
        return ("[" + forms + "]" if forms else re.escape(char)) + ARABIC_MARK
    return re.escape(char)


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
    targets: dict  # name key (name_key) -> LinkTarget
    by_url: dict  # term page URL -> LinkTarget
    language: str = "en"

    def target(self, matched_text):
        """The term ``matched_text`` (a match of ``pattern``) names, or None."""
        key = name_key(matched_text, self.language)
        found = self.targets.get(key)
        if found is not None or self.language != "ar":
            return found
        for prefix in ARABIC_PREFIXES:  # longest first: the word without what is attached
            if prefix and key.startswith(prefix):
                found = self.targets.get(name_key(key[len(prefix) :], self.language))
                if found is not None:
                    return found
        return None


def name_pattern(names, language=None):
    """A regex matching any of ``names`` as whole words of ``language`` (the active one),
    case-insensitively, longest first.

    The names are compiled as a trie (``humanitarian (?:access|law|...)``), so the cost of a
    match grows with the length of a name rather than with the number of names.
    """
    language = language or active_language()
    names = {name_key(name, language) for name in names if name.strip()}
    names.discard("")
    if not names:
        return None
    trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    prefix = ARABIC_PREFIX if language == "ar" else ""
    body = _trie_pattern(trie, language)
    return re.compile(f"{NOT_AFTER_WORD}{prefix}{body}{NOT_BEFORE_WORD}", re.IGNORECASE)


def _trie_pattern(node, language="en"):
    branches = [
        (r"\s+" if char == " " else _letter(char, language)) + _trie_pattern(child, language)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A name may end here; the greedy "?" still tries the longer names first.
    return f"(?:{body})?" if "" in node else body


def build_matcher(terms, language=None):
    """The matcher of ``terms`` in ``language`` (the active one), their names and pages read
    in that language."""
    language = language or active_language()
    targets = {}
    with translation.override(language):
        for term in sorted(terms, key=lambda term: term.term.casefold()):
            url = term.get_absolute_url()
            target = LinkTarget(term.slug, term.term, url, term.short_definition)
            for name in term.names:
                key = name_key(name, language)
                if key:
                    targets.setdefault(key, target)
    by_url = {target.url: target for target in targets.values()}
    pattern = name_pattern(targets, language)
    return Matcher(pattern=pattern, targets=targets, by_url=by_url, language=language)


def glossary_version():
    """Changes whenever a term is added, changed or deleted (and on other content changes)."""
    return content_version()


_matchers = {}  # language -> (key, matcher): only the current version is worth keeping


def get_matcher(version, language=None):
    """The matcher for glossary ``version`` in ``language`` (the active one), built once per
    process per version and language."""
    language = language or active_language()
    key = GLOSSARY_MATCHER.key(language, content_version=version)
    held = _matchers.get(language)
    if held is None or held[0] != key:
        terms = Term.objects.only("slug", "term", "aliases", "short_definition")
        held = _matchers[language] = (key, build_matcher(terms, language))
    return held[1]


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
    """``html`` with the first mention of each glossary term in the active language linked to
    the term's page.

    ``html`` must be sanitised HTML (a ``*_html`` field). ``exclude`` is a term (or its slug)
    that is not linked: the term whose own page this is.
    """
    if not html:
        return ""
    exclude_slug = getattr(exclude, "slug", exclude) or ""
    language = active_language()
    version = glossary_version()
    digest = hashlib.sha256(html.encode()).hexdigest()
    key = LINKED_HTML.key(language, exclude_slug, digest, content_version=version)
    linked = cache.get(key)
    if linked is None:
        linker = _Linker(get_matcher(version, language), exclude_slug)
        linker.feed(html)
        linked = linker.result()
        cache.set(key, linked, LINKED_HTML_TIMEOUT)
    return linked
