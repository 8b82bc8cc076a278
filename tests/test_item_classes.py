"""Item-writing classes the held-out item reviews found (issue 25; docs/about/review-log.md): each
test holds one class over the whole generated bank, and fails on the items the review found."""

from __future__ import annotations

import json
import re
from collections import Counter

from ptref.kinds.assessments.questions import _design, criterion_stated
from ptref.kinds.codes.rules import convergence, convergent_key
from ptref.kinds.contraindications.questions import LOCATOR, shares_concept
from ptref.kinds.contraindications.questions import option as finding_option
from ptref.kinds.prediction_rules.questions import status
from ptref.kinds.red_flags.questions import XRAY_REGION, actions, nearest_step
from ptref.kinds.red_flags.rules import RECHECK_CATEGORIES
from ptref.study.bank import groups
from ptref.study.cases import case_questions
from ptref.study.questions import _lower_first, questions
from ptref.study.writing import content_words

# Words that carry no fact, for comparing the facts of sibling case items (round 39, class 1).
STOP_WORDS = """
a an the and or but of in on at to for with by
from as is are was were be been it its his her he she
they their them this that these those which what who whom not no nor
than then so if when while into onto over under after before about between
also can may might would could should will do does did has have had
any each every one two three all some more most less least very only
just
"""
CODE_OPTION = re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]+)? ")


def test_diagnosis_vignettes_give_an_age_and_sex_within_the_conditions_typical_patient(kb, generated):
    said = re.compile(r"^An? (\d+)-year-old (woman|man|girl|boy)[ ,]")
    shown = 0
    for q in generated:
        if not q.id.startswith("dx:"):
            continue
        typical = kb.get("conditions", q.id.split(":")[1]).data.get("typical_patient")
        match = said.match(q.stem)
        assert (match is not None) == (typical is not None), q.id
        if typical:
            age, sex = int(match.group(1)), match.group(2)
            assert typical["age_from"] <= age <= typical["age_to"], q.id
            if typical.get("sex"):
                assert sex in (("woman", "girl") if typical["sex"] == "female" else ("man", "boy")), q.id
            assert (sex in ("girl", "boy")) == (age < 18), q.id
            shown += 1
    assert shown >= 35


def test_numeric_options_are_in_ascending_order(kb):
    """Item review: numbers listed out of order ('3 units / 4 units / 6 units / 5 units')."""
    from ptref.study.model import NUMBER

    numeric = [q for g in groups(kb) for q in g.questions if all(NUMBER.match(c) for c in q.choices)]
    assert len(numeric) >= 30
    for q in numeric:
        values = [float(NUMBER.match(c).group(1)) for c in q.choices]
        assert values == sorted(values), q.id


def test_a_units_template_spreads_its_key_over_the_option_positions(generated):
    """Item review round 12, class 6: the options were four counts in ascending order with the key
    3rd in 16/19 Medicare items and 2nd in 16/19 per-code items, so "pick the 3rd" scored. Every
    wrong count comes from a named counting error, so the position follows from the day's minutes.
    Per code, no position holds more than 40% of the keys. The pooled Medicare count always lies
    between the whole-units and started-units counts of the same pool (both are named errors), so
    real errors never put it first or last: it falls 2nd and 3rd about equally. (Round 33's "bills
    only the code with the most minutes", which let it be the highest, is no real error and went
    in round 34, 3481 #16 and #26; see tests/test_unit_items.py.)"""
    for template, places, most in (("units-per-code", {0, 1, 2, 3}, 0.4), ("units-medicare", {1, 2}, 0.55)):
        items = [q for q in generated if q.id.startswith(f"{template}:")]
        assert len(items) >= 15, template
        where = Counter(q.answer for q in items)
        assert set(where) == places, (template, where)
        assert max(where.values()) <= most * len(items), (template, where)
        for q in items:  # every wrong count is a counting error the reason names, never a filler
            wrong = [r for n, r in enumerate(q.reasons) if n != q.answer]
            assert not any("would need" in r or "for every 8" in r for r in wrong), q.id


def test_myofascial_pain_is_told_apart_by_findings_not_by_onset(kb, generated):
    """Item review round 12, classes 4 and 5 (items 2, 50): "Myofascial pain builds up over weeks
    without a clear loading event" is untrue as a discriminator (overload often sets it off). No
    item, condition page or case argues myofascial pain from how it started."""
    onset = re.compile(r"myofascial pain (?:builds|develops|comes on)\b[^.;]*(?:without|gradual|over weeks)", re.I)
    texts = [t for q in generated for t in (q.stem, q.explanation, *q.reasons)]
    texts += [json.dumps(e.data) for kind in ("conditions", "cases") for e in kb.all(kind)]
    assert not [t for t in texts if onset.search(t)]


def test_every_hand_written_vignette_is_asked(kb, generated):
    """A vignette (conditions' and interventions' `vignettes`) that breaks an item-writing check is
    dropped by the template; hand-written ones must all pass."""
    asked = {q.id for q in generated}
    for c in kb.all("conditions"):
        for n, _ in enumerate(c.data.get("vignettes", []), start=1):
            assert f"dx:{c.id}:{n}" in asked, (c.id, n)
    for i in kb.all("interventions"):
        for n, v in enumerate(i.data.get("vignettes", []), start=1):
            assert f"iv-{v['ask']}:{i.id}:{n}" in asked, (i.id, n)


def test_a_seventh_character_item_states_the_phase_of_care_and_argues_from_it(kb, generated):
    """Item review round 5 (SEVENTH-CHAR): A is for every encounter during active treatment and D for
    routine care while the injury heals, whoever saw it first; each icd-pick item whose key ends in A
    says in its stem that the injury is in active treatment, each whose key ends in D gives the
    facts from which the phase is inferred (round 26), the key's reason names the phase, and no
    reason ties the character to who was the first clinician."""
    from ptref.study.cases import case_questions

    first = re.compile(r"first clinician|first to evaluate|diagnosed and treated (it|them|the \w+) before", re.I)
    items = list(generated) + [q for case in kb.all("cases") for q in case_questions(kb, case)]
    seen = 0
    for q in items:
        code = q.choices[q.answer].split(" ", 1)[0]
        if not re.fullmatch(r"[A-Z]\d\d\.[0-9A-Z]{4}", code) or code[-1] not in "AD":
            continue
        if not (q.id.startswith("icd-pick:") or q.id.startswith("case:")):
            continue
        stem = q.stem.lower()
        if code.endswith("A"):
            # The stem states the phase: in so many words, or (item review round 7, D2: "start its
            # active treatment" hands over the definition of A) by saying that the injury is being
            # evaluated and treated now, which the key's reason then names as active treatment.
            named = "active treatment" in stem
            shown = "evaluat" in stem and "treat" in stem
            assert named or shown, q.id
        else:
            # Item review round 26 (2602 #2, #54, class 3): a D stem that said "active treatment is
            # complete ... healing ... routine rehabilitation" restated the definition of D. It
            # gives referral facts instead (how long ago, what treatment is finished), and the
            # candidate infers the phase.
            assert not re.search(r"active treatment|heal|routine|recovery", stem), q.id
            assert re.search(r"\bago\b|later|weeks after", stem), q.id
            # Item review round 39 (3902 #3, #13): the stem says who diagnosed and treated the
            # injury and when; no medication ending stands in for the end of active treatment.
            assert re.search(r"\btreat(ed|s)\b", stem), q.id
        assert "active treatment" in q.reasons[q.answer].lower(), q.id
        assert not any(first.search(r) for r in (*q.reasons, q.explanation)), q.id
        seen += 1
    assert seen >= 15


def test_a_code_item_from_a_scenario_is_application(kb):
    """Item review round 29 (2931 #33, 2932 bank note; rounds 24 and 27 said the same): choosing a
    code for a referral, a documented note or a case applies the coding rules to documented
    findings, so every such item is application. This supersedes round 20's rule (2041, #12 and
    class 4), which labelled a note that names the diagnosis and its classifying fact (idiopathic
    scoliosis with onset at 13) recall beside sibling code items from the same kind of note
    labelled application."""
    every = [q for g in groups(kb) for q in g.questions]
    levels = {q.id: q.level for q in every if q.id.startswith("icd-pick:") or "ICD-10-CM" in q.stem}
    assert len(levels) >= 30
    # once recall under round 20's rule, now application
    assert levels["case:band-pain-then-heavy-legs:4"] == "application"
    assert levels["icd-pick:scoliosis:m41-24"] == "application"
    assert levels["icd-pick:axial-spondyloarthritis:m45-4"] == "application"
    assert levels["icd-pick:costochondritis-tietze-syndrome:m94-0"] == "application"
    # application before and after
    assert levels["case:uneven-shoulders-at-thirteen:5"] == "application"
    assert levels["icd-pick:thoracic-muscle-strain:s29-012a"] == "application"
    assert levels["icd-pick:rib-fracture:s22-43xd"] == "application"
    assert set(levels.values()) == {"application"}
    # every item keyed to an evaluation code (97161-97164) grades a documented note (round 27, 2711 #23)
    evaluations = [q for q in every if re.match(r"9716[1-4] ", q.choices[q.answer])]
    assert evaluations and all(q.level == "application" for q in evaluations)


def test_a_code_picked_from_a_note_is_the_one_listed_first(generated):
    """Item review round 14, class 4 (#12): 'Which ICD-10-CM code fits' let a code the note also
    documents (L29.89 for the itch in notalgia paresthetica) fit as a secondary code, so each item
    asks which code is listed first, and a distractor the note documents says it may follow."""
    picks = {q.id: q for q in generated if q.id.startswith("icd-pick:")}
    assert len(picks) >= 20
    for q in picks.values():
        assert q.stem.endswith("Which ICD-10-CM code should be listed first for today's physical therapy visit?"), q.id
    itch = picks["icd-pick:notalgia-paraesthetica:m54-6"]
    assert itch.choices[itch.answer].startswith("M54.6")
    reason = itch.reasons[next(i for i, c in enumerate(itch.choices) if c.startswith("L29.89"))]
    assert "may be added after the first code" in reason


def test_a_stem_that_asks_about_this_patient_describes_one(generated):
    """Item review round 14, class 4 (#19): 'for this patient' in a lead-in points the candidate to
    patient facts, and the contraindication item's stem gave none (a 'patient with T4 syndrome').
    A generated stem that says 'this patient' gives the patient's age, or is read with its case."""
    asked = [q for q in generated if re.search(r"\bthis patient\b", q.stem, re.I)]
    assert asked  # the intervention vignettes ask it
    for q in asked:
        assert q.case or re.search(r"\b\d{1,3}-year-old\b", q.stem), q.id
    assert not [q.id for q in generated if q.id.startswith("ci-finding:") and "this patient" in q.stem]


def test_a_case_may_name_its_answer_more_narrowly_than_the_entry(kb):
    """cases.yml answer_label: the costochondritis case has no swelling, so its answer reads
    'Costochondritis', not the entry's 'Costochondritis and Tietze syndrome' (item review round 5)."""
    from ptref.study.cases import case_questions

    q = {q.id: q for q in case_questions(kb, kb.get("cases", "left-chest-pain-and-the-stairs"))}[
        "case:left-chest-pain-and-the-stairs:2"
    ]
    assert q.choices[q.answer] == "Costochondritis"
    assert not any("Tietze" in c for c in q.choices)


def test_a_mimic_vignette_may_name_its_condition_more_narrowly_in_the_explanation(generated):
    """red_flags.yml mimic_label: a costochondritis mimic without swelling is explained as
    costochondritis, not as Tietze syndrome (item review round 5, #23)."""
    q = {q.id: q for q in generated}["rf-next:cardiac-ischaemia:4"]
    assert "typical picture of costochondritis," in q.explanation and "Tietze" not in q.explanation


def test_a_mimic_explanation_opens_with_a_sentence_not_a_template_label(generated):
    """Item review round 26 (2602 #33, #51): 'Not a red flag: the typical picture of X (Y does not
    fit)' read as generator boilerplate; the opening is now one plain sentence."""
    mimics = [q for q in generated if q.id.startswith("rf-next:") and "typical picture of" in q.explanation]
    assert mimics
    assert not any(q.explanation.startswith("Not a red flag") or "does not fit)" in q.explanation for q in mimics)
    q = {q.id: q for q in generated}["rf-next:kidney-disease:3"]
    assert q.explanation.startswith("This is the typical picture of thoracic facet joint dysfunction, with no features")


def test_driving_to_the_emergency_department_never_rests_on_a_driver_the_stem_does_not_give(kb, generated):
    """Item review round 26 (2601 class 1): where an item offers both the car and the ambulance and
    keys the car, the stem says who came with the patient without the word of the key ('drive'),
    and no ambulance reason supplies 'someone else' to drive; companion sentences also appear in
    items keyed otherwise, so they do not predict the key."""
    choices = actions(kb)
    car, ambulance = choices["ed"], choices["ems"]
    both = [q for q in generated if q.id.startswith("rf-next:") and {car, ambulance} <= set(q.choices)]
    companion = re.compile(
        r"\bcame with (him|her)\b|\bis with (him|her)\b|\bcame to the \w+ (alone|on (his|her) own)\b"
    )
    keyed_car = [q for q in both if q.choices[q.answer] == car]
    assert keyed_car
    for q in keyed_car:
        assert companion.search(q.stem), q.id
        assert not re.search(r"\b(drive|drove|driven)\b", q.stem, re.IGNORECASE), q.id
    for q in both:
        assert "someone else" not in q.reasons[q.choices.index(ambulance)], q.id
    others = [q for q in both if q.choices[q.answer] != car and companion.search(q.stem)]
    assert len(others) >= 8, [q.id for q in others]


