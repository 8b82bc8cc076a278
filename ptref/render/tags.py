"""The tags pages, made from the kinds registry: an overview and one listing page per tag field.

Every entity page carries its kind's name and its choice fields as tags (generate.tags). A
single listing of every tag with every page grew to 5.7 MB at 100 times today's data, so:

- `about/tags.md` is an overview that lists no pages. It keeps one anchor per tag
  (`#tag:emergency`: the address the tags plugin gives a tag), pointing at where that tag's
  pages are listed.
- `about/tags-<kind>-<field>.md` lists one kind's pages by one field (red flags by urgency...)
  with the tags plugin's listing directive, so no listing is longer than the kind's index.
- A kind's own tag ("Red flags") is in no listing: the kind's index lists every entry, and
  the hook links the tag there.

The anchors are raw HTML: MkDocs checks Markdown anchors before the tags plugin fills the
listings in. Tag slugs follow the plugin's default (pymdownx slugify, lower case).
"""

from __future__ import annotations

import json
from html import escape

from pymdownx.slugs import slugify

from ..model.kb import KnowledgeBase
from ..model.kinds import PAGED, Kind
from .text import esc

_SLUG = slugify(case="lower")


def tag_anchor(name: str) -> str:
    return "tag:" + _SLUG(name, "-")


def listing_page(info: Kind, field: str) -> str:
    return f"tags-{info.url_dir}-{field.replace('_', '-')}.md"


def _field_words(info: Kind, field: str) -> str:
    return info.field_words.get(field, field.replace("_", " "))


def tags_pages(kb: KnowledgeBase):
    """(path under docs/, Markdown) of the overview and of every listing page. A tag no page
    carries yet (no prediction rule is impact tested) is left out: its listing would be empty."""
    shown = [info for info in PAGED.values() if not kb.hides_kind(info.key)]
    used = {
        (info.key, field): {
            info.labels[field][value]
            for e in kb.entries[info.key].values()
            if (value := info.value(field, e.data)) is not None
        }
        for info in shown
        for field in info.tag_fields
    }
    yield "about/tags.md", _overview(used, shown)
    for info in shown:
        for field in info.tag_fields:
            yield f"about/{listing_page(info, field)}", _listing(info, field, used[(info.key, field)])


def _overview(used: dict[tuple[str, str], set[str]], shown: list[Kind]) -> str:
    parts = [
        "# Tags",
        "Every generated page is tagged with its kind and its fixed categories (urgency, level of "
        "a contraindication, type of test, code system...). Pick a tag to see the pages that carry it.",
        "A kind's own tag (Conditions, Red flags...) leads to the kind's index, which lists every "
        "entry of that kind. The other tags are listed on pages of their own, one kind and one "
        "category each, so that every list stays short enough to open quickly.",
    ]
    for info in shown:
        lines = [f"- [Every {esc(info.singular)}](../{info.url_dir}/index.md){{ #{tag_anchor(info.plural)} }}"]
        for field in info.tag_fields:
            page = listing_page(info, field)
            target = page.removesuffix(".md") + ".html"
            anchors = ",\n  ".join(
                f'<a id="{tag_anchor(label)}" href="{target}#{tag_anchor(label)}">{escape(label)}</a>'
                for label in sorted(used[(info.key, field)], key=str.lower)
            )
            lines.append(f"- [By {esc(_field_words(info, field))}]({page}):\n  {anchors}")
        parts.append(f"## {esc(info.plural)}\n\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _listing(info: Kind, field: str, used: set[str]) -> str:
    labels = [label for label in info.labels[field].values() if label in used]
    title = f"{info.plural} by {_field_words(info, field)}"
    others = [
        f"[{esc(info.plural)} by {esc(_field_words(info, f))}]({listing_page(info, f)})"
        for f in info.tag_fields
        if f != field
    ]
    intro = f"Every {esc(info.singular)} on one page: [{esc(info.plural)}](../{info.url_dir}/index.md)."
    if others:
        intro += " Also: " + ", ".join(others) + "."
    intro += " All tags: [Tags](tags.md)."
    # One directive per label, in the order of the label table (for red flags: most urgent first).
    listings = "\n".join(f"<!-- material/tags {{ include: [{json.dumps(label)}] }} -->" for label in labels)
    return f"# Tags: {esc(title.lower().capitalize())}\n\n{intro}\n\n{listings}\n"
