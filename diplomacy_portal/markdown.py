"""The one place where Markdown becomes HTML, and where that HTML is sanitised."""

import markdown as markdown_lib
import nh3

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


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text):
    """Render editor-written Markdown to HTML that is safe to show as is."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    return sanitise_html(html)
