"""The benchmark's synthetic data (benchmarks/synth.py) stays valid, so the benchmark cannot rot.

Not timed: it checks that 2x the real data, replicated with new ids, passes validation and that
each replica's relations stay inside that replica (codes excepted: replicas use the real codes).
"""

from __future__ import annotations

import pytest
from conftest import DATA, benchmark_synth, validated

from ptref.model.kb import KnowledgeBase
from ptref.site import validate


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    synth = benchmark_synth()
    dest = tmp_path_factory.mktemp("benchmark") / "data"
    counts = synth.write_scaled(DATA, dest, 2)
    entries, errors = validate(dest)
    return synth, counts, entries, errors


def test_synthetic_data_at_2x_is_valid(synthetic):
    synth, counts, entries, errors = synthetic
    assert errors == [], "\n".join(map(str, errors[:20]))
    real, _ = validated(DATA, official_codes=False)
    for kind, bucket in entries.items():
        assert len(bucket) == counts[kind], kind
        if kind == "references":  # those cited only by codes, which are not replicated, are not copied
            assert len(real[kind]) < len(bucket) <= 2 * len(real[kind])
        else:
            factor = 1 if kind in synth.NOT_REPLICATED else 2
            assert len(bucket) == factor * len(real[kind]), kind


def test_replicas_point_only_at_their_own_replica_or_at_real_codes(synthetic):
    synth, _, entries, errors = synthetic
    assert errors == []
    tag = synth.suffix(1)
    outgoing = KnowledgeBase(entries).outgoing
    assert any(entry_id.endswith(tag) for _, entry_id in outgoing)
    for (kind, entry_id), links in outgoing.items():
        for link in links:
            if link.target.kind in synth.NOT_REPLICATED:
                assert not link.target.id.endswith(tag)
            else:
                assert link.target.id.endswith(tag) == entry_id.endswith(tag), (
                    f"{kind}/{entry_id} -> {link.target.kind}/{link.target.id}"
                )
