"""MkDocs hook (listed under `hooks:` in mkdocs.yml): loads and checks the data before
anything is written, then adds the generated pages (one per entity, an index per kind, the
cards, the code lookup) and the JSON export listed in generate.py."""
from __future__ import annotations

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from macros.model.kb import DataInvalid
from macros.mkdocs_glue import state
from macros.mkdocs_glue.generate import generated_files
from macros.render.docs import read_abbreviations


def on_config(config):
    try:
        state.reload(config.config_file_path)
    except DataInvalid as exc:
        raise Abort(f"The site was not built.\n{exc}") from None
    # Abbreviations for every page through abbr's glossary: appending a snippet to each page
    # instead doubles the Markdown time (benchmarks/README.md).
    glossary = read_abbreviations(state.abbreviations_file(config.config_file_path))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
    return config


def on_files(files, config):
    for path, content in generated_files(state.current()):
        files.append(File.generated(config, path, content=content))
    return files
