"""Test questions: what a positive or negative result does to the probability (LR+ / LR-)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model.entry import Entry
from ...model.kb import KnowledgeBase
from ...model.kinds import display_name
from ...study.questions import (
    PROPER_NAME,
    Candidate,
    _clause,
    _lower_first,
    _make,
    _sentence,
    frame,
)

# ---- tests ---------------------------------------------------------------------------------------
# Likelihood-ratio bands as textbooks of evidence-based practice teach them (a convention, not a
# finding of these studies): (upper bound, words) for LR-, (lower bound, words) for LR+.
# The four band lines, largest shift first, and the convention note are data (notice
# likelihood-ratio-bands).
BANDS_NOTICE = "likelihood-ratio-bands"
NEGATIVE_BANDS = (0.1, 0.2, 0.5)
POSITIVE_BANDS = (10.0, 5.0, 2.0)


def _band(value: float, bounds: tuple[float, float, float], positive: bool) -> int | None:
    """Which band line (0 = largest shift) a likelihood ratio falls in, or None within 10% of a boundary (arguable)."""
    for n, bound in enumerate(bounds):
        if abs(value - bound) <= 0.1 * bound:
            return None
        if (value >= bound) if positive else (value <= bound):
            return n
    return 3


def _band_words(n: int, b: tuple[float, float, float], positive: bool) -> str:
    """The range of likelihood ratios band line n stands for, e.g. "above 10" or "between 2 and 5"."""
    if positive:
        return [
            f"above {b[0]:g}",
            f"between {b[1]:g} and {b[0]:g}",
            f"between {b[2]:g} and {b[1]:g}",
            f"below {b[2]:g}",
        ][n]
    return [f"below {b[0]:g}", f"between {b[0]:g} and {b[1]:g}", f"between {b[1]:g} and {b[2]:g}", f"above {b[2]:g}"][n]


# Words of a note about how the source was read or who worked a figure out.
SOURCING = re.compile(r"site|abstract|calculated", re.I)


def _plain(text: str) -> str:
    """A data phrase for a stem or an explanation: no bracket and no clause after a semicolon that
    notes how the source was read or who worked a figure out ("a subgroup whose size the abstract
    does not give": item review round 5, INTERNAL-WORDING), no closing stop."""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if SOURCING.search(m.group(0)) else m.group(0), text)
    parts = re.split(r";\s+(?![^()]*\))", text)
    return _clause("; ".join(p for p in parts if not SOURCING.search(p)) or parts[0])


def _condition(target: str) -> str:
    """The condition a study's target names, without its gloss or its population
    ("vertebral deformity", not "Vertebral deformity (a proxy for vertebral fracture)")."""
    return _lower_first(re.split(r"\s*[(,;]", _clause(target), maxsplit=1)[0])


def _as_written(phrase: str, said: str) -> str:
    """A data phrase inside a sentence: lower-case first unless it starts with a name (an
    acronym or a word with a capital inside, "MRI", "McCloskey"; a title such as "Composite
    International Diagnostic Interview"; or an eponym the entry's text also capitalises inside a
    sentence, "Adams", "Cobb")."""
    words = phrase.split()
    first = words[0]
    stem = re.escape(re.sub(r"'s$", "", first))
    if (
        any(ch.isupper() for ch in first[1:])
        or first.endswith("'s")
        or sum(w[:1].isupper() and w[1:2].islower() for w in words[:3]) >= 2
        or re.search(rf"[a-z] {stem}\b", said)
        or PROPER_NAME.match(first)
    ):
        return phrase
    return _lower_first(phrase)


# A measure named "what by which tool" ("Thoracic kyphosis by flexicurve") reads in a sentence as
# "flexicurve measurement of thoracic kyphosis" (item review round 11, G).
BY_TOOL = re.compile(r"(?P<what>[A-Z][a-z]+ [a-z]+) by (?P<tool>[a-z][\w-]*)")


