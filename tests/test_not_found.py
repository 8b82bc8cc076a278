"""404.html is rewritten to work under any sub-path (ptref/render/not_found.py); the browser
side is tested behind nginx in test_hosting.py."""

from __future__ import annotations

import pytest

from ptref.render.not_found import relocate

PAGE = (
    '<html><head><meta charset="utf-8"><link rel="stylesheet" href="/assets/main.css">'
    '<script>__md_scope=new URL("/",location)</script></head><body>'
    '<a href="/conditions/index.html">Conditions</a> <a href="https://example.org/">out</a> <a href="//cdn/x">x</a>'
    '<script id="__config" type="application/json">{"base": "/", "search": "/assets/search.js"}</script>'
    '<script src="/assets/bundle.js"></script></body></html>'
)


def test_links_become_relative_to_the_root_and_the_root_script_comes_first():
    out = relocate(PAGE, ["conditions", "assets", "index.html"])
    assert 'href="assets/main.css"' in out and 'src="assets/bundle.js"' in out
    assert 'href="conditions/index.html"' in out
    assert 'href="https://example.org/"' in out and 'href="//cdn/x"' in out  # not site paths
    assert '{"base": ".", "search": "assets/search.js"}' in out
    assert 'new URL(".",document.baseURI)' in out
    head = out.split("<link", 1)[0]
    assert 'top=["assets", "conditions", "index.html"]' in head and 'createElement("base")' in head


def test_an_unexpected_page_is_refused_rather_than_half_rewritten():
    with pytest.raises(ValueError):
        relocate(PAGE.replace('"base": "/"', '"base": "/x/"'), ["conditions"])
    with pytest.raises(ValueError):
        relocate(PAGE.replace('<meta charset="utf-8">', ""), ["conditions"])
