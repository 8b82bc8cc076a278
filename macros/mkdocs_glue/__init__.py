"""The MkDocs layer: a hook that adds generated pages and the export, and the macros that
render page bodies. Everything else lives in `macros.model` and `macros.render`."""
