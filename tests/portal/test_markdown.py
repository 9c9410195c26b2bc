import pytest

from diplomacy_portal.markdown import render_markdown

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
