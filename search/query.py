"""Turning what a visitor typed into a query the engines can run safely.

No engine ever sees the raw text: it is cut to ``MAX_QUERY_LENGTH``, reduced to word tokens
(letters and digits of any script, with inner apostrophes), and each engine builds its own
query from those tokens only (quoted FTS5 phrases, or PostgreSQL phrase queries). Operators,
quotes, brackets, SQL and emoji simply do not survive tokenization.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 12
MAX_TOKEN_LENGTH = 60

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def tokenize(text):
    """The lower-cased words of ``text``, in order."""
    return [
        word.replace("’", "'").casefold()[:MAX_TOKEN_LENGTH] for word in WORD.findall(text or "")
    ]


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """Groups that must all match; a group matches when any one of its phrases does.

    A plain word is a group of one one-word phrase. A word or words that name a glossary term
    become a group of every name of that term, so "IHL" also finds "international humanitarian
    law" and the other way round.
    """

    text: str
    tokens: tuple[str, ...] = ()
    groups: tuple[tuple[Phrase, ...], ...] = ()
    truncated: bool = False
    expanded: tuple[str, ...] = field(default=())

    @property
    def is_empty(self):
        return not self.groups

    @classmethod
    def any_of(cls, names):
        """A query that matches any of ``names`` (each a phrase)."""
        phrases = tuple(dict.fromkeys(p for p in (tuple(tokenize(n)) for n in names) if p))
        return cls(text=", ".join(names), groups=(phrases,) if phrases else ())


def synonym_table(name_groups):
    """Map each name (as a phrase) to all the names of its group."""
    table = {}
    for names in name_groups:
        phrases = tuple(dict.fromkeys(p for p in (tuple(tokenize(n)) for n in names) if p))
        for phrase in phrases:
            table.setdefault(phrase, phrases)
    return table


def parse(text, synonyms=None):
    """Parse ``text`` into a :class:`Query`, expanding names found in ``synonyms``.

    ``synonyms`` maps a phrase to the phrases that mean the same (see :func:`synonym_table`);
    the longest name starting at each word wins.
    """
    text = (text or "").strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    tokens = tokenize(text)[:MAX_TOKENS]
    synonyms = synonyms or {}
    longest = max((len(phrase) for phrase in synonyms), default=1)
    groups, expanded = [], []
    position = 0
    while position < len(tokens):
        for size in range(min(longest, len(tokens) - position), 0, -1):
            phrase = tuple(tokens[position : position + size])
            alternatives = synonyms.get(phrase)
            if alternatives and len(alternatives) > 1:
                groups.append((phrase, *(alt for alt in alternatives if alt != phrase)))
                expanded.extend(" ".join(alt) for alt in alternatives if alt != phrase)
                position += size
                break
        else:
            groups.append(((tokens[position],),))
            position += 1
    return Query(
        text=text,
        tokens=tuple(tokens),
        groups=tuple(dict.fromkeys(groups)),
        truncated=truncated,
        expanded=tuple(expanded),
    )