def test_diagnosis_reasons_name_this_patients_findings_and_explanations_are_sentences(kb, generated, us):
    """Item review round 5 (REASON-GENERIC, EXPL-FRAGMENT): a wrong choice's reason is the
    vignette's own, never the condition's differential text shared by every vignette, and no two
    diagnosis items give one choice the same reason; the explanation does not end with the
    condition's verbless definition."""
    from ptref.kinds.conditions.questions import option as condition_option

    seen: dict[str, str] = {}
    for q in generated:
        if not q.id.startswith("dx:"):
            continue
        _, cid, n = q.id.split(":")
        condition = kb.get("conditions", cid)
        vignette = condition.data["vignettes"][int(n) - 1]
        given = {
            us(r.get("label") or condition_option(kb.get("conditions", r["condition"]))): us(r["reason"])
            for r in vignette["reasons"]
        }
        if "outside" in vignette:
            given[us(vignette["outside"]["label"])] = us(vignette["outside"]["reason"])
        told = {us(x["how_to_tell"]) for x in condition.data.get("differentials", [])}
        for i, (choice, reason) in enumerate(zip(q.choices, q.reasons, strict=True)):
            if i == q.answer:
                continue
            assert reason.rstrip(".") == given[choice].rstrip("."), (q.id, choice)
            assert reason.rstrip(".") not in {t.rstrip(".") for t in told}, (q.id, choice)
            assert reason not in seen, (q.id, choice, seen.get(reason))
            seen[reason] = q.id
        summary = us(condition.data["summary"].split(". ")[0].rstrip("."))
        assert summary not in q.explanation, q.id
    assert len(seen) >= 100


def test_a_precautions_reason_is_about_the_treatment_asked_about(kb):
    """Item review round 5 (REASON-GENERIC): "no neural tensioning in slumped flexion" is not a
    reason about myofascial release. Each clause of a ci-finding precaution's advice that names a
    treatment names this one."""
    from ptref.kinds.contraindications.questions import OTHER_TREATMENT, _name_words

    checked = 0
    for q in questions(kb):  # in the data's spelling, which OTHER_TREATMENT names ("mobilisation")
        if not q.id.startswith("ci-finding:"):
            continue
        intervention = kb.get("interventions", q.id.split(":")[2])
        own = set(_name_words(intervention))
        for i, reason in enumerate(q.reasons):
            if i == q.answer:
                continue
            advice = reason.split(": ", 1)[1]
            for clause in advice.split("; "):
                named = {m.group(0).lower()[:5] for m in OTHER_TREATMENT.finditer(clause)}
                if named - own:
                    assert any(w in clause.lower() for w in own), (q.id, clause)
                checked += 1
    # 27 since round 21 dropped two TENS which-finding items (2151, class 4); 13 since round 41
    # (4101 C3) stopped offering the self-eliminating past-cancer finding, which left rib
    # mobilisation and TENS with too few precautions to ask
    assert checked >= 12


def test_likelihood_ratio_explanations_say_what_the_study_measured_not_what_was_read(generated):
    """Item review round 5 (INTERNAL-WORDING): "a subgroup whose size the abstract does not give"."""
    lr = [q for q in generated if q.id.startswith(("lr:", "lr-best:"))]
    assert len(lr) >= 15
    for q in lr:
        assert not re.search(r"abstract|this site|calculated", q.explanation + " ".join(q.reasons), re.I), q.id


def test_a_rule_question_applies_the_rule_to_a_patient_and_states_its_status(kb, generated):
    """Item review round 14, class 5 (items 37, 44): cpr-item asked which criterion belongs to which
    author-year rule ("belongs to ... Cleland 2007. It is not one of the 4 items of ... Puentedura
    2012"), trivia about rules its own explanations called unvalidated. Each rule question is now a
    patient and a decision a clinician faces; the explanation lists the rule's items, states its
    validation status in the words of its status, and says when it is a neck or low back rule."""
    from ptref.kinds.prediction_rules.questions import RIGHT

    items = [q for q in generated if q.id.startswith("cpr-apply:")]
    assert not [q for q in generated if q.id.startswith("cpr-item:")]
    assert len(items) >= 6  # as many as the attribution items they replace
    # every rule with a vignette; the lumbar rule has none since round 21 (2152 #18)
    assert {q.id.split(":")[1] for q in items} == {
        r.id for r in kb.all("prediction_rules") if r.data.get("study_vignettes")
    }
    for q in items:
        rule = kb.get("prediction_rules", q.id.split(":")[1])
        assert q.level == "application", q.id
        assert re.match(r"A \d+-year-old (woman|man) ", q.stem), q.id
        assert q.stem.rstrip().endswith("?"), q.id
        text = " ".join([q.stem, *q.choices, *q.reasons])
        assert not re.search(r"\bbelongs to\b|\bis not one of the \d+ items\b", text), q.id
        assert len(set(q.reasons)) == 4 and q.reasons[q.answer].startswith("Right: "), q.id
        assert f" has {len(rule.data['items'])} items: " in q.explanation, q.id
        said = status(rule.data)
        steps = {s["step"] for s in rule.data["evidence"]}
        if said == "failed-validation" and "validation" in steps:
            # Held up in one test in new patients and failed in another (the lumbar manipulation
            # rule: Childs 2004, then Hancock 2008): both are said, never the blanket "did not hold
            # up", which is false of the test it passed (item review round 15, R15a #4).
            assert " held up in one test in new patients (" in q.explanation, q.id
            assert ") but not in another (" in q.explanation, q.id
            assert RIGHT[said].removeprefix("It ").lower() not in q.explanation.lower(), q.id
        else:
            assert RIGHT[said].removeprefix("It ").lower() in q.explanation.lower() or (
                said == "validated" and re.search(r" was tested in new patients( \([^()]+\))?: ", q.explanation)
            ), q.id
        region = rule.data.get("region")
        if region in ("cervical", "lumbar"):
            assert f"It is a {region} rule" in q.explanation, q.id
    # a question about a finding keys one of the rule's own items
    henschke = next(q for q in items if q.id == "cpr-apply:vertebral-fracture-rule-henschke:1")
    assert henschke.choices[henschke.answer] == "He has taken prednisone pills for his asthma for many years"
    assert "has been studied only in the patients it was built from" in henschke.explanation


def test_a_likelihood_ratio_stem_is_short_sentences_that_state_the_bands(generated):
    """Item review round 12, class 11 (items 6, 17): the lr stem was one 60-word sentence of stacked
    clauses, "the usual likelihood-ratio bands" were never stated, and FSHD and syringomyelia were
    tagged musculoskeletal. The stem now gives the study (population, reference standard, what
    counted as positive), then the result, then the bands, then the question; a test for a
    condition of the nervous system or of nerve and muscle counts under neuromuscular."""
    lr = {q.id: q for q in generated if q.id.startswith("lr:")}
    assert len(lr) >= 12  # 4 dropped for an unstated criterion (round 21, 2151 class 1)
    for q in lr.values():
        sentences = re.split(r"(?<=[.?])\s+(?=[A-Z])", q.stem)
        assert max(len(s.split()) for s in sentences) <= 35, (q.id, sentences)
        assert "It enrolled " in q.stem and "The reference standard was " in q.stem, q.id
        assert "from the largest shift to the smallest: " in q.stem, q.id
        bands = (
            "above 10; between 5 and 10; between 2 and 5; below 2"
            if q.id.endswith(":positive")
            else ("below 0.1; between 0.1 and 0.2; between 0.2 and 0.5; above 0.5")
        )
        assert bands in q.stem, q.id
        assert q.stem.index("A patient's result is") < q.stem.index("from the largest shift"), q.id
    # Research and evidence-based practice is non-system content in the NPTE outline (item review
    # round 19, #2): accuracy and prediction-rule status items, whatever the condition.
    # Round 20 (2041, class 4): its own area, research and evidence-based practice, not safety and
    # professional responsibilities; prediction-rule items applied to a patient too.
    # Round 25 (2592 #36): a rule's which-finding vignette about a condition is evaluation.
    # Round 28 (2821 #32): which of the rule's tests to do for cervical radiculopathy is examination.
    # Round 35 (3592 #39): what a diagnostic rule's results support in a patient is evaluation.
    fracture = ("cpr-apply:vertebral-fracture-rule-roman:", "cpr-apply:vertebral-fracture-rule-henschke:")
    which_test = "cpr-apply:cervical-radiculopathy-test-cluster:1"
    what_it_supports = "cpr-apply:cervical-radiculopathy-test-cluster:2"
    evidence = [
        q
        for q in generated
        if q.id.startswith(("lr:", "lr-best:", "cpr-status:", "cpr-apply:"))
        and not q.id.startswith(fracture)
        and q.id not in (which_test, what_it_supports)
    ]
    assert len(evidence) >= 23
    assert all((q.system, q.domain) == ("non-system", "research-ebp") for q in evidence)
    test_item = next(q for q in generated if q.id == which_test)
    assert (test_item.system, test_item.domain) == ("musculoskeletal", "examination")


def test_a_likelihood_ratio_stem_names_the_test_its_criterion_uses(generated):
    """Item review round 7 (D5, D6): "a positive result was defined as: visible asymmetry" in an item
    about the test "with scoliometer"; "the PHQ-2 and PHQ-9" when only a PHQ-2 cut-off is tested;
    "large, often conclusive" at a prevalence of 1.18% with no word on where the probability ends."""
    lr = {q.id: q for q in generated if q.id.startswith("lr:")}
    assert lr
    for q in lr.values():
        assert "defined as:" not in q.stem, q.id
        assert "The bands describe how far the odds move" in q.explanation, q.id
    visual = lr["lr:adams-forward-bend-scoliometer:1:positive"]
    assert "scoliometer" not in visual.stem.split(". ")[0]
    assert "about 13%" in visual.explanation and "less likely than not" in visual.explanation
    phq = lr["lr:phq-2-and-phq-9:1:positive"]
    assert "PHQ-9" not in phq.stem and "the PHQ-2 for detecting" in phq.stem
    # Round 28 (2822 #59): the key was the only band with a hedge in brackets; the four bands are
    # worded in parallel, none with a bracket or a hedge of its own.
    for q in lr.values():
        assert all(c.startswith("It shifts the probability a ") and c.endswith(" amount") for c in q.choices), q.id
        assert not any(re.search(r"[(),]|sometimes|often", c) for c in q.choices), q.id
    best = {q.id: q for q in generated if q.id.startswith("lr-best:")}
    assert "on depression screening were compared" in best["lr-best:phq-2-and-phq-9:0:most"].stem
    # criteria named by what they are, never "criterion A" beside options lettered A to D, and no
    # stem sentence on a missing cut-off (item review round 13, #3)
    for q in best.values():
        assert not any("criterion" in c.lower() for c in q.choices), q.id
    assert all("not stated here" not in q.stem for q in lr.values())


def test_a_case_question_answered_by_vital_signs_is_cardiovascular_pulmonary(kb):
    """Vital signs in a suspected aortic dissection were filed under musculoskeletal (item review round 13, #4)."""
    q = next(q for g in groups(kb) for q in g.questions if q.id == "case:third-visit-new-pain:5")
    assert q.system == "cardiovascular-pulmonary"


def test_lung_flags_are_cardiovascular_pulmonary(generated, kb):
    """A pneumonia was filed under other systems because its flag's category is infection (item
    review round 16): a flag of the lung names its system (`study_system`), the other flags of an
    infection still go to other systems, and a vignette's setting is shown only in its next-step item
    (item review round 18, D: 'no ECG has been done' left in a which-condition stem pointed to the
    only cardiac option); no setting decides the key by fiat (round 18, C: 'his physician's office
    can see him this afternoon')."""
    by_id = {q.id: q for q in generated}
    # A next-step item whose key treats a look-alike is about the look-alike's system (item review
    # round 24, 2481 class C): musculoskeletal care was labelled cardiovascular-pulmonary.
    mimics = {
        f"rf-next:{f.id}:{n + 1}": v["mimic"]
        for f in kb.all("red_flags")
        for n, v in enumerate(f.data.get("study_vignettes", []))
        if v.get("mimic")
    }
    for flag in ("pneumonia-or-pleurisy", "pancoast-tumour"):
        items = [q for q in generated if q.id.startswith(("rf-next:" + flag + ":", "rf-cues:" + flag + ":"))]
        assert items and all(q.system == "cardiovascular-pulmonary" for q in items if q.id not in mimics), flag
    assert mimics and all(by_id[i].system in ("musculoskeletal", "neuromuscular") for i in mimics if i in by_id)
    assert by_id["rf-cues:suspected-spinal-infection:1"].system == "other-systems"
    # Back pain under treatment that is not improving, keyed to a routine visit, is a
    # musculoskeletal picture (item review round 25, 2592 #26 and class C), while a visceral flag's
    # routine item keeps its system.
    unresolving = [q for q in generated if q.id.startswith("rf-next:non-mechanical-or-unresolving-pain:")]
    assert unresolving and all(q.system == "musculoskeletal" for q in unresolving)
    assert by_id["rf-next:oesophageal-disease:4"].system == "other-systems"
    no_ecg = "No ECG has been done."
    assert no_ecg in by_id["rf-next:pericarditis:1"].stem
    assert no_ecg not in by_id["rf-cues:pericarditis:1"].stem
    assert "ECG" not in by_id["rf-cues:pericarditis:1"].stem
    for q in generated:
        if q.id.startswith("rf-next:"):
            assert not re.search(r"can (see|assess) (him|her|them) this afternoon", q.stem), q.id


