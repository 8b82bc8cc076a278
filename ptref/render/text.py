"""Turning data text into Markdown that shows exactly what was written and nothing more.

Data is plain text. It must never become HTML, a link, a Markdown construct or a Jinja
expression: `<script>`, `[x](javascript:...)` and `{{ 7*7 }}` in YAML all show as typed.
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

# Python-Markdown's escapable characters (plus '|', which its tables extension adds): each
# has a meaning in Markdown or in an extension we enable, and escaped it renders as itself.
# Escaping any other character would leave a visible backslash. HTML's three go first: '>'
# is both, and becomes '&gt;'. One translation table does both in one pass.
_MD_SPECIAL = "\\`*_{}[]()#+-.!|"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in _MD_SPECIAL}})


def esc(text: object) -> str:
    """Inline-safe Markdown for a data string: one line, no markup, HTML-escaped."""
    return " ".join(str(text).split()).translate(_ESCAPES)


def emphasised(text: object, phrases=(), fmt=esc, mark: str = "*{}*") -> str:
    """Data text made safe by `fmt`, with the first occurrence of each phrase (a notice's
    `emphasis`) wrapped in `mark`; a phrase not found is left as it is."""
    out = fmt(text)
    for phrase in phrases:
        safe = fmt(phrase)
        out = out.replace(safe, mark.format(safe), 1)
    return out


def html_text(text: object) -> str:
    """Data text as HTML element content: one line, `&`, `<` and `>` escaped."""
    return html.escape(" ".join(str(text).split()), quote=False)


def json_for_script(data) -> str:
    """JSON to put inside <script type="application/json">: "</" could close the element early,
    so "<" (and "&" for good measure) are written as JSON escapes."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")


def attr(text: object) -> str:
    """A value for an HTML attribute written inside Markdown."""
    return html.escape(" ".join(str(text).split()), quote=True)


def url(address: str) -> str:
    """A URL safe inside a Markdown link: anything that could end the link or open markup
    (spaces, quotes, brackets, parentheses, angle brackets, backslashes) is percent-encoded."""
    return quote(address, safe=":/?#@!$&*+,;=%~-._")


def bullets(items, fmt=esc) -> str:
    return "\n".join(f"- {fmt(item)}" for item in items)


def numbered(items, fmt=esc) -> str:
    return "\n".join(f"{i}. {fmt(item)}" for i, item in enumerate(items, 1))


def _title(text: object) -> str:
    """A quoted admonition or tab title: Python-Markdown parses it as inline Markdown, so it is
    escaped as text is, and its quotes as in an attribute."""
    return esc(text).replace('"', "&quot;")


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition; `title` is data text, `body` already-safe Markdown."""
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'!!! {kind} "{_title(title)}"\n\n{indented}\n'


def tab(title: str, body: str) -> str:
    """One content tab (pymdownx.tabbed); consecutive tabs form one tab set."""
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'=== "{_title(title)}"\n\n{indented}\n'


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be safe Markdown (esc() escapes '|')."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