def _in_sentence(name: str, data: dict) -> str:
    """A test's name inside a sentence, with "the" where it names one test or sign."""
    by_tool = BY_TOOL.fullmatch(name)
    if by_tool:
        return f"{by_tool.group('tool')} measurement of {_lower_first(by_tool.group('what'))}"
    said = " ".join(str(v) for k, v in data.items() if k != "name")
    text = _as_written(name, said)
    if not text.split()[0].endswith("'s") and re.search(r"\b(test|sign)\b", text):
        return f"the {text}"
    return text


# A criterion whose threshold the data does not give ("a scoliometer reading at or above the
# study's cut-off"). A likelihood-ratio item must state what counted as positive: a row whose
# criterion the sources read do not give is shown on its page but never asked (item review round 21,
# 2151 class 1: "a flexicurve measure that the study counted as showing hyperkyphosis" is circular).
UNSTATED_CUT = re.compile(r"\s+(?:at or )?above the study's\b[^,;]*")
# A reference standard that is a named instrument takes "the" ("the Composite International
# Diagnostic Interview", "the SCID-I mood module"; item review round 9, section 5).
NAMED_STANDARD = re.compile(r"[A-Z][a-z]+ [A-Z]|[A-Z]\w*-[A-Z]|Cobb angle\b")


def criterion_stated(study: dict) -> bool:
    """Whether an accuracy row states its positive criterion (a cut-off or a named finding)."""
    return not UNSTATED_CUT.search(_plain(study["positive_if"]))


def _counted(positive_if: str) -> str:
    """The lr stem's sentence on what counted as positive."""
    return frame("assessments", "counted-positive", criterion=_plain(positive_if))


def _bands_stated(bands: tuple[float, float, float], positive: bool) -> str:
    """The four bands of the result's ratio, named in the stem: "the usual bands" was a convention
    the stem did not state (item review round 12, class 11). They are a teaching convention, as
    the explanation says (notice likelihood-ratio-bands), with no source in the data to cite."""
    words = [_band_words(n, bands, positive) for n in range(4)]
    ratio = _ratio(positive)
    return frame(
        "assessments",
        "bands-stated",
        ratio=ratio,
        large=words[0],
        moderate=words[1],
        small=words[2],
        barely=words[3],
    )


def _criterion(positive_if: str) -> str:
    """A criterion in an lr-best stem."""
    return _clause(positive_if)


def _named_standard(phrase: str) -> str:
    return f"the {phrase}" if NAMED_STANDARD.match(phrase) else phrase


def _tested(name: str, positive_if: str) -> str:
    """The test a study row asks about, as its criterion shows it: "Adams forward bend test with
    scoliometer" is the Adams forward bend test when the criterion is visible asymmetry, and
    "Depression screening with the PHQ-2 and PHQ-9" is screening with the PHQ-2 when the criterion
    is a PHQ-2 total (item review round 7, D6: a stem naming a tool its criterion does not use)."""
    pair = re.fullmatch(r"(?P<a>[\w-]+) and (?P<b>[\w-]+) (?P<noun>\w+)", name)
    if pair:
        # "Occiput-to-wall and C7-to-wall distance" is the occiput-to-wall distance when only that
        # one counts as positive (item review round 11, G: a stem naming a measure it does not use).
        said = [w for w in (pair.group("a"), pair.group("b")) if w.lower() in positive_if.lower()]
        return f"{said[0]} {pair.group('noun')}" if len(said) == 1 else name
    match = re.fullmatch(r"(.*\b(?:test|screening)) with (the )?(.+)", name)
    if not match:
        return name
    head, the, tail = match.group(1), match.group(2) or "", match.group(3)
    tools = re.split(r",\s*|\s+and\s+", tail)
    used = [t for t in tools if t.lower() in positive_if.lower()]
    if len(used) == len(tools):
        return name
    return f"{head} with {the}{used[0]}" if len(used) == 1 else head


