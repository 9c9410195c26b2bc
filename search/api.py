"""Full-text search over articles, glossary terms and lessons, on SQLite or PostgreSQL.

The one interface views use::

    results = search.search("negotiate access", kind="article", user=request.user)
    page = Paginator(results, 10).get_page(number)   # page items are Hit objects
    if not results.count():
        offers = search.suggest(results.query, names=results.term_names)

Everything engine-specific (FTS5 or PostgreSQL text search) is in ``backends``; indexing and
keeping the index current in ``indexing``; query parsing in ``query``; how each language's
words are reduced in ``languages``.

A search reads the entries of the active language (``translation.get_language()``), which hold
every page: translated where it is, in English where not yet. The glossary's names that expand
a query, the suggestions and the cached results are the active language's too.
"""

import re
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.cache_keys import SEARCH_RESULTS, content_version
from core.caching import PAGE_TIMEOUT, built_once_per_version
from core.content_languages import DEFAULT_LANGUAGE, column, is_blank
from search.backends import MARK_END, MARK_START, get_backend
from search.indexing import (
    Document,
    Indexer,
    rebuild,
    register,
    registered,
    text_from_html,
    update_objects,
)
from search.languages import ENGLISH, active_language, indexed_languages, reduces
from search.models import SearchEntry, SearchKind
from search.query import MAX_QUERY_LENGTH, Query, parse, synonym_table, tokenize
from search.suggest import Suggestions, suggest, term_names

__all__ = [
    "MAX_QUERY_LENGTH",
    "Document",
    "KIND_PLURALS",
    "Hit",
    "Indexer",
    "Query",
    "SearchResults",
    "Suggestions",
    "active_language",
    "entries_mentioning",
    "indexed_languages",
    "parse_with_synonyms",
    "rebuild",
    "register",
    "search",
    "suggest",
    "text_from_html",
    "update_objects",
]

SNIPPET_WORDS = 40
KIND_PLURALS = {
    SearchKind.ARTICLE: _("Articles"),
    SearchKind.TERM: _("Glossary terms"),
    SearchKind.LESSON: _("Lessons"),
}
HIGHLIGHT = re.compile(f"({MARK_START}[^{MARK_START}{MARK_END}]*{MARK_END})")
MARKS = re.compile(f"[{MARK_START}{MARK_END}]")


def highlighted(text):
    """``text`` escaped, with the engine's highlight delimiters turned into ``<mark>``."""
    pieces = []
    for piece in HIGHLIGHT.split(text):
        if piece.startswith(MARK_START) and piece.endswith(MARK_END):
            pieces.append(format_html("<mark>{}</mark>", piece[1:-1]))
        else:
            pieces.append(escape(MARKS.sub("", piece)))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    context: str
    snippet: str
    is_published: bool
    untranslated_fields: frozenset = frozenset()  # "title", "snippet": shown in English

    @property
    def kind_label(self):
        return SearchKind(self.kind).label


def _snippet(entry, marked):
    summary, body = marked or ("", "")
    for text in (summary, body):
        if text and MARK_START in text:
            return highlighted(text)
    return escape(Truncator(entry.summary or entry.body).words(SNIPPET_WORDS))


# The fields of each kind's content its entries' title and snippet are read from.
SHOWN_FIELDS = {
    SearchKind.ARTICLE: {"title": "title", "snippet": "summary"},
    SearchKind.TERM: {"title": "term", "snippet": "short_definition"},
    SearchKind.LESSON: {"title": "title", "snippet": "summary"},
}


def _shown_in_english(entries, language):
    """``{(kind, object_id): frozenset}``: the parts of each entry ("title", "snippet") that
    are the English text for want of a translation in ``language``; one query per kind."""
    if language == DEFAULT_LANGUAGE:
        return {}
    indexers = {indexer.kind: indexer for indexer in registered()}
    ids = {}
    for entry in entries:
        ids.setdefault(entry.kind, []).append(entry.object_id)
    found = {}
    for kind, object_ids in ids.items():
        shown = SHOWN_FIELDS[kind]
        columns = [
            column(name, code) for name in shown.values() for code in (language, DEFAULT_LANGUAGE)
        ]
        rows = indexers[kind].get_queryset().filter(pk__in=object_ids).values("pk", *columns)
        for row in rows:
            found[kind, row["pk"]] = frozenset(
                part
                for part, name in shown.items()
                if is_blank(row[column(name, language)])
                and not is_blank(row[column(name, DEFAULT_LANGUAGE)])
            )
    return found


