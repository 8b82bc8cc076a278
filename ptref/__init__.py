"""The thoracic PT reference engine.

- `model`: loading, validation (JSON Schemas, content rules), relations, export, units; no MkDocs.
- `render`: the Markdown and HTML of generated pages, cards and tools; no MkDocs.
- `mkdocs_glue`: the one adapter that imports MkDocs (the build hook) and the functions
  mkdocs-macros calls.
- `cli`: the `ptref` command; `publish`: atomic builds, bundles and digests.

Importing `ptref.model` never imports MkDocs.
"""
