"""The one place where Markdown becomes HTML, and where that HTML is sanitised.

Python-Markdown takes time that grows faster than the text on some input (deeply nested lists
and quotes, long runs of brackets or emphasis markers, thousands of tiny blocks), so what it is
given is bounded first by a cheap scan of the lines: ``markdown_problems`` says what is over a
bound, and models refuse to save such text (``RenderedMarkdownMixin.clean``).
"""

import re
import unicodedata
from functools import partial

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

EXTENSIONS = ["extra", "sane_lists", "smarty"]

# An id written in content is prefixed, so that it can never clash with the page's own ids
# (``content``, ``main``...); links within the content to ``#...`` are prefixed the same way.
CONTENT_ID_PREFIX = "section-"

# Bounds on what is rendered: the longest shipped text is under 6,000 characters and 90 lines,
# nests lists at most three deep and has at most 7 brackets and 40 emphasis markers in a block.
MAX_LENGTH = 100_000  # characters in one field
MAX_LINES = 1_000
MAX_NESTING = 6  # lists and quotes inside one another
MAX_BRACKETS = 50  # "[" in one paragraph or list item
MAX_EMPHASIS = 200  # "*" and "_" in one paragraph or list item
# Inline markup is matched within each paragraph or list item, and an unclosed mark makes the
# renderer search the rest of it: the work grows with marks times length. Each paragraph's
# length times its weighted marks is summed; the weights follow what each mark costs.
MARK_WEIGHTS = {"[": 800, "<": 40, "`": 6, "*": 3, "_": 3, "'": 3, '"': 3, "&": 3, "\\": 3}
MAX_INLINE_WORK = 1_200_000_000  # about half a second of rendering
MAX_MARKS = 20_000  # of the marks above in one field: each costs some time of its own

_NESTING = re.compile(r"(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*")
_RULE = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_STARTS_BLOCK = re.compile(r"[ \t>]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#)")


def _nesting(line):
    """How deep a line sits in lists and quotes: its indentation (four columns a level) and the
    list and quote markers it starts with."""
    if _RULE.match(line):
        return 0
    stripped = line.lstrip(" \t")
    depth = len(line[: len(line) - len(stripped)].expandtabs(4)) // 4
    position = 0
    while match := _NESTING.match(stripped, position):
        if match.end() == position:
            break
        depth += 1
        position = match.end()
    return depth


def _count(number):
    """A number grouped in thousands as the active language groups them."""
    return number_format(number, force_grouping=True)


def markdown_problems(text):
    """What in the text is over the bounds the renderer can take, in plain words."""
    if not text:
        return []
    if len(text) > MAX_LENGTH:
        return [
            _("This text has %(length)s characters; at most %(max)s are allowed.")
            % {"length": _count(len(text)), "max": _count(MAX_LENGTH)}
        ]
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        return [
            _("This text has %(lines)s lines; at most %(max)s are allowed.")
            % {"lines": _count(len(lines)), "max": _count(MAX_LINES)}
        ]
    problems = []
    deepest = max((_nesting(line) for line in lines), default=0)
    if deepest > MAX_NESTING:
        problems.append(
            ngettext(
                "Lists or quotes are nested %(depth)d levels deep; at most %(max)d level is "
                "allowed.",
                "Lists or quotes are nested %(depth)d levels deep; at most %(max)d levels are "
                "allowed.",
                MAX_NESTING,
            )
            % {"depth": deepest, "max": MAX_NESTING}
        )
    if sum(text.count(mark) for mark in MARK_WEIGHTS) > MAX_MARKS:
        problems.append(
            _(
                "This text has more than %(max)s characters that Markdown reads as markup "
                "(brackets, emphasis marks, quotes, backticks, “<”, “&” or “\\”)."
            )
            % {"max": _count(MAX_MARKS)}
        )
    brackets = emphasis = length = marks = work = 0
    over_brackets = over_emphasis = False
    for line in lines:
        if not line.strip() or _STARTS_BLOCK.match(line):
            work += length * marks
            brackets = emphasis = length = marks = 0
        brackets += line.count("[")
        emphasis += line.count("*") + line.count("_")
        length += len(line) + 1
        marks += sum(weight * line.count(mark) for mark, weight in MARK_WEIGHTS.items())
        over_brackets = over_brackets or brackets > MAX_BRACKETS
        over_emphasis = over_emphasis or emphasis > MAX_EMPHASIS
    work += length * marks
    if over_brackets:
        problems.append(
            _(
                "A paragraph or list item has more than %(max)d square brackets “[”. Split it, "
                "or write fewer links."
            )
            % {"max": MAX_BRACKETS}
        )
    if over_emphasis:
        problems.append(
            _(
                "A paragraph or list item has more than %(max)d emphasis marks (“*” or “_”). "
                "Split it, or use less bold and italics."
            )
            % {"max": MAX_EMPHASIS}
        )
    if work > MAX_INLINE_WORK and not (over_brackets or over_emphasis):
        problems.append(
            _(
                "Some paragraphs or list items are too long for the links, code, HTML or "
                "emphasis marks they hold. Split them into shorter paragraphs."
            )
        )
    return problems


class UnrenderableMarkdown(ValueError):
    """Text over the renderer's bounds (see ``markdown_problems``), refused rather than run."""


def heading_slug(text):
    """The slug of a heading's text, as its id uses it ("" when nothing is left).

    Django's ``slugify`` as before for text in Latin letters, accents dropped ("Règles" gives
    "regles"), so every id the English and French content had stays the same; text with letters
    that have no Latin form (Arabic) keeps them ("قواعد"), where ``slugify`` would drop them all.
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if any(c.isalnum() and not c.isascii() for c in bare):
        return slugify(text, allow_unicode=True)
    return slugify(text)


# Addresses written in content as site paths ("/glossary/neutrality/") are the English pages';
# rendered for another language they get its prefix ("/fr/glossary/neutrality/"), but for the
# paths that have no language (files, the admin, robots.txt, ...).
UNPREFIXED_PATHS = ("/static/", "/admin/", "/health", "/robots.txt", "/sitemap.xml")


def _language_path(value, language):
    if (
        not language
        or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        or not value.startswith("/")
        or value.startswith("//")
        or value.startswith(UNPREFIXED_PATHS)
    ):
        return value
    prefixes = [f"/{code}" for code in settings.MODELTRANSLATION_LANGUAGES]
    if any(value == prefix or value.startswith(f"{prefix}/") for prefix in prefixes):
        return value  # already names its language
    return f"/{language}{value}"


def _filter_attribute(element, attribute, value, language=None):
    if attribute == "id":
        return CONTENT_ID_PREFIX + value
    if attribute == "href" and value.startswith("#") and len(value) > 1:
        return f"#{CONTENT_ID_PREFIX}{value[1:]}"
    if attribute == "href":
        return _language_path(value, language)
    return value


def sanitise_html(html, language=None):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=partial(_filter_attribute, language=language),
    )


EMPTY_HEADER_CELL = re.compile(r"<th>\s*</th>")


def render_markdown(text, language=None):
    """Render editor-written Markdown to HTML that is safe to show as is.

    ``language`` is the language the text is written in: links to site paths point to that
    language's pages. Raises ``UnrenderableMarkdown`` for text over the bounds; forms check them
    first.
    """
    if not text:
        return ""
    problems = markdown_problems(text)
    if problems:
        raise UnrenderableMarkdown(" ".join(problems))
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    # A table's empty corner heads nothing: a plain cell, so no header is left without a name.
    html = EMPTY_HEADER_CELL.sub("<td></td>", html)
    return sanitise_html(html, language)
