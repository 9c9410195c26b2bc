"""Parsing HTML in tests strictly enough to catch broken nesting, recording glossary links."""

from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class Tree(HTMLParser):
    """Parses HTML strictly enough to catch broken nesting, and records every term link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.links, self.text = [], [], []
        self.in_term_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            assert "a" not in self.stack, "a link inside a link"
            self.in_term_link = "term-link" in (attrs.get("class") or "")
            if self.in_term_link:
                self.links.append({**attrs, "inside": list(self.stack), "text": ""})
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()
        if tag == "a":
            self.in_term_link = False

    def handle_data(self, data):
        self.text.append(data)
        if self.in_term_link:
            self.links[-1]["text"] += data


def parse(html):
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [], f"unclosed: {tree.stack}"
    return tree


def text_of(html):
    return "".join(parse(html).text)
