"""The mkdocs-macros module (mkdocs.yml: `module_name: macros`): the macros that pages call.

Nothing of the engine lives here; it is the package `ptref`. This file only hands mkdocs-macros
the functions defined in `ptref.mkdocs_glue.macro_defs`.
"""


def define_env(env):
    from ptref.mkdocs_glue.macro_defs import define_env as _define_env

    _define_env(env)
