"""How each language's words are reduced to the forms the index holds, and queries looked up.

The same function serves the text that is indexed and the words that are searched, so the two
always agree. English is left to the engines (FTS5's Porter stemmer, PostgreSQL's ``english``
configuration), which know it; French and Arabic are reduced here, in Python, because neither
engine stems them well or at all on SQLite:

- French: case and accents folded, ligatures spelt out, an elided article or pronoun dropped
  ("l'impartialité" is "impartialite"), and a light stemmer that takes plural and feminine
  endings off ("négociations" and "négociation" are both "negociation").
- Arabic: diacritics (tashkeel) and tatweel removed, the forms of alif with hamza folded to
  alif (and ؤ to و, ئ and ى to ي, ة to ه), then a light stemmer in the manner of Larkey's
  "light10": the conjunctions و and ف, the article in its attached forms (ال, وال, بال, كال,
  فال, لل) and the prepositions ب, ل, ك taken off the front and a few common endings (ات, ون,
  ين, ان, ها, ية, ة, ي) off the back, each only when enough of the word remains. "المفاوضات",
  "مفاوضات" and "والمفاوضات" are all "مفاوض".

A language the portal does not reduce (any other than French and Arabic) keeps its words as
they are, lower-cased.
"""

import re
import unicodedata

from django.conf import settings
from django.utils import translation

from core.languages import supported

ENGLISH = "en"


def _mark_class():
    """A regex class body of every combining mark in the Basic Multilingual Plane."""
    ranges, start, previous = [], None, None
    for code in range(0x300, 0x10000):
        if not unicodedata.category(chr(code)).startswith("M"):
            continue
        if start is None or code != previous + 1:
            if start is not None:
                ranges.append((start, previous))
            start = code
        previous = code
    ranges.append((start, previous))
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


# Python's \w knows the letters of every script but not the combining marks written on them
# (Arabic's short vowels, a decomposed accent): a word is letters, digits and marks.
MARKS = _mark_class()
WORD_CHARACTER = rf"(?:[^\W_]|[{MARKS}])"
_WORD_PART = rf"[^\W_]{WORD_CHARACTER}*"  # starting with a letter or digit, not a lone mark
WORD = re.compile(rf"{_WORD_PART}(?:['’]{_WORD_PART})*")
NOT_AFTER_WORD = rf"(?<![\w{MARKS}])"
NOT_BEFORE_WORD = rf"(?![\w{MARKS}])"


def indexed_languages():
    """The language codes the index holds a row for, the default language first."""
    codes = [code for code, _ in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE.split("-")[0]
    return [default, *(code for code in codes if code != default)]


def active_language():
    """The current language as one of :func:`indexed_languages` (the default one otherwise)."""
    return supported(translation.get_language()) or settings.LANGUAGE_CODE


# French -----------------------------------------------------------------------------------

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
ELISION = re.compile(r"^(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])'(?=\w)")


def fold_accents(text):
    """``text`` with accents and other combining marks taken off its letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def french_stem(word):
    """A light stemmer: plural, then feminine and a few common endings (folded words only)."""
    if len(word) > 4 and word.endswith("aux"):  # internationaux -> international
        return word[:-3] + "al"
    if len(word) > 3 and (word[-1] == "s" and word[-2] != "s" or word.endswith("ux")):
        word = word[:-1]  # the plural: accords, droits; jeux, dangereux
    if len(word) > 5 and word.endswith("elle"):  # conventionnelle -> conventionnel
        return word[:-2]
    if len(word) > 5 and word.endswith("euse"):  # dangereuse -> dangereu(x)
        return word[:-2]
    if len(word) > 4 and word.endswith("er"):  # négocier -> negoci(e)
        word = word[:-1]
    while len(word) > 4 and word.endswith("e"):  # humanitaire, négociée -> humanitair, negoci
        word = word[:-1]
    return word


def french_word(token):
    token = fold_accents(token.casefold().replace("’", "'")).translate(LIGATURES)
    token = ELISION.sub("", token).replace("'", "")
    return french_stem(token) if token.isalpha() else token


# Arabic -----------------------------------------------------------------------------------

ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"}
)
# Longest first; each with how much of the word must remain for it to be taken off.
ARABIC_ARTICLES = ("وبال", "وكال", "وال", "فال", "بال", "كال", "لل", "ال")
ARABIC_SUFFIXES = ("ات", "ون", "ين", "ان", "ها", "يه", "ه", "ي")


def fold_arabic(text):
    """Diacritics and tatweel removed, the letters with several written forms folded."""
    return ARABIC_MARKS.sub("", text).translate(ARABIC_LETTERS)


def arabic_stem(word):
    if len(word) >= 4 and word[0] in "وف" and not word.startswith(ARABIC_ARTICLES):
        word = word[1:]
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    else:
        if len(word) >= 6 and word[0] in "بلك":
            word = word[1:]
    for suffix in ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def arabic_word(token):
    token = fold_arabic(token.casefold()).replace("'", "").replace("’", "")
    return arabic_stem(token) if token.isalpha() else token


# Any language -----------------------------------------------------------------------------

REDUCERS = {"fr": french_word, "ar": arabic_word}


def reduces(language):
    """Whether the words of ``language`` are reduced here rather than by the engine."""
    return language in REDUCERS


def reduce_word(token, language):
    """The indexed form of one word (a query token) in ``language``."""
    reducer = REDUCERS.get(language)
    return reducer(token) if reducer else token.casefold()


def index_text(text, language):
    """``text`` as the index holds it for ``language``: each word reduced, spaces between.

    Languages the engines stem themselves (English) keep their text as written.
    """
    if not reduces(language):
        return text
    words = (reduce_word(word, language) for word in WORD.findall(text or ""))
    return " ".join(word for word in words if word)