def test_round_16_item_classes(generated):
    """Round 16: a neck construct is never the key of a which-finding item about treatment over the
    painful part of the back; a rule of who improves with a treatment is applied to decide on the
    intervention; the thoracic myelopathy key names no pace that the stem's months would echo."""
    by_id = {q.id: q for q in generated}
    findings = [q for q in generated if q.id.startswith("ci-finding:")]
    assert findings and not any("cervical arterial" in q.choices[q.answer].lower() for q in findings)
    # round 20 (2041, class 4): what a rule's studies support is research and evidence-based practice
    assert by_id["cpr-apply:thoracic-manipulation-neck-pain-rule:1"].domain == "research-ebp"
    # round 25 (2592 #36, class C): a vignette that asks which history finding points to the
    # condition a rule screens for, without naming the rule, is evaluation in that condition's system
    for fracture in ("cpr-apply:vertebral-fracture-rule-roman:1", "cpr-apply:vertebral-fracture-rule-henschke:1"):
        assert (by_id[fracture].system, by_id[fracture].domain) == ("musculoskeletal", "evaluation-diagnosis")
    henschke = by_id["cpr-apply:vertebral-fracture-rule-henschke:1"]
    wrong = [c for n, c in enumerate(henschke.choices) if n != henschke.answer]
    assert any("night" in c for c in wrong) and any("feverish" in c for c in wrong)
    assert not any("settled" in c or "rolls over" in c for c in wrong)
    key = by_id["cpr-apply:thoracic-manipulation-neck-pain-rule:1"]
    assert "wishes" not in key.choices[key.answer] and "would like" not in key.stem
    myelopathy = [q for q in generated if q.id.startswith("rf-cues:progressive-thoracic-myelopathy:")]
    assert myelopathy and all(q.choices[q.answer] == "Thoracic myelopathy" for q in myelopathy)
    assert all("Slowly progressive" not in c for q in myelopathy for c in q.choices)


def test_round_17_contraindication_items(generated):
    """Round 17: a which-finding stem books the treatment without placing it on the back (it must
    fit every host: thoracic outlet syndrome is no back pain); a key keeps the locator on which it
    depends; the key's reason is this treatment's mechanism where the data gives one; the pacemaker
    precaution, whose one source does not address manual therapy, is offered in no manual-therapy item."""
    by_id = {q.id: q for q in generated}
    findings = [q for q in generated if q.id.startswith("ci-finding:")]
    assert findings and not any("painful part of the back" in q.stem for q in findings)
    # round 21 (2151, class 4): a key that alone carries its locator is not asked at all
    assert "ci-finding:thrombosis-or-thrombophlebitis:tens" not in by_id
    manual = [q for q in findings if "mobilis" in q.id or "thrust" in q.id or "myofascial" in q.id]
    assert manual and not any("Pacemaker" in c for q in manual for c in q.choices)


def test_round_17_diagnosis_items(generated):
    """Round 17: the pregnancy item keys the specific entity its reason names, not the umbrella
    "mechanical chest wall pain"; the painless adolescent's curve meets a leg length difference, not
    a painful facet joint."""
    by_id = {q.id: q for q in generated}
    pregnancy = by_id["dx:pregnancy-related-thoracic-pain:1"]
    key = pregnancy.choices[pregnancy.answer]
    # round 35 (3591 #27): the specific entity is named; round 38 (3801 #24): by the condition's own
    # label, since rib joint dysfunction does not fit a bilateral lateral ache (see the round 38 test)
    assert key == "Rib pain in pregnancy" and "rib pain of later pregnancy" in pregnancy.reasons[pregnancy.answer]
    scoliosis = by_id["dx:scoliosis:1"]
    assert "Leg length difference" in scoliosis.choices
    assert "Thoracic facet joint dysfunction" not in scoliosis.choices


def test_round_17_case_items(kb):
    """Round 17: no two questions of one case key the same option (the rib-pain case asked for a
    rib fracture twice), and the burning-band coding item reads from its case (her call, the rash
    the day after) with no key far longer than the other codes."""
    items = [q for case in kb.all("cases") for q in case_questions(kb, case)]
    keys: dict[str, list[str]] = {}
    for q in items:
        keys.setdefault(q.topic, []).append(q.choices[q.answer])
    assert keys and all(len(set(k)) == len(k) for k in keys.values()), keys
    by_id = {q.id: q for q in items}
    coding = by_id["case:burning-band-months-later:5"]
    assert "after her call" in coding.stem and "M79.2 Neuralgia and neuritis, unspecified" in coding.choices


def test_round_18_red_flag_classes(generated, kb):
    """Round 18: a same-day key is not set against the emergency department where US practice would
    send the patient there (A); reasons claim no more pace than the action (B); which-condition
    items share the stem's words with a distractor and offer look-alikes the stem does not rule out
    outright (E, F); a mimic's explanation names what the stem shows (G)."""
    by_id = {q.id: q for q in generated}
    ed = kb.get("notices", "study-next-steps").data["points"][1]
    for n in ("cardiac-ischaemia:2", "cardiac-ischaemia:6", "pericarditis:3", "cervical-arterial-dysfunction:5"):
        assert ed not in by_id[f"rf-next:{n}"].choices, n
    for n in ("suspected-spinal-infection:1", "suspected-vertebral-fracture:4", "herpes-zoster:2"):
        assert ed not in by_id[f"rf-next:{n}"].choices, n
    # the kidney infection keyed to the emergency department says why pills at home will not do
    assert "cannot keep the pills" in by_id["rf-next:kidney-disease:2"].stem
    assert "no sign of sepsis" not in " ".join(by_id["rf-next:kidney-disease:2"].reasons)
    for n in range(1, 7):
        reasons = " ".join(by_id[f"rf-next:suspected-spinal-malignancy:{n}"].reasons)
        assert not re.search(r"imag\w* (her|his)?\s*(spine )?today|imaging today", reasons), n
    assert "within a day or two" not in " ".join(by_id["rf-next:herpes-zoster:4"].reasons)
    assert "same-day scan" not in " ".join(by_id["rf-next:abdominal-aortic-aneurysm:4"].reasons)
    assert "hyperkyphosis" not in by_id["rf-next:suspected-spinal-malignancy:4"].explanation
    rib = by_id["rf-cues:rib-fracture:6"]
    assert sum("rib" in c.lower() for c in rib.choices) >= 2
    trauma = by_id["rf-cues:significant-trauma:5"]
    assert trauma.choices[trauma.answer] == "Thoracic vertebral fracture" and "Pneumothorax" not in trauma.choices
    assert "Kidney infection" not in by_id["rf-cues:acute-spinal-cord-compression:4"].choices
    pre = by_id["rf-cues:pre-eclampsia-or-hellp:5"].choices
    assert "Pulmonary embolism" not in pre and "Kidney infection" not in pre


def test_round_18_recheck_beside_a_same_day_key_for_symptoms_of_hours(generated, kb):
    """Round 18, H: where a recheck or a phone call appeared the key was the most urgent option
    shown; a recheck is now also offered beside a same-day key where the symptoms began within
    hours (`onset_hours`), so the holding step no longer marks the most urgent option as the key."""
    choices = actions(kb)
    by_id = {q.id: q for q in generated}
    # (the gallbladder vignette of round 18 moved between attacks in round 36, 3601 #28, so the
    # recheck left it; the fracture that began this morning is the second case, with radiographs as
    # its holding step since round 38, 3801 #2 took the recheck away from a fracture)
    for n, faster, holding in (
        ("kidney-disease:1", "ed", "recheck"),
        ("suspected-vertebral-fracture:4", "ems", "xray"),
    ):
        q = by_id[f"rf-next:{n}"]
        assert choices[holding] in q.choices and q.choices[q.answer] == choices["same-day"], n
        assert choices[faster] in q.choices, n  # a faster step is shown, so the key is not the most urgent


def test_a_rule_status_stem_gives_the_studies_not_their_verdict(generated):
    """Item review round 19, #1: "rule status did not change the effect" and "no study has tested it
    in a new group of patients" in the stem, restated by the key, answered the item by reading. The
    stem gives what the studies did and saw; the candidate works out the stage."""
    status = [q for q in generated if q.id.startswith("cpr-status:")]
    assert len(status) >= 4
    for q in status:
        stem = q.stem.lower()
        for verdict in ("did not change", "did not predict", "no study has tested", "held up", "new group"):
            assert verdict not in stem, (q.id, verdict)
        # round 20 (2042, class 1): nor the search behind it, which the key restated
        assert "search" not in stem, q.id
        assert "It was built from a " in q.stem, q.id
        # round 23 (2371 #51, class D): the key of a rule with only its derivation study rested on a
        # fact about the literature the stem did not give, so the stem says there is no other study
        # (in those words, not as a verdict on the rule's stage); a tested rule's stem never does
        derived_only = "Then " not in q.stem
        assert ("No other study of it has been found." in q.stem) == derived_only, q.id
    thoracic = next(q for q in status if q.id == "cpr-status:thoracic-manipulation-neck-pain-rule")
    assert "no significant interaction between rule status and treatment" in thoracic.stem
    assert "exercise alone" in thoracic.stem


def test_a_medicare_units_item_never_offers_one_unit_per_code_as_if_untimed(generated):
    """Item review round 20 (2042, class 3): "2 units (one per code, as if untimed)" was weak in a
    Medicare item whose stem says the services are timed. Its wrong counts are real counting errors
    on the day's minutes: per-code counting, whole or started units of the pool or of each code."""
    items = [q for q in generated if q.id.startswith("units-medicare:")]
    assert len(items) >= 15
    for q in items:
        wrong = [r for n, r in enumerate(q.reasons) if n != q.answer]
        assert not any("untimed" in r for r in wrong), q.id
        assert all(re.search(r"on its own minutes|whole 15-minute units|every started 15 minutes", r) for r in wrong), (
            q.id
        )


def test_no_lr_item_asks_about_a_criterion_the_data_does_not_state(generated):
    """Item review round 21 (2151, class 1): "a flexicurve measure that the study counted as showing
    thoracic hyperkyphosis" defined a positive result in a circle. The abstracts read give no
    flexicurve or scoliometer cut-off, so those rows are shown on their pages but never asked; every
    lr stem states what counted as positive, and no lr or lr-best item rests on an unstated row."""
    by_id = {q.id: q for q in generated}
    for gone in (
        "lr:kyphosis-flexicurve:0:positive",
        "lr:kyphosis-flexicurve:0:negative",
        "lr:adams-forward-bend-scoliometer:0:positive",
        "lr:adams-forward-bend-scoliometer:0:negative",
    ):
        assert gone not in by_id
    assert not any(i.startswith("lr-best:adams-forward-bend-scoliometer") for i in by_id)
    # the visual criterion of the same study states its finding and is still asked
    assert "A positive result was visible asymmetry" in by_id["lr:adams-forward-bend-scoliometer:1:positive"].stem
    for q in generated:
        if q.id.startswith(("lr:", "lr-best:")):
            assert "counted as showing" not in q.stem and "cut-off" not in q.stem, q.id
            assert "threshold" not in q.stem and "pupil" not in q.stem, q.id
        if q.id.startswith("lr:"):
            assert "A positive result was " in q.stem, q.id


def test_criterion_stated_reads_the_data():
    assert not criterion_stated({"positive_if": "a scoliometer reading at or above the study's cut-off (not stated)"})
    assert not criterion_stated({"positive_if": "a flexicurve measure above the study's hyperkyphosis threshold"})
    assert criterion_stated({"positive_if": "an occiput-to-wall distance of 5 mm or more"})


def test_a_likelihood_ratio_item_puts_the_design_in_its_sentence_and_says_the_enrolment_once(generated):
    """Item review round 39 (3901 #16, #19, #46): "... compression fracture (prospective study)." tacked
    the design on after the population; "the reference standard was spinal radiograph" lacked its
    article; and the explanation repeated the stem's enrolment sentence word for word."""
    by_id = {q.id: q for q in generated}
    lr = [q for q in generated if q.id.startswith(("lr:", "lr-best:"))]
    assert lr
    for q in lr:
        assert not re.search(r"\(\w+ study\)", q.stem), q.id
        enrolled = re.search(r"(?:It|The study) enrolled (.+?)\. ", q.stem)
        assert enrolled and enrolled.group(1) not in q.explanation, q.id
        assert not re.search(r"reference standard (?:was|of) (?:spinal radiograph |structured |final )", q.stem), q.id
    assert by_id["lr:closed-fist-percussion-sign:0:positive"].stem.startswith("A prospective study tested the ")
    assert "were compared in a prospective study for detecting" in by_id["lr-best:supine-sign:0:most"].stem
    assert "reference standard was spinal radiographs" in by_id["lr:adams-forward-bend-scoliometer:1:positive"].stem
    assert by_id["lr:phq-2-and-phq-9:1:positive"].stem.startswith("A study tested ")


def test_a_study_design_in_brackets_comes_off_the_population():
    assert _design("83 patients thought to have a fracture (prospective study)") == (
        "83 patients thought to have a fracture",
        "prospective",
    )
    assert _design("139 people in four cohorts (developers' study)") == (
        "139 people in four cohorts (developers' study)",
        "",
    )


