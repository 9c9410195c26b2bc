"""Turning what a visitor typed into a query the engines can run safely.

No engine ever sees the raw text: it is cut to ``MAX_QUERY_LENGTH``, reduced to word tokens
(letters and digits of any script, with inner apostrophes), and each engine builds its own
query from those tokens only (quoted FTS5 phrases, or PostgreSQL phrase queries). Operators,
quotes, brackets, SQL and emoji simply do not survive tokenization.

The groups of a query hold words as the index of its language holds them (``languages``):
French and Arabic words reduced, so that "négociations" looks up "negociation"; the typed
words stay in ``tokens``, for what the page shows.
"""

from dataclasses import dataclass, field

from search.languages import ENGLISH, WORD, reduce_word

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 12
MAX_TOKEN_LENGTH = 60


def tokenize(text):
    """The lower-cased words of ``text``, in order."""
    return [
        word.replace("’", "'").casefold()[:MAX_TOKEN_LENGTH] for word in WORD.findall(text or "")
    ]


Phrase = tuple[str, ...]


def phrase_of(name, language=ENGLISH):
    """``name`` as a phrase of indexed words in ``language``."""
    words = (reduce_word(token, language) for token in tokenize(name))
    return tuple(word for word in words if word)


@dataclass(frozen=True)
class Query:
    """Groups that must all match; a group matches when any one of its phrases does.

    A plain word is a group of one one-word phrase. A word or words that name a glossary term
    become a group of every name of that term, so "IHL" also finds "international humanitarian
    law" and the other way round.
    """

    text: str
    tokens: tuple[str, ...] = ()
    language: str = ENGLISH
    groups: tuple[tuple[Phrase, ...], ...] = ()
    truncated: bool = False
    expanded: tuple[str, ...] = field(default=())

    @property
    def is_empty(self):
        return not self.groups

    @property
    def words(self):
        """Every indexed word the query looks for."""
        return {word for group in self.groups for phrase in group for word in phrase}

    @classmethod
    def any_of(cls, names, language=ENGLISH):
        """A query that matches any of ``names`` (each a phrase)."""
        phrases = tuple(dict.fromkeys(p for p in (phrase_of(n, language) for n in names) if p))
        return cls(text=", ".join(names), language=language, groups=(phrases,) if phrases else ())


class SynonymTable(dict):
    """Phrase -> the phrases of every name of its term; ``spellings`` tells how each phrase
    is written (the name lower-cased), for the page's "also searched for"."""

    def __init__(self, *args, spellings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spellings = spellings or {}


def synonym_table(name_groups, language=ENGLISH):
    """Map each name (as a phrase of ``language`` 's indexed words) to all the names of its
    group."""
    table = SynonymTable()
    for names in name_groups:
        spelt = {}
        for name in names:
            phrase = phrase_of(name, language)
            if phrase:
                spelt.setdefault(phrase, " ".join(tokenize(name)))
        phrases = tuple(spelt)
        for phrase in phrases:
            table.setdefault(phrase, phrases)
        for phrase, spelling in spelt.items():
            table.spellings.setdefault(phrase, spelling)
    return table


def parse(text, synonyms=None, language=ENGLISH):
    """Parse ``text`` into a :class:`Query` in ``language``, expanding names found in
    ``synonyms``.

    ``synonyms`` maps a phrase to the phrases that mean the same (see :func:`synonym_table`,
    built for the same language); the longest name starting at each word wins.
    """
    text = (text or "").strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    tokens = tokenize(text)[:MAX_TOKENS]
    words = [word for word in (reduce_word(token, language) for token in tokens) if word]
    synonyms = synonyms or {}
    spellings = getattr(synonyms, "spellings", {})
    longest = max((len(phrase) for phrase in synonyms), default=1)
    groups, expanded = [], []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            phrase = tuple(words[position : position + size])
            alternatives = synonyms.get(phrase)
            if alternatives and len(alternatives) > 1:
                others = [alt for alt in alternatives if alt != phrase]
                groups.append((phrase, *others))
                expanded.extend(spellings.get(alt, " ".join(alt)) for alt in others)
                position += size
                break
        else:
            groups.append(((words[position],),))
            position += 1
    return Query(
        text=text,
        tokens=tuple(tokens),
        language=language,
        groups=tuple(dict.fromkeys(groups)),
        truncated=truncated,
        expanded=tuple(expanded),
    )
