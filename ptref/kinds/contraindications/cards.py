"""The contraindication matrix card: which patient factors rule out or limit which interventions."""

from __future__ import annotations

from ...model.entry import Entry
from ...render.cards import Card, CardRenderer, Drawn, h

MATRIX_COLUMNS = 60  # interventions one printed matrix can hold (today's data: 22)


def _contraindication_matrix(cards: CardRenderer, card: Card) -> Drawn:
    interventions = cards.kb.all("interventions")
    factors = sorted(
        cards.kb.all("contraindications"), key=lambda e: (e.data["level"] != "absolute", e.data["name"].lower())
    )
    marks = {
        (edge.source.id, edge.target.id)
        for i in interventions
        for edge in cards.kb.links_from(i)
        if edge.relation.path == ("contraindications", "[]")
    }
    # One table per group of interventions and factors linked to each other: the real data is
    # one group, while a table of every factor by every intervention would grow with the
    # square of the content (a region added later forms a group of its own).
    tables, legend, number, left_out = [], [], 0, 0
    shown: list[Entry] = []
    for group_interventions, group_factors in _linked_groups(interventions, factors, marks):
        if number + len(group_interventions) > MATRIX_COLUMNS and number:
            left_out += len(group_interventions)  # a printed page holds no more; their pages list them
            continue
        shown += group_interventions + group_factors
        first = number + 1
        number += len(group_interventions)
        head = "".join(f'<th scope="col"><span>{n}</span></th>' for n in range(first, number + 1))
        rows = []
        for f in group_factors:
            symbol = "■" if f.data["level"] == "absolute" else "△"
            cells = "".join(f"<td>{symbol if (i.id, f.id) in marks else ''}</td>" for i in group_interventions)
            rows.append(f'<tr><th scope="row">{h(f.data["name"])}</th>{cells}</tr>')
        tables.append(
            f'<table class="ptref-matrix"><thead><tr><th scope="col">Patient factor</th>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
        )
        legend += [f"<li><b>{n}</b> {h(i.data['name'])}</li>" for n, i in enumerate(group_interventions, first)]
    linked_interventions, linked_factors = {i for i, _ in marks}, {f for _, f in marks}
    unlinked = [i for i in interventions if i.id not in linked_interventions] + [
        f for f in factors if f.id not in linked_factors
    ]
    body = (
        f'<p class="ptref-legend">{cards.notice_text("contraindication-legend")}</p>'
        + "".join(tables)
        + f'<ol class="ptref-matrix-legend">{"".join(legend)}</ol>'
    )
    if left_out:
        body += (
            f"<p>{left_out} more interventions, in groups of their own, do not fit on this page: "
            "each intervention's page lists its contraindications.</p>"
        )
    if unlinked:
        names = [h(e.data["name"]) for e in unlinked]
        more = f" and {len(names) - MATRIX_COLUMNS} more" if len(names) > MATRIX_COLUMNS else ""
        body += (
            "<p>Not linked to any intervention or contraindication here: "
            + ", ".join(names[:MATRIX_COLUMNS])
            + more
            + ".</p>"
        )
    return body, shown if left_out else interventions + factors, ""


def _linked_groups(interventions: list, factors: list, marks: set) -> list[tuple[list, list]]:
    """Interventions and factors split into groups connected through marks, each keeping the
    given order; groups ordered by their first intervention. Unlinked entries are left out."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for intervention_id, factor_id in marks:
        parent[root(("i", intervention_id))] = root(("f", factor_id))
    groups: dict = {}
    for i in interventions:
        if ("i", i.id) in parent:
            groups.setdefault(root(("i", i.id)), ([], []))[0].append(i)
    for f in factors:
        if ("f", f.id) in parent:
            groups.setdefault(root(("f", f.id)), ([], []))[1].append(f)
    return [g for g in groups.values() if g[0]]


CARDS = [
    Card(
        "contraindication-matrix",
        "Interventions and contraindications",
        "Which patient factors rule out or limit which interventions.",
        _contraindication_matrix,
        order=70,
    ),
]
