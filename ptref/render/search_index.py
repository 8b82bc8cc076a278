"""What the site's search index leaves out. Plain Python: no MkDocs import.

Material's search plugin indexes every section of every page. A reader searching the site wants
the entries, not the answer keys of the study pages (a student would see the answer in the
result's snippet), not the lists of sources under each entry (every study name matches on a
hundred pages) and not the fixed legal and currency notices (the 97140 result showed the CPT
trademark notice as its summary). Leaving them out also makes the index, which the browser
downloads when a reader first opens the search, about a quarter smaller (2.47 to 1.77 MB).

`trim` takes the index as the plugin wrote it (`search/search_index.json`) and returns it
without those parts; the build hook (hooks.py) rewrites the file before the offline plugin
copies it into `search_index.js` for use from file://.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

# Sections left out wherever they are, by their heading's anchor: lists of sources and of the
# pages that cite a source.
DROPPED_ANCHORS = {"sources", "cited-by"}

# Sections left out on some pages only: a case page's questions carry their answers.
DROPPED_SECTIONS = {("cases/", "questions")}

# Pages kept in the index by title only (their text is dropped): each worksheet prints its
# answer key after the questions, in the same section; the reference list names every source.
TITLE_ONLY = (re.compile(r"^study/worksheet-[^/]*\.html$"), re.compile(r"^references/index\.html$"))

# The fixed notices that are boilerplate rather than content: their paragraphs are left out of
# every section (data/notices.yml).
BOILERPLATE_NOTICES = ("cpt-notice", "ncci-currency", "not-advice")

_PARAGRAPH = re.compile(r"<p>(.*?)</p>\s*", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", fragment)).split())


def _without_notices(text: str, notices: list[tuple[str, str]]) -> str:
    """The text without paragraphs that hold a notice's title or text (and the 'Sources:' line
    that follows a notice's text)."""
    titles = {title for title, _ in notices}
    bodies = [body for _, body in notices]
    out: list[str] = []
    pos = 0
    after_notice = False
    for match in _PARAGRAPH.finditer(text):
        words = _plain(match.group(1))
        body = any(b in words for b in bodies)
        drop = body or words in titles or (after_notice and words.startswith("Sources:"))
        out.append(text[pos : match.start()])
        if not drop:
            out.append(match.group(0))
        after_notice = body
        pos = match.end()
    out.append(text[pos:])
    return "".join(out).strip()


def _dropped(location: str) -> bool:
    page, _, anchor = location.partition("#")
    if not anchor:
        return False
    anchor = re.sub(r"_\d+$", "", anchor)  # a second "Sources" heading on a page is sources_1
    if anchor in DROPPED_ANCHORS:
        return True
    return any(page.startswith(prefix) and anchor == name for prefix, name in DROPPED_SECTIONS)


def trim(index: dict, notices: list[tuple[str, str]]) -> dict:
    """The index without answer keys, source lists and boilerplate notices. `notices` holds
    (title, text) of each boilerplate notice."""
    notices = [(" ".join(t.split()), " ".join(b.split())) for t, b in notices]
    docs = []
    for doc in index["docs"]:
        location = doc["location"]
        if _dropped(location):
            continue
        page = location.partition("#")[0]
        if any(p.match(page) for p in TITLE_ONLY):
            if "#" in location:
                continue
            doc = {**doc, "text": ""}
        else:
            doc = {**doc, "text": _without_notices(doc["text"], notices)}
        docs.append(doc)
    return {**index, "docs": docs}


def trim_file(site_dir: Path, kb) -> None:
    """Rewrite site_dir/search/search_index.json in place (nothing to do without one)."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    known = kb.entries.get("notices", {})
    notices = [(known[n].data["title"], known[n].data["text"]) for n in BOILERPLATE_NOTICES if n in known]
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(trim(index, notices), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