# "32 (1.18%) had scoliosis": the share of a study's sample that had the condition, where the data
# gives it, for the probability after the result.
PREVALENCE = re.compile(r"\b[\d,]+ \((\d+(?:\.\d+)?)%\) had\b")
# A study design the data adds to a population in brackets, "83 patients ... (prospective study)":
# in a stem it goes inside the sentence ("A prospective study tested ...", "compared in a
# prospective study"), never tacked on after the population (item review round 39, 3901 #16, #46).
DESIGN = re.compile(r"\s*\((?P<design>prospective|retrospective|cross-sectional|pilot) study\)$")


def _design(population: str) -> tuple[str, str]:
    """A population without its bracketed design, and the design ("prospective", or "")."""
    found = DESIGN.search(population)
    return (population[: found.start()], found.group("design")) if found else (population, "")


def _after(lr: float, population: str, result: str, condition: str) -> str:
    """What the bands do not say: how far a result moves the odds is not where the probability
    ends up. Where the study gives its prevalence, the probability after the result, worked out
    from it (item review round 7, D5: "large, often conclusive" at a prevalence of 1.18%)."""
    text = " " + frame("assessments", "bands-caveat")
    found = PREVALENCE.search(population)
    if not found:
        return text
    before = float(found.group(1)) / 100
    odds = before / (1 - before) * lr
    after = odds / (1 + odds)
    still = result == "positive" and after < 0.5
    return f"{text} " + frame(
        "assessments",
        "post-test-still-unlikely" if still else "post-test",
        prevalence=found.group(1),
        condition=condition,
        before=f"{before / (1 - before):.2g}",
        lr=_shown(lr),
        odds=f"{odds:.2g}",
        after=f"{after * 100:.1f}%" if after < 0.01 else f"{after * 100:.0f}%",
    )


