"""Run one harness under atheris (coverage-guided) for a bounded time.

    python -m tests.fuzz.run NAME [SECONDS]     # NAME: export, bundle, note, cosignature,
                                               # vkey, proof, cursor, query; SECONDS: 20
    python -m tests.fuzz.run NAME 0 CRASH…      # run the harness once on each input given

The harness and the packages it exercises are imported under atheris's instrumentation;
its genuine seeds go into a corpus directory under var/fuzz/NAME (kept between runs),
crashing inputs into var/fuzz/NAME/crashes/. libFuzzer prints the executions at the end
("Done N runs in S second(s)").
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HARNESSES = ("export", "bundle", "note", "cosignature", "vkey", "proof", "cursor", "query")
PACKAGES = ["verify", "ledger", "domain", "projections", "api", "tests.fuzz"]


def main() -> None:
    import atheris  # the optional extra "fuzz": make fuzz installs it

    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in HARNESSES:
        raise SystemExit(f"usage: python -m tests.fuzz.run {{{','.join(HARNESSES)}}} [SECONDS]")
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with atheris.instrument_imports(include=PACKAGES):
        harness = importlib.import_module(f"tests.fuzz.fuzz_{name}")
    corpus = Path("var/fuzz") / name / "corpus"
    crashes = Path("var/fuzz") / name / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(harness.seeds()):
        (corpus / f"seed-{number}").write_bytes(seed)
    given = sys.argv[3:]  # inputs to run once (a crash to replay), else fuzz the corpus
    args = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        f"-artifact_prefix={crashes}/",
        "-print_final_stats=1",
        "-max_len=65536",
        *(given or [str(corpus)]),
    ]
    atheris.Setup(args, harness.TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
