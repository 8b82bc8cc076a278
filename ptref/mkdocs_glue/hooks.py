"""MkDocs hook (listed under `hooks:` in mkdocs.yml): loads and checks the data before
anything is written (and aborts on any error), then adds the generated pages (one per entity, an
index per kind, the cards, the code lookup) and the JSON export listed in ptref/site.py. The rest
is small: a clinic's edition in the navigation, the kind tag linked to its index, the search
index trimmed. The serve cache is a hook of its own (serve_cache.py), which one line of
mkdocs.yml removes.

MkDocs loads this file afresh for every build, serve's rebuilds included; what must outlive a
build lives in `state`."""

from __future__ import annotations

import gc
import html
import posixpath

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link

from ptref.mkdocs_glue import state
from ptref.model import changes, icd
from ptref.model.kb import DataInvalid
from ptref.render import not_found, search_index
from ptref.render.clinic import strip_hidden_links
from ptref.render.docs import read_abbreviations
from ptref.site import generated_files


def on_startup(command, dirty):
    state.one_build = command == "build"


def on_config(config):
    try:
        state.reload(config.config_file_path)
    except DataInvalid as exc:
        raise Abort(f"The site was not built.\n{exc}") from None
    if state.one_build:
        # The knowledge base lives until the process ends: keep the garbage collector from
        # walking it (and the rest of what is loaded by now) at every full collection, which
        # made every page slower (benchmarks/README.md). Not under serve, whose rebuilds drop
        # the previous knowledge base.
        gc.freeze()
    # Abbreviations for every page through abbr's glossary: appending them as a snippet to each
    # page gives the same HTML and nearly doubles the Markdown time (benchmarks/README.md).
    glossary = read_abbreviations(state.abbreviations_file(config.config_file_path))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
    # The footer's disclaimer and CPT notice (overrides/main.html): data/notices.yml's wording,
    # escaped here as all data is.
    notices = state.current().get
    config.extra["ptref_notices"] = {
        "not_advice": html.escape(notices("notices", "not-advice").data["text"]),
        "cpt_notice": html.escape(notices("notices", "cpt-notice").data["text"]),
    }
    clinic = state.current().clinic
    if clinic is not None:
        _clinic_edition(config, clinic)
    return config


def _clinic_edition(config, clinic):
    """The clinic's name and logo for the header (overrides/main.html), its pages in the
    navigation, no entry for a section it hides, and its folder watched by `mkdocs serve`."""
    config.extra["ptref_clinic"] = {
        "name": html.escape(clinic.name),
        "logo": clinic.logo_path,
        "coding": "coding" not in clinic.hide,  # the footer's CPT notice goes with the coding pages
    }
    nav = _without_hidden(config.nav or [], clinic)
    if clinic.pages:
        # MkDocs writes navigation titles into the page as they are: escape the clinic's name.
        nav.insert(1, {html.escape(clinic.name): [f"clinic/{page.name}" for page in clinic.pages]})
    config.nav = nav
    config.watch.append(str(clinic.root))


def _without_hidden(nav, clinic):
    kept = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, list):
                value = _without_hidden(value, clinic)
                if value:
                    kept.append({title: value})
            elif not clinic.hides_path(value):
                kept.append(item)
        elif not clinic.hides_path(item):
            kept.append(item)
    return kept


def on_files(files, config):
    try:
        releases = changes.releases(state.releases_dir(config.config_file_path))
    except changes.NotASnapshot as exc:
        raise Abort(f"The site was not built.\n{exc}") from None
    kb = state.current()
    if kb.clinic is not None:  # hand-written pages of a section the clinic hides
        for file in [f for f in files if f.src_uri.endswith(".md") and kb.clinic.hides_path(f.src_uri)]:
            files.remove(file)
    for path, content in generated_files(kb, releases):
        files.append(File.generated(config, path, content=content))
    return files


@event_priority(-90)  # after the other plugins (macros), before the serve cache keys the Markdown
def on_page_markdown(markdown, page, config, files):
    # In a clinic's edition, a link into a hidden section reads as text (generated pages are
    # already done; this reaches the hand-written ones).
    return strip_hidden_links(state.current(), page.file.src_uri, markdown)


# Folder -> (heading, url) of its index page, for the tags of the pages in it (set by on_env).
_folder_index: dict[str, tuple[str | None, str]] = {}


@event_priority(-100)  # after the tags plugin has filled its listings in: page contents are final
def on_env(env, config, files):
    _folder_index.clear()
    for file in files.documentation_pages():
        if file.page is not None and posixpath.basename(file.src_uri) == "index.md":
            _folder_index[posixpath.dirname(file.src_uri)] = (_heading(file.page), file.page.url)
    return env


@event_priority(-90)  # after the tags plugin has put the page's tags in the context
def on_page_context(context, page, config, nav):
    _link_kind_tag(context, page)
    return context


def _link_kind_tag(context, page) -> None:
    """An entity page's kind tag ("Conditions") is in no tags listing (docs/about/tags.md): the
    kind's index page, headed with the same words, lists every entry of the kind. The tag links
    there instead of being shown as plain text. Tags that a listing shows keep their link."""
    index = _folder_index.get(posixpath.dirname(page.file.src_uri))
    if index is None or index[1] == page.url:
        return
    heading, url = index
    if heading is None:
        return
    for tag in context.get("tags") or []:
        if getattr(tag, "name", None) == heading and getattr(tag, "url", "") is None and hasattr(tag, "links"):
            tag.links.append(Link(heading, url))


def _heading(page) -> str | None:
    """The page's own first heading ("Assessments"), not its title in the nav ("Assessment")."""
    items = list(page.toc or [])
    return items[0].title if items and items[0].level == 1 else page.title


@event_priority(-50)  # after the search plugin wrote its index, before offline copies it
def on_post_build(config):
    search_index.trim_file(config.site_dir, state.current())  # no answer keys, sources, notices
    not_found.relocate_file(config.site_dir)  # 404.html works under any sub-path
    # Pages asked for ICD-10-CM facts the data check did not need: keep them for the next build
    # now, not only at a clean exit (a server stopped with SIGTERM never gets there).
    icd.flush_cache()
