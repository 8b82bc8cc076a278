"""The MkDocs layer: a hook that adds generated pages and the export, and the macros that
render page bodies. Everything else lives in `ptref.model` and `ptref.render`."""