def test_an_lr_best_item_asks_about_the_odds_not_the_probability(generated):
    """Item review round 21 (2151, class 2): with a prevalence of 1.18% printed, "which result changes
    the probability LEAST" was keyed by the ratio nearest 1, but in absolute terms a negative result
    moved the probability least. The lead-in and the explanation speak of the odds."""
    best = [q for q in generated if q.id.startswith("lr-best:")]
    assert best
    for q in best:
        assert "move the odds of" in q.stem and "probability" not in q.stem, q.id
        assert "changes the probability" not in q.explanation, q.id


def test_the_position_of_a_next_step_option_does_not_give_away_the_key(kb, generated, us):
    """Red-flag next-step options were listed fastest first, so every ambulance key was option A
    (item review round 20, seed 2041: 10 of 21 rf-next keys were A). Each item now has its own
    order, fixed by its id: the same in every build, and no position holds most keys."""
    next_steps = [q for q in generated if q.id.startswith("rf-next:")]
    positions = Counter(q.answer for q in next_steps)
    assert set(positions) == {0, 1, 2, 3}
    assert max(positions.values()) < 0.4 * len(next_steps), positions
    ambulance = [q.answer for q in next_steps if q.choices[q.answer].startswith("Call an ambulance")]
    assert len(ambulance) >= 20 and max(Counter(ambulance).values()) < 0.5 * len(ambulance), Counter(ambulance)
    # not the scale's order: some items list a slower step before a faster one
    # each item's steps on the scale, its radiograph step naming its vignette's films (xray_region)
    vignettes = {
        f"rf-next:{f.id}:{n}": v for f in kb.all("red_flags") for n, v in enumerate(f.data["study_vignettes"], 1)
    }
    scale = []
    for q in next_steps:
        v = vignettes[q.id]
        steps = [us(s) for s in actions(kb, v.get("xray_region", XRAY_REGION)).values()]
        scale.append([steps.index(c) for c in q.choices])
    assert sum(order != sorted(order) for order in scale) > len(next_steps) // 2
    # the same order in every build
    again = {q.id: q.choices for g in groups(kb) if g.case is None for q in g.questions}
    assert all(again[q.id] == q.choices for q in next_steps)


def test_the_two_questions_on_one_red_flag_vignette_carry_one_story(generated):
    """The next-step item's reasons name the condition its which-flag twin asks for (item review
    round 20: AAA and renal colic twins); the practice page and the timed block keep two items of
    one `story` apart, so every twin pair must carry the same story, and no two stories may share
    one vignette's text."""
    by_id = {q.id: q for q in generated}
    twins = [(q, by_id["rf-next:" + q.id.split(":", 1)[1]]) for q in generated if q.id.startswith("rf-cues:")]
    assert len(twins) >= 100
    assert all(a.story and a.story == b.story for a, b in twins), [a.id for a, b in twins if a.story != b.story]
    stories: dict[str, set[str | None]] = {}
    for q in generated:
        if q.id.startswith(("rf-next:", "rf-cues:")):
            stories.setdefault(q.stem[:120], set()).add(q.story)
    assert all(len(s) == 1 for s in stories.values())


def test_prediction_rule_items_name_each_study_for_what_it_did(generated):
    """Item review round 21. 2151 class 6: "the cluster (Wainner 2003) was tested in new patients"
    presented the derivation as its own validation; the status sentence names the rule without its
    derivation and cites the study that gave the status. 2152 #33 and #54: the cpr-status stem said
    "with no comparison group" or "whether or not patients met the rule", restating the key, and
    option A said "most of its items" where the stem said "all 4". 2152 #18: the lumbar rule's item
    was keyed on a general-practice cue and is dropped."""
    by_id = {q.id: q for q in generated}
    cluster = by_id["cpr-apply:cervical-radiculopathy-test-cluster:2"]
    assert "(Wainner 2003) was tested" not in cluster.explanation
    assert "cluster was tested in new patients (Braz J Phys Ther):" in cluster.explanation
    for q in generated:
        if q.id.startswith(("cpr-status:", "cpr-apply:")):
            assert not re.search(r"\(\w+ \d{4}\) (was tested|has been studied)", q.explanation), q.id
        if q.id.startswith("cpr-status:"):
            assert "no comparison group" not in q.stem and "whether or not" not in q.stem, q.id
            met = re.search(r"meets (all \d+|\d+ of the \d+) items", q.stem).group(1)
            decide = next(c for c in q.choices if c.startswith("Let the rule"))
            # an option that counts the items counts them as the stem does; the failed rule's
            # "decide" option is the trial misread instead (round 25, 2591 #7)
            assert "items" not in decide or decide.endswith(f"meets {met} items"), q.id
    thoracic = by_id["cpr-status:thoracic-manipulation-neck-pain-rule"]
    assert "no significant interaction between rule status and treatment" in thoracic.stem
    assert not any(i.startswith("cpr-apply:lumbar-manipulation-rule") for i in by_id)


def test_a_which_finding_key_is_not_cued_by_a_locator_or_its_length(generated, kb):
    """Item review round 21 (2151, class 4): "Actively bleeding tissue or fresh hematoma in the
    treatment area" was the longest option and the only one that placed its finding, beside
    epilepsy and a past cancer; and the TENS sources read give bleeding only as a caution. No
    ci-finding key places its finding when no other option does, none is the longest option by far,
    and a factor is never keyed for a treatment its data says it is not keyed for."""
    items = [q for q in generated if q.id.startswith("ci-finding:")]
    # 4, not 8, since round 41 (4101 C3): without the self-eliminating past-cancer finding, rib
    # mobilisation and TENS have fewer than three precautions with study advice to offer.
    assert len(items) >= 4
    for q in items:
        key = q.choices[q.answer]
        others = [c for n, c in enumerate(q.choices) if n != q.answer]
        assert not (LOCATOR.search(key) and not any(LOCATOR.search(c) for c in others)), q.id
        assert len(key) <= 1.25 * max(len(c) for c in others), q.id
        factor, treatment = q.id.split(":")[1:]
        assert treatment not in kb.get("contraindications", factor).data.get("study_not_keyed_for", []), q.id
    assert "ci-finding:active-bleeding-in-treatment-area:tens" not in {q.id for q in generated}
    assert "tens" in kb.get("contraindications", "active-bleeding-in-treatment-area").data["study_not_keyed_for"]


def test_rule_status_options_each_carry_their_own_idea(generated):
    """Item review round 22. 2261 #39: the key for a derivation-only rule was the only hedged option,
    and "Let the rule's score decide it" and "Rely on its estimate" said one thing. 2262 #56: the key
    "Leave it out" did not say what to leave out, and reasons carried a garbled apposition ("in a
    multicenter randomized trial by the same group, 140 patients with neck pain")."""
    status = [q for q in generated if q.id.startswith("cpr-status:")]
    assert {q.id for q in status} >= {
        "cpr-status:thoracic-manipulation-neck-pain-rule",
        "cpr-status:cervical-manipulation-neck-pain-rule",
    }
    for q in status:
        wrong = [c for n, c in enumerate(q.choices) if n != q.answer]
        assert any(re.search(r"\bwith caution\b|\bonly\b", c) for c in wrong), q.id  # a hedged distractor
        assert not re.search(r"\b(leave|set) it\b", " ".join(q.choices), re.I), q.id  # the referent is named
        heads = [re.split(r"[,:]", c)[0] for c in q.choices]
        assert len(set(heads)) == 4, q.id
        for text in (*q.reasons, q.explanation):
            assert not re.search(r"(trial|cohort|study|analysis)[^.()]*, \d[\d,]* patients", text), (q.id, text)
    thoracic = next(q for q in status if q.id == "cpr-status:thoracic-manipulation-neck-pain-rule")
    # a positive action, not an absolute ("no weight whatsoever" read as "disregard": round 44, 4401 #12)
    assert thoracic.choices[thoracic.answer] == "Decide from the rest of the assessment"
    assert "(140 patients with neck pain)" in thoracic.reasons[thoracic.answer]


def test_a_failed_rule_status_item_offers_misreadings_of_the_trial(generated):
    """Item review round 25 (2591 #7, class C3): the failed rule's stem narrated the whole evidence
    base, "as its figures are untested" was contradicted by the stem, "let the score decide" was a
    straw man, and the stem asked how to "use" a result the key disregarded. The stem now gives the
    studies' designs and the trial's two results without the derivation percentages; the wrong
    options read the trial's main effect as support for the rule, carry the derivation's success
    rate over, or read the rule's failure as the treatment's; the lumbar rule's reason names the
    population (2592 #18)."""
    by_id = {q.id: q for q in generated}
    thoracic = by_id["cpr-status:thoracic-manipulation-neck-pain-rule"]
    assert "86%" not in thoracic.stem and "54%" not in thoracic.stem and "6 months" not in thoracic.stem
    assert "the manipulation group did better" in thoracic.stem
    assert len(thoracic.stem.split()) <= 150  # 203 words in round 25
    wrong = [c for n, c in enumerate(thoracic.choices) if n != thoracic.answer]
    assert not any("untested" in c for c in thoracic.choices)
    # round 43 (4302 #16): the misreading sits in the reason, the option is a plain action
    decide = next(n for n, c in enumerate(thoracic.choices) if c.startswith("Let the rule decide"))
    assert "did better whether or not patients met the rule" in thoracic.reasons[decide]
    assert any(c.startswith("Advise against the treatment") for c in wrong)
    henschke = by_id["cpr-status:vertebral-fracture-rule-henschke"]
    estimate = next(n for n, c in enumerate(henschke.choices) if c.startswith("Use the rule's estimate"))
    assert "acute low back pain, and her pain is thoracic" in henschke.reasons[estimate]
    # the stem no longer lists the rule's features, which answered the rule's vignette item
    assert "prolonged corticosteroid use" not in henschke.stem
    # the other derived-only rules keep the general reason: their patients match their cohorts
    cervical = by_id["cpr-status:cervical-manipulation-neck-pain-rule"]
    assert not any("is thoracic" in r for r in cervical.reasons)


def test_round_25_contraindication_options_are_parallel_and_reasons_unnumbered(kb, generated):
    """Item review round 25. 2592 #12: the arrhythmia key alone carried a placement qualifier and
    was the longest option; the stem's thoracic pain places the electrodes, and the key's reason
    says so. iv-contraindicated:tens:1: the elastic-band reason gave an unsourced "four to six
    weeks"."""
    by_id = {q.id: q for q in generated}
    # The TENS which-finding items are no longer asked (round 41, 4101 C3: without the
    # self-eliminating past-cancer finding TENS has two precautions to offer); the arrhythmia key's
    # wording stays in the data for when they come back.
    # round 38 (3802 #52): the key says what the entry bars, current near the heart, in words the
    # stem does not use
    arrhythmia = kb.entries["contraindications"]["known-cardiac-arrhythmia"].data
    assert arrhythmia["study_option"] == "Known arrhythmia with current near the heart"
    assert "electrode" not in arrhythmia["study_option"]
    # round 30 (3042 #45): the stem places the electrodes, and the reason names the same site
    assert "electrodes on the upper back or chest sit close to the heart" in arrhythmia["study_why"].lower()
    pacemaker = by_id["iv-contraindicated:tens:1"]
    band = pacemaker.choices.index("Arm and scapular strengthening with an elastic band")
    assert "weeks" in pacemaker.reasons[band] and not re.search(r"\b(four|six|\d+)\b", pacemaker.reasons[band])
    assert "elastic band" in pacemaker.reasons[band]


def test_an_active_treatment_code_item_is_a_guideline_example_and_its_d_sibling_tests_the_first_visit_misconception(
    generated,
):
    """Item review round 34 (3481 #43): "the strain remains in active treatment with the physical
    therapist" planted the guideline's words for A. Round 38 (3802 #17, TWO-DEFENSIBLE): a first
    evaluation on direct access keyed A is a contested reading (the research rates A for therapy only
    defensible; outpatient rehabilitation is usually D). Every icd-pick item keyed on a 7th character
    A that offers the same code with D is now an emergency department encounter, one of the
    guideline's own examples of active treatment, told in facts (never in the words "active
    treatment"), and its D reason names outpatient rehabilitation after that treatment. "A = first
    visit" (round 22, 2262 #22) is still tested: the same condition's D item is a first therapy
    visit after a referral, where that belief leads to A."""
    items = [q for q in generated if q.id.startswith("icd-pick:")]
    codes = {q.id: q.choices[q.answer].split(" ", 1)[0] for q in items}
    tested = 0
    for q in items:
        key = codes[q.id]
        listed = [c.split(" ", 1)[0] for c in q.choices]
        if not re.fullmatch(r"[A-Z]\d{2}\.\w{3}A", key) or f"{key[:-1]}D" not in listed:
            continue
        tested += 1
        assert "active treatment" not in q.stem.lower() and "remains" not in q.stem, q.id
        assert "direct access" not in q.stem, q.id
        assert re.search(r"during today's emergency department visit", q.stem), q.id
        assert "emergency department encounter" in q.reasons[q.answer], q.id
        assert "outpatient rehabilitation" in q.reasons[listed.index(f"{key[:-1]}D")], q.id
        condition = q.id.split(":")[1]
        siblings = [s for s in items if s.id.split(":")[1] == condition and codes[s.id] == f"{key[:-1]}D"]
        assert siblings and all("referral" in s.stem and "evaluate and treat" in s.stem for s in siblings), q.id
        assert all(key in [c.split(" ", 1)[0] for c in s.choices] for s in siblings), q.id
    assert tested >= 3


