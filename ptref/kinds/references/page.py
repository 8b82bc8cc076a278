"""References: the published sources the site cites, and where each is cited."""

from ...render.pages import KindPage, Section
from ...render.text import bullets, esc, url


def _find_it_and_cited_by(page, entry) -> str:
    data = entry.data
    items = []
    if "doi" in data:
        items.append(f"DOI: [{esc(data['doi'])}]({url('https://doi.org/' + data['doi'])})")
    if "pmid" in data:
        items.append(f"PubMed: [{esc(data['pmid'])}]({url('https://pubmed.ncbi.nlm.nih.gov/' + data['pmid'] + '/')})")
    if "url" in data:
        items.append(f"Web: [{esc(data['url'])}]({url(data['url'])})")
    if "accessed" in data:
        items.append(f"Undated page, read on {esc(data['accessed'])}")
    cited = sorted({page.link(edge.source) for links in page.kb.links_to(entry).values() for edge in links})
    return "## Find it\n\n" + bullets(items, str) + "\n\n## Cited by\n\n" + bullets(cited, str)


PAGE = KindPage(
    sections=(
        Section("Citation", "citation", "para"),
        Section("How this site uses it", "note", "para"),
    ),
    extra=_find_it_and_cited_by,
)
