"""Contraindication questions: which intervention a finding rules out, and which finding rules an intervention out."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...study.questions import (
    Candidate,
    _clause,
    _first_sentence,
    _lower_first,
    _make,
    _member,
    _pick,
    _sentence,
    for_candidate,
    frame,
    short_label,
)
from ...study.writing import content_words, internal_words

# ---- contraindications --------------------------------------------------------------------------
# A factor whose own text sends the patient on (refer, emergency) is a red flag first: "which
# treatment may I use?" has no right answer there, so it is never a scenario's background.
REFER = re.compile(r"\brefer|emergency|physician the same|same-day", re.I)
# The factors the study review names as red-flag level (a suspected fracture, infection, tumour,
# cord lesion, arterial dissection or aneurysm, an unstable spine or bleeding): refer, do not treat.
RED_FLAG_LEVEL = re.compile(r"fractur|infect|malignan|cancer|myelopath|arterial|aneurysm|unstable|instabil", re.I)
NOT_COVERED = re.compile(r"not covered|separate decision", re.I)
CATEGORY_SYSTEM = {"modality": "non-system", "manual-therapy": "musculoskeletal"}
# A factor's name may end with the treatments it concerns ("Breast implants (ultrasound)"): in an
# option that bracket tells which treatment the option belongs to, so options leave it out.
TREATMENT_BRACKET = re.compile(
    r"\s*\((?=[^()]*\b(?:ultrasound|TENS|electrical|heat|cold|needling|techniques|mobilisation|manual|"
    r"exercise|soft tissue|modalities|thrust|electrodes|lying|treatment|loading)\b)[^()]*\)\s*$",
    re.I,
)
# A bracket that limits where the factor applies ("over the abdomen"): without it the option would
# say more than the data, so such a factor is not asked as an answer.
WHERE = re.compile(r"\b(over|near|across|face down|flat on)\b", re.I)


CLOT = ("thrombosis-or-thrombophlebitis",)
GENERAL = re.compile(r"consent|cervical arterial|\bor\b", re.I)
# Precautions that many lists outside the data count as absolute where they lie (an open wound at
# the site), or that bar any treatment (unscreened serious pathology): never offered as wrong.
NEVER_DISTRACTOR = ("damaged-or-fragile-skin", "unscreened-serious-pathology")
# For heat and cold, reduced sensation or cognition and impaired circulation are never offered as
# wrong either: many device labels and textbooks count them against thermal agents (item review
# round 3: a second defensible answer).
THERMAL = ("superficial-heat", "cold-therapy")
NEVER_THERMAL_DISTRACTOR = ("reduced-sensation-or-cognition", "impaired-circulation")
BARS_ALL = re.compile(r"consent|cervical arterial", re.I)
# A qualifier that tells the candidate a finding is safe ("Past cancer, spine and ribs medically
# cleared", "Stable nerve root signs") rules the option out by its wording, so the key stands out:
# such a precaution is never offered as a wrong finding (item review round 41, 4101 C3, 4102 #50).
REASSURING = re.compile(
    r"\b(?:cleared|clear of|stable|stabilised|stabilized|controlled|well[- ]controlled|mild|minor|settled|"
    r"resolved|healed|benign|harmless)\b",
    re.I,
)


# Words of an intervention's name that say nothing about which treatment it is.
GENERIC_NAME = frozenset(
    [
        "thoracic",
        "therapy",
        "therapeutic",
        "superficial",
        "joint",
        "release",
        "grades",
        "transcutaneous",
        "nerve",
        "stimulation",
    ]
)
# Words that name a category's treatments in general ("techniques" for any manual therapy).
CATEGORY_WORDS = {
    "manual-therapy": r"\btechniques?\b|\bmanual therapy\b",
    "modality": r"\bmodalit",
    "exercise": r"\bexercis",
}
# A precaution whose advice for this treatment is to avoid it ("Thrust manipulation is best
# avoided unless ...") is too close to a contraindication to be offered as the wrong answer.
AVOID = r"\bavoid|\bdo not\b|\bnever\b|\bconsider other\b|\bchoose another\b"
AVOIDED = r"\bbest avoided\b|\bshould be avoided\b|\bnot be used\b"
# Content words that many factors share without being about the same thing.
COMMON = frozenset(
    [
        "recent",
        "acute",
        "known",
        "suspected",
        "severe",
        "mild",
        "stable",
        "treatment",
        "treated",
        "area",
        "region",
        "history",
        "other",
    ]
)


def _sentences(text: str) -> list[str]:
    return [t for t in re.split(r"(?<=[.!?])\s+", text.strip()) if t]


@lru_cache(maxsize=4096)
def for_reader(text: str) -> str:
    """A factor's text for a candidate: without sentences about how the sources were read or
    about the site's entries, and without bracketed site notes."""
    return " ".join(for_candidate(t) for t in _sentences(text) if not any(p.search(t) for p, _, _ in internal_words()))