def _tests(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    """What a positive or negative result does to the probability, as one of four likelihood-ratio
    bands. The bands are shown in order, the smallest change first (NBME: ordinal options in
    logical order); which band is the key varies with the study, so its place does not give it
    away. A test's study whose result falls in the same band as an earlier study of the same
    test and target (the PHQ-2 and the PHQ-9 against one interview) teaches the same thing and is
    not asked again (item review round 4: near-duplicates)."""
    notice = kb.get("notices", BANDS_NOTICE).data
    shifts = notice["points"]  # largest shift first
    asked: set[tuple[str, str, str, int]] = set()
    for assessment in kb.all("assessments"):
        for i, study in enumerate(assessment.data.get("accuracy", [])):
            sens, spec = study["sensitivity"] / 100, study["specificity"] / 100
            if spec in (0, 1) or sens in (0, 1) or not criterion_stated(study):
                continue
            source = ", ".join(display_name("references", kb.get("references", r).data) for r in study["references"])
            for result, lr, bands, positive in (
                ("positive", sens / (1 - spec), POSITIVE_BANDS, True),
                ("negative", (1 - sens) / spec, NEGATIVE_BANDS, False),
            ):
                band = _band(lr, bands, positive)
                if band is None:
                    continue
                taught = (assessment.id, _condition(study["target"]), result, band)
                enrolled, design = _design(_plain(study["population"]))
                if taught in asked:
                    continue
                asked.add(taught)
                name = "LR+" if positive else "LR\u2212"
                formula = "sensitivity / (1 \u2212 specificity)" if positive else "(1 \u2212 sensitivity) / specificity"
                worked = f"{sens:g} / (1 \u2212 {spec:g})" if positive else f"(1 \u2212 {sens:g}) / {spec:g}"
                reasons = {
                    line: (
                        frame(
                            "assessments",
                            "band-right",
                            ratio=name,
                            formula=f"{formula} = {worked}",
                            lr=_shown(lr),
                            band=_band_words(n, bands, positive),
                        )
                        if n == band
                        else frame(
                            "assessments",
                            "band-wrong",
                            ratio=name,
                            lr=_shown(lr),
                            band=_band_words(n, bands, positive),
                        )
                    )
                    for n, line in enumerate(shifts)
                }
                yield _make(
                    f"lr:{assessment.id}:{i}:{result}",
                    "tests",
                    frame(
                        "assessments",
                        "result-means",
                        study=f"A {design} study" if design else "A study",
                        test=_in_sentence(_tested(assessment.data["name"], study["positive_if"]), assessment.data),
                        standard=_named_standard(
                            _as_written(
                                _plain(study["reference_standard"]).split(";")[0],
                                " ".join(str(v) for k, v in assessment.data.items() if k != "name"),
                            )
                        ),
                        counted=_counted(study["positive_if"]),
                        population=_lower_first(enrolled),
                        bands=_bands_stated(bands, positive),
                        # the population has its own sentence: the target without its "among ..." clause
                        target=_lower_first(re.split(r"\s*[,;]\s+", _plain(study["target"]), maxsplit=1)[0]),
                        condition=_condition(study["target"]),
                        sensitivity=f"{study['sensitivity']:g}",
                        specificity=f"{study['specificity']:g}",
                        result=result,
                    ),
                    shifts[band],
                    [s for n, s in enumerate(shifts) if n != band],
                    f"{name} = {formula} = {worked} = {_shown(lr)}, which falls {_band_words(band, bands, positive)}: "
                    f"a {result} result {_moves(lr).replace('the odds', 'the odds of ' + _condition(study['target']))}, "
                    f"so by the usual bands {_lower_first(shifts[band])}."
                    # the stem's enrolment sentence is not repeated here (item review round 39, 3901 #19)
                    f"{_after(lr, study['population'], result, _condition(study['target']))} "
                    + (f"{_sentence(study['caveat'])} " if study.get("caveat") else "")
                    + f"Source: {source}. {notice['text']}",
                    assessment,
                    reasons,
                    "application",  # a computed ratio read against the bands (item review: not analysis)
                    # research and evidence-based practice: non-system content in the NPTE outline
                    # (item review round 19, #2), its own area (round 20, 2041 class 4)
                    "non-system",
                    "research-ebp",
                    order=list(reversed(shifts)),
                )


# ---- which result changes the probability most or least ----------------------------------------
# Rows of accuracy data that share a target, a population and a reference standard (one study's
# comparison of two tests or two cut-offs) are compared by their likelihood ratios. The lead-in asks
# which single result changes the probability MOST (the ratio furthest from 1, on either side) or
# LEAST (closest to 1), so that positive and negative results are all live options: "which result
# makes it LEAST likely?" let the two positive results be struck out by the lead-in alone (item
# review round 5, IMPLAUSIBLE). A ratio's change is the factor it multiplies or divides the odds by
# (an LR+ of 5 moves them as far as an LR- of 0.2). The key must beat the next result by this
# factor, so that rounding cannot change the answer.
MARGIN = 1.15
LETTERS = "ABCD"
NUMBERS = {2: "Two", 3: "Three", 4: "Four"}
# How many results (two per test or criterion) the key is compared with, in words: three criteria
# give six results, not "the four results" the options show (item review round 11, C).
RESULT_COUNT = {4: "four", 6: "six", 8: "eight"}


def _change(lr: float) -> float:
    """The factor a likelihood ratio multiplies (above 1) or divides (below 1) the odds by."""
    return lr if lr >= 1 else 1 / lr


def _shown(lr: float) -> str:
    """A likelihood ratio as printed: two decimals, or for an LR- as many as it takes (up to five)
    for 1 / the printed value to give the factor printed beside it ("LR- = 0.1389, which divides
    the odds by 7.20", never "0.14 ... 7.20": item review round 11, C)."""
    if lr >= 1:
        return f"{lr:.2f}"
    factor = f"{1 / lr:.2f}"
    for places in range(2, 6):
        shown = round(lr, places)
        if shown and f"{1 / shown:.2f}" == factor:
            return f"{lr:.{places}f}"
    return f"{lr:.5f}"


def _ratio(positive: bool) -> str:
    return "LR+" if positive else "LR\u2212"


def _moves(lr: float) -> str:
    """ "multiplies the odds by 4.50" or "divides the odds by 6.25"."""
    return f"{'multiplies' if lr >= 1 else 'divides'} the odds by {_change(lr):.2f}"


def _best_result(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    groups: dict[tuple[str, str, str], list[tuple[Entry, int, dict]]] = {}
    for assessment in kb.all("assessments"):
        for i, study in enumerate(assessment.data.get("accuracy", [])):
            if 0 < study["sensitivity"] < 100 and 0 < study["specificity"] < 100 and criterion_stated(study):
                key = (study["target"], study["population"], study["reference_standard"])
                groups.setdefault(key, []).append((assessment, i, study))
    for (target, population, standard), rows in groups.items():
        if len(rows) < 2:
            continue
        rows = rows[:4]
        names = [a.data["name"] for a, _, _ in rows]
        lettered = len(set(names)) < len(names)
        # Criteria of one test are named by what they are ("A positive visual check for asymmetry", "A
        # negative PHQ-2 (below 3)"), not "criterion A" beside options lettered A to D (round 13, #3).
        # Only while the labels tell the rows apart (replicated benchmark data repeats them).
        named = (
            lettered
            and all(st.get("positive_label") and st.get("negative_label") for _, _, st in rows)
            and len({(st["positive_label"], st["negative_label"]) for _, _, st in rows}) == len(rows)
        )
        labels = [f"criterion {LETTERS[n]}" if lettered else _lower_first(names[n]) for n in range(len(rows))]
        described = ". ".join(
            (
                _criterion(study["positive_if"])[:1].upper() + _criterion(study["positive_if"])[1:]
                if named
                else f"Criterion {LETTERS[n]}, {_lower_first(_criterion(study['positive_if']))}"
                if lettered
                else names[n]
            )
            + f": sensitivity {study['sensitivity']:g}%, specificity {study['specificity']:g}%"
            for n, (_, _, study) in enumerate(rows)
        )
        results = []  # (option, lr, positive, row)
        for n, (_, _, study) in enumerate(rows):
            sens, spec = study["sensitivity"] / 100, study["specificity"] / 100
            label = f"on {labels[n]}" if lettered else labels[n]
            if named:
                results.append((study["positive_label"], sens / (1 - spec), True, n))
                results.append((study["negative_label"], (1 - sens) / spec, False, n))
                continue
            results.append((f"Positive {label}" if lettered else f"A positive {label}", sens / (1 - spec), True, n))
            results.append((f"Negative {label}" if lettered else f"A negative {label}", (1 - sens) / spec, False, n))
        what = _lower_first(_clause(target))
        first = rows[0][0].data
        said = " ".join(str(v) for k, v in first.items() if k != "name")
        standard_words = _named_standard(_as_written(_clause(standard), said))
        count = NUMBERS[len(rows)]
        enrolled, design = _design(_plain(population))
        in_design = f" in a {design} study" if design else ""
        tested = (
            f"{count} criteria for a positive result on {_in_sentence(_criteria_test(names[0], rows), first)}"
            if lettered
            else f"{count} tests ({_and_names([_in_sentence(a.data['name'], a.data) for a, _, _ in rows])})"
        )
        # Each result as the subject of a sentence: "A positive result on criterion B", "A negative supine sign".
        subject = {
            r[0]: (
                f"A {'positive' if r[2] else 'negative'} result on {labels[r[3]]}" if lettered and not named else r[0]
            )
            for r in results
        }
        for most in (True, False):
            ordered = sorted(results, key=lambda r: _change(r[1]), reverse=most)
            best, second = ordered[0], ordered[1]
            bigger, smaller = (best, second) if most else (second, best)
            if _change(bigger[1]) < MARGIN * _change(smaller[1]):
                continue  # too close to call
            wrong = ordered[1:4]  # the results nearest to the answer
            word = "largest" if most else "smallest"
            key_reason = (
                f"Right: {subject[best[0]]} has {_ratio(best[2])} = {_shown(best[1])}, which {_moves(best[1])}, "
                f"the {word} change of the {RESULT_COUNT.get(len(results), len(results))} results"
            )
            reasons = {best[0]: key_reason}
            for option, lr, positive, _n in wrong:
                reasons[option] = (
                    f"{subject[option]} has {_ratio(positive)} = {_shown(lr)}, which {_moves(lr)}, "
                    f"a {'smaller' if most else 'larger'} change than the {_change(best[1]):.2f} of "
                    f"{_lower_first(subject[best[0]])}"
                )
            assessment, i, _ = rows[best[3]]
            source = ", ".join(
                display_name("references", kb.get("references", r).data)
                for r in dict.fromkeys(r for _, _, st in rows for r in st["references"])
            )
            yield _make(
                f"lr-best:{assessment.id}:{i}:{'most' if most else 'least'}",
                "tests",
                f"{tested} were compared{in_design} for detecting {what}, against a reference standard of "
                f"{standard_words}. The study enrolled {_lower_first(enrolled)}. {described}. "
                # the odds, not the probability: where the stem gives a low prevalence, a negative
                # result moves the absolute probability least whatever its ratio (item review round
                # 21, 2151 class 2)
                f"Which single result would move the odds of {_condition(target)} the {'MOST' if most else 'LEAST'}?",
                best[0],
                [r[0] for r in wrong],
                "LR+ = sensitivity / (1 \u2212 specificity) and LR\u2212 = (1 \u2212 sensitivity) / specificity, which give "
                + _and_names([f"{_shown(lr)} for {_lower_first(subject[o])}" for o, lr, _, _ in results])
                + ". A likelihood ratio multiplies the odds of the condition: an LR+ of 5 raises them "
                "as much as an LR\u2212 of 0.2 lowers them, so the result whose ratio lies furthest from 1, on "
                "either side, moves the odds most, and the one closest to 1 moves them least. "
                f"{subject[best[0]]} has the ratio {'furthest from' if most else 'closest to'} 1, "
                f"so it moves the odds {'most' if most else 'least'}. "
                + _runner_up(ordered[1:], subject, most, best[1])
                + f"Source: {source}.",
                assessment,
                reasons,
                "application",  # likelihood ratios worked out from the figures and compared (item review round 5)
                # research and evidence-based practice: non-system content in the NPTE outline
                # (item review round 19, #2), its own area (round 20, 2041 class 4)
                "non-system",
                "research-ebp",
                order=[r[0] for r in results],
            )


def _runner_up(rest: list, subject: dict[str, str], most: bool, best: float) -> str:
    """The sentence on the result nearest the answer; when two results tie at the printed factor
    (a PHQ-9 of 88% and 88%: LR+ 7.33 and LR- 1/7.33), both are named, never one picked arbitrarily
    (item review round 11, C)."""
    first = f"{_change(rest[0][1]):.2f}"
    tied = [r for r in rest if f"{_change(r[1]):.2f}" == first]
    than = f"a {'smaller' if most else 'larger'} change than {_change(best):.2f}. "
    if len(tied) == 1:
        option, lr, positive, _ = tied[0]
        return frame(
            "assessments",
            "runner-up",
            result=_lower_first(subject[option]),
            ratio=_ratio(positive),
            lr=_shown(lr),
            moves=_moves(lr),
            than=than,
        )
    named = _and_names([f"{_lower_first(subject[o])} ({_ratio(p)} = {_shown(lr)})" for o, lr, p, _ in tied])
    return frame("assessments", "runners-up-tie", results=named, factor=first, than=than)


def _criteria_test(name: str, rows: list[tuple[Entry, int, dict]]) -> str:
    """The test several criteria of one study belong to: the full name when every criterion uses
    the tool it names, else the test without the tool ("the Adams forward bend test", when one
    criterion is visible asymmetry; "depression screening", when one criterion is a PHQ-2 total and
    another a PHQ-9 total)."""
    named = {_tested(name, study["positive_if"]) for _, _, study in rows}
    if len(named) == 1:
        return named.pop()
    return re.sub(r" with .*$", "", name)


def _and_names(items: list[str]) -> str:
    """ "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---- outcome measures ---------------------------------------------------------------------------
# What a measure measures, as groups of measures that answer the same question: two measures of one
# group (the FABQ and the TSK) are never offered together, so only one option
# fits the aim in the stem. (group, pattern over the measure's name)
CONSTRUCTS = (
    ("intensity", re.compile(r"pain rating", re.I)),
    # Disability questionnaires answer the same question only for the same region: the NDI (neck
    # and upper thoracic), the ODI (low back and lower thoracic) and the whole-spine measures.
    ("disability-neck", re.compile(r"neck disability", re.I)),
    ("disability-back", re.compile(r"oswestry", re.I)),
    ("disability-spine", re.compile(r"spine functional|functional rating", re.I)),
    ("patient-specific", re.compile(r"patient-specific", re.I)),
    ("fear", re.compile(r"fear|kinesiophobia", re.I)),
    # Catastrophic thinking (rumination, magnification, helplessness) is a construct of its own: the
    # PCS is offered beside the FABQ or the TSK as the near miss, never as a second right answer.
    ("catastrophizing", re.compile(r"catastroph", re.I)),
    ("self-efficacy", re.compile(r"self-efficacy", re.I)),
    ("change", re.compile(r"global rating", re.I)),
    ("risk", re.compile(r"start msk|pain screening", re.I)),
    ("mood", re.compile(r"depression", re.I)),
)


def construct(name: str) -> str | None:
    return next((group for group, pattern in CONSTRUCTS if pattern.search(name)), None)


def _outcome_measures(kb: KnowledgeBase) -> Iterator[Candidate | None]:
    """Which measure fits a patient's need, asked only for measures whose data gives a scenario and
    three measures a candidate would weigh, each with why it does not fit that patient
    (study_outcome): written by hand, because a stem built from the measure's purpose named what
    the measure's own name says ("catastrophic thinking about pain": the Pain Catastrophizing
    Scale), and a reason built from another measure's purpose pasted its whole definition."""
    assessments = kb.entries["assessments"]
    for measure in kb.all("assessments"):
        study = measure.data.get("study_outcome")
        if not study or any(c["measure"] not in assessments for c in study["choices"]):
            continue  # the link check reports a missing measure
        group = construct(measure.data["name"])
        others = [assessments[c["measure"]] for c in study["choices"]]
        reasons = {measure.data["name"]: f"Right: {_clause(study['why'])}"}
        reasons.update({o.data["name"]: _clause(c["reason"]) for o, c in zip(others, study["choices"], strict=True)})
        yield _make(
            f"outcome:{measure.id}",
            "tests",
            frame("assessments", "which-measure", scenario=study["scenario"]),
            measure.data["name"],
            [o.data["name"] for o in others],
            frame(
                "assessments",
                "which-measure-explained",
                why=_sentence(_clause(study["why"])),
                other=others[0].data["name"],
                reason=_sentence(_clause(study["choices"][0]["reason"])),
            ),
            measure,
            reasons,
            "application",  # a measure chosen for a described patient's need
            "other-systems" if group == "mood" else "musculoskeletal",
            "examination",
        )


# Where this kind's items stand in the bank (lower first): red flags lead, coding comes last.
PLACE = 40
QUESTIONS = [_tests, _best_result, _outcome_measures]
TOPICS = {"tests": "Tests and prediction rules: what a result means"}
