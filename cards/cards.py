"""Pocket cards: the five dos and five don'ts, the four humanitarian principles, and each
course's key terms, each on one printed page.

A card is plain data (:class:`Card`) made from published content only, the same for everyone.
It is shown as an HTML page with a print stylesheet (``static/css/field.css``) and drawn as a
one-page PDF with fpdf2, in the language asked for: the PDF embeds a TrueType font that holds
Latin and Arabic letters (cards/fonts/), its text shaped by HarfBuzz so that Arabic letters take
their joined forms, and an Arabic card reads right to left. The PDF's type size is the
largest that keeps the card on one page of the paper asked for (A4 or US Letter); the HTML card
picks a density class from the amount of text, sized so that it fits one page of either paper.
"""

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from articles.models import Article, Kind
from core.cache_keys import CARD_PDF
from core.site import site_url
from core.templatetags.content_languages import untranslated
from offline.pack_links import course_terms

PRINCIPLE_SLUGS = ("humanity", "neutrality", "impartiality", "independence")
PAPERS = {"a4": "A4", "letter": "Letter"}
MARGIN_MM = 12
TYPE_SIZES = (12, 11.5, 11, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6)
PDF_TIMEOUT = 24 * 60 * 60
# Characters of card text above which the HTML card uses smaller type (see cards.css).
COMPACT_FROM = 2500
DENSE_FROM = 4000


@dataclass
class CardItem:
    title: str
    text: str
    untranslated_fields: frozenset = frozenset()  # "title", "text": in English (the HTML says so)


def _item(obj, title, text, *, title_field="title", text_field="summary"):
    """A card item from ``obj``, saying which of its parts show in English for want of a
    translation."""
    fields = {"title": title_field, "text": text_field}
    return CardItem(
        title, text, frozenset(part for part, name in fields.items() if untranslated(obj, name))
    )


@dataclass
class CardSection:
    heading: str
    items: list


@dataclass
class Card:
    slug: str
    title: str
    subtitle: str
    sections: list
    split: bool  # sections side by side (dos | don'ts) rather than flowing through columns
    sources: list = field(default_factory=list)
    more: int = 0  # items left off the PDF to keep it on one page

    @property
    def text_length(self):
        return sum(
            len(item.title) + len(item.text) for section in self.sections for item in section.items
        )

    @property
    def density(self):
        if self.text_length >= DENSE_FROM:
            return "dense"
        if self.text_length >= COMPACT_FROM:
            return "compact"
        return "normal"

    @property
    def columns(self):
        return 3 if self.density == "dense" and not self.split else 2


def _citations(objects):
    seen = {}
    for obj in objects:
        for source in obj.sources.all():
            seen.setdefault(source.slug, source.citation)
    return sorted(seen.values(), key=str.casefold)


def dos_and_donts_card():
    articles = list(
        Article.objects.published()
        .filter(kind__in=[Kind.DO, Kind.DONT], position__gte=1, position__lte=5)
        .prefetch_related("sources")
        .order_by("kind", "position")
    )
    dos = [_item(a, a.numbered_title, a.summary) for a in articles if a.kind == Kind.DO]
    donts = [_item(a, a.numbered_title, a.summary) for a in articles if a.kind == Kind.DONT]
    return Card(
        slug="dos-and-donts",
        title=_("Five dos and five don'ts of humanitarian diplomacy"),
        subtitle=_("For states and others engaging in humanitarian diplomacy."),
        sections=[CardSection(_("Do"), dos), CardSection(_("Don't"), donts)],
        split=True,
        sources=_citations(articles),
    )


def principles_card():
    articles = {
        article.slug: article
        for article in Article.objects.published()
        .filter(kind=Kind.PRINCIPLE, slug__in=PRINCIPLE_SLUGS)
        .prefetch_related("sources")
    }
    ordered = [articles[slug] for slug in PRINCIPLE_SLUGS if slug in articles]
    return Card(
        slug="principles",
        title=_("The four humanitarian principles"),
        subtitle=_("Humanity, neutrality, impartiality and independence."),
        sections=[CardSection("", [_item(a, a.title, a.summary) for a in ordered])],
        split=False,
        sources=_citations(ordered),
    )


