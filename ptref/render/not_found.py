"""The 404 page, made to work wherever the site is hosted. Plain Python: no MkDocs import.

A server shows 404.html at the address that was not found (`/clinic/pt/conditions/old.html`),
at any depth, so relative links cannot work in it, and MkDocs writes it with root-absolute
ones (`/assets/...`) that break as soon as the site lives under a sub-path. `relocate` rewrites
the built page: its links become relative to the site's root, and a small script at the top of
<head> finds that root in the address and sets it as the page's <base> before anything loads.
The root is the part of the path before the deepest folder that the site itself has at its top
level (conditions, codes, assets...); an address with none of them is taken as a missing page
in the root folder.

Without JavaScript the page still reads "404 - Not found"; only its styling and links need the
script. The hosting page (docs/about/hosting.md) gives the server line that serves it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_ROOT_URL = re.compile(r'(\s(?:href|src|action)=")/(?!/)')
_CHARSET = '<meta charset="utf-8">'
_CONFIG = re.compile(r'<script id="__config" type="application/json">.*?</script>', re.S)

_FIND_ROOT = """<script>(function(){var top=%s;var parts=location.pathname.split("/");var i=parts.length-2;
while(i>0&&top.indexOf(decodeURIComponent(parts[i]))<0)i--;
var root=i>0?parts.slice(0,i).join("/")+"/":parts.slice(0,-1).join("/")+"/";
var base=document.createElement("base");base.href=root;document.head.appendChild(base);})();</script>"""

# After Material's __config: its "base" and worker address, resolved against the <base> above.
_FIX_CONFIG = """<script>(function(){var el=document.getElementById("__config");if(!el)return;
var c=JSON.parse(el.textContent);c.base=document.baseURI;c.search=new URL(c.search,document.baseURI).href;
el.textContent=JSON.stringify(c);})();</script>"""


def relocate(page: str, top_level: list[str]) -> str:
    """404.html with links relative to the site's root and the script that finds the root."""
    if _CHARSET not in page:
        raise ValueError("404.html has no <meta charset>: cannot place the root script")
    page = _ROOT_URL.sub(r"\1", page)
    page = page.replace('new URL("/",location)', 'new URL(".",document.baseURI)')  # Material's storage scope
    config = _CONFIG.search(page)
    if config is None or '"base": "/"' not in config[0] or '"search": "/' not in config[0]:
        raise ValueError("404.html: Material's __config is not as expected")
    fixed = config[0].replace('"base": "/"', '"base": "."', 1).replace('"search": "/', '"search": "', 1)
    page = page[: config.start()] + fixed + _FIX_CONFIG + page[config.end() :]
    finder = _FIND_ROOT % json.dumps(sorted(top_level)).replace("<", "\\u003c")
    return page.replace(_CHARSET, _CHARSET + finder, 1)


def relocate_file(site_dir: Path) -> None:
    """Rewrite site_dir/404.html in place (nothing to do without one)."""
    path = Path(site_dir) / "404.html"
    if not path.is_file():
        return
    top_level = [p.name for p in Path(site_dir).iterdir() if p.name != "404.html"]
    path.write_text(relocate(path.read_text(encoding="utf-8"), top_level), encoding="utf-8")
