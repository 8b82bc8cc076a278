"""Content rules about contraindications and precautions: the study fields the questions read
(study_why, study_spared, study_care) agree with the treatments that list each factor
(registered with ptref.rules when ptref/site.py imports this file)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...rules.registry import Entries, Finding, rule

# Words that say where a fact was read, not what happens to the patient.
SOURCING = re.compile(
    r"\blist(s|ed)?\b|\btables?\b|\bmanuals\b|\b(?:equipment|device|user) manual\b|\bmanufacturers?\b|"
    r"\blabel(s|ling)?\b|\bguidelines?\b|"
    r"\bsources?\b|\bthis site\b|\bentry\b|\bread\b|\breview(s|ed)?\b",
    re.I,
)
# Words for a mechanism that only a modality has: energy, current or sound applied to the body.
MODALITY_MECHANISM = re.compile(r"\benerg\w*|\bcurrent\b|\belectric\w*|\bultrasound\b|\belectrodes?\b", re.I)


@rule(
    "contraindication-study-why",
    "an absolute contraindication needs a study_why: the mechanism in one sentence, with no source named, "
    "true for every treatment that lists it",
    "The items that ask which finding rules a treatment out give the factor's reason to the "
    "candidate. The factor's why is written for the reference page and names its sources ('The "
    "American Family Physician modalities table lists ...', 'Source quality: ...') and other "
    "treatments; pasted into an item it taught where the site read a fact, or advice about "
    "electrodes in an item about myofascial release (item review round 5, REASON-GENERIC). "
    "study_why says what could go wrong, for any treatment the factor rules out: a mechanism "
    "written for modalities ('energy applied over a tumour') given as the reason in an item about "
    "myofascial release, which applies no energy, teaches a false reason (item review round 10, D2).",
)
def _contraindication_study_why(entries: Entries) -> Iterator[Finding]:
    hands_on: dict[str, list[str]] = {}  # factor id -> the treatments other than modalities that list it
    for i in entries.get("interventions", {}).values():
        if i.data.get("category") != "modality":
            for f in i.data.get("contraindications", []):
                hands_on.setdefault(f, []).append(i.id)
    for factor in entries.get("contraindications", {}).values():
        d = factor.data
        if d["level"] != "absolute":
            continue
        if not d.get("study_why"):
            yield factor, "study_why", "an absolute contraindication has no study_why for the study questions"
        elif m := SOURCING.search(d["study_why"]):
            yield factor, "study_why", f"study_why names a source ({m.group(0)!r}): say only what could go wrong"
        elif (m := MODALITY_MECHANISM.search(d["study_why"])) and (others := hands_on.get(factor.id)):
            yield (
                factor,
                "study_why",
                f"study_why gives a modality's mechanism ({m.group(0)!r}), but {others[0]!r} lists the "
                "factor and applies no energy: say what could go wrong with every treatment that lists it",
            )


@rule(
    "contraindication-spared-not-ruled",
    "a treatment a finding's study_spared offers as safe must not list that finding as a contraindication",
    "study_spared names three treatments that a study question offers as the wrong answers to 'which "
    "is contraindicated', each with why the finding leaves it open. A treatment that lists the same "
    "finding among its contraindications would be a second right answer, and its reason would teach "
    "a candidate that a contraindicated treatment is safe.",
)
def _contraindication_spared(entries: Entries) -> Iterator[Finding]:
    interventions = entries.get("interventions", {})
    for factor in entries.get("contraindications", {}).values():
        for n, spared in enumerate(factor.data.get("study_spared", [])):
            other = interventions.get(spared["intervention"])
            if other is not None and factor.id in other.data.get("contraindications", []):
                yield (
                    factor,
                    f"study_spared[{n}].intervention",
                    f"{other.id!r} lists {factor.id!r} among its contraindications, so it is not spared",
                )


@rule(
    "contraindication-spared-same-kind",
    "a finding that rules out only electrophysical agents offers only electrophysical agents as left open",
    "A ci-rules-out item asks which of four treatments should be avoided: the one the finding rules "
    "out and the three in study_spared. When the finding rules out only modalities (ultrasound over "
    "open growth plates), an exercise or a hands-on technique among the other three is no credible "
    "trap and the options mix kinds (item review round 22, 2261 #57): name three modalities the "
    "finding leaves open.",
)
def _contraindication_spared_kind(entries: Entries) -> Iterator[Finding]:
    interventions = entries.get("interventions", {})
    ruled: dict[str, set[str]] = {}  # factor id -> the categories of the treatments that list it
    for i in interventions.values():
        for f in i.data.get("contraindications", []):
            ruled.setdefault(f, set()).add(i.data.get("category", ""))
    for factor in entries.get("contraindications", {}).values():
        if ruled.get(factor.id) != {"modality"}:
            continue
        for n, spared in enumerate(factor.data.get("study_spared", [])):
            other = interventions.get(spared["intervention"])
            if other is not None and other.data.get("category") != "modality":
                yield (
                    factor,
                    f"study_spared[{n}].intervention",
                    f"{other.id!r} is {other.data.get('category')!r}, but this finding rules out only modalities",
                )


@rule(
    "contraindication-care-listed",
    "a precaution's study_care must be for a treatment that lists it, and the factor must be a precaution",
    "study_care gives, for one treatment, how a precaution changes it; a ci-finding item shows it as "
    "the reason the finding only calls for care (item review round 7, D3). Written for a treatment "
    "that does not list the factor, or for a factor that rules treatment out, it would teach a "
    "candidate that a finding only calls for care when the data says otherwise.",
)
def _contraindication_care(entries: Entries) -> Iterator[Finding]:
    interventions = entries.get("interventions", {})
    for factor in entries.get("contraindications", {}).values():
        for n, care in enumerate(factor.data.get("study_care", [])):
            other = interventions.get(care["intervention"])
            if factor.data["level"] != "precaution":
                yield factor, f"study_care[{n}]", "study_care belongs only to a precaution"
            elif other is not None and factor.id not in other.data.get("contraindications", []):
                yield (
                    factor,
                    f"study_care[{n}].intervention",
                    f"{other.id!r} does not list {factor.id!r} among its contraindications",
                )
            elif other is not None and not _names_treatment(care["reason"], other.data["name"]):
                yield (
                    factor,
                    f"study_care[{n}].reason",
                    f"the reason does not name {other.data['name']!r}: write it for that treatment",
                )


def _names_treatment(text: str, name: str) -> bool:
    """Whether `text` names the treatment `name`: its acronym, or a distinctive word of its name
    (by its first five letters; "mobil" alone does not tell rib from joint mobilisation)."""
    acronyms = re.findall(r"\(([A-Z]{2,6})\)", name)
    words = [
        w[:5].lower()
        for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", re.sub(r"\([^()]*\)", "", name))
        if w.lower() not in {"mobilisation", "therapy", "treatment", "technique", "techniques"}
    ]
    lowered = text.lower()
    return any(re.search(rf"\b{a}\b", text) for a in acronyms) or any(
        re.search(rf"\b{re.escape(w)}", lowered) for w in words
    )


# Words that name one treatment's energy in a study_why ("heat, current or ultrasound").
TREATMENT_ENERGY = {
    "heat": r"\bheat",
    "cold": r"\bcold\b|\bice\b",
    "current": r"\bcurrent\b|\belectric",
    "ultrasound": r"\bultrasound\b",
    "needles": r"\bneedl",
}


@rule(
    "contraindication-why-per-treatment",
    "a study_why that names several treatments needs a study_why_for, naming its treatment, for each "
    "treatment that lists the factor",
    "The item that asks which finding rules a treatment out gives the factor's study_why as the key's "
    "reason. A study_why that names several treatments at once ('heat, current or ultrasound over an "
    "active clot') reads as a generic modality sentence in an item about TENS (item review round 17); "
    "study_why_for gives the mechanism for each treatment that lists the factor, in words about that "
    "treatment.",
)
def _contraindication_why_per_treatment(entries: Entries) -> Iterator[Finding]:
    interventions = entries.get("interventions", {})
    for factor in entries.get("contraindications", {}).values():
        d = factor.data
        own = {c["intervention"]: n for n, c in enumerate(d.get("study_why_for", []))}
        for intervention_id, n in own.items():
            other = interventions.get(intervention_id)
            if other is None:
                continue
            if factor.id not in other.data.get("contraindications", []):
                yield (
                    factor,
                    f"study_why_for[{n}].intervention",
                    f"{other.id!r} does not list {factor.id!r} among its contraindications",
                )
            elif not _names_treatment(d["study_why_for"][n]["reason"], other.data["name"]):
                yield (
                    factor,
                    f"study_why_for[{n}].reason",
                    f"the reason does not name {other.data['name']!r}: write it for that treatment",
                )
        if d["level"] != "absolute" or not d.get("study_why"):
            continue
        named = [k for k, p in TREATMENT_ENERGY.items() if re.search(p, d["study_why"], re.I)]
        if len(named) < 2:
            continue
        for other in interventions.values():
            if factor.id in other.data.get("contraindications", []) and other.id not in own:
                yield (
                    factor,
                    "study_why_for",
                    f"study_why names {' and '.join(named)}: give {other.id!r} its own mechanism in study_why_for",
                )
