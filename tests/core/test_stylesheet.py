"""The stylesheets read both ways: logical properties only, so that an Arabic page (dir="rtl")
is the English one mirrored, and pointing glyphs that turn round with it."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
STYLESHEETS = sorted((BASE / "static" / "css").glob("*.css")) + [
    BASE / "templates" / "offline" / "pack.css"
]
TEMPLATES = sorted((BASE / "templates").rglob("*.html"))
COMMENT = re.compile(r"/\*.*?\*/", re.S)
STRING = re.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|url\([^)]*\)")
PHYSICAL_PROPERTY = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")
PHYSICAL_VALUE = re.compile(r"\b(?:left|right)\b")
# Shorthands whose four values go top, right, bottom, left: a physical side when the second
# and the fourth differ.
SIDES = {"margin", "padding", "inset", "border-width", "border-style", "border-color"}
SCROLL_SIDES = {"scroll-margin", "scroll-padding"}
SHADOWS = {"box-shadow", "text-shadow"}
# Glyphs that point along the line, in either direction.
POINTING = "←→‹›⟵⟶⇐⇒◀▶◂▸"


@dataclass
class Rule:
    selectors: list
    declarations: list  # (property, value)


def parse(css):
    """The style rules of a stylesheet, those inside @media and other blocks included."""
    css = COMMENT.sub("", css)
    rules, prelude, depth_preludes, i = [], "", [], 0
    while i < len(css):
        char = css[i]
        if char == "{":
            head = prelude.strip()
            if head.startswith("@"):
                depth_preludes.append(head)
                prelude = ""
                i += 1
                continue
            end = css.index("}", i)
            rules.append(Rule(split_selectors(head), declarations(css[i + 1 : end])))
            prelude, i = "", end + 1
            continue
        if char == "}":
            depth_preludes.pop()
            prelude = ""
        elif char == ";" and not depth_preludes and prelude.strip().startswith("@"):
            prelude = ""  # @import, @charset
        else:
            prelude += char
        i += 1
    return rules


def split_selectors(text):
    return [" ".join(selector.split()) for selector in text.split(",")]


def declarations(text):
    found = []
    for part in text.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            found.append((name.strip().lower(), value.strip()))
    return found


def inline_styles():
    """Every <style> block and style="" attribute in the templates, as stylesheet text."""
    for template in TEMPLATES:
        html = template.read_text()
        for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S):
            yield template, block
        for attribute in re.findall(r"\sstyle=\"([^\"]*)\"", html):
            yield template, f"x {{ {attribute} }}"


def all_css():
    for sheet in STYLESHEETS:
        yield sheet, sheet.read_text()
    yield from inline_styles()


def physical(name, value):
    """Why a declaration names a physical side (left or right), or "" when it does not."""
    bare = STRING.sub('""', value)
    if PHYSICAL_PROPERTY.search(name):
        return "property"
    if PHYSICAL_VALUE.search(bare):
        return "value"
    parts = bare.replace("!important", "").split()
    if name in SIDES | SCROLL_SIDES and len(parts) == 4 and parts[1] != parts[3]:
        return "four sides, right and left unlike"
    if name == "border-radius" and "/" not in parts:
        corners = {1: [0, 0, 0, 0], 2: [0, 1, 0, 1], 3: [0, 1, 2, 1], 4: [0, 1, 2, 3]}
        if len(parts) in corners:
            tl, tr, br, bl = (parts[n] for n in corners[len(parts)])
            if tl != tr or br != bl:
                return "corners, right and left unlike"
    return ""


def shadow_offset(value):
    first = value.split()[0]
    return 0.0 if first.startswith("var(") else float(re.match(r"-?[\d.]+", first)[0])


def test_the_stylesheets_and_templates_have_some_css_to_check():
    assert len(STYLESHEETS) >= 4
    assert any(parse(css) for _, css in all_css())
    assert any("pack.html" in str(path) for path, _ in inline_styles())


@pytest.mark.parametrize(
    ("css", "found"),
    [
        (".a { margin-left: 1rem; }", "property"),
        (".a { left: 0; }", "property"),
        (".a { border-top-right-radius: 2px; }", "property"),
        (".a { text-align: right; }", "value"),
        ("@media print { .a { float: left; } }", "value"),
        (".a { padding: 0 1rem 0 2rem; }", "four sides, right and left unlike"),
        (".a { border-radius: 4px 0 0 4px; }", "corners, right and left unlike"),
        (".a { margin-inline-start: 1rem; text-align: start; padding: 0 1rem 1rem; }", ""),
        ('.a::after { content: "left"; } .chosen-right { color: red; }', ""),
    ],
)
def test_the_check_finds_physical_sides(css, found):
    reasons = {physical(name, value) for rule in parse(css) for name, value in rule.declarations}
    assert reasons == {found}


def test_no_stylesheet_or_inline_style_names_a_physical_left_or_right():
    offending = [
        f"{path.name}: {', '.join(rule.selectors)} {{ {name}: {value} }} ({why})"
        for path, css in all_css()
        for rule in parse(css)
        for name, value in rule.declarations
        if (why := physical(name, value))
    ]
    assert offending == []


def test_every_sideways_shadow_is_mirrored_under_rtl():
    rules = [rule for _, css in all_css() for rule in parse(css)]
    mirrored = {
        selector.removeprefix('[dir="rtl"] '): (name, value)
        for rule in rules
        for selector in rule.selectors
        if selector.startswith('[dir="rtl"] ')
        for name, value in rule.declarations
    }
    checked = 0
    for rule in rules:
        for name, value in rule.declarations:
            if name not in SHADOWS or not shadow_offset(value):
                continue
            for selector in rule.selectors:
                if selector.startswith('[dir="rtl"]'):
                    continue
                checked += 1
                assert selector in mirrored, selector
                rtl_name, rtl_value = mirrored[selector]
                assert rtl_name == name
                assert shadow_offset(rtl_value) == -shadow_offset(value)
                assert rtl_value.split()[1:] == value.split()[1:]
    assert checked  # the trainee table's sticky column has one


def portal_rules():
    return parse((BASE / "static" / "css" / "portal.css").read_text())


def test_pointing_glyphs_turn_round_under_rtl():
    rules = portal_rules()
    own = [dict(rule.declarations) for rule in rules if ".dir-icon" in rule.selectors]
    rtl = [dict(rule.declarations) for rule in rules if '[dir="rtl"] .dir-icon' in rule.selectors]
    # Laid out left to right itself, the glyph is never mirrored by the bidi algorithm, only
    # by the transform: turned round once, not twice.
    assert own == [{"display": "inline-block", "direction": "ltr", "unicode-bidi": "isolate"}]
    assert rtl == [{"transform": "scaleX(-1)"}]


def test_every_pointing_glyph_in_a_template_is_one_that_turns_round():
    glyph = re.compile(f"[{POINTING}]")
    wrapped = re.compile(rf'<span class="dir-icon"(?: aria-hidden="true")?>[{POINTING}]</span>')
    loose = {
        template.relative_to(BASE).as_posix(): glyph.findall(wrapped.sub("", html))
        for template in TEMPLATES
        if (html := template.read_text())
    }
    assert {name: found for name, found in loose.items() if found} == {}
    assert sum(len(wrapped.findall(t.read_text())) for t in TEMPLATES) >= 4


def test_no_generated_content_points_one_way_only():
    for path, css in all_css():
        for rule in parse(css):
            for name, value in rule.declarations:
                if name == "content":
                    assert not re.search(f"[{POINTING}]", value), (path.name, rule.selectors)


def test_progress_bars_are_native_and_fill_from_the_inline_start_side():
    """<progress> and <meter> fill from the inline-start side of their own accord, the right in
    Arabic: the bars are those elements, and no rule sets their direction or turns them."""
    html = "".join(template.read_text() for template in TEMPLATES)
    assert "<progress " in html and "<meter " in html
    for path, css in all_css():
        for rule in parse(css):
            if any(re.search(r"\b(?:progress|meter)\b", s) for s in rule.selectors):
                names = {name for name, _ in rule.declarations}
                assert not names & {"direction", "transform", "unicode-bidi"}, path.name
