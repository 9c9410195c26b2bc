"""Pocket-card PDFs in French and Arabic: an embedded font that has their letters, Arabic shaped
and set right to left."""

import re
from collections import Counter

import pytest
from django.utils import translation

from cards import cards

from .pdfs import pdf_pages, pdf_text, to_unicode_maps

FRENCH = "« L’œuvre » – où l’on s’entend… Été, Œdipe, Łódź."
ARABIC = "الحياد يعني عدم الانحياز إلى أي طرف في النزاع، كما تقول ICRC في 2024."


PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def unescape(literal):
    """The bytes of a PDF literal string, its backslash escapes undone."""
    return re.sub(
        rb"\\([nrtbf()\\]|[0-7]{1,3})",
        lambda m: PDF_ESCAPES.get(m[1]) or (bytes([int(m[1], 8)]) if m[1][:1].isdigit() else m[1]),
        literal,
    )


def card(title, text, *, split=False):
    items = [cards.CardItem(f"{title} {n}", text) for n in range(1, 4)]
    sections = [cards.CardSection("", items)]
    if split:
        sections = [cards.CardSection("A", items[:2]), cards.CardSection("B", items[2:])]
    return cards.Card("test", title, text[:30], sections, split=split)


def test_a_french_card_keeps_its_accents_quotes_and_ligatures():
    pdf = cards.render_pdf(card("Accès", FRENCH), url="https://example.org/", language="fr")
    assert pdf_pages(pdf) == 1
    assert b"/FontFile2" in pdf  # the TrueType font is embedded, not a core font
    assert b"/Lang (fr)" in pdf
    text = pdf_text(pdf)
    for character in "«»’–…éÉœŒŁó":
        assert character in text, character
    assert "?" not in text


def test_an_arabic_card_renders_with_its_letters_joined():
    pdf = cards.render_pdf(card("الوصول", ARABIC), url="https://example.org/", language="ar")
    assert pdf_pages(pdf) == 1
    assert b"/FontFile2" in pdf
    assert b"/Lang (ar)" in pdf
    maps = to_unicode_maps(pdf)
    text = pdf_text(pdf)
    assert {"ح", "ي", "ا", "د", "ن"} <= set(text)
    # Shaped, a letter takes a different glyph at the start, middle and end of a word (and
    # lam-alef is one glyph for two letters): several glyphs stand for one Arabic letter.
    shaped = [
        letter
        for cmap in maps
        for letter, glyphs in Counter(cmap.values()).items()
        if glyphs > 1 and "\u0600" <= letter[0] <= "\u06ff"
    ]
    assert shaped
    assert any(len(text) > 1 for cmap in maps for text in cmap.values())  # lam-alef


def test_unshaped_arabic_would_use_one_glyph_per_letter():
    """The check above tells shaped text from unshaped: without shaping, each Arabic letter
    has one glyph whatever its place in the word."""
    pdf = cards._new_pdf(paper="A4", language="ar")
    pdf.set_text_shaping(False)
    pdf.add_page()
    pdf.set_font(cards.FONT, "", 12)
    pdf.multi_cell(0, 6, ARABIC)
    maps = to_unicode_maps(bytes(pdf.output()))
    for cmap in maps:
        assert max(Counter(cmap.values()).values()) == 1
        assert all(len(text) == 1 for text in cmap.values())


def test_arabic_text_is_shaped_in_columns_as_in_lines():
    """Text in the card's columns goes through the bidirectional algorithm too: the Latin name
    and the number inside Arabic keep their order, the Arabic letters join."""
    pdf = cards._new_pdf(paper="A4", language="ar")
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font(cards.FONT, "", 12)
    columns = cards._columns(pdf, card("ع", ARABIC), align="R", right_to_left=True)
    with columns, columns.paragraph() as paragraph:
        cards._write(pdf, paragraph, ARABIC)
    content = bytes(pdf.output())
    cmap = max(to_unicode_maps(content), key=len)  # the regular face, the only one used
    assert Counter(cmap.values())["ي"] > 1
    page = content[content.index(b"BT") : content.rindex(b"ET")]
    codes = b"".join(unescape(run) for run in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", page))
    # Each glyph is a two-byte code, drawn where the last Tm put it: left to right on the line.
    drawn = "".join(cmap[int.from_bytes(codes[i : i + 2])] for i in range(0, len(codes), 2))
    assert "ICRC" in drawn and "2024" in drawn  # drawn left to right, as they read


def test_an_arabic_card_sets_its_first_column_on_the_right():
    pdf = cards._new_pdf(paper="A4", language="ar")
    pdf.add_page()
    arabic = cards._columns(pdf, card("ع", ARABIC, split=True), align="R", right_to_left=True)
    english = cards._columns(pdf, card("A", "Text", split=True), align="L", right_to_left=False)
    assert arabic._cols[0].left > arabic._cols[1].left
    assert english._cols[0].left < english._cols[1].left


def test_the_footer_keeps_a_link_and_a_date_left_to_right_in_arabic():
    footer = cards.card_footer(card("ع", ARABIC), "https://example.org/c/", right_to_left=True)
    assert f"{cards.LRM}https://example.org/c/{cards.LRM}" in footer
    assert cards.LRM not in cards.card_footer(card("A", "Text"), "https://example.org/c/")


def test_arabic_cards_use_an_upright_face_for_italic_text():
    """The oblique face has no Arabic letters; Arabic has no italics."""
    arabic = cards._new_pdf(paper="A4", language="ar")
    french = cards._new_pdf(paper="A4", language="fr")
    assert arabic.fonts["cardI"].ttffile == arabic.fonts["card"].ttffile
    assert french.fonts["cardI"].ttffile != french.fonts["card"].ttffile


@pytest.mark.django_db
def test_a_card_pdf_is_built_and_cached_in_the_language_asked_for():
    def build():
        language = translation.get_language()
        return card(f"Card {language}", FRENCH if language == "fr" else ARABIC)

    french = cards.cached_pdf("probe", build, paper="A4", url="/cards/p/", language="fr")
    arabic = cards.cached_pdf("probe", build, paper="A4", url="/cards/p/", language="ar")
    assert b"/Lang (fr)" in french and b"/Lang (ar)" in arabic
    assert "Œ" in pdf_text(french) and "Œ" not in pdf_text(arabic)

    def render_again():
        pytest.fail("the PDF was rendered again in the same language")

    again = cards.cached_pdf("probe", render_again, paper="A4", url="/cards/p/", language="ar")
    assert again == arabic


def test_only_text_that_needs_it_is_shaped():
    assert not cards.needs_shaping(["Été, « œuvre » – Łódź…", "Plain English"])
    assert cards.needs_shaping(["Plain", "الحياد"])
    assert cards.needs_shaping(["e\u0301"])  # a combining accent


def test_arabic_inside_a_french_card_is_still_shaped():
    text = f"{FRENCH} Le mot arabe : الحياد."
    maps = to_unicode_maps(cards.render_pdf(card("Mot", text), language="fr"))
    # Alef, alone at the start of the word and joined at its end: two glyphs once shaped.
    assert any(Counter(cmap.values())["ا"] > 1 for cmap in maps)


def test_an_accent_typed_as_a_combining_mark_joins_its_letter():
    pdf = cards.render_pdf(card("Acce\u0300s", "e\u0301te\u0301"), language="fr")
    text = pdf_text(pdf)
    assert "è" in text and "é" in text
    assert "\u0301" not in text and "\u0300" not in text
