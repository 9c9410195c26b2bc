"""Pocket cards: the five dos and five don'ts, the four humanitarian principles, and each
course's key terms, each on one printed page.

A card is plain data (:class:`Card`) made from published content only, the same for everyone.
It is shown as an HTML page with a print stylesheet (``static/css/field.css``) and drawn as a
one-page PDF with fpdf2. The PDF uses the PDF core font Helvetica, which holds Latin-1 only (no
font file is embedded), so text is transliterated first: curly quotes become straight ones,
dashes hyphens, and letters outside Latin-1 lose their accents. The PDF's type size is the
largest that keeps the card on one page of the paper asked for (A4 or US Letter); the HTML card
picks a density class from the amount of text, sized so that it fits one page of either paper.
"""

import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from articles.models import Article, Kind
from core.cache_keys import CARD_PDF
from core.site import site_url
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
    dos = [CardItem(a.numbered_title, a.summary) for a in articles if a.kind == Kind.DO]
    donts = [CardItem(a.numbered_title, a.summary) for a in articles if a.kind == Kind.DONT]
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
        sections=[CardSection("", [CardItem(a.title, a.summary) for a in ordered])],
        split=False,
        sources=_citations(ordered),
    )


def course_terms_card(course):
    terms = list(course_terms(course))
    items = [
        CardItem(
            f"{term.term} ({', '.join(term.alias_list)})" if term.alias_list else term.term,
            term.short_definition,
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

LATIN1 = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2192": "->",
        "\u0141": "L",
        "\u0142": "l",
        "\u0152": "OE",
        "\u0153": "oe",
    }
)


def latin1(text):
    """``text`` in characters the PDF core fonts have."""
    out = []
    for char in str(text).translate(LATIN1):
        try:
            char.encode("latin-1")
        except UnicodeEncodeError:
            plain = (
                unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            )
            out.append(plain or "?")
        else:
            out.append(char)
    return "".join(out)


def _draw(card, *, paper, size, footer):
    pdf = FPDF(orientation="P", unit="mm", format=paper)
    pdf.set_title(latin1(card.title))
    pdf.set_creator(latin1(_("Diplomacy Portal")))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_page()
    line = size * 0.45  # mm per line of text at this size, with some leading
    pdf.set_font("Helvetica", "", size * 0.8)
    pdf.set_text_color(90, 100, 114)
    pdf.cell(0, line, latin1(_("Diplomacy Portal · pocket card")).upper())
    pdf.ln(line * 1.2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", size * 1.6)
    pdf.multi_cell(
        0, size * 0.7, latin1(card.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
    )
    if card.subtitle:
        pdf.set_font("Helvetica", "I", size)
        pdf.multi_cell(
            0, line, latin1(card.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
        )
    pdf.ln(line * 0.6)
    with pdf.text_columns(ncols=card.columns, gutter=6, balance=not card.split) as columns:
        for number, section in enumerate(card.sections):
            if card.split and number:
                columns.new_column()
            if section.heading:
                with columns.paragraph(bottom_margin=line * 0.4) as paragraph:
                    pdf.set_font("Helvetica", "B", size * 1.2)
                    paragraph.write(latin1(section.heading))
            for item in section.items:
                with columns.paragraph(bottom_margin=line * 0.6) as paragraph:
                    pdf.set_font("Helvetica", "B", size)
                    paragraph.write(latin1(item.title) + (". " if card.split else ": "))
                    pdf.set_font("Helvetica", "", size)
                    paragraph.write(latin1(item.text))
    if card.more:
        pdf.set_font("Helvetica", "I", size * 0.85)
        more = _("… and %(count)s more in the glossary.") % {"count": card.more}
        pdf.multi_cell(0, line, latin1(more), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(line * 0.4)
    pdf.set_font("Helvetica", "", max(size * 0.75, 5.5))
    pdf.set_text_color(90, 100, 114)
    pdf.multi_cell(0, line * 0.8, latin1(footer), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    return pdf


def card_footer(card, url):
    sources = "; ".join(card.sources)
    parts = [_("Sources: %(sources)s.") % {"sources": sources}] if sources else []
    parts.append(
        _("Diplomacy Portal, %(date)s: %(url)s") % {"date": timezone.now().date(), "url": url}
    )
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


def render_pdf(card, *, paper="A4", url=""):
    """The card as a one-page PDF in the largest type that fits. If even the smallest type
    does not fit, the last items are left off, with a note saying how many."""
    footer = card_footer(card, url)

    def pages(card, size):
        return _draw(card, paper=paper, size=size, footer=footer).pages_count

    smallest = TYPE_SIZES[-1]
    if pages(card, smallest) > 1:
        total = sum(len(section.items) for section in card.sections)
        fitting = _largest_fitting(
            list(range(total + 1)), lambda count: pages(_shortened(card, count), smallest) == 1
        )
        card = _shortened(card, fitting)
    sizes = TYPE_SIZES[::-1]  # smallest first: it fits
    size = _largest_fitting(sizes, lambda size: pages(card, size) == 1)
    return bytes(_draw(card, paper=paper, size=size, footer=footer).output())


def cached_pdf(card_key, build, *, paper, url):
    """The PDF of the card that ``build()`` makes, cached until content changes.

    The footer's link is on the portal's own origin (``SITE_ORIGIN``), whatever host ``url``
    was asked on, so one PDF serves every host and port."""
    key = CARD_PDF.key(card_key, paper)
    pdf = caches["files"].get(key)
    if pdf is None:
        pdf = render_pdf(build(), paper=paper, url=site_url(urlsplit(url).path))
        caches["files"].set(key, pdf, PDF_TIMEOUT)
    return pdf