def test_a_seventh_character_is_never_a_bare_letter_that_reads_as_an_option(kb):
    """Item review round 27 (2711 #29): "and D fits therapy visits" meant the 7th character D but
    read as option D. A code item's reasons and explanation name the 7th character ("7th character
    D"); a bare A or D beside the words a code's character goes with does not appear."""
    bare = re.compile(
        r"(?<!character )\b[AD]\b (fits|is used|is the code|is for)|\b(make it|use) [AD]\b|\bthe A or D code"
    )
    every = [q for g in groups(kb) for q in g.questions]
    items = [q for q in every if "ICD-10-CM" in q.stem or q.id.startswith("icd-pick:")]
    assert len(items) >= 30
    for q in items:
        for text in (q.explanation, *q.reasons):
            assert not bare.search(text), (q.id, text)
    rib = next(q for q in every if q.id == "case:rib-pain-after-a-chest-infection:5")
    assert "7th character D fits therapy visits" in rib.explanation


def test_no_code_reason_says_the_therapist_codes_only_what_the_physician_diagnosed(generated):
    """Item review round 22 (2261 #22, FAILS): "the therapist does not code a diagnosis the physician
    has not made" is false: the treating therapist's own documentation supports the treatment
    diagnosis (DOMAIN.md: "treating or referring provider"). A reason says what the record
    documents, not a blanket rule about who may diagnose."""
    for q in generated:
        if not q.id.startswith(("icd-pick:", "case:")):
            continue
        for text in (*q.reasons, q.explanation):
            assert not re.search(r"physician has not made|therapist does not assign", text), (q.id, text)
    kyphosis = next(q for q in generated if q.id == "icd-pick:postural-syndrome-hyperkyphosis:m54-6")
    assert "not a documented diagnosis of postural kyphosis" in " ".join(kyphosis.reasons)


def test_best_intervention_options_do_not_share_a_head_word(generated):
    """Item review round 22 (2261 #53): "Postural correction and ergonomic advice" beside "Postural
    and motor control training" overlapped, and the reason had to invent a distinction. Options of
    an intervention item name different things: no two begin with the same word, except a region
    ("Thoracic", "Rib") that the stem's findings separate."""
    items = [q for q in generated if q.id.startswith(("iv-best:", "iv-contraindicated:"))]
    assert len(items) >= 8
    for q in items:
        heads = [c.split()[0].lower().rstrip(",") for c in q.choices]
        shared = {h for h in heads if heads.count(h) > 1} - {"thoracic", "rib"}
        assert not shared, (q.id, q.choices)
    by_id = {q.id: q for q in generated}
    assert "Scapular, neck and trunk strengthening" in by_id["iv-best:postural-correction-and-ergonomics:1"].choices


def test_an_option_quoted_inside_a_sentence_keeps_the_capitals_of_a_name(generated):
    """Item review round 23 (2372 class C4): "The nearest alternative, guillain-Barré syndrome": the
    template lowercased the first letter of an eponym. A common noun is lowercased; an acronym, a
    listed proper name or a word with a capital after its first letter keeps its capitals."""
    assert _lower_first("Spinal infection") == "spinal infection"
    assert _lower_first("Guillain-Barré syndrome") == "Guillain-Barré syndrome"
    assert _lower_first("DISH") == "DISH"
    assert _lower_first("Pancoast tumour") == "Pancoast tumour"
    for q in generated:
        text = " ".join([q.stem, q.explanation, *q.reasons])
        assert not re.search(r"\b(guillain|pancoast|scheuermann|tietze|horner)\b", text), q.id
    gbs = [q for q in generated if "The nearest alternative, Guillain-Barré syndrome," in q.explanation]
    assert gbs, "no item names Guillain-Barré syndrome as the nearest alternative"


def test_round_26_manual_therapy_reasons_and_iv_best_stems(generated):
    """Item review round 26. 2602 #60 (class 1): rib mobilisation was dismissed for costochondritis
    as treating "a stiff rib joint at the back of the chest", although the rib and cartilage
    junctions at the front can be mobilised; it is rejected as not where to start. 2601 #11: the
    rib item's stem ruled out each distractor with a negative made to fit it; now at least one
    distractor is partly supported by a finding and its reason weighs it. 2601 register note:
    clinician-voice reasons say prone and supine, not face down and flat on the back."""
    by_id = {q.id: q for q in generated}
    costo = by_id["iv-best:self-management-education:2"]
    rib = next(i for i, c in enumerate(costo.choices) if c.startswith("Rib joint mobili"))
    assert "back of the chest" not in costo.reasons[rib]
    assert "not where to start" in costo.reasons[rib] and "her heart" in costo.reasons[rib]
    item = by_id["iv-best:rib-mobilisation:2"]
    assert "including those between the ribs" not in item.stem
    assert "spinous processes" not in item.stem
    assert "intercostal muscles next to it are mildly tender" in item.stem
    soft = next(i for i, c in enumerate(item.choices) if c.startswith("Soft-tissue"))
    assert "mildly tender" in item.reasons[soft]
    for q in generated:
        if q.id.startswith(("ci-finding:", "iv-best:", "iv-contraindicated:", "ci-rules-out:")):
            text = " ".join([q.stem, q.explanation, *q.reasons])
            assert not re.search(r"face[- ]down|flat on (his|her|their) back|shoulder.blade", text), q.id


def test_round_27_avoid_items_offer_one_kind_and_rule_distractors_are_plausible(kb, generated):
    """Item review round 27. 2711 #11: the growing-spine ultrasound item mixed two exercises with two
    modalities and a bare "TENS"; now all four options are physical agents, TENS spelled out, and
    its stem differs from the open-growth-plates rules-out item. 2712 #32: thrust was the only
    passive option beside three exercises, under a frame line about treating "over" a region;
    one exercise is now superficial heat and the key's reason names fracture of a fused spine.
    2712 #16: a self-contradicting distractor, and a stem that stated the validation verdict.
    2712 #59: "movement toward the side"."""
    by_id = {q.id: q for q in generated}
    interventions = kb.entries["interventions"]
    growing = by_id["iv-contraindicated:therapeutic-ultrasound:1"]
    assert "Transcutaneous electrical nerve stimulation (TENS)" in growing.choices
    assert "TENS" not in growing.choices
    vignette = interventions["therapeutic-ultrasound"].data["vignettes"][0]
    assert all(interventions[c].data["category"] == "modality" for c in vignette["choices"])
    plates = by_id["ci-rules-out:open-growth-plates:therapeutic-ultrasound"]
    assert growing.stem != plates.stem and set(growing.choices) != set(plates.choices)
    for q in generated:
        if q.id.startswith("ci-rules-out:"):
            assert "treat over" not in q.stem, q.id
    arthritis = by_id["ci-rules-out:active-inflammatory-arthritis:thoracic-thrust-manipulation"]
    # round 29 (2932 #59): heat, which the data cautions over acute inflammation, gave way to cold
    assert "Cold therapy" in arthritis.choices
    assert "fused" in arthritis.reasons[arthritis.answer]
    rule = by_id["cpr-apply:cervical-manipulation-neck-pain-rule:1"]
    assert not any("unvalidated" in c for c in rule.choices)
    assert "has not been tested in a later study" in rule.stem
    # round 36 (3602 #40): the key was the one "Not necessarily" among three "Yes" options
    assert sorted(c.split(":")[0].split(",")[0] for c in rule.choices) == ["No", "No", "Yes", "Yes"]
    assert "only study" not in rule.stem and "no comparison group" not in rule.stem
    mobilisation = by_id["iv-best:thoracic-joint-mobilisation:1"]
    assert "toward the painful side" in mobilisation.reasons[mobilisation.answer]
    assert "toward the side" not in mobilisation.explanation


def test_test_and_outcome_options_share_one_format(generated):
    """Item review round 28 (2822 class 3): no option alone with or without an acronym in brackets
    among the measure and test options (the Keele STarT MSK Tool beside three "Name (ACRONYM)"
    measures; "Posteroanterior spring test (PAIVM)" beside bare test names)."""
    for q in generated:
        if not q.id.startswith(("outcome:", "lr:", "cpr-apply:")):
            continue
        bracketed = sum(bool(re.search(r"\([^()]*\)", c)) for c in q.choices)
        assert bracketed in (0, len(q.choices)), (q.id, q.choices)


def test_round_29_left_open_reasons_answer_the_option_own_precaution(kb, generated):
    """Item review round 29 (2932 #59): a wrong choice's reason cleared superficial heat for an
    inflammatory flare because it "puts no force through the joints", past the heat precaution for
    acute inflammation a candidate would weigh. No left-open option in a rules-out item lists a
    precaution about acute inflammation while its patient is in a flare, and the reasons that keep
    heat or cold open say why their own precautions do not stop them."""
    by_id = {q.id: q for q in generated}
    interventions = kb.entries["interventions"]
    arthritis = kb.entries["contraindications"]["active-inflammatory-arthritis"]
    for spared in arthritis.data["study_spared"]:
        listed = interventions[spared["intervention"]].data["contraindications"]
        assert "acute-inflammation-or-recent-injury" not in listed, spared["intervention"]
    item = by_id["ci-rules-out:active-inflammatory-arthritis:thoracic-thrust-manipulation"]
    assert "Superficial heat" not in item.choices
    cold = item.reasons[item.choices.index("Cold therapy")]
    assert "acute inflammation" in cold and "cold hypersensitivity" in cold
    plates = by_id["ci-rules-out:open-growth-plates:therapeutic-ultrasound"]
    assert "fresh injury" in plates.reasons[plates.choices.index("Superficial heat")]
    pacemaker = by_id["iv-contraindicated:tens:1"]
    heat = pacemaker.reasons[pacemaker.choices.index("Superficial heat")]
    assert "heart disease" in heat
    sternotomy = by_id["iv-contraindicated:rib-mobilisation:1"]
    assert not any("allows" in r for r in sternotomy.reasons)


def test_round_30_contraindication_items_offer_a_passive_lure_and_place_the_electrodes(kb, generated):
    """Item review round 30. 3041 #25: thrust was the only passive, forceful option beside three
    gentle ones, so it could be found as the odd one out; a hands-on treatment the flare leaves open
    with care now stands beside it, and its reason says it is a precaution and how it is given.
    Rules-out items give a patient scenario, so they are application, not recall. 3042 #45: known
    arrhythmia bars TENS only near the heart by the entry's own reading, so the stem places the
    electrodes on the upper back."""
    by_id = {q.id: q for q in generated}
    interventions = kb.entries["interventions"]
    item = by_id["ci-rules-out:active-inflammatory-arthritis:thoracic-thrust-manipulation"]
    passive = [c for c in item.choices if c.startswith("Soft-tissue")]
    assert passive, item.choices
    assert "soft-tissue-mobilisation" in {
        s["intervention"] for s in kb.entries["contraindications"]["active-inflammatory-arthritis"].data["study_spared"]
    }
    listed = interventions["soft-tissue-mobilisation"].data["contraindications"]
    assert not {"active-inflammatory-arthritis", "ankylosed-spine"} & set(listed)
    soft = item.reasons[item.choices.index(passive[0])]
    assert "precaution" in soft and "comfortable" in soft
    rules_out = [q for q in generated if q.id.startswith("ci-rules-out:")]
    assert rules_out and all(q.level == "application" for q in rules_out)
    # the TENS which-finding items are not asked since round 41 (4101 C3); the placement stays in the data
    assert "Electrodes on" in interventions["tens"].data["dosage"]
    assert "upper back" in kb.entries["contraindications"]["known-cardiac-arrhythmia"].data["study_why"]
    # only a treatment whose own dosage puts its electrodes on the back is placed there
    for q in generated:
        if q.id.startswith("ci-finding:") and "electrodes on the upper back" in q.stem:
            assert interventions[q.id.split(":")[2]].data["dosage"].startswith("Electrodes on"), q.id


def test_round_34_options_say_what_reasons_rebut_and_stems_name_rules_not_definitions(kb, generated):
    """Item review round 34. 3482 #2: "Thoracic radiculopathy" beside post-herpetic neuralgia is not
    wrong (zoster is a root disorder) while its reason rebuts a disc compression, so the option says
    so. #29: a fracture-rule item whose key is counted on the rule names the rule in its stem.
    #46: a measure stem names a purpose, not the key's definition ("how far his rib cage moves")."""
    cases = [q for case in kb.all("cases") for q in case_questions(kb, case)]
    by_id = {q.id: q for q in [*generated, *cases]}
    disc = "Thoracic disc herniation with radiculopathy"
    for qid in ("dx:post-herpetic-neuralgia:1", "dx:post-herpetic-neuralgia:2", "case:burning-band-months-later:3"):
        item = by_id[qid]
        assert disc in item.choices and "Thoracic radiculopathy" not in item.choices, (qid, item.choices)
        assert item.reasons[item.choices.index(disc)].startswith("A disc herniation pressing on a thoracic root")
    rules = kb.entries["prediction_rules"]
    for rule_id in ("vertebral-fracture-rule-roman", "vertebral-fracture-rule-henschke"):
        item = by_id[f"cpr-apply:{rule_id}:1"]
        citation = rules[rule_id].data["name"].rsplit("(", 1)[1].rstrip(")")
        assert f"({citation})" in item.stem, item.stem
    assert "rule-positive" in by_id["cpr-apply:vertebral-fracture-rule-roman:1"].stem
    chest = by_id["case:young-man-stiff-every-morning:2"]
    assert chest.choices[chest.answer] == "Chest expansion"
    assert "rib cage" not in chest.stem and "thorax" in chest.stem
    scoliosis = by_id["case:uneven-shoulders-at-thirteen:2"]
    # round 43 (4301 #12): the stem asks for the screen, which is what the reasons argue
    assert "screens for an intraspinal cause" in scoliosis.stem and "so that" not in scoliosis.stem
    assert "if abnormal" not in scoliosis.stem


