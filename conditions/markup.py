"""Members' text as safe HTML: Markdown rendered, then sanitised with nh3, so that no script, event
attribute, style or `javascript:` link survives, whatever was typed."""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Paragraphs, emphasis, lists, quotes and links; raw HTML in the text is escaped, not kept,
    and the result is sanitised again. Links open as nofollow, without a referrer."""
    html = markdown.markdown(escape_html(text), extensions=["nl2br", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )


def escape_html(text: str) -> str:
    """Markdown passes raw HTML through: escape it first (but not `>`, which starts a quote)."""
    return text.replace("&", "&amp;").replace("<", "&lt;")
