"""The macros hand-written pages may call (those with `render_macros: true` in front matter).

Generated pages hold plain Markdown and never go through mkdocs-macros (ptref/site.py)."""

from __future__ import annotations

from ..kinds.exercises.builder import home_programme as _home_programme
from ..model import schema
from ..model.kinds import PAGED, display_name
from ..render.calculator import units_calculator as _units_calculator
from ..render.docs import content_rules_doc, data_model_doc, entry_templates_doc, glossary_doc, read_abbreviations
from ..render.pages import PageRenderer
from ..render.probability_form import probability_calculator as _probability_calculator
from ..render.test_picker import test_picker as _test_picker
from ..render.text import esc
from ..rules import RULES
from ..site import page_renderer
from . import state

# Abbreviations (docs/includes/abbreviations.md) that only coding and billing pages use: the
# glossary of an edition that hides coding leaves them out.
CODING_TERMS = frozenset({"CPT", "HCPCS", "ICD-10-CM", "NCCI", "CMS", "KX", "GP", "CQ", "ABN", "NCD", "MAC"})


def define_env(env):
    def renderer() -> PageRenderer:
        # The page's path under docs/: MkDocs gives it as page.file.src_uri, Zensical as page.path.
        page = env.page
        path = page.file.src_uri if hasattr(page, "file") else str(page.path)
        return page_renderer(state.current(), base="../" * path.replace("\\", "/").count("/"))

    @env.macro
    def units_calculator() -> str:
        return _units_calculator(state.current(), renderer().base)

    @env.macro
    def probability_calculator() -> str:
        return _probability_calculator()

    @env.macro
    def home_programme() -> str:
        return _home_programme(state.current(), renderer().base)

    @env.macro
    def test_picker() -> str:
        return _test_picker(state.current(), renderer().base)

    @env.macro
    def data_model() -> str:
        return data_model_doc(state.current(), schema)

    @env.macro
    def entry(kind: str, entry_id: str, text: str = "") -> str:
        """A link from a hand-written page to an entry, or plain text when the data (a test
        fixture, a clinic's own edition) does not hold that entry."""
        found = state.current().entries[kind].get(entry_id)
        shown = text or (display_name(kind, found.data) if found else entry_id)
        return renderer().link_text(found, shown) if found else esc(shown)

    @env.macro
    def entry_templates() -> str:
        return entry_templates_doc()

    @env.macro
    def content_rules() -> str:
        return content_rules_doc(RULES)

    @env.macro
    def entity_counts() -> str:
        # What this edition shows: a clinic's edition counts neither a kind it hides nor the
        # entries it leaves out (coding guides, sources only they cite).
        kb = state.current()
        base = renderer().base
        shown = {
            k: sum(not kb.hides(f"{info.url_dir}/{i}") for i in kb.entries[k])
            for k, info in PAGED.items()
            if not kb.hides_kind(k)
        }
        return " · ".join(f"[{PAGED[k].plural}]({base}{PAGED[k].url_dir}/index.md): {n}" for k, n in shown.items())

    @env.macro
    def hides(section: str) -> bool:
        """In a clinic's edition, whether it hides a section ("coding", "study"): hand-written
        pages leave out what they say about it with {% if not hides("coding") %}...{% endif %}."""
        clinic = state.current().clinic
        return clinic is not None and section in clinic.hide

    @env.macro
    def glossary() -> str:
        # MkDocs gives its config as an object, Zensical as a plain dict.
        config_file = getattr(env.conf, "config_file_path", None) or env.conf.get("config_file_path") or "mkdocs.yml"
        terms = read_abbreviations(state.abbreviations_file(config_file))
        if hides("coding"):  # an edition without coding explains no coding terms
            terms = {t: m for t, m in terms.items() if t not in CODING_TERMS}
        return glossary_doc(terms)