def test_round_35_keys_name_a_condition_and_a_rules_results_are_read_as_evaluation(kb, generated):
    """Item review round 35. 3591 #27 and #34 (class B): rib pain in pregnancy was keyed by a
    descriptive label ("Pregnancy-related rib pain", "Mechanical rib pain") against named
    conditions each struck out by a negative; the key names a condition like its rivals, and the
    slipping rib keeps its supporting findings in its reason. #18 (class D): superficial heat was
    "most appropriate" only because every other option met a planted hazard; education leads and
    heat is the near-miss. 3592 #39: a patient whose four cluster tests are positive, asked what
    they support, is an evaluation item, not research and evidence-based practice; so is every
    item applying a diagnostic rule, while a treatment-response rule's item stays research-ebp."""
    cases = [q for case in kb.all("cases") for q in case_questions(kb, case)]
    by_id = {q.id: q for q in [*generated, *cases]}
    for qid in ("dx:pregnancy-related-thoracic-pain:1", "case:rib-pain-at-thirty-weeks:2"):
        item = by_id[qid]
        key = item.choices[item.answer]
        # round 38 (3801 #24) keys the condition's own label; the stem does not say "pregnant"
        assert key == "Rib pain in pregnancy", (qid, key)
        assert "mechanical" not in key.lower(), key
        slipping = item.reasons[item.choices.index("Slipping rib syndrome")]
        assert re.match(r"A slipping rib also gives pain at the side of the lower rib margin", slipping), slipping
    chest = by_id["case:left-chest-pain-and-the-stairs:3"]
    assert chest.choices[chest.answer] == "Education and activity modification"
    assert "Superficial heat" in chest.choices and "Dry needling" not in chest.choices
    assert "Superficial heat is the nearest alternative" in chest.explanation
    cluster = by_id["cpr-apply:cervical-radiculopathy-test-cluster:2"]
    assert (cluster.system, cluster.domain) == ("musculoskeletal", "evaluation-diagnosis")
    rules = kb.entries["prediction_rules"]
    applied = [q for q in generated if q.id.startswith("cpr-apply:")]
    assert len(applied) >= 6
    for q in applied:
        predicts = rules[q.id.split(":")[1]].data.get("predicts", "diagnosis")
        if predicts == "diagnosis":
            assert q.system != "non-system" and q.domain != "research-ebp", q.id
        else:
            assert (q.system, q.domain) == ("non-system", "research-ebp"), q.id


def test_a_code_choice_key_is_never_the_one_option_where_the_commonest_family_and_7th_character_meet(kb, generated):
    """Item review round 35 (3591 #1, class A): in 11 of the 31 icd-pick items (counted with category,
    family and 7th character; the reviewer's rougher count found 7) the key alone shared the most
    features with the other options, e.g. M80.0AXD beside M80.0AXA, S22.31XD and M84.38XD, so a
    candidate who knew no coding could pick it by convergence. Every hand-written code item is still
    asked (none dropped by the generator's check), and in none, nor in any case's code question, is the
    key the single most convergent option."""
    assert convergence(["M80.0AXD", "M80.0AXA", "S22.31XD", "M84.38XD"]) == [4, 2, 2, 2]
    assert convergent_key("M80.0AXD", ["M80.0AXA", "S22.31XD", "M84.38XD"])
    assert not convergent_key("M80.0AXD", ["M80.0AXA", "S22.31XD", "S22.31XA"])
    written = {
        f"icd-pick:{c.id}:{item['code']}"
        for c in kb.all("conditions")
        for item in c.data["codes"]
        if "study_choices" in item
    }
    asked = {q.id: q for q in generated if q.id.startswith("icd-pick:")}
    assert len(written) >= 31 and written == set(asked), sorted(written ^ set(asked))
    coded = [q for g in groups(kb) for q in g.questions if all(CODE_OPTION.match(c) for c in q.choices)]
    assert len(coded) > len(asked)  # the case questions on codes are held to it too
    convergent = []
    for q in coded:
        codes = [c.split(" ", 1)[0] for c in q.choices]
        key = codes[q.answer]
        if convergent_key(key, [c for i, c in enumerate(codes) if i != q.answer]):
            convergent.append(q.id)
    assert convergent == []


def test_a_7th_character_item_offers_only_codes_that_compete_on_the_same_facts(kb, generated):
    """Item review round 36 (3601 #22, #37, class 3): the rib sprain items offered two rib fracture
    codes, which drop out as soon as the candidate reads "sprain", and the day-old strain's case
    question offered its sequela (7th character S), which no one would pick for an injury of
    yesterday: each was really a two-option item (A against D). No code item keyed on 7th character
    A or D offers a sequela code, and the rib sprain items offer instead the symptom codes a
    therapist might use for the same painful breathing (R07.1 since round 39) or thoracic pain (M54.6), each with
    the reason the diagnosed sprain replaces it."""
    coded = [q for g in groups(kb) for q in g.questions if all(CODE_OPTION.match(c) for c in q.choices)]
    keyed_a_or_d = 0
    for q in coded:
        codes = [c.split(" ", 1)[0] for c in q.choices]
        if re.fullmatch(r"[A-Z]\d{2}\.\w{3}[AD]", codes[q.answer]):
            keyed_a_or_d += 1
            assert not [c for c in codes if re.fullmatch(r"[A-Z]\d{2}\.\w{3}S", c)], q.id
    assert keyed_a_or_d >= 8
    rib = [q for q in generated if q.id.startswith("icd-pick:rib-joint-dysfunction:s23-41x")]
    assert len(rib) == 2
    for q in rib:
        codes = [c.split(" ", 1)[0] for c in q.choices]
        assert not [c for c in codes if c.startswith("S22.")], q.id
        # R07.1 Chest pain on breathing, not R07.81 Pleurodynia (sweep round 39, part 4, class 1)
        assert {"R07.1", "M54.6"} <= set(codes) and "R07.81" not in codes, q.id
        assert "deep breathing" in q.stem, q.id
        assert "coded in place of the symptom" in q.reasons[codes.index("R07.1")], q.id
        assert "current injury" in q.reasons[codes.index("M54.6")], q.id


def test_a_derivation_only_rule_status_item_keys_standard_terms_and_makes_the_estimate_option_checkable(generated):
    """Item review round 36 (3601 #4, 3602 #33): the key of every status item for a rule with only its
    derivation study said "a new rule's figures tend to be too good"; it now says, in standard terms,
    that derivation alone overestimates accuracy, and is not the longest option. In the Roman
    cluster's item, "Use its estimate with caution, as she is like the patients it was studied in"
    was wrong only on an unstated premise: the stem now puts her in a physical therapy clinic beside a
    spine surgery clinic sample, and that option's reason names the difference."""
    derived = [
        q for q in generated if q.id.startswith("cpr-status:") and "No other study of it has been found." in q.stem
    ]
    assert {q.id.split(":")[1] for q in derived} >= {
        "cervical-manipulation-neck-pain-rule",
        "vertebral-fracture-rule-roman",
        "vertebral-fracture-rule-henschke",
    }
    for q in derived:
        key = q.choices[q.answer]
        assert key == "Use its items as prompts, not its score", q.id
        assert "derivation alone" not in " ".join(q.choices), q.id
        assert len(key) <= max(len(c) for c in q.choices if c != key), q.id
        text = " ".join([q.stem, *q.choices, *q.reasons])
        assert "too good" not in text and "looks better" not in text and "fits better" not in text, q.id
    roman = next(q for q in derived if q.id == "cpr-status:vertebral-fracture-rule-roman")
    assert "physical therapy clinic" in roman.stem and "spine surgery clinic patients" in roman.stem
    estimate = next(i for i, c in enumerate(roman.choices) if c.startswith("Use the rule's estimate, with caution"))
    assert roman.reasons[estimate].startswith("She is not like the patients it was studied in: ")
    assert "spine surgery clinic" in roman.reasons[estimate] and "physical therapy" in roman.reasons[estimate]


def test_the_overhead_tingling_case_asks_which_nerve_bias_matches_ulnar_side_tingling(kb):
    """Item review round 36 (3601 #16): "Which neurodynamic test is MOST likely to reproduce his
    symptoms?" left the median-biased ULTT1, the classic test in neurogenic thoracic outlet syndrome,
    partly defensible, and offered the thoracic slump test for arm-only symptoms. The question now asks
    which test's nerve bias matches his ring and little finger tingling, and every option is an upper
    limb tension test."""
    q = next(q for g in groups(kb) for q in g.questions if q.id == "case:tingling-with-arms-overhead:1")
    assert "by the nerve it biases" in q.stem and "distribution of his tingling" in q.stem
    assert q.choices[q.answer] == "Upper limb tension test, ulnar nerve"
    assert all(c.startswith("Upper limb tension test, ") for c in q.choices)
    assert not any("slump" in c.lower() for c in q.choices)
    wrong = [r for i, r in enumerate(q.reasons) if i != q.answer]
    assert all("little-finger side" in r or "ring and little fingers" in r for r in wrong)


def test_round_36_next_steps_are_in_us_register_and_distractors_are_plausible(kb, generated):
    """Item review round 36 (3601 #18, #23, #39, #44): the routine step read as a UK letter ('Write
    to the physician asking for a routine review') and the suspected-cancer step as the UK pathway
    ('arrange an urgent referral'); both are now US wording, and no rf-next reason or explanation
    speaks of a letter or a routine review. #14: the reason against films in the same-day fracture
    item says why films alone, with no time, are not the step. #28: the gallbladder item sees her between attacks, with no
    breath catch under the ribs and no travel clue. #44: painless jaundice is not offered 'treat it
    as musculoskeletal'."""
    choices = actions(kb)
    assert choices["routine"] == "Send the findings to the physician for a routine visit"
    assert choices["cancer"] == "Ask the physician for an urgent specialist work-up"
    items = [q for q in generated if q.id.startswith("rf-next:")]
    for q in items:
        for text in (q.explanation, *q.reasons):
            assert not re.search(r"\bletter\b|routine review|\bwrite to\b|urgent referral", text, re.I), q.id
    by_id = {q.id: q for q in items}
    for n in (
        "inflammatory-spondyloarthritis:4",
        "inflammatory-spondyloarthritis:5",
        "non-mechanical-or-unresolving-pain:1",
    ):
        assert by_id[f"rf-next:{n}"].choices[by_id[f"rf-next:{n}"].answer] == choices["routine"], n
    fracture = by_id["rf-next:suspected-vertebral-fracture:4"]
    assert fracture.choices[fracture.answer] == choices["same-day"]
    films = next(r for c, r in zip(fracture.choices, fracture.reasons, strict=True) if "radiographs" in c)
    assert "sets no time" in films and "today" in films
    gallbladder = by_id["rf-next:gallbladder-disease:1"]
    assert gallbladder.choices[gallbladder.answer] == choices["same-day"]
    assert "no pain today" in gallbladder.stem
    assert not re.search(r"stop the breath|breathes in|on her own|started after lunch", gallbladder.stem)
    assert choices["recheck"] not in gallbladder.choices and choices["ems"] not in gallbladder.choices
    jaundice = by_id["rf-next:pancreatic-disease:4"]
    assert jaundice.choices[jaundice.answer] == choices["cancer"]
    assert choices["continue"] not in jaundice.choices


def test_round_38_contraindication_options_carry_their_qualifiers_and_stems_share_no_concept(kb, generated):
    """Item review round 38, 3802. #15, #52: "History of cancer" was offered bare while its reason
    relied on "no known disease in the region, once the medical team confirms", so the option now
    carries that qualifier; #52: a bare "Known cardiac arrhythmia" was broader than the entry's
    sources agree on (the key now says current near the heart). #11: the stem's "thoracic
    radiculopathy" (also "intercostal nerve root pain", found by dermatomal sensation and the slump
    test) cued away "Stable nerve root signs"; no stem condition shares a word of its names, or a
    neurological screen or special test, with any option."""
    factors = kb.entries["contraindications"]
    by_option = {finding_option(f): f for f in factors.values()}
    conditions = {c.data["name"].lower(): c for c in kb.all("conditions")}
    specific = frozenset(a.id for a in kb.all("assessments") if a.data.get("kind") in ("neuro-screen", "special-test"))
    items = [q for q in generated if q.id.startswith("ci-finding:")]
    assert len(items) >= 4  # 9 before round 41 (4101 C3) stopped offering the past-cancer finding
    hosted = 0
    for q in items:
        assert "History of cancer" not in q.choices, q.id
        assert all(c in {_us(o) for o in by_option} for c in q.choices), (q.id, q.choices)
        named = re.match(r"A patient with (.+?) is scheduled", q.stem).group(1)
        host = conditions.get(named.lower())
        if host is None:
            assert named == "mid-back pain", q.id
            continue
        hosted += 1
        for c in q.choices:
            factor = next(f for o, f in by_option.items() if _us(o) == c)
            assert not shares_concept(host, factor, specific), (q.id, host.id, c)
    assert hosted >= 3
    radiculopathy = conditions["thoracic radiculopathy"]
    assert shares_concept(radiculopathy, factors["stable-radicular-signs"], specific)
    infection = next(q for q in items if q.id == "ci-finding:spinal-infection:thoracic-joint-mobilisation")
    assert "radiculopathy" not in infection.stem
    # round 41 (4101 C3, 4102 #50): the qualifier the past cancer needs ("medically cleared") rules
    # it out by its wording, so it is no longer offered at all
    assert not any("Past cancer, spine and ribs medically cleared" in q.choices for q in items)