def course_terms_card(course):
    terms = list(course_terms(course))
    items = [
        _item(
            term,
            f"{term.term} ({', '.join(term.alias_list)})" if term.alias_list else term.term,
            term.short_definition,
            title_field="term",
            text_field="short_definition",
        )
        for term in terms
    ]
    return Card(
        slug=f"key-terms-{course.slug}",
        title=_("Key terms: %(course)s") % {"course": course.title},
        subtitle=_("The glossary terms this course uses, with their short definitions."),
        sections=[CardSection("", items)],
        split=False,
        sources=_citations(terms),
    )


SITE_CARDS = {"dos-and-donts": dos_and_donts_card, "principles": principles_card}


# PDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# DejaVu Sans, cut down to Latin-1, Latin Extended-A, punctuation and Arabic (cards/fonts/README).
# Its oblique face has no Arabic letters: Arabic has no italics, so an Arabic card sets its
# "italic" text upright.
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "card"


def is_right_to_left(language):
    return bool(language) and get_language_info(language)["bidi"]


# Characters that need HarfBuzz and the bidirectional algorithm, by their bidi class: Arabic and
# Hebrew letters, Arabic digits, combining marks.
SHAPED_CLASSES = {"R", "AL", "AN", "NSM"}


def needs_shaping(texts):
    """Whether ``texts`` hold a character that a font's glyph for it alone would draw wrong.
    Latin text (its accented letters precomposed) does not: drawn unshaped it is the same, and
    a card lays out about twice as fast."""
    return any(unicodedata.bidirectional(char) in SHAPED_CLASSES for text in texts for char in text)


def _new_pdf(*, paper, language, shaping=True):
    """An empty PDF in ``language``: the card font embedded, text shaped by HarfBuzz when
    ``shaping`` (Arabic letters join), paragraphs right to left for Arabic."""
    rtl = is_right_to_left(language)
    pdf = FPDF(orientation="P", unit="mm", format=paper)
    for style, name in FONT_FILES.items():
        if rtl and style == "I":
            name = FONT_FILES[""]
        pdf.add_font(FONT, style, FONT_DIR / name)
    if shaping or rtl:
        pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
    pdf.set_lang(language)
    return pdf


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def _normalized(card):
    """``card`` with its text composed (NFC): an accent typed as a combining mark joins its
    letter, which the font has as one glyph."""
    sections = [
        CardSection(
            _nfc(section.heading),
            [CardItem(_nfc(item.title), _nfc(item.text)) for item in section.items],
        )
        for section in card.sections
    ]
    return replace(card, title=_nfc(card.title), subtitle=_nfc(card.subtitle), sections=sections)


def _texts(card):
    yield from (card.title, card.subtitle)
    for section in card.sections:
        yield section.heading
        for item in section.items:
            yield from (item.title, item.text)


def _columns(pdf, card, *, align, right_to_left):
    """fpdf2's text columns for the card's body, the first on the right when the card reads
    right to left (fpdf2 lays columns out from the left only)."""
    columns = pdf.text_columns(
        ncols=card.columns, gutter=6, balance=not card.split, text_align=align
    )
    if right_to_left:
        columns._cols.reverse()
    return columns


def _write(pdf, paragraph, text):
    """``paragraph.write(text)``, the text first cut into runs of one direction by the Unicode
    bidirectional algorithm, as ``multi_cell`` does: fpdf2's text regions skip that step, which
    would shape a Latin name or a number inside Arabic text right to left (and Arabic inside
    Latin left to right), reversing its letters."""
    text = pdf.normalize_text(text)
    paragraph._text_fragments.extend(pdf._preload_bidirectional_text(text, markdown=False))


