"""Case vignettes: a patient's story and findings, then questions answered from the reference.

The page shows each question with its choices and keeps the answer folded until the reader opens
it; the study page (study/index.html) asks them one at a time. Questions and their choices come
from ptref/study/cases.py, the same code the study page and the Anki deck use.
"""

from ...model.kinds import KINDS
from ...render.pages import KindPage, Section
from ...render.text import esc
from ...study.cases import ALSO, ANSWERS, case_questions, option_label


def _questions(page, entry) -> str:
    # Each choice's words and its kind's folder -> the entry it names, so that every choice links
    # to its page ("Rib fracture" is both a condition and a red flag: the question's own link
    # says which kind its choices are).
    # A choice this question words its own way (answer_label, choice_labels) links too.
    named = {}
    for item in entry.data["questions"]:
        for field, (wrong, kind) in ANSWERS.items():
            labels = {
                **item.get("choice_labels", {}),
                **({item[field]: item["answer_label"]} if field in item and "answer_label" in item else {}),
            }
            for target_id in [item.get(field), *item.get(wrong, [])]:
                target = page.kb.entries[kind].get(target_id) if target_id else None
                if target is not None:
                    named[(KINDS[kind].url_dir, labels.get(target_id) or option_label(kind, target))] = target
            if field in item and field in ALSO:
                # Choices of another kind (a condition beside red flags) link to their own pages; a
                # choice of the question's own kind with the same words keeps its link.
                also_field, also_kind = ALSO[field]
                for target_id in item.get(also_field, []):
                    target = page.kb.entries[also_kind].get(target_id)
                    if target is not None:
                        key = (KINDS[kind].url_dir, labels.get(target_id) or option_label(also_kind, target))
                        named.setdefault(key, target)
    blocks = []
    for n, q in enumerate(case_questions(page.kb, entry), start=1):
        folder = q.link.split("/", 1)[0]

        def shown(text: str, folder: str = folder) -> str:
            target = named.get((folder, text))
            return page.link_text(target, text) if target is not None else esc(text)

        choices = "\n".join(
            f"    {chr(65 + i)}. {shown(c)}" + ("  " if i < len(q.choices) - 1 else "") for i, c in enumerate(q.choices)
        )
        answer = f"{chr(65 + q.answer)}. {esc(q.choices[q.answer])}"
        blocks.append(
            f"{n}. **{esc(q.stem)}**\n\n{choices}\n\n"
            f'    ??? note "Answer"\n\n        {answer}\n\n        {esc(q.explanation)} '
            f"See [{esc(q.link_text)}]({page.base}{q.link.removesuffix('.html')}.md)."
        )
    return "\n\n".join(blocks)


def _practise(page, entry) -> str:
    return (
        f"Practise this case one question at a time, with your score kept: "
        f"[{esc(entry.data['title'])} on the study page]({page.base}study/case-{entry.id}.md), "
        f"or print its [worksheet]({page.base}study/worksheet-case-{entry.id}.md)."
    )


PAGE = KindPage(
    sections=(
        Section("The patient", "presentation", "para"),
        Section("History", "history", "bullets"),
        Section("Examination", "findings", "bullets"),
        Section("Questions", "questions", _questions),
    ),
    extra=_practise,
    reverse_notes=False,
)