def _name_words(intervention: Entry) -> list[str]:
    """The words of a treatment's name that say which treatment it is, by their first five letters."""
    name = re.sub(r"\([^()]*\)", "", intervention.data["name"])
    return [w[:5].lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", name) if w.lower() not in GENERIC_NAME]


def _treatment_words(intervention: Entry, shared: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """A pattern for the words that name this treatment in a factor's advice: the distinctive
    words of its name (by their first five letters), without those other treatments' names share
    too (`shared`: "mobilisation" in soft-tissue and joint mobilisation), and its acronym."""
    name = intervention.data["name"]
    parts = [rf"\b{re.escape(w)}" for w in _name_words(intervention) if w not in shared]
    parts += [rf"\b{a}\b" for a in re.findall(r"\(([A-Z]{2,6})\)", name)]
    return re.compile("|".join(parts) or r"$^", re.I)


# Words that name one treatment in a factor's advice ("no neural tensioning", "keep electrodes
# ... away"): a clause naming a treatment other than the one asked about is not advice for it.
OTHER_TREATMENT = re.compile(
    r"\bneural \w+|\bthrust\b|\belectrodes?\b|\bultrasound\b|\bTENS\b|\bneedl\w*|\bheat\b|\bcold\b|"
    r"\bice\b|\bmobilisation\b|\bsoft-tissue\b|\bmyofascial\b|\binstrument\b|\btrigger-point\b",
    re.I,
)


def _advice_for(factor: Entry, intervention: Entry, shared: frozenset[str] = frozenset()) -> str | None:
    """The sentence of a precaution's advice (or its reason) that says how it changes this
    treatment, or None when the data says nothing about this treatment, or says to avoid it."""
    own = _treatment_words(intervention)
    general = re.compile(CATEGORY_WORDS.get(intervention.data["category"], r"$^"), re.I)
    name = re.sub(r"\([^()]*\)", "", intervention.data["name"]).lower()
    whole = "|".join(re.escape(w) for w in re.findall(r"[a-z][a-z-]{3,}", name) if w not in GENERIC_NAME) or "$^"
    avoid = re.compile(
        rf"(?:{AVOID})\w*\W+(?:[\w-]+\W+)?(?:{whole})\b|\b(?:{whole})\W+(?:[\w-]+\W+)?(?:{AVOIDED})", re.I
    )
    sentences = _sentences(for_reader(factor.data.get("what_to_do", ""))) + _sentences(for_reader(factor.data["why"]))
    if any(avoid.search(t) for t in sentences):
        return None  # the data says to avoid this treatment: too close to ruling it out

    def about_this(clause: str, pattern: re.Pattern[str]) -> bool:
        """Whether a clause of the advice concerns this treatment: it names it, or speaks of its
        category's techniques in general without naming another treatment ("no neural tensioning
        in slumped flexion" is not advice about myofascial release: item review round 5,
        REASON-GENERIC)."""
        foreign = [m.group(0) for m in OTHER_TREATMENT.finditer(clause) if not own.match(m.group(0))]
        rest = OTHER_TREATMENT.sub(lambda m: m.group(0) if own.match(m.group(0)) else " ", clause)
        if pattern is not general:
            return bool(pattern.search(rest))
        return not foreign and bool(pattern.search(rest))

    # A clause that names this treatment by a word only its name has comes first: "in soft-tissue
    # work" before "in supine thrust or mobilisation techniques" for soft-tissue mobilisation.
    for pattern in (_treatment_words(intervention, shared), own, general):
        for sentence in sentences:
            clauses = [c for c in re.split(r";\s+", sentence) if about_this(c, pattern)]
            if clauses:
                return _sentence("; ".join(clauses))
    return None


def study_why(factor: Entry, intervention: Entry | None = None) -> str:
    """What could go wrong, for a study question: the factor's study_why_for this treatment where
    the data gives one (a mechanism for TENS, not "heat, current or ultrasound": item review round
    17), else its study_why (the mechanism, naming no other treatment and no source), or else the
    first sentence of its why for a reader."""
    if intervention is not None:
        for own in factor.data.get("study_why_for", []):
            if own["intervention"] == intervention.id:
                return _sentence(own["reason"])
    return _sentence(factor.data.get("study_why") or _first_sentence(for_reader(factor.data["why"])))


def _teaching(
    factor: Entry, intervention: Entry, treatment: str, precautions: list[Entry], advice: dict[str, str]
) -> str:
    """An explanation that teaches the distinction the item tests: why the factor rules the
    treatment out, and that the other findings only change how it is given (item review round 5:
    the explanation pasted the factor's whole advice, about other treatments too), with one of
    them worked through: how it changes this treatment (item review round 9, observation 4: say
    something about the distractors)."""
    return frame(
        "contraindications",
        "finding-teaching",
        factor=study_name(factor),
        treatment=treatment,
        why=_lower_first(study_why(factor, intervention)),
        n={1: "one", 2: "two", 3: "three", 4: "four"}.get(len(precautions), str(len(precautions))),
        example=f"For example, {_lower_first(_sentence(advice[precautions[0].id]))}",
    )


def _topic(factor: Entry) -> set[str]:
    """The factor's content words by their first seven letters ("anticoa" for anticoagulant and
    anticoagulation), without words many factors share."""
    return {w[:7] for w in content_words(option(factor)) if w not in COMMON}


# A qualifier that places a finding at the treated site.
PLACES = ("treatment area", "treated region", "treated area", "levels? to be treated")
LOCATOR = re.compile(r"\b(?:in|at|over|under) the (?:" + "|".join(PLACES) + r")\b", re.I)


def host_words(condition: Entry) -> frozenset[str]:
    """The content words of a condition's name and of its other names: a stem's condition shares
    no concept with an option when it shares none of these words with it."""
    names = [condition.data["name"], *condition.data.get("also_known_as", [])]
    return frozenset().union(*(content_words(n) for n in names))


# Kinds of assessment that name a concept (dermatomal sensation or the slump test for nerve root
# signs); a history, an observation or palpation screens for many findings and names none.
CONCEPT_KINDS = ("neuro-screen", "special-test")


def shares_concept(condition: Entry, factor: Entry, specific: frozenset[str]) -> bool:
    """Whether a stem's condition and a finding offered are about the same thing: a word of the
    condition's names in the option, or an assessment that finds both (`specific`: the assessments
    of a kind that names a concept). Thoracic radiculopathy, "intercostal nerve root pain" found by
    dermatomal sensation and the slump test, cued "Stable nerve root signs" away (item review
    round 38, 3802 #11)."""
    found = {k["assessment"] for k in condition.data.get("key_findings", [])}
    return bool(host_words(condition) & (content_words(option(factor)) | content_words(full_name(factor)))) or bool(
        found & set(factor.data.get("screen_with", [])) & specific
    )


def full_name(factor: Entry) -> str:
    """A factor's name without a bracket naming the treatments it concerns."""
    return TREATMENT_BRACKET.sub("", factor.data["name"])


def option(factor: Entry) -> str:
    """A factor as an option: its study_option where the data gives one (what the entry's advice
    bars, where the name is broader or compound: item review round 12, class 12), else its name
    without a bracket naming the treatments it concerns. A locator ("in the treatment area") stays:
    the stem no longer places the treatment, and without it the option rules out more than the
    entry does (a cancer elsewhere does not bar soft-tissue work: item review round 17)."""
    if factor.data.get("study_option"):
        return _clause(factor.data["study_option"])
    return full_name(factor)


def study_name(factor: Entry) -> str:
    """A factor as a key's reason and explanation name it: as its option where it has a
    study_option, so that they argue the finding offered, else its full name."""
    return option(factor) if factor.data.get("study_option") else full_name(factor)


def _absolute_list(intervention: Entry, factors: dict[str, Entry]) -> str:
    """An intervention's first two absolute contraindications, as options name them."""
    own = [factors[f] for f in intervention.data.get("contraindications", []) if f in factors]
    names = [_lower_first(option(f)) for f in own if f.data["level"] == "absolute"][:2]
    return " and ".join(names) if names else "none that are absolute"


def wrong_findings(intervention: Entry, factor: Entry, precautions: list[Entry], offered: Counter[str]) -> list[Entry]:
    """The three precautions offered beside a factor as wrong findings, the least offered so far
    first, or none when fewer than three are left or the key would be cued by its locator."""
    drawn = _pick(f"{intervention.id}:{factor.id}:precautions", precautions, len(precautions))
    wrong = sorted(drawn, key=lambda f: offered[f.id])[:3]  # stable: the draw breaks ties
    if len(wrong) < 3:
        return []  # fewer than three of its own precautions: the other options would be about other treatments
    # The key alone the longest option is a cue test-wise candidates use (item review round
    # 10, D1: 8 of 16 items): where a precaution at least as long is left over, it takes the
    # place of the shortest wrong choice.
    key_length = len(option(factor))
    if all(len(option(f)) < key_length for f in wrong):
        longer = [f for f in precautions if f not in wrong and len(option(f)) >= key_length]
        if longer:
            shortest = min(wrong, key=lambda f: len(option(f)))
            wrong[wrong.index(shortest)] = longer[0]
    # A key that alone places the finding ("... in the treatment area") beside findings that
    # cannot be placed (epilepsy, a past cancer) is cued by its qualifier and its length
    # (item review round 21, 2151 class 4): the item is not asked.
    if LOCATOR.search(option(factor)) and not any(LOCATOR.search(option(f)) for f in wrong):
        return []
    return wrong


def _contraindications(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    interventions = kb.all("interventions")
    factors = kb.entries["contraindications"]
    listing: dict[str, list[Entry]] = {}  # factor id -> the interventions that list it
    for i in interventions:
        for factor_id in i.data.get("contraindications", []):
            listing.setdefault(factor_id, []).append(i)
    treats: dict[str, list[Entry]] = {}  # intervention id -> the conditions that offer it
    for c in kb.all("conditions"):
        for item in c.data.get("interventions", []):
            treats.setdefault(item["intervention"], []).append(c)

    # Two factors are related when their names share a content word or they share a red flag.
    # Indexed once, so that a factor's unsafe interventions are a union of look-ups rather than a
    # scan of every intervention's factors (the scan was quadratic: minutes at 100x the data).
    by_word: dict[str, set[str]] = {}
    by_flag: dict[str, set[str]] = {}
    for f in factors.values():
        for word in content_words(f.data["name"]):
            by_word.setdefault(word, set()).add(f.id)
        for flag in f.data.get("related_red_flags", []):
            by_flag.setdefault(flag, set()).add(f.id)

    def related_ids(factor: Entry) -> set[str]:
        """The ids of the factors related to this one."""
        near: set[str] = set()
        for word in content_words(factor.data["name"]):
            near |= by_word.get(word, set())
        for flag in factor.data.get("related_red_flags", []):
            near |= by_flag.get(flag, set())
        return near

    def unsafe_with(factor: Entry) -> set[str]:
        """The ids of interventions that list this factor or one related to it."""
        return {i.id for f in related_ids(factor) for i in listing.get(f, [])}

    # Wrong choices are sampled from lists made once (by category; the absolute factors) and
    # tested one by one, never by scanning every entry for every question: that grew with the
    # square of the data (minutes at 100x).
    by_category: dict[str, list[Entry]] = {}
    for i in interventions:
        by_category.setdefault(i.data["category"], []).append(i)
    absolute_factors = [f for f in factors.values() if f.data["level"] == "absolute"]
    # A factor that bars almost any treatment (no consent, a suspected arterial dissection, a red
    # flag that sends the patient on) is never a wrong choice: it would be right for every
    # intervention (item review: TWO-DEFENSIBLE, COMPOUND-OPTION).
    share = {f.id: len(listing.get(f.id, [])) / max(1, len(interventions)) for f in absolute_factors}

    def general(f: Entry) -> bool:
        return (
            share[f.id] >= 0.3
            or bool(GENERAL.search(f.data["name"]))
            or bool(REFER.search(f.data.get("what_to_do", "")))
            or bool(RED_FLAG_LEVEL.search(f.id))
        )

    category_of: dict[str, set[str]] = {}  # factor id -> the categories of the interventions that list it
    for i in interventions:
        for f_id in i.data.get("contraindications", []):
            category_of.setdefault(f_id, set()).add(i.data["category"])
    # Made once, not per question (a scan per question grew with the square of the data).
    barring = {f.id for f in absolute_factors if general(f)}
    listed: dict[str, list[str]] = {}  # factor id -> the interventions that list it
    for i in interventions:
        for f_id in i.data.get("contraindications", []):
            listed.setdefault(f_id, []).append(i.data["name"])

    interventions_by_id = {i.id: i for i in interventions}
    for factor in kb.all("contraindications"):
        d = factor.data
        if d["level"] != "absolute":
            continue
        ruled = listing.get(factor.id, [])
        ruled_ids = {i.id for i in ruled}
        # A distractor must be safe with this factor by the data: it lists neither the factor nor
        # a related one, the factor's own advice does not name it, and it is not an exercise or
        # education when the factor leaves exercise to another decision.
        said = d.get("what_to_do", "").lower()

        unsafe = unsafe_with(factor)
        leaves_exercise = bool(NOT_COVERED.search(said))

        def safe(i: Entry, ruled_ids=ruled_ids, unsafe=unsafe, said=said, leaves_exercise=leaves_exercise) -> bool:
            return (
                i.id not in ruled_ids
                and i.id not in unsafe
                and i.data["name"].lower() not in said
                and not (leaves_exercise and i.data["category"] in ("exercise", "education"))
            )

        names = {i.data["name"] for i in ruled}
        # Asked only where the data says, for three treatments, why this finding leaves each open:
        # a reason made up for any safe treatment ("is not ruled out by this finding; the findings
        # that rule it out include ...") argued from the data's lists, not from the finding
        # (item review round 5, REASON-GENERIC).
        spared = [
            (interventions_by_id[s["intervention"]], s["reason"])
            for s in d.get("study_spared", [])
            # the data's own word, checked only against the treatments the finding itself rules out
            # ("open" growth plates and an "open" wound are not one finding)
            if s["intervention"] in interventions_by_id and s["intervention"] not in ruled_ids
        ]
        if (
            len(spared) == 3
            and d.get("study_patient")
            and not REFER.search(said)
            and not RED_FLAG_LEVEL.search(factor.id)
        ):
            for intervention in ruled:
                category = intervention.data["category"]
                # "should be avoided", not "contraindicated": texts grade some of these findings (ultrasound
                # over open growth plates) as a precaution rather than a contraindication, and the item
                # tests that the finding rules the treatment out, not the grade (item review round 22, 2261 #57)
                reasons = {intervention.data["name"]: f"Right: {study_why(factor, intervention)}"}
                for i, why in spared:
                    reasons[i.data["name"]] = why
                # No host condition: a random one made pairs no patient has (pregnancy with spinal fixation).
                yield _make(
                    f"ci-rules-out:{factor.id}:{intervention.id}",
                    "contraindications",
                    # the entry's own patient, not "the examination finds open growth plates"
                    # (round 15, R15a #9); the explanation teaches why each of the others stays
                    # open, in full sentences, not a "Name: ..." label with one of them
                    frame("contraindications", "rules-out", patient=d["study_patient"]),
                    intervention.data["name"],
                    [i.data["name"] for i, _ in spared],
                    " ".join([study_why(factor, intervention)] + [_sentence(r) for _, r in spared]),
                    factor,
                    reasons,
                    # a patient scenario read for the finding and the treatment it rules out
                    # (item review round 30, 3041 #25: was "recall")
                    "application",
                    CATEGORY_SYSTEM.get(category, "musculoskeletal"),
                    "safety-professional",
                    is_right=_member(names),
                )
    # Words that more than one treatment's name has ("mobil"): they do not tell which one advice is for.
    said_by = Counter(w for i in interventions for w in set(_name_words(i)))
    shared = frozenset(w for w, n in said_by.items() if n > 1)
    # The other way round: the plan is fixed, which finding on the intake rules it out?
    # How often each precaution has been offered as a wrong finding so far: the least offered go
    # first, so a repeat user does not meet the same three in item after item (item review round
    # 15, R15b: a pacemaker, pregnancy and stable nerve root signs in most items).
    offered: Counter[str] = Counter()
    specific = frozenset(a.id for a in kb.all("assessments") if a.data.get("kind") in CONCEPT_KINDS)
    for intervention in interventions:
        own = [factors[f] for f in intervention.data.get("contraindications", []) if f in factors]
        absolute = [f for f in own if f.data["level"] == "absolute"]
        if not absolute:
            continue
        near_own = set().union(*(related_ids(o) for o in own))
        hosted: set[str] = set()  # the hosts this treatment's items have used
        own_ids = {o.id for o in own}
        # How each precaution changes THIS treatment, written for it (study_care): a sentence
        # cut from the factor's advice spoke of other techniques and positions (item review
        # round 7, D3: face-down exercises in a rib-mobilisation item, electrodes and
        # ultrasound in a TENS item). A precaution without one is not offered. Worked out once per
        # treatment: it does not depend on which of its absolute factors an item is about.
        advice = {
            f.id: next(
                (c["reason"] for c in f.data.get("study_care", []) if c["intervention"] == intervention.id), None
            )
            for f in own
            # and the factor's own advice must not say to avoid this treatment
            if f.data["level"] == "precaution" and _advice_for(f, intervention, shared) is not None
        }
        for factor in absolute:
            if WHERE.search(factor.data["name"]) and TREATMENT_BRACKET.search(factor.data["name"]):
                continue  # without its bracket the answer would rule out more than the data does
            if factor.data.get("study_region"):
                continue  # a neck construct is no key for treatment over the painful part of the back (round 16)
            if intervention.id in factor.data.get("study_not_keyed_for", []):
                continue  # its sources give it only as a caution for this treatment (round 21, 2151 #1)
            hosts = [h for h in treats.get(intervention.id, []) if not shares_concept(h, factor, specific)]
            labels = {option(f) for f in own}

            def distinct(
                f: Entry,
                labels=labels,
                hands_on=intervention.data["category"] == "manual-therapy",
                own_ids=own_ids,
                near_own=near_own,
            ) -> bool:
                """Not one of the intervention's own factors or one related to them, nor the label
                of one; for hands-on work not a clot, which many lists outside the data also count
                against soft-tissue techniques."""
                return (
                    f.id not in barring
                    and f.id not in own_ids
                    and f.id not in near_own
                    and option(f) not in labels
                    and not (hands_on and f.id in CLOT)
                )

            # The intervention's own precautions first: the item asks which finding rules it out
            # and which only calls for care, all four about this treatment (item review:
            # HETEROGENEOUS-OPTIONS, KEY-BY-ELIMINATION). Not one that shares a word or a red flag
            # with the answer, nor one that bars any treatment.
            near_key = related_ids(factor)
            # A precaution that reads like one of the factors that rule the treatment out ("Recent
            # sternotomy ... (soft tissue)" beside "Recent sternotomy ... (thrust)") would be a
            # second defensible answer.
            absolute_topics = [_topic(a) for a in absolute]
            precautions = [
                f
                for f in own
                if f.data["level"] == "precaution"
                and f.id not in near_key
                and not BARS_ALL.search(f.data["name"])
                and f.id not in NEVER_DISTRACTOR
                and not REASSURING.search(option(f))
                and not (intervention.id in THERMAL and f.id in NEVER_THERMAL_DISTRACTOR)
                # the milder form of one of its absolute factors (stable anticoagulation beside a
                # bleeding disorder or high-dose anticoagulation, osteopenia beside severe
                # osteoporosis) would be a second defensible answer (item review round 4)
                and not any(_topic(f) & topics for topics in absolute_topics)
                and option(f) not in {option(a) for a in absolute}
                # the data must say how it changes this treatment, and not say to avoid it
                and advice.get(f.id) is not None
            ]
            # The stem's condition first, then the findings offered beside the key: a condition
            # that shares a concept with a precaution ("thoracic radiculopathy" with "Stable nerve
            # root signs", which it cues away: item review round 38, 3802 #11) leaves that
            # precaution out, and a condition that leaves fewer than three is not used. A host
            # another finding of this treatment already has would repeat that item's stem word for
            # word (and the bank keeps only the first); with no host left, "mid-back pain".
            start = random.Random(f"{intervention.id}:{factor.id}").randrange(len(hosts)) if hosts else 0
            free: list[Entry | None] = [h for h in hosts[start:] + hosts[:start] if h.id not in hosted]
            host, wrong = None, []
            for candidate in [*free, None]:
                pool = [f for f in precautions if candidate is None or not shares_concept(candidate, f, specific)]
                wrong = wrong_findings(intervention, factor, pool, offered)
                if wrong:
                    host = candidate
                    break
            if not wrong:
                continue  # fewer than three of its own precautions, or a key cued by its locator
            if host is not None:
                hosted.add(host.id)
            who = f"with {_lower_first(host.data['name'])}" if host else "with mid-back pain"
            treatment = _lower_first(short_label(intervention.data, acronym_over=35))
            reasons = {
                option(factor): frame(
                    "contraindications",
                    "finding-key",
                    factor=study_name(factor),  # "Right: Suspected cervical ...", a sentence
                    treatment=treatment,
                    why=_lower_first(study_why(factor, intervention)),
                )
            }
            for f in wrong:
                reasons[option(f)] = str(advice[f.id])
                offered[f.id] += 1
            ruled_by = {option(f) for f in absolute}
            yield _make(
                f"ci-finding:{factor.id}:{intervention.id}",
                "contraindications",
                # where the treatment is applied, if its contraindications depend on the site (a
                # known arrhythmia bars electrodes near the heart: item review round 30, 3042 #45)
                frame(
                    "contraindications",
                    "which-finding-placed" if "study_placement" in intervention.data else "which-finding",
                    intervention=treatment,
                    who=who,
                    placement=intervention.data.get("study_placement", ""),
                ),
                option(factor),
                [option(f) for f in wrong],
                _teaching(factor, intervention, treatment, wrong, {f.id: str(advice[f.id]) for f in wrong}),
                factor,
                reasons,
                "recall",  # a known contraindication recognised, not a decision worked out
                CATEGORY_SYSTEM.get(intervention.data["category"], "musculoskeletal"),
                "safety-professional",
                is_right=_member(ruled_by),
            )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 30
QUESTIONS = [_contraindications]
TOPICS = {"contraindications": "Contraindications: what a finding rules out"}
