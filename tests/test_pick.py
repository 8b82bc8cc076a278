"""The study templates' wrong choices are drawn as `random.sample` would draw them (ptref/study/questions.py)."""

from __future__ import annotations

import random

from ptref.study.questions import _pick, _shuffled


def test_shuffled_reads_as_sample_does():
    for size in (0, 1, 2, 5, 21, 22, 100, 1000, 5000):
        pool = [f"item-{i}" for i in range(size)]
        for seed in ("a", "b:1", "flag:3:more"):
            assert list(_shuffled(random.Random(seed), pool)) == random.Random(seed).sample(pool, size)
            rng, again = random.Random(seed), random.Random(seed)
            rng.sample(pool, min(size, 32))  # as _pick draws: a first sample, then the whole pool
            again.sample(pool, min(size, 32))
            assert list(_shuffled(rng, pool)) == again.sample(pool, size)


def test_pick_falls_back_to_the_whole_pool_in_sample_order():
    pool = list(range(2000))
    wanted = {7, 1500, 1999}  # too few to turn up in the first sample of 32

    def reference(key: str) -> list[int]:
        rng = random.Random(key)
        rng.sample(pool, 32)  # fewer than 3 wanted in it: the whole pool is drawn instead
        return [x for x in rng.sample(pool, len(pool)) if x in wanted][:3]

    for key in ("x", "y:2", "z:more"):
        assert _pick(key, pool, 3, lambda x: x in wanted) == reference(key)
