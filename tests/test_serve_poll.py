"""Under `mkdocs serve`, the serve hook has saved files looked for every 0.1 s, not every 0.5 s:
checked on the real LiveReloadServer of the pinned MkDocs and watchdog, whose private `_timeout`
it sets (this fails if either changes it)."""

from __future__ import annotations

from conftest import free_port
from mkdocs.livereload import LiveReloadServer

from ptref.mkdocs_glue import serve_cache


def test_serve_looks_for_saved_files_every_tenth_of_a_second(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    try:
        assert server.observer.timeout == 0.5  # MkDocs' own interval
        server.watch(str(tmp_path / "docs"))  # watched before the hook runs, as MkDocs does docs/
        assert serve_cache.on_serve(server, config=None, builder=None) is server
        server.watch(str(tmp_path / "data"))  # and after it, as mkdocs.yml's `watch:` folders
        timeouts = [e.timeout for e in server.observer.emitters]
        assert len(timeouts) == 2 and timeouts == [serve_cache.POLL_SECONDS] * 2
        assert server.observer.timeout == serve_cache.POLL_SECONDS
    finally:
        server.server_close()
