"""The fuzz harnesses run under plain pytest too (no atheris): each takes its genuine
seeds and a few hundred random inputs, so a harness cannot rot between fuzzing runs,
and every crash fuzzing found stays fixed (tests/unit/test_fuzz_regressions.py)."""

from __future__ import annotations

import importlib
import random

import pytest

from tests.fuzz.run import HARNESSES

RUNS = {"query": 150}  # the API harness answers HTTP requests: slower per input


@pytest.mark.parametrize("name", HARNESSES)
def test_each_harness_takes_its_seeds_and_random_inputs(name: str) -> None:
    harness = importlib.import_module(f"tests.fuzz.fuzz_{name}")
    seeds = harness.seeds()
    assert seeds
    for seed in seeds:
        harness.TestOneInput(seed)
    chance = random.Random(f"fuzz-{name}")
    for _ in range(RUNS.get(name, 400)):
        seed = chance.choice(seeds)
        mutated = bytearray(seed)
        for _ in range(chance.randint(0, 4)):
            if mutated:
                mutated[chance.randrange(len(mutated))] = chance.randrange(256)
        head = bytes(mutated[:4]) if chance.random() < 0.7 else b""
        harness.TestOneInput(head + chance.randbytes(chance.randint(0, 64)) + bytes(mutated[4:]))
