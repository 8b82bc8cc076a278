"""The plain Material sites the generator is timed against (see README.md, "Baselines").

* `site`: the same site as hand-written Markdown. Every page the generator makes is written out
  as the Markdown the macros hand to MkDocs (front matter included), beside the real docs/
  pages with their macro calls already expanded and the generated JSON files; the real
  mkdocs.yml minus the generator (the `hooks:` entry and the `macros` plugin), with the
  abbreviation glossary typed into it. Same pages, theme, navigation, Material plugins
  (search, tags, offline) and Markdown extensions: the difference is the generator alone.
* `minimal`: theme `material`, the `search` plugin, no Markdown extensions, one page per
  entity (the entity pages' Markdown) and only index.md in the navigation.
* `ext`: `minimal` plus the real site's Markdown extensions.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {
    "site": "plain Material, same site",
    "minimal": "plain Material, bare",
    "ext": "plain Material, bare + Markdown extensions",
}


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without knowing its custom tags (!ENV, !!python/name:...)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def real_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def _glossary() -> dict:
    from ptref.render.docs import read_abbreviations

    return read_abbreviations(ROOT / "docs/includes/abbreviations.md")


# --- site: capture what the generator hands to MkDocs ---------------------------------------


class _Capture:
    """A plugin added to the real build: writes every page's final Markdown and every generated
    non-page file (the JSON export) under `dest`, as a hand-written docs/ folder would hold them."""

    def __init__(self, dest: Path):
        self.dest = dest

    @event_priority(-100)  # after the hook has added the generated files
    def on_files(self, files, config):
        for file in files:
            if file.generated_by and not file.is_documentation_page():
                self._write(file.src_uri, file.content_bytes)
        return files

    # After the macros (priority 0) have rendered the page, before the tags plugin (-50) swaps each
    # listing directive for placeholders that only its own run fills in: captured later, the
    # baseline's tag listings came out empty, sparing it the listings' work (until 2026-12-04).
    @event_priority(-40)
    def on_page_markdown(self, markdown, page, **kwargs):
        front = ""
        if page.meta:
            front = "---\n" + yaml.safe_dump(dict(page.meta), sort_keys=False, allow_unicode=True) + "---\n\n"
        self._write(page.file.src_uri, (front + markdown).encode("utf-8"))
        return markdown

    def _write(self, uri: str, content: bytes):
        path = self.dest / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def write_same_site(dest: Path, data_dir: Path, env: dict[str, str]) -> Path:
    """The `site` baseline project for `data_dir`: <dest>/mkdocs.yml and <dest>/docs/.

    env: variables set during the in-process capture build (PTREF_DATA, PTREF_CACHE_DIR)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs", docs)  # stylesheets, scripts, the vendored shim, includes/
    capture = _Capture(docs)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with tempfile.TemporaryDirectory(prefix="ptref-capture-") as site:
            config = load_config(str(ROOT / "mkdocs.yml"), site_dir=site, strict=True)
            config.plugins["benchmark-capture"] = capture
            # Not "build": that tells the hook the process ends with the build (it then freezes
            # what is loaded), and this process goes on.
            config.plugins.on_startup(command="benchmark-capture", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            # The footer's disclaimer and CPT notice, which the hook puts in `extra` from the data.
            extra = {k: v for k, v in config.extra.items() if k.startswith("ptref_")}
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    config = real_config()
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["extra"] = {**(config.get("extra") or {}), **extra}
    config["markdown_extensions"] = _site_markdown_extensions()
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


# --- minimal / ext: entity pages only ------------------------------------------------------

_LINK = re.compile(r"\]\((\.\./[^)\s]+?\.md)(#[^)\s]*)?\)")


def entity_markdown(data_dir: Path) -> list[tuple[str, str]]:
    """The Markdown the macros render for every entity page: (href from a page, text)."""
    from ptref.model.kb import KnowledgeBase
    from ptref.model.kinds import PAGED
    from ptref.site import page_renderer, validate

    entries, errors = validate(data_dir, official_codes=False)
    if errors:
        raise SystemExit(f"{data_dir}: {len(errors)} data error(s), first: {errors[0]}")
    kb = KnowledgeBase(entries)
    renderer = page_renderer(kb, base="../")
    return [
        (f"../{PAGED[kind].url_dir}/{entry_id}.md", renderer.entity(kind, entry_id))
        for kind in PAGED
        for entry_id in kb.entries[kind]
    ]


def _site_markdown_extensions() -> list:
    """The real site's extensions, with the glossary the hook gives `abbr` typed in."""
    extensions = []
    for item in real_config().get("markdown_extensions", []):
        if item == "abbr":
            item = {"abbr": {"glossary": _glossary()}}
        extensions.append(item)
    return extensions


def write_bare_site(dest: Path, pages: list[tuple[str, str]], variant: str) -> Path:
    """`minimal` or `ext`: N Markdown pages of the entity pages' Markdown, links kept working.

    Only index.md is in the nav, as in the real site (entity pages are not in its nav either):
    an automatic nav of N pages would make every page carry all N links.
    """
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    (docs / "p").mkdir(parents=True)
    names = {href: f"p{i:05d}.md" for i, (href, _) in enumerate(pages)}

    def relink(match):
        return f"]({names.get(match.group(1), '../index.md')})"

    for href, text in pages:
        (docs / "p" / names[href]).write_text(_LINK.sub(relink, text), encoding="utf-8")
    (docs / "index.md").write_text(f"# Plain Material baseline\n\n{len(pages)} pages under p/.\n", encoding="utf-8")
    config = {
        "site_name": "Plain Material baseline",
        "use_directory_urls": False,
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}],
    }
    if variant == "ext":
        config["markdown_extensions"] = _site_markdown_extensions()
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest
