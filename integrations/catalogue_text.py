"""Catalogue text (cause, fix steps) as formatted, safe HTML.

Consultants write plain text: numbered lines ("1. Check …") become a numbered list, blank
lines separate paragraphs, other line breaks are kept. Everything they type is escaped first,
so an entry can never inject markup into the pages that show it.
"""

import re

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_STEP = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def catalogue_html(text: str) -> SafeString:
    """``text`` as paragraphs and numbered lists; all of it escaped."""
    blocks: list[SafeString] = []
    lines = (text or "").replace("\r\n", "\n").split("\n")
    paragraph: list[str] = []
    steps: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = mark_safe("<br>".join(escape(line) for line in paragraph))  # noqa: S308
            blocks.append(format_html("<p>{}</p>", joined))
            paragraph.clear()
        if steps:
            items = format_html_join("", "<li>{}</li>", ((s,) for s in steps))
            blocks.append(format_html("<ol>{}</ol>", items))
            steps.clear()

    for line in lines:
        step = _STEP.match(line)
        if step:
            if paragraph:
                flush()
            steps.append(step.group(1).strip())
        elif not line.strip():
            flush()
        else:
            if steps:
                flush()
            paragraph.append(line.strip())
    flush()
    return mark_safe("".join(blocks))  # noqa: S308 (each block is built with format_html)