def _us(text: str) -> str:
    """An option as the US-English bank spells it (the one word these options change)."""
    return text.replace("Generalised", "Generalized")


def test_round_38_a_recheck_is_offered_only_where_rest_could_settle_a_vital_sign(kb, generated):
    """Item review round 38, 3801 #2 and #16: "Rest the patient and recheck in 15 minutes" beside a
    suspected osteoporotic fracture and after a 3-metre fall, where nothing the recheck measures
    could change. It is offered only for a flag whose picture is vital signs and symptoms that
    change within minutes, or where the stem reports a fast pulse or breathing or a low saturation
    (rule red-flag-recheck-settles); those items offer a near-miss from the ladder instead."""
    choices = actions(kb)
    flags = kb.entries["red_flags"]
    unsettled = re.compile(r"saturation (?:is )?(?:[0-8]\d|9[0-4])%|respiratory rate (?:is )?(?:2[1-9]|[3-9]\d)/min")
    with_recheck = [q for q in generated if q.id.startswith("rf-next:") and choices["recheck"] in q.choices]
    assert len(with_recheck) >= 30
    for q in with_recheck:
        category = flags[q.id.split(":")[1]].data["category"]
        assert category in RECHECK_CATEGORIES or unsettled.search(q.stem), q.id
    by_id = {q.id: q for q in generated}
    for n, instead in (
        ("suspected-vertebral-fracture:4", "routine"),
        ("significant-trauma:1", "phone"),
        ("significant-trauma:3", "phone"),
        ("ankylosed-spine-fracture:3", "phone"),
        ("ankylosed-spine-fracture:5", "xray"),
        ("acute-spinal-cord-compression:1", "cancer"),
        ("acute-spinal-cord-compression:2", "xray"),
    ):
        q = by_id[f"rf-next:{n}"]
        assert choices["recheck"] not in q.choices, n
        assert any(c.startswith(choices[instead].split(" thoracic")[0]) for c in q.choices), (n, q.choices)
    # the breathless pictures after trauma keep it: a saturation or a breathing rate might settle
    assert choices["recheck"] in by_id["rf-next:rib-fracture:2"].choices
    assert choices["recheck"] in by_id["rf-next:significant-trauma:2"].choices


def test_round_38_a_which_condition_rival_is_one_the_stem_makes_tempting(generated):
    """Item review round 38, 3802 #36: "Kidney infection" beside a slowly progressive thoracic
    myelopathy had nothing in the stem to support it (no fever, flank pain or pain on urinating);
    lumbar spinal stenosis, which numb legs, tripping and urgency in a man of 61 do suggest, takes
    its place, with a reason from his upper motor neuron signs."""
    q = {q.id: q for q in generated}["rf-cues:progressive-thoracic-myelopathy:1"]
    assert "Kidney infection" not in q.choices
    reason = q.reasons[q.choices.index("Lumbar spinal stenosis")]
    assert "tripping" in reason and "clonus" in reason and "plantar" in reason
    assert "trips" in q.stem and "numbness in both legs" in q.stem


def test_round_38_wrong_choices_have_a_feature_in_the_stem_and_keys_fit_the_picture(kb, generated):
    """Item review round 38. 3802 #1, #16 (class: an option nothing in the stem supports): neural
    mobilisation was offered beside a normal neurological screen, with no nerve finding, in four
    intervention items; it is offered only where the stem or case shows a nerve finding, and the
    replacements draw on the stem (breathing catches the rib pain, heat eases the ache, mobilisation
    has already been tried). 3801 #24: bilateral lateral lower-rib ache late in pregnancy keys the
    condition's own label, with rib joint dysfunction from its differential as a rival. 3801 #36,
    3802 #23: the R07.89 key is justified from the documentation, not "of these four codes", and
    R07.81 replaces S23.41XD, an injury code in a case with no injury."""
    cases = {c.id: c for c in kb.all("cases")}
    asked = [q for case in cases.values() for q in case_questions(kb, case)]
    by_id = {q.id: q for q in [*generated, *asked]}

    def us(text: str) -> str:  # case questions are built in UK English, the bank in US English
        return text.replace("isation", "ization")

    nerve = re.compile(r"tension test|slump|tingl|pins and needles|band|numb|sensation is reduced", re.I)
    offered = 0
    for q in by_id.values():
        choices = [us(c) for c in q.choices]
        if "Neural mobilization" not in choices or choices[q.answer] == "Neural mobilization":
            continue
        text = q.stem
        if q.id.startswith("case:"):
            case = cases[q.id.split(":")[1]].data
            text = " ".join([text, case["presentation"], *case["history"], *case["findings"]])
        assert nerve.search(text), q.id
        offered += 1
    assert offered >= 1
    replaced = {
        "iv-best:rib-mobilisation:2": "Breathing retraining",
        "iv-best:trigger-point-pressure-release:1": "Superficial heat",
        "case:young-man-stiff-every-morning:3": "Thoracic joint mobilization",
        "case:stuck-after-a-coding-sprint:5": "Further sessions of mobilization at T5",
        "case:tingling-with-arms-overhead:3": "Soft-tissue mobilization of the scalenes and upper trapezius",
    }
    for qid, option in replaced.items():
        item = by_id[qid]
        choices = [us(c) for c in item.choices]
        assert option in choices and choices[item.answer] != option, (qid, choices)
        assert "Therapeutic ultrasound" not in item.choices, qid
    assert "breathes easily" in by_id["iv-best:rib-mobilisation:2"].stem
    for qid in ("dx:pregnancy-related-thoracic-pain:1", "case:rib-pain-at-thirty-weeks:2"):
        item = by_id[qid]
        assert item.choices[item.answer] == "Rib pain in pregnancy", qid
        assert "Rib joint dysfunction" not in item.choices, qid
    pregnancy = by_id["dx:pregnancy-related-thoracic-pain:1"]
    assert "Costovertebral joint dysfunction" in pregnancy.choices
    assert "pregnan" not in pregnancy.stem.lower()
    rib_joint = pregnancy.reasons[pregnancy.choices.index("Costovertebral joint dysfunction")]
    assert "on one side" in rib_joint and "both sides" in rib_joint
    code = by_id["case:rib-pain-at-thirty-weeks:4"]
    assert code.choices[code.answer] == "R07.89 Other chest pain"
    assert "R07.1 Chest pain on breathing" in code.choices and not any(c.startswith("S23") for c in code.choices)
    assert "chest-wall pain" in code.stem and "no more specific diagnosis" in code.stem
    key_reason = code.reasons[code.answer]
    assert "of these four" not in key_reason.lower() and all(c in key_reason for c in ("R07.81", "R07.82", "R07.1"))
    for q in asked:
        if all(CODE_OPTION.match(c) for c in q.choices):
            assert not re.search(r"\bof these (four|codes)\b", q.reasons[q.answer], re.I), q.id


WOULD_BE_RIGHT = re.compile(r"^(?:Right: )?([A-Z]\d[0-9A-Z.]*) would be right (?:for|if|while|when|only for) ([^.]*)")


def test_round_39_a_code_reason_says_what_the_code_covers(kb):
    """Sweep round 39, part 4, class 1: "R07.81 would be right for pain on breathing" (R07.81 is
    pleurodynia; pain on breathing is R07.1 Chest pain on breathing), "M54.6 would be right for rib
    joint pain" (it is pain in the thoracic spine) and R07.89 tied to a slipping rib. A "would be
    right" clause follows the code's official title (which `ptref check` compares with the
    official data)."""
    titles = {e.data["code"]: e.data["title"] for e in kb.all("codes")}
    clauses = []
    for group in groups(kb):
        for q in group.questions:
            for reason in q.reasons:
                match = WOULD_BE_RIGHT.match(reason)
                if match and match.group(1) in titles:
                    clauses.append((q.id, match.group(1), match.group(2)))
    assert len(clauses) >= 100
    for qid, code, clause in clauses:
        if "breathing" in clause:
            assert "breathing" in titles[code].lower(), (qid, code, clause)
        if code == "M54.6":
            assert "thoracic" in clause and "rib" not in clause, (qid, clause)
        assert "slipping rib" not in clause, (qid, code, clause)
    on_breathing = {qid for qid, code, _ in clauses if code == "R07.1"}
    assert {
        "icd-pick:rib-joint-dysfunction:s23-41xd",
        "icd-pick:rib-joint-dysfunction:s23-41xa",
        "case:rib-pain-at-thirty-weeks:4",
    } <= on_breathing


def test_round_39_a_rule_status_reason_names_its_study_as_the_stem_tells_it(generated):
    """Sweep round 39, part 4, class 3: the reasons of cpr-status:thoracic-manipulation-neck-pain-rule
    called the trial "multicenter" and cited "no three-way interaction", which its stem did not
    say. Every word of the study's design that a reason gives is in the stem."""
    design = re.compile(r"(?:\ban?|built it,) ((?:multicent|randomi|retrospective|prospective)[^.()]*(?:\([^)]*\))?)")
    checked = 0
    for q in generated:
        if not q.id.startswith("cpr-status:"):
            continue
        stem = set(re.findall(r"[a-z0-9,]+", q.stem.lower().replace(",", "")))
        for reason in q.reasons:
            assert "three-way" not in reason, q.id
            for phrase in design.findall(reason):
                words = set(re.findall(r"[a-z0-9,]+", phrase.lower().replace(",", ""))) - {"with", "the", "of"}
                assert words <= stem, (q.id, phrase, words - stem)
                checked += 1
    assert checked >= 5


def test_round_39_a_rule_status_stem_does_not_name_the_items_its_apply_sibling_keys(generated):
    """Sweep round 39, part 4, class 5: the cpr-status stems said which of the rule's items the
    patient had ("she takes no regular exercise", "oral corticosteroids for her lungs"), the
    finding the cpr-apply sibling keys. The status stem counts the items and names none."""
    by_id = {q.id: q for q in generated}
    for rule, words in (
        ("vertebral-fracture-rule-roman", ("regular exercise", "body mass")),
        ("vertebral-fracture-rule-henschke", ("steroid", "a fall", "injury")),
    ):
        stem = by_id[f"cpr-status:{rule}"].stem.lower()
        assert not any(w in stem for w in words), rule
    henschke = by_id["cpr-apply:vertebral-fracture-rule-henschke:1"]
    assert "for his lungs" not in henschke.choices[henschke.answer]
    thoracic = by_id["cpr-apply:thoracic-manipulation-neck-pain-rule:1"]
    assert "2 of the 6" in thoracic.choices[thoracic.answer] and "2 of the 6" not in thoracic.stem


def test_a_subsequent_encounter_never_rests_on_analgesics_or_medication_ending(kb, generated):
    """Item review round 39 (3902 #3, #13, class 2): D stems and reasons said "the analgesics are
    finished" as if that ended active treatment, but medication adjustment is itself care in the
    healing phase (guideline I.C.19.a). A D code item argues from active treatment being complete
    and the visits being routine care while the injury heals; no stem, reason or explanation of it
    names analgesics or medication ending."""
    medication = re.compile(r"analgesic|painkiller|medication|medicine", re.I)
    items = list(generated) + [q for case in kb.all("cases") for q in case_questions(kb, case)]
    seen = 0
    for q in items:
        code = q.choices[q.answer].split(" ", 1)[0]
        if not re.fullmatch(r"[A-Z]\d\d\.[0-9A-Z]{3}D", code):
            continue
        for text in (q.stem, q.explanation, *q.reasons):
            assert not medication.search(text), (q.id, text)
        assert "active treatment" in q.reasons[q.answer].lower(), q.id
        seen += 1
    assert seen >= 13


def test_a_case_item_states_the_facts_its_reasons_cite_from_a_sibling_stem(kb):
    """Item review round 39 (3901 #31, 3902 #40, class 1): case:third-visit-new-pain:5 asked what to
    record once emergency services were called, and its reasons argued from "tearing pain ... worst
    at once" that only sibling :4's stem had told; read alone, the item gave no reason for the
    emergency. A fact that an earlier item's stem adds to the case (a sentence before its question)
    and a later item's explanation or reasons cite again is restated in the later item's own stem.
    Facts are compared as pairs of content words; the names of entries and the item's own options
    are concepts, not facts told."""
    stop = set(re.findall(r"\w+", STOP_WORDS))

    def pairs(text: str) -> set[str]:
        words = [w for w in re.findall(r"[a-z0-9/%]+", text.lower()) if w not in stop]
        return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}

    names = set()
    for kind in kb.entries:
        for entry in kb.all(kind):
            names |= {
                p for key in ("title", "name") if isinstance(entry.data.get(key), str) for p in pairs(entry.data[key])
            }
    checked = 0
    for case in kb.all("cases"):
        data = case.data
        told_by_case = pairs(" ".join([data["presentation"], *data.get("history", []), *data.get("findings", [])]))
        items = {q.id: q for q in case_questions(kb, case)}
        told_by_siblings: set[str] = set()
        for n, item in enumerate(data["questions"], start=1):
            q = items.get(f"case:{case.id}:{n}")
            options = set().union(*(pairs(c) for c in q.choices)) if q else set()
            cited = pairs(" ".join([item.get("why", ""), *item.get("reasons", [])]))
            missing = (cited & told_by_siblings) - pairs(item["ask"]) - told_by_case - options - names
            assert not missing, (case.id, n, sorted(missing))
            facts = [s for s in re.split(r"(?<=[.?])\s+", item["ask"]) if not s.endswith("?")]
            told_by_siblings |= (pairs(" ".join(facts)) & cited) - told_by_case
            checked += 1
    assert checked >= 60


