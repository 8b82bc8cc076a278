"""Text from YAML is shown as typed: no HTML, no Markdown links, no Jinja runs."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import FIXTURES, build_site, world_readable_tmp
from site_pages import article

pytestmark = pytest.mark.slow  # builds a site, starts a server or drives a browser

HOSTILE = {
    "script": "</title><script>alert(1)</script>",
    "onerror": '<img src=x onerror="alert(2)">',
    "js_link": "[click me](javascript:alert(3))",
    "jinja": "{{ 7*7 }} {% include 'x' %}",
    "markdown": "**bold** _em_ `code` # heading {: .cls }",
}


@pytest.fixture(scope="module")
def hostile_site():
    data = world_readable_tmp("hostile-data")
    shutil.copytree(FIXTURES / "minimal", data)
    text = " ".join(HOSTILE.values())
    path = data / "conditions.yml"
    source = path.read_text(encoding="utf-8")
    source = source.replace("  summary: Upper back pain with no serious cause found.", f"  summary: {json.dumps(text)}")
    source = source.replace(
        "  name: Non-specific thoracic pain", f"  name: {json.dumps('Pain ' + HOSTILE['script'] + HOSTILE['jinja'])}"
    )
    source = source.replace(
        "      why: Eases pain and stiffness in the short term.",
        f"      why: {json.dumps(HOSTILE['js_link'] + ' Eases pain')}",
    )
    path.write_text(source, encoding="utf-8")
    dest = world_readable_tmp("hostile-site")
    result = build_site(dest, data)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def test_hostile_text_is_inert_on_the_entity_page(hostile_site):
    html = (hostile_site / "conditions/thoracic-pain.html").read_text(encoding="utf-8")
    body = article(html)
    assert "<script>alert" not in html
    assert not re.search(r"<img[^>]*onerror", html), "an <img onerror> tag came through"
    assert '&lt;img src=x onerror="alert(2)"&gt;' in body
    assert 'href="javascript:' not in html.lower()
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in body
    title = html[html.index("<title>") : html.index("</title>") + 8]
    assert "&lt;/title&gt;&lt;script&gt;" in title, title
    assert "{{ 7*7 }}" in body and "{% include 'x' %}" in body
    assert "49" not in body
    assert "**bold** _em_ `code` # heading {: .cls }" in body
    assert "<strong>bold" not in body


def test_hostile_text_is_inert_where_it_is_linked_from(hostile_site):
    html = (hostile_site / "interventions/thoracic-mobilisation.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article(html)
    assert 'href="javascript:' not in html.lower()
    assert "[click me](javascript:alert(3))" in article(html)
