"""Playwright with the system Chromium. Tests using it skip only when no Chromium is installed,
and never under CI=true (CI that skips the browser tests is a failing CI).

`browser()` hands out one Chromium per test module (starting Playwright and Chromium costs about
a second of CPU, and a module may ask forty times); what a test opens in it is closed when its
`with` block ends, so each test still starts with no page, cookie or storage of another.
`in_parallel()` runs one check per page in several pages at once (each page has its own
renderer process, so a 2-core machine checks two pages in the time of one)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Awaitable, Callable, Iterable
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google hosts in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Pages checked at once by in_parallel(): one per core, and at least two (while one page loads,
# another is checked). PTREF_TEST_PAGES=1 checks one page at a time.
PARALLEL = int(os.environ.get("PTREF_TEST_PAGES") or max(2, os.cpu_count() or 1))


def require_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing under CI=true: .ci/run must install Debian's chromium")
        pytest.skip("no Chromium installed (apt-get install chromium)")


@contextmanager
def serve(directory: Path):
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A page closed while a file was still being sent is no error of the site's; anything
        else is printed as the standard server does."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


_shared: dict[str, Any] = {}  # "playwright", "browser": the module's Chromium, once started


@contextmanager
def browser():
    """The test module's Chromium. Contexts and pages opened in the block are closed at its end."""
    require_chromium()
    b = _shared.get("browser")
    if b is None or not b.is_connected():
        close_shared()
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        b = _shared["browser"] = _shared["playwright"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    before = set(b.contexts)
    try:
        yield b
    finally:
        for context in b.contexts:
            if context not in before:
                context.close()


def close_shared() -> None:
    """Stop the module's Chromium (conftest calls this after each module's last test)."""
    b, p = _shared.pop("browser", None), _shared.pop("playwright", None)
    try:
        if b is not None and b.is_connected():
            b.close()
    finally:
        if p is not None:
            p.stop()


@asynccontextmanager
async def async_browser():
    require_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            await b.close()


def in_parallel(items: Iterable, job: Callable[[Any, Any], Awaitable[Any]], at_once: int = PARALLEL) -> list:
    """[await job(browser, item) for item in items], `at_once` jobs at a time in one Chromium
    (Playwright's async API), results in the order of items. A job opens its own context, so
    that each page has its own renderer process and storage, and closes it.

    Runs in a thread of its own: the sync API (browser()) marks this thread as running an
    event loop for as long as its Chromium is open, and asyncio refuses to start a second one."""
    require_chromium()

    async def main():
        async with async_browser() as b:
            gate = asyncio.Semaphore(at_once)

            async def one(item):
                async with gate:
                    return await job(b, item)

            return await asyncio.gather(*(one(item) for item in items))

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()