def _draw(card, *, paper, size, footer, language):
    rtl = is_right_to_left(language)
    align = "R" if rtl else "L"
    shaping = needs_shaping([*_texts(card), footer])
    pdf = _new_pdf(paper=paper, language=language, shaping=shaping)
    pdf.set_title(card.title)
    pdf.set_creator(_("Diplomacy Portal"))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_page()
    line = size * 0.45  # mm per line of text at this size, with some leading
    pdf.set_font(FONT, "", size * 0.8)
    pdf.set_text_color(90, 100, 114)
    pdf.cell(0, line, _("Diplomacy Portal · pocket card").upper(), align=align)
    pdf.ln(line * 1.2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", size * 1.6)
    pdf.multi_cell(0, size * 0.7, card.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)
    if card.subtitle:
        pdf.set_font(FONT, "I", size)
        pdf.multi_cell(0, line, card.subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)
    pdf.ln(line * 0.6)
    columns = _columns(pdf, card, align=align, right_to_left=rtl)
    with columns:
        for number, section in enumerate(card.sections):
            if card.split and number:
                columns.new_column()
            if section.heading:
                with columns.paragraph(bottom_margin=line * 0.4) as paragraph:
                    pdf.set_font(FONT, "B", size * 1.2)
                    _write(pdf, paragraph, section.heading)
            for item in section.items:
                with columns.paragraph(bottom_margin=line * 0.6) as paragraph:
                    pdf.set_font(FONT, "B", size)
                    _write(pdf, paragraph, item.title + (". " if card.split else ": "))
                    pdf.set_font(FONT, "", size)
                    _write(pdf, paragraph, item.text)
    if card.more:
        pdf.set_font(FONT, "I", size * 0.85)
        more = _("… and %(count)s more in the glossary.") % {"count": card.more}
        pdf.multi_cell(0, line, more, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)
    pdf.ln(line * 0.4)
    pdf.set_font(FONT, "", max(size * 0.75, 5.5))
    pdf.set_text_color(90, 100, 114)
    pdf.multi_cell(0, line * 0.8, footer, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=align)
    return pdf


LRM = "\u200e"  # LEFT-TO-RIGHT MARK


def card_footer(card, url, *, right_to_left=False):
    """The sources and where the card came from. In right-to-left text the date and the link
    are held between left-to-right marks, so that they read left to right whole (the bidi
    algorithm would otherwise put a link's last slash before it and reverse a date's parts)."""
    sources = "; ".join(card.sources)
    parts = [_("Sources: %(sources)s.") % {"sources": sources}] if sources else []
    date = str(timezone.now().date())
    if right_to_left:
        date, url = f"{LRM}{date}{LRM}", f"{LRM}{url}{LRM}"
    parts.append(_("Diplomacy Portal, %(date)s: %(url)s") % {"date": date, "url": url})
    return " ".join(parts)


def _largest_fitting(candidates, fits):
    """The last of ``candidates`` (in the order they fit less and less) for which ``fits``
    holds, by bisection; ``fits`` must hold for the first."""
    low, high = 0, len(candidates) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(candidates[middle]):
            low = middle
        else:
            high = middle - 1
    return candidates[low]


def _shortened(card, count):
    """``card`` with ``count`` items, taking them off the end of the longest section first."""
    kept = [len(section.items) for section in card.sections]
    while sum(kept) > count:
        kept[kept.index(max(kept))] -= 1
    sections = [
        CardSection(section.heading, section.items[:n])
        for section, n in zip(card.sections, kept, strict=True)
    ]
    total = sum(len(section.items) for section in card.sections)
    return replace(card, sections=sections, more=total - count)


def render_pdf(card, *, paper="A4", url="", language=None):
    """The card as a one-page PDF in ``language`` (the active one when not given), in the
    largest type that fits. If even the smallest type does not fit, the last items are left
    off, with a note saying how many."""
    language = language or translation.get_language() or "en"
    card = _normalized(card)
    with translation.override(language):
        footer = _nfc(card_footer(card, url, right_to_left=is_right_to_left(language)))

        def draw(card, size):
            return _draw(card, paper=paper, size=size, footer=footer, language=language)

        def pages(card, size):
            return draw(card, size).pages_count

        smallest = TYPE_SIZES[-1]
        if pages(card, smallest) > 1:
            total = sum(len(section.items) for section in card.sections)
            fitting = _largest_fitting(
                list(range(total + 1)),
                lambda count: pages(_shortened(card, count), smallest) == 1,
            )
            card = _shortened(card, fitting)
        sizes = TYPE_SIZES[::-1]  # smallest first: it fits
        size = _largest_fitting(sizes, lambda size: pages(card, size) == 1)
        return bytes(draw(card, size).output())


def cached_pdf(card_key, build, *, paper, url, language=None):
    """The PDF of the card that ``build()`` makes in ``language`` (the active one when not
    given), cached until content changes.

    The footer's link is on the portal's own origin (``SITE_ORIGIN``), whatever host ``url``
    was asked on, so one PDF serves every host and port."""
    language = language or translation.get_language() or "en"
    with translation.override(language):  # the key says the language, as every key does
        key = CARD_PDF.key(card_key, paper)
        pdf = caches["files"].get(key)
        if pdf is None:
            card = build()
            pdf = render_pdf(card, paper=paper, url=site_url(urlsplit(url).path), language=language)
            caches["files"].set(key, pdf, PDF_TIMEOUT)
    return pdf
