"""What to offer when a search finds nothing: glossary terms and spellings close to the query.

Only published entries feed the suggestions, so a draft's words never leak through them, and
only those of the query's language, so a French search is offered French words and names.
A typed word is left alone when it reduces to a word the index knows ("negociations" is
known where "négociation" is written); otherwise the closest word as written is offered.
"""

from dataclasses import dataclass, field
from difflib import get_close_matches

from django.core.cache import cache
from django.db.models import Count, Max

from core.cache_keys import SEARCH_VOCABULARY
from search.languages import active_language, reduce_word
from search.models import SearchEntry, SearchKind
from search.query import tokenize

VOCABULARY_TIMEOUT = 10 * 60
MIN_WORD_LENGTH = 3
TERM_CUTOFF = 0.6
WORD_CUTOFF = 0.75


@dataclass(frozen=True)
class TermName:
    name: str
    term: str
    url: str


@dataclass
class Suggestions:
    terms: list = field(default_factory=list)
    respelling: str = ""

    def __bool__(self):
        return bool(self.terms or self.respelling)


def term_names(language=None):
    """Every name (term and alias) of every glossary term in ``language`` (the active one),
    with its term and page."""
    rows = (
        SearchEntry.objects.published()
        .filter(kind=SearchKind.TERM, language=language or active_language())
        .values_list("title", "keywords", "url")
    )
    names = []
    for title, keywords, url in rows:
        names.append(TermName(title, title, url))
        names.extend(
            TermName(alias.strip(), title, url) for alias in keywords.split(",") if alias.strip()
        )
    return names


def vocabulary(language=None):
    """The words of everything published in ``language`` (the active one), as written
    (lower-cased), cached until the index changes."""
    language = language or active_language()
    published = SearchEntry.objects.published().filter(language=language)
    state = published.aggregate(count=Count("pk"), latest=Max("indexed_at"))
    latest = state["latest"].timestamp() if state["latest"] else 0
    key = SEARCH_VOCABULARY.key(language, state["count"], latest)
    words = cache.get(key)
    if words is None:
        words = set()
        for row in published.values_list("title", "keywords", "summary", "tags", "body"):
            words.update(word for word in tokenize(" ".join(row)) if len(word) >= MIN_WORD_LENGTH)
        words = sorted(word for word in words if not word.isdigit())
        cache.set(key, words, VOCABULARY_TIMEOUT)
    return words


def suggest(query, names=None, limit=5):
    """:class:`Suggestions` for ``query`` (a parsed Query) that found nothing."""
    if not query.tokens:
        return Suggestions()
    language = query.language
    names = term_names(language) if names is None else names
    by_name = {}
    for name in names:
        by_name.setdefault(name.name.casefold(), name)
    wanted = [" ".join(query.tokens), *query.tokens]
    close = []
    for text in wanted:
        close.extend(get_close_matches(text, by_name, n=limit, cutoff=TERM_CUTOFF))
    terms = list({by_name[name].url: by_name[name] for name in close}.values())[:limit]

    words = vocabulary(language)
    known = {reduce_word(word, language) for word in words}
    respelt = []
    for token in query.tokens:
        if reduce_word(token, language) in known or len(token) < MIN_WORD_LENGTH:
            respelt.append(token)
            continue
        match = get_close_matches(token, words, n=1, cutoff=WORD_CUTOFF)
        respelt.append(match[0] if match else token)
    respelling = " ".join(respelt) if respelt != list(query.tokens) else ""
    return Suggestions(terms=terms, respelling=respelling)