def test_a_case_item_cites_a_normal_vital_sign_only_where_its_case_or_stem_prints_one(kb):
    """Item review round 40 (4002 #1): case:rib-pain-at-thirty-weeks:5 said her earlier rib ache
    "came with normal blood pressure", but neither the case nor the item's stem gave a blood
    pressure (only sibling :2's stem said her vital signs were normal). A case item that cites a
    normal reading (blood pressure, pulse, vital signs ...) finds that reading in the case text or in
    its own stem, the two things a candidate sees with it."""
    cited = re.compile(
        r"\bnormal (blood pressure|pulse|heart rate|temperature|oxygen saturation|respiratory rate|vital signs)\b"
        r"|\b(blood pressure|pulse|heart rate|temperature|vital signs) (is|are|was|were) normal\b",
        re.I,
    )

    def sentences(text: str) -> list[str]:
        return re.split(r"(?<=[.;?])\s+", text)

    checked = 0
    for case in kb.all("cases"):
        data = case.data
        story = sentences(" ".join([data["presentation"], *data.get("history", []), *data.get("findings", [])]))
        for n, item in enumerate(data["questions"], start=1):
            for m in cited.finditer(" ".join([item.get("why", ""), *item.get("reasons", [])])):
                reading = next(g for g in m.groups() if g)
                names = re.compile(rf"\b({reading}|vital signs)\b", re.I)
                # said to be normal in the case or the stem, or measured in the case
                shown = any(names.search(t) and re.search(r"\bnormal\b", t) for t in [*story, *sentences(item["ask"])])
                shown = shown or any(re.search(rf"\b{reading}\b", t, re.I) and re.search(r"\d", t) for t in story)
                assert shown, (case.id, n, m.group(0))
            checked += 1
    assert checked >= 60


def test_a_case_diagnosis_offers_a_competitor_outside_the_reference_with_its_own_reason(kb):
    """Item review round 40 (4001 #21): case:uneven-shoulders-at-thirteen:3 offered
    "Costovertebral joint dysfunction", a pain diagnosis, for a pain-free 13-year-old's curve. A
    working-diagnosis question may offer a competitor outside the reference by its label
    (`outside`): it is one of the four options, with the last of the question's reasons."""
    seen = 0
    for case in kb.all("cases"):
        items = {q.id: q for q in case_questions(kb, case)}
        for n, item in enumerate(case.data["questions"], start=1):
            if "outside" not in item:
                continue
            q = items[f"case:{case.id}:{n}"]
            assert len(q.choices) == 4 and item["outside"] in q.choices, q.id
            assert q.reasons[q.choices.index(item["outside"])] == item["reasons"][-1], q.id
            seen += 1
    q = {q.id: q for q in case_questions(kb, kb.entries["cases"]["uneven-shoulders-at-thirteen"])}[
        "case:uneven-shoulders-at-thirteen:3"
    ]
    assert not any("joint dysfunction" in c.lower() for c in q.choices)
    assert seen >= 1


def test_round_40_pregnancy_key_does_not_restate_the_complaint(generated):
    """Item review round 40 (4001 #50): "Rib pain in pregnancy" restated the stem's "aching across
    both sides of her lower rib cage" at 32 weeks. Rounds 17 and 35 ruled out a descriptive key
    ("mechanical chest wall pain", "Mechanical rib pain") and round 38 a rib joint key, so the key
    keeps the condition's own label and the complaint is told without naming the rib cage; the ribs
    come in only with the examination finding that tells the key from its rivals."""
    item = {q.id: q for q in generated}["dx:pregnancy-related-thoracic-pain:1"]
    complaint = item.stem.split(". ")[0]
    assert "rib" not in complaint.lower(), complaint
    assert "Pressure over the lower ribs" in item.stem


def test_a_which_finding_wrong_finding_carries_no_reassuring_qualifier_and_the_key_no_stem_word(generated):
    """Item review round 41 (4101 C3, #4, #12; 4102 #50): "Past cancer, spine and ribs medically
    cleared" and "Stable nerve root signs" ruled themselves out by their reassuring wording, and the
    key "Recent thoracic spinal fusion" alone repeated "thoracic" from a stem booking thoracic joint
    mobilisation. No ci-finding wrong finding says the finding is cleared, stable, controlled or
    mild, and the key shares no content word with the stem that every wrong finding lacks."""
    reassuring = re.compile(r"\b(cleared|stable|controlled|mild|settled|resolved|healed)\b", re.I)
    items = [q for q in generated if q.id.startswith("ci-finding:")]
    assert items
    for q in items:
        key = q.choices[q.answer]
        others = [c for n, c in enumerate(q.choices) if n != q.answer]
        assert not any(reassuring.search(c) for c in others), q.id
        echoed = content_words(key) & content_words(q.stem)
        assert not echoed - set().union(*(content_words(c) for c in others)), (q.id, echoed)


def test_the_ambulance_is_the_nearest_alternative_beside_an_emergency_department_key():
    """Item review round 41, 4102 #33: beside a drive-to-the-emergency-department key the
    explanation named a slower step as the nearest alternative, not the ambulance, which differs
    only in how the patient travels and whose reason says why a car will do."""
    assert nearest_step("ed", ["same-day", "phone", "ems"]) == "ems"
    assert nearest_step("ed", ["same-day", "recheck", "next-day"]) == "same-day"


def test_round_42_a_rule_item_offers_options_of_the_keys_kind(generated):
    """Item review round 42 (4201 #49, #59): the key of a rule item stood apart from its options, the
    only "No" against three "Yes" (the thoracic manipulation rule for neck pain), the only option
    that was not a pain behaviour (the Roman fracture cluster). A yes/no rule item offers at least
    two of each; a which-finding rule item offers a near miss of the key's own feature, and the
    Roman item's wrong options are near-miss fracture features, not pain behaviours."""
    items = {q.id: q for q in generated if q.id.startswith("cpr-apply:")}
    assert items
    for q in items.values():
        answers = Counter(re.match(r"(Yes|No)\b", c).group(1) for c in q.choices if re.match(r"(Yes|No)\b", c))
        if sum(answers.values()) == len(q.choices):
            assert answers["Yes"] >= 2 and answers["No"] >= 2, (q.id, q.choices)
    assert any(c.startswith("No") for c in items["cpr-apply:thoracic-manipulation-neck-pain-rule:1"].choices[1:])
    roman = items["cpr-apply:vertebral-fracture-rule-roman:1"]
    wrong = [c for n, c in enumerate(roman.choices) if n != roman.answer]
    assert any("body mass index" in c for c in wrong), wrong
    assert not any(re.search(r"\b(pain|wakes|rolls over|settled)\b", c) for c in wrong), wrong
    assert "body mass index" not in roman.stem
    henschke = items["cpr-apply:vertebral-fracture-rule-henschke:1"]
    wrong = [c for n, c in enumerate(henschke.choices) if n != henschke.answer]
    assert any("steroid" in c for c in wrong), wrong


def test_round_42_case_reasons_argue_from_the_case_and_a_dish_lure_is_credible(kb):
    """Item review round 42 (4201 #38, #42): a reason said the patient's friends' advice "makes
    hands-on treatment tempting", a remark about the item, not an argument from the option and the
    case; the reason and the explanation gave thrust in active inflammatory disease different
    strengths; and breathing retraining was offered as a possibly contraindicated option in DISH,
    which no candidate would think it is."""
    qs = {q.id: q for g in groups(kb) for q in g.questions}
    for q in qs.values():
        assert not re.search(r"\btempting\b", " ".join([*q.reasons, q.explanation])), q.id
    morning = qs["case:young-man-stiff-every-morning:3"]
    thrust = morning.reasons[morning.choices.index("Thoracic thrust manipulation")]
    assert kb.get("contraindications", "active-inflammatory-arthritis").data["level"] == "absolute"
    assert "absolutely contraindicated" in thrust and "absolutely contraindicated" in morning.explanation
    dish = qs["case:stiff-back-and-a-bus-ride:1"]
    assert not any("Breathing" in c for c in dish.choices), dish.choices
    assert "Trunk strengthening exercise" in dish.choices


def test_round_42_an_accuracy_stem_describes_the_sample_that_gave_the_figures(generated):
    """Item review round 42 (4202 #6): the abdominal reflex stem gave the whole series (93 enrolled,
    9 with a syrinx) and then said the figures covered only a subgroup. The stem now describes the
    analysed subgroup; the series and its size go in the explanation's caveat."""
    items = [q for q in generated if q.id.startswith("lr:abdominal-reflexes:0:")]
    assert items
    for q in items:
        assert "93" not in q.stem and "figures cover only" not in q.stem, q.stem
        assert "presumed to be idiopathic" in q.stem
        assert "subgroup" in q.explanation and "93" in q.explanation and "school-screening" in q.explanation


def test_round_42_a_7th_character_d_item_tests_a_against_d_on_the_same_fracture(kb):
    """Item review round 42 (4202 C1, #58): the two-rib fracture item keyed S22.42XD offered one A
    code, S22.32XA, which also had the wrong rib count, so the A-against-D decision was never tested
    on its own. A code item keyed on 7th character D that offers an initial-encounter (A) code offers
    the A code of the key's own fracture or injury."""
    coded = [q for g in groups(kb) for q in g.questions if all(CODE_OPTION.match(c) for c in q.choices)]
    checked = 0
    for q in coded:
        codes = [c.split(" ", 1)[0] for c in q.choices]
        key = codes[q.answer]
        if not re.fullmatch(r"[A-Z]\d{2}\.\w{3}D", key):
            continue
        if [c for c in codes if re.fullmatch(r"[A-Z]\d{2}\.\w{3}A", c)]:
            assert key[:-1] + "A" in codes, (q.id, codes)
            checked += 1
    assert checked >= 8


def test_round_42_the_chronic_pain_case_asks_the_order_without_stating_the_rule(kb):
    """Item review round 42 (4202 C1, #24): the G89 question stated the sequencing rule in its stem
    ("so M54.6 is listed first") and offered G89.21, G89.22 and G89.28, each ruled out by reading its
    title against "no injury" and "never had surgery". It now asks which code is listed first, and
    its wrong choices survive a title read: G89.29 first (right code, wrong order), G89.4 (a syndrome
    the physician has not documented) and R52."""
    asked = {q.id: q for g in groups(kb) for q in g.questions}
    item = asked["case:ten-months-of-mid-back-pain:4"]
    codes = [c.split(" ", 1)[0] for c in item.choices]
    assert codes[item.answer] == "M54.6"
    assert {"G89.29", "G89.4", "R52"} == set(codes) - {"M54.6"}
    assert "listed first" in item.stem and "M54.6" not in item.stem and "so " not in item.stem
    assert "pain control or pain management" in item.reasons[codes.index("G89.29")]
    assert "documented chronic pain syndrome" in item.reasons[codes.index("G89.4")]


def test_rule_status_options_are_plain_actions_and_stems_carry_no_unneeded_statistics(generated):
    """Item review round 43 (4302 #16): the Henschke status stem carried an area under the curve
    whose confidence interval ran above 1, which the question does not need, and every option was an
    action joined to a justification ("..., as derivation alone overestimates accuracy"), so the key
    could be found by spotting the false clause. The options are now plain actions; the
    justifications are in the reasons."""
    status = [q for q in generated if q.id.startswith("cpr-status:")]
    assert len(status) >= 4
    for q in status:
        for choice in q.choices:
            assert not re.search(r", (as|since|because) ", choice), (q.id, choice)
        assert "95% CI" not in q.stem, q.id
    henschke = next(q for q in status if q.id == "cpr-status:vertebral-fracture-rule-henschke")
    assert "1.014" not in henschke.stem and "ROC" not in henschke.stem
    assert "1,172 patients with acute low back pain, of whom 8 had a fracture" in henschke.stem


def test_round_43_context_keys_face_a_fair_context_specific_rival(kb, generated):
    """Item review round 43 (4301 #35, #60, #25, #54): the pregnancy keys were the only options tied
    to the pregnancy, and the one pregnancy rival (pre-eclampsia) was ruled out point by point in
    the stem; the stem now gives only the blood pressure, and the reasons rest on it and the
    mechanical findings. The post-mastectomy key was a phrase restating the history, not a named
    entity. The 97112 service was deep-breathing exercise (97110 work), and the stem named item
    :3's key."""
    cases = [q for case in kb.all("cases") for q in case_questions(kb, case)]
    by_id = {q.id: q for q in [*generated, *cases]}
    for qid in ("dx:pregnancy-related-thoracic-pain:1", "case:rib-pain-at-thirty-weeks:2"):
        q = by_id[qid]
        labels = [c.replace("-", "").lower() for c in q.choices]  # case items before US English
        assert "preeclampsia" in labels, qid
        assert "headache" not in q.stem and "visual" not in q.stem, qid
        assert "blood pressure" in q.stem, qid
        rival = labels.index("preeclampsia")
        assert "blood pressure" in q.reasons[rival], qid
    mastectomy = by_id["dx:post-mastectomy-pain:2"]
    assert mastectomy.choices[mastectomy.answer] == "Post-mastectomy pain syndrome"
    assert "Radiation-induced brachial plexopathy" in mastectomy.choices
    units = by_id["case:young-man-stiff-every-morning:5"]
    assert "spinal mobility training" not in units.stem.lower()
    assert "breathing" not in units.stem and "posture and trunk control training" in units.stem
    assert units.choices[units.answer] == "4 units"
