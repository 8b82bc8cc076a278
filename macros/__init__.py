"""Thoracic PT reference: data model (`model`), renderers (`render`), MkDocs glue (`mkdocs_glue`).

mkdocs-macros loads this package as its module and calls `define_env`; importing the model
alone (`import macros.model`) never imports MkDocs.
"""


def define_env(env):
    from .mkdocs_glue.macro_defs import define_env as _define_env

    _define_env(env)


def on_pre_page_macros(env):
    from .mkdocs_glue.macro_defs import on_pre_page_macros as _on_pre_page_macros

    _on_pre_page_macros(env)