class SearchResults:
    """The ranked entries matching a query: sliceable and countable, so Paginator takes it."""

    def __init__(self, query, queryset=None, facets=None, kind="", cache_key=None):
        self.query = query
        self._queryset = queryset
        self.facets = facets or {}
        self.kind = kind
        self.term_names = []  # the glossary names the query was expanded with
        self.cache_key = cache_key  # pages are shared under it; None: never cached

    @property
    def total(self):
        """Matches of every kind, whatever the filter."""
        return sum(self.facets.values())

    def count(self):
        return self.facets.get(self.kind, 0) if self.kind else self.total

    def __len__(self):
        return self.count()

    @cached_property
    def facet_list(self):
        """``(kind, plural label, count)`` for every kind, in a fixed order."""
        return [(kind, KIND_PLURALS[kind], self.facets.get(kind, 0)) for kind in SearchKind]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Search results are read a page (a slice) at a time.")
        if self._queryset is None:
            return []
        if self.cache_key is None:
            return self._hits(index)
        key = f"{self.cache_key}:{self.kind}:{index.start}:{index.stop}"
        return caches["search"].get_or_set(key, lambda: self._hits(index), PAGE_TIMEOUT)

    def _hits(self, index):
        fields = [
            "kind",
            "object_id",
            "title",
            "url",
            "context",
            "summary",
            "status",
            "published_at",
        ]
        backend = get_backend(self.query.language)
        if reduces(self.query.language):  # snippets cut in Python read the body
            fields.append("body")
        entries = list(self._queryset.only(*fields)[index])
        marked = backend.snippets(self.query, entries)
        in_english = _shown_in_english(entries, self.query.language)
        return [
            Hit(
                kind=entry.kind,
                title=entry.title,
                url=entry.url,
                context=entry.context,
                snippet=_snippet(entry, marked.get(entry.pk)),
                is_published=entry.is_published,
                untranslated_fields=in_english.get((entry.kind, entry.object_id), frozenset()),
            )
            for entry in entries
        ]


@dataclass(frozen=True)
class Glossary:
    """The glossary's names (:class:`TermName` s) and the synonym table built from them."""

    names: list
    synonyms: dict

    @classmethod
    def from_names(cls, names, language=ENGLISH):
        groups = {}
        for name in names:
            groups.setdefault(name.url, []).append(name.name)
        return cls(names, synonym_table(groups.values(), language))


def current_glossary(content_version=None, language=None):
    """The glossary of ``language`` (the active one), built once per process per version."""
    language = language or active_language()
    return built_once_per_version(
        f"glossary:{language}",
        lambda: Glossary.from_names(term_names(language), language),
        content_version,
    )


def parse_with_synonyms(text, names=None):
    """Parse ``text`` in the active language, expanding glossary names and abbreviations into
    all their names.

    ``names`` are the glossary's :class:`TermName` s, the current glossary's when not given.
    """
    language = active_language()
    if not tokenize(text[:MAX_QUERY_LENGTH]):
        return parse(text, language=language)
    if names is None:
        glossary = current_glossary(language=language)
    else:
        glossary = Glossary.from_names(names, language)
    return parse(text, synonyms=glossary.synonyms, language=language)


def search(text, *, kind="", user=None):
    """Search the published entries (and drafts too, for staff ``user`` s) of the active
    language."""
    text = text or ""
    language = active_language()
    version = content_version()
    if tokenize(text[:MAX_QUERY_LENGTH]):
        glossary = current_glossary(version, language)
        query = parse(text, synonyms=glossary.synonyms, language=language)
        names = glossary.names
    else:
        names, query = [], parse(text, language=language)
    if query.is_empty:
        return SearchResults(query)
    backend = get_backend(language)
    visible = SearchEntry.objects.visible_to(user) if user else SearchEntry.objects.published()
    found = backend.filter(visible, query)
    # What is published is the same for everyone but staff (who see drafts too), so everyone
    # else shares the results until the content changes.
    cache_key = None if user and user.is_staff else results_cache_key(text, version, language)

    def count_by_kind():
        return dict(found.order_by().values_list("kind").annotate(count=Count("pk")))

    if cache_key is None:
        facets = count_by_kind()
    else:
        facets = caches["search"].get_or_set(f"{cache_key}:facets", count_by_kind, PAGE_TIMEOUT)
    if kind:
        found = found.filter(kind=kind)
    results = SearchResults(
        query, backend.rank(found, query), facets=facets, kind=kind, cache_key=cache_key
    )
    results.term_names = names
    return results


def results_cache_key(text, content_version, language=None):
    return SEARCH_RESULTS.key(language or active_language(), text, content_version=content_version)


def entries_mentioning(names, *, kinds, limit=50):
    """Published entries of ``kinds`` in the active language that contain any of ``names``,
    best first; each says in ``untranslated_fields`` what of it shows in English."""
    language = active_language()
    query = Query.any_of(list(names), language)
    if query.is_empty:
        return []
    backend = get_backend(language)
    found = backend.filter(SearchEntry.objects.published().filter(kind__in=kinds), query)
    fields = ("kind", "object_id", "title", "url", "context", "summary", "body")
    entries = list(backend.rank(found, query).only(*fields)[:limit])
    in_english = _shown_in_english(entries, language)
    for entry in entries:  # read by {% in_language entry "title" %}
        entry.untranslated_fields = in_english.get((entry.kind, entry.object_id), frozenset())
    return entries
