"""A condition's page shows its typical patient (age range, sex where it matters) with what the
range rests on: its sources, or plainly clinical convention, and that it is not a cut-off."""

from __future__ import annotations

from ptref.site import page_renderer


def _section(page: str) -> str:
    return page.split("## Typical patient\n\n", 1)[1].split("\n\n", 1)[0]


def test_every_condition_page_shows_its_typical_patient_and_its_basis(kb):
    pages = page_renderer(kb)
    guide = kb.get("notices", "typical-patient-guide").data["text"]
    sourced = convention = 0
    for condition in kb.all("conditions"):
        who = condition.data["typical_patient"]
        page = pages.entity("conditions", condition.id)
        assert page.index("## Typical patient") < page.index("## Where it is felt"), condition.id
        text = _section(page).replace("\\", "")  # Markdown escapes
        assert f"**Age:** {who['age_from']} to {who['age_to']} years." in text, condition.id
        assert ("**Sex:**" in text) == ("sex" in who), condition.id
        if "sex" in who:
            assert f"**Sex:** {who['sex']}." in text
        if "references" in who:
            sourced += 1
            assert "Clinical convention" not in text
            for ref in who["references"]:
                assert f"(../references/{ref}.md)" in text, (condition.id, ref)
        else:
            convention += 1
            assert "*Clinical convention:*" in text and "Sources:" not in text, condition.id
        assert " ".join(guide.split()) in text
    assert sourced and convention
