"""Reading the card PDFs: their pages and the text their embedded fonts stand for."""

import re

PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)")
BFCHAR = re.compile(rb"beginbfchar\s*(.*?)\s*endbfchar", re.S)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def pdf_pages(content):
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    return len(PAGE_OBJECT.findall(content))


def to_unicode_maps(content):
    """Each embedded font's ToUnicode CMap: {glyph id: the text it stands for}."""
    maps = []
    for section in BFCHAR.findall(content):
        maps.append(
            {
                int(glyph, 16): "".join(
                    chr(int(text[i : i + 4], 16)) for i in range(0, len(text), 4)
                )
                for glyph, text in PAIR.findall(section)
            }
        )
    assert maps, "no ToUnicode CMap: no TrueType font embedded"
    return maps


def pdf_text(content):
    """Every character the PDF's fonts have a glyph for, as their ToUnicode CMaps say."""
    return "".join(text for cmap in to_unicode_maps(content) for text in cmap.values())
