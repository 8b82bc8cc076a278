"""The MkDocs layer, the only part of ptref that imports MkDocs: a hook that checks the data and
adds the generated pages and the export (ptref.site), and the macros hand-written
pages may call. Everything else lives in `ptref.model` and `ptref.render`."""
