import json
import re

import pytest

from core.content import fixture_paths
from core.markdown import (
    MAX_BRACKETS,
    MAX_EMPHASIS,
    MAX_LENGTH,
    MAX_LINES,
    MAX_MARKS,
    MAX_NESTING,
    UnrenderableMarkdown,
    markdown_problems,
    render_markdown,
)

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<form action="https://evil.example"><input name="a"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<body onload="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "![x](javascript:alert(1))",
    '<a href="  javascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_rendered_markdown_never_carries_script(vector):
    html = render_markdown(vector).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "data:" not in html
    for attribute in ("onerror", "onload", "onclick", "style="):
        assert attribute not in html
    for tag in ("<iframe", "<object", "<embed", "<form", "<meta", "<link", "<svg", "<img"):
        assert tag not in html


def test_markdown_keeps_ordinary_formatting():
    html = render_markdown("## Heading\n\n*Emphasis* and [a link](/articles/x/).\n\n- one\n- two")
    assert "<h2>Heading</h2>" in html
    assert "<em>Emphasis</em>" in html
    assert 'href="/articles/x/"' in html
    assert "<li>one</li>" in html


def test_markdown_tables_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_empty_markdown_renders_empty():
    assert render_markdown("") == ""


# Bounds: what Python-Markdown would take seconds or minutes over is refused before it runs.

HOSTILE = {
    "nested lists": "- " * 500 + "a",
    "nested quotes": "> " * 500 + "a",
    "indented lists": "\n".join("    " * level + "- a" for level in range(50)),
    "open brackets": "[" * 20000,
    "emphasis run": "_a*" * 30000,
    "too long": "a" * (MAX_LENGTH + 1),
    "too many lines": "a\n" * (MAX_LINES + 1),
    "brackets on a long line": "[" * MAX_BRACKETS + "a" * 90_000,
    "open HTML": "<a href='" * 10_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_is_refused_before_rendering(text):
    assert markdown_problems(text)
    with pytest.raises(UnrenderableMarkdown):
        render_markdown(text)


# The largest inputs each bound allows render (each would take far longer past its bound).
LARGEST_ALLOWED = {
    "deepest nesting": ("- " * MAX_NESTING + "a\n") * (MAX_LINES - 1),
    "deepest quotes": ("> " * MAX_NESTING + "a\n\n") * (MAX_LINES // 2),
    "most brackets in a paragraph": "[" * MAX_BRACKETS + "a" * 14_000,
    "most emphasis marks in a paragraph": "_a*" * (MAX_EMPHASIS // 2) + "a" * 20_000,
    "most lines": "# a\n" * MAX_LINES,
    "most marks": "\n\n".join(["_a*" * 60] * (MAX_MARKS // 120 - 1)),
    "longest text": ("Humanitarian actors' **neutrality** is [key](/articles/x/). " * 8 + "\n\n")
    * (MAX_LENGTH // 500),
}


@pytest.mark.parametrize("text", LARGEST_ALLOWED.values(), ids=LARGEST_ALLOWED.keys())
def test_the_largest_allowed_input_renders(text):
    assert len(text) <= MAX_LENGTH
    assert markdown_problems(text) == []
    assert render_markdown(text)


def test_nesting_is_measured_by_markers_and_indentation():
    assert markdown_problems("- " * MAX_NESTING + "a") == []
    assert markdown_problems("- " * (MAX_NESTING + 1) + "a")
    assert markdown_problems("    " * MAX_NESTING + "- a")
    assert markdown_problems("> " * (MAX_NESTING + 1) + "a")
    assert markdown_problems("* " * 20 + "\n\nText.") == []  # a horizontal rule, not a list


def test_every_shipped_text_is_within_the_bounds():
    texts = [
        value
        for path in fixture_paths()
        for item in json.loads(path.read_text(encoding="utf-8"))
        for value in item["fields"].values()
        if isinstance(value, str)
    ]
    assert len(texts) > 1000
    assert [text[:60] for text in texts if markdown_problems(text)] == []


# Ids written in content never clash with the page's own.


def test_heading_ids_given_in_content_are_prefixed():
    html = render_markdown("## Contents {#content}\n\nText.")
    assert '<h2 id="section-content">Contents</h2>' in html


def test_ids_in_html_written_in_content_are_prefixed():
    assert render_markdown('<h3 id="main">Main</h3>') == '<h3 id="section-main">Main</h3>'


def test_links_to_anchors_in_content_follow_the_prefix():
    html = render_markdown("[Back to contents](#content) and [elsewhere](/articles/x/#top)")
    assert 'href="#section-content"' in html
    assert 'href="/articles/x/#top"' in html


def test_shipped_content_links_to_no_anchor_it_does_not_define():
    """Links inside content to ``#...`` must name an id the same text defines."""
    for path in fixture_paths():
        for item in json.loads(path.read_text(encoding="utf-8")):
            for value in item["fields"].values():
                if isinstance(value, str) and "](#" in value:
                    html = render_markdown(value)
                    for anchor in re.findall(r'href="#([^"]+)"', html):
                        assert f'id="{anchor}"' in html, (path.name, anchor)
