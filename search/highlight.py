"""Highlighted snippets cut in Python, for the languages whose words are reduced in Python.

A word of the text is highlighted when it reduces (``search.languages.reduce_word``) to one of
the words the query looks for, so "négociations" is marked for a search for "negociation" and
"والمفاوضات" for "المفاوضات", whatever the engine.
"""

from search.languages import WORD, reduce_word

MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"
EXCERPT_WORDS = 30
WORDS_BEFORE = 8


def _matches(text, words, language):
    found = WORD.finditer(text or "")
    return [match for match in found if reduce_word(match.group(), language) in words]


def _mark(text, matches, start=0, end=None):
    end = len(text) if end is None else end
    pieces, position = [], start
    for match in matches:
        if start <= match.start() and match.end() <= end:
            pieces += [text[position : match.start()], MARK_START, match.group(), MARK_END]
            position = match.end()
    pieces.append(text[position:end])
    return "".join(pieces)


def marked(text, words, language):
    """``text`` whole, each word that is one of ``words`` delimited; "" when none is."""
    matches = _matches(text, words, language)
    return _mark(text, matches) if matches else ""


def excerpt(text, words, language, length=EXCERPT_WORDS):
    """About ``length`` words of ``text`` around its first word among ``words``, delimited."""
    matches = _matches(text, words, language)
    if not matches:
        return ""
    spans = [match.span() for match in WORD.finditer(text)]
    first = next(i for i, span in enumerate(spans) if span[0] == matches[0].start())
    begin = max(0, first - WORDS_BEFORE)
    finish = min(len(spans), begin + length)
    start = spans[begin][0]
    end = spans[finish - 1][1] if finish < len(spans) else len(text)
    snippet = _mark(text, matches, start, end)
    return (ELLIPSIS if begin else "") + snippet + (ELLIPSIS if finish < len(spans) else "")
