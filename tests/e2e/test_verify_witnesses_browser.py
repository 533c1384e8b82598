"""The verify page checks witness cosignatures, in real Chromium (issue 15, item 4).

A served office whose checkpoints two witnesses (``gongkai witness serve``, real
processes) cosign, with its witness policy published through ``GONGKAI_WITNESS_POLICY``:
the page comes prefilled with both keys and a quorum of 2 and says PUBLISHED; with one
key wrong it says NOT WITNESSED and names the witness; axe-core finds nothing serious in
either state. The page's cosignature code also accepts the committed C2SP vectors
(tests/vectors/cosignature-v1.json) and refuses them altered, and on sixty random notes
(valid lines and lines with a flipped signature, key ID or timestamp, a short blob, a
timestamp past 2^63, a signature over another checkpoint) counts exactly the
cosignatures ``verify/cosignature.py`` counts.
"""

from __future__ import annotations

import base64
import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.server.process import start_server
from api.services import Services
from ledger.keys import raw_public_key
from tests.e2e import test_browser_pages as pages
from tests.e2e.test_browser_pages import DOCUMENT, DONE, Server, Tab, result_text, screenshot
from tests.support import cosignature_vectors
from tests.support.axe import assert_no_serious_axe_violations
from tests.support.witnesses import start_witness, witness_for, witness_list
from verify.cosignature import WitnessKey, WitnessPolicy, cosigned_message

browser, tab = pages.browser, pages.tab
NAMES = ("jiwei.example.gov.cn/witness", "renda.example.gov.cn/witness")


@pytest.fixture(scope="module")
def witnessed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, list[str]]]:
    """The browser tests' ledger, served with two witnesses cosigning its checkpoints."""
    root = tmp_path_factory.mktemp("witnessed")
    env = {**os.environ, "GONGKAI_KEY_PASSPHRASE": pages.PASSPHRASE}
    env.pop("GONGKAI_DATABASE_URL", None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", pages.PASSPHRASE)
        patch.delenv("GONGKAI_DATABASE_URL", raising=False)
        items = pages.build_ledger(root / "data")
        services = Services.open(root / "data")
        log_key = services.ledger.vkey().to_text()
        services.close()
        keys = [witness_for(root / f"w{n}", name, log_key) for n, name in enumerate(NAMES)]
    witnesses = [start_witness(root / f"w{n}", env) for n in range(2)]
    listing = witness_list(
        root / "witnesses.toml", {w.base_url: k for w, k in zip(witnesses, keys, strict=True)}
    )
    policy = root / "policy.toml"
    policy.write_text(listing.read_text(encoding="utf-8") + "quorum = 2\n", encoding="utf-8")
    env |= {"GONGKAI_WITNESSES": str(listing), "GONGKAI_WITNESS_POLICY": str(policy)}
    server = start_server(root / "data", env)
    try:
        wait_for_cosignatures(server.base_url, WitnessPolicy(tuple(keys), 2))
        yield Server(server.base_url, items, log_key, root / "data"), [k.to_text() for k in keys]
    finally:
        server.stop()
        for witness in witnesses:
            witness.stop()


def wait_for_cosignatures(url: str, policy: WitnessPolicy) -> None:
    deadline = time.monotonic() + 60
    while len(policy.cosigners(httpx.get(f"{url}/v1/checkpoint", timeout=10).text)) < 2:
        if time.monotonic() > deadline:
            pytest.fail("the two witnesses did not cosign within 60 s")
        time.sleep(0.2)


def verify(
    tab: Tab, url: str, path: Path, keys: str | None = None, quorum: str | None = None
) -> str:
    page = tab.page
    page.goto(f"{url}/verify")
    if keys is not None:
        page.fill("#witnesses", keys)
    if quorum is not None:
        page.fill("#quorum", quorum)
    page.set_input_files("#file", str(path))
    return str(page.wait_for_selector(DONE, timeout=30_000).get_attribute("data-status"))


def cosigned_marks(tab: Tab) -> list[str]:
    marks = tab.page.eval_on_selector_all(
        "ul.witnesses li", "els => els.map(e => e.dataset.cosigned)"
    )
    return [str(m) for m in marks]


def test_the_page_offers_the_published_policy_and_passes_with_both_witnesses(
    tab: Tab, witnessed: tuple[Server, list[str]], tmp_path: Path
) -> None:
    server, keys = witnessed
    tab.page.goto(f"{server.url}/verify")
    assert tab.page.input_value("#witnesses").split() == keys
    assert tab.page.input_value("#quorum") == "2"
    assert "office's published witnesses" in tab.page.inner_text("#witnesses-published")
    status = verify(tab, server.url, pages.write(tmp_path, "预算说明.txt", DOCUMENT))
    text = result_text(tab)
    screenshot(tab, "verify-witnessed")
    assert status == "published", text
    assert "2 of 2 cosigned this checkpoint; quorum 2 — met" in text
    assert cosigned_marks(tab) == ["yes", "yes"]
    assert all(name in text for name in NAMES)
    assert_no_serious_axe_violations(tab.page)
    assert tab.errors == []


def test_the_page_fails_clearly_when_one_witness_key_is_wrong(
    tab: Tab, witnessed: tuple[Server, list[str]], tmp_path: Path
) -> None:
    server, keys = witnessed
    stranger = raw_public_key(Ed25519PrivateKey.generate().public_key())
    wrong = WitnessKey.for_key(NAMES[1], stranger).to_text()
    document = pages.write(tmp_path, "预算说明.txt", DOCUMENT)
    status = verify(tab, server.url, document, f"{keys[0]}\n{wrong}\n", "2")
    text = result_text(tab)
    screenshot(tab, "verify-not-witnessed")
    assert status == "quorum-not-met", text
    assert "见证不足 NOT WITNESSED" in text and "已发布" not in text
    assert f"NOT met: {NAMES[1]}" in text
    assert cosigned_marks(tab) == ["yes", "no"]
    assert tab.page.get_attribute("#result", "aria-live") == "polite"
    assert_no_serious_axe_violations(tab.page)
    # the same keys with a quorum of 1 pass: the one valid cosignature is enough
    assert verify(tab, server.url, document, f"{keys[0]}\n{wrong}\n", "1") == "published"
    assert not tab.page.query_selector("#no-witnesses")
    # with no witness keys at all it passes on the log's key alone, and says what that misses
    assert verify(tab, server.url, document, "", "") == "published"
    assert "split view" in tab.page.inner_text("#no-witnesses")


def test_the_page_refuses_a_policy_it_cannot_meet(
    tab: Tab, witnessed: tuple[Server, list[str]], tmp_path: Path
) -> None:
    server, keys = witnessed
    document = pages.write(tmp_path, "预算说明.txt", DOCUMENT)
    status = verify(tab, server.url, document, "\n".join(keys), "3")
    assert status == "policy-invalid", result_text(tab)
    assert "a quorum of 3 needs at least 3 witness keys; 2 given" in result_text(tab)
    log_key_as_witness = verify(tab, server.url, document, server.vkey, "")
    assert log_key_as_witness == "policy-invalid"
    assert "type 0x04" in result_text(tab)


VECTORS: dict[str, Any] = json.loads(cosignature_vectors.PATH.read_text(encoding="utf-8"))
CHECK_VECTOR = """async ([note, logKey, keys, quorum]) => {
  const V = window.GongkaiVerify;
  const checkpoint = await V.verifyCheckpoint(note, await V.parseVkey(logKey));
  const policy = await V.parsePolicy(keys, quorum);
  const ids = policy.witnesses.map((w) => V.hex(w.keyId));
  const outcome = await V.checkWitnesses(note, policy);
  return { size: checkpoint.size, ids, outcome };
}"""


def later_timestamp(line: str) -> str:
    """The cosignature line with its timestamp one second later (the same signature)."""
    dash, name, blob_b64 = line.rstrip("\n").split(" ")
    blob = bytearray(base64.b64decode(blob_b64))
    blob[4:12] = (int.from_bytes(blob[4:12], "big") + 1).to_bytes(8, "big")
    return f"{dash} {name} {base64.b64encode(bytes(blob)).decode()}\n"


def test_the_page_accepts_the_committed_cosignature_vectors(
    tab: Tab, witnessed: tuple[Server, list[str]]
) -> None:
    server, _ = witnessed
    tab.page.goto(f"{server.url}/verify")
    witnesses = VECTORS["witnesses"]
    keys = "\n".join(w["vkey"] for w in witnesses)
    args = [VECTORS["cosigned_note"], VECTORS["log"]["vkey"], keys, ""]
    checked = tab.page.evaluate(CHECK_VECTOR, args)
    assert checked["size"] == 1234
    assert checked["ids"] == [w["key_id"] for w in witnesses]
    outcome = checked["outcome"]
    assert outcome["met"] and outcome["count"] == 2 and outcome["quorum"] == 2
    assert [r["time"] for r in outcome["results"]] == [w["timestamp"] for w in witnesses]
    # one cosignature moved to another timestamp no longer verifies
    first = witnesses[0]["line"]
    args[0] = VECTORS["cosigned_note"].replace(first, later_timestamp(first))
    altered = tab.page.evaluate(CHECK_VECTOR, args)["outcome"]
    assert not altered["met"] and [r["cosigned"] for r in altered["results"]] == [False, True]
    assert tab.errors == []


FAULTS = ("none", "signature", "key-id", "short", "timestamp", "other-body", "huge-time")


def faulty_line(private: Ed25519PrivateKey, key: WitnessKey, body: str, fault: str, at: int) -> str:
    """A cosignature line by ``key`` with one fault (or none)."""
    signed_body = body.replace("\n", "\n\n", 1) if fault == "other-body" else body
    signature = private.sign(cosigned_message(signed_body, at))
    blob = key.key_id + at.to_bytes(8, "big") + signature
    if fault == "signature":
        blob = blob[:-1] + bytes([blob[-1] ^ 1])
    elif fault == "key-id":
        blob = bytes([blob[0] ^ 1]) + blob[1:]
    elif fault == "short":
        blob = blob[:-32]
    elif fault == "timestamp":
        blob = blob[:11] + bytes([blob[11] ^ 1]) + blob[12:]
    elif fault == "huge-time":
        blob = key.key_id + (2**63 + at).to_bytes(8, "big") + signature
    return f"— {key.name} {base64.b64encode(blob).decode()}\n"


def random_notes(count: int, seed: int) -> list[tuple[str, list[WitnessKey]]]:
    """Notes cosigned by up to four witnesses, each line with a random fault or none."""
    chance = random.Random(seed)
    privates = [Ed25519PrivateKey.from_private_bytes(bytes([n + 1]) * 32) for n in range(4)]
    keys = [
        WitnessKey.for_key(f"w{n}.example/w", raw_public_key(p.public_key()))
        for n, p in enumerate(privates)
    ]
    notes = []
    for _ in range(count):
        body = cosignature_vectors.CHECKPOINT.body().replace(
            "1234", str(chance.randrange(1, 10**6))
        )
        note = cosignature_vectors.log_note(body)
        for private, key in chance.sample(
            list(zip(privates, keys, strict=True)), chance.randint(0, 4)
        ):
            for _ in range(chance.randint(1, 2)):
                fault = chance.choice(FAULTS)
                note += faulty_line(private, key, body, fault, chance.randrange(2**40))
        notes.append((note, keys))
    return notes


CHECK_NOTES = """async (cases) => {
  const V = window.GongkaiVerify;
  const out = [];
  for (const [note, keys] of cases) {
    const outcome = await V.checkWitnesses(note, await V.parsePolicy(keys, "0"));
    const valid = outcome.results.filter((r) => r.cosigned);
    out.push(Object.fromEntries(valid.map((r) => [r.name, r.time])));
  }
  return out;
}"""


def test_the_page_and_the_offline_verifier_agree_on_which_cosignatures_count(
    tab: Tab, witnessed: tuple[Server, list[str]]
) -> None:
    server, _ = witnessed
    tab.page.goto(f"{server.url}/verify")
    notes = random_notes(60, seed=15)
    cases = [[note, "\n".join(k.to_text() for k in keys)] for note, keys in notes]
    in_browser = tab.page.evaluate(CHECK_NOTES, cases)
    offline = [WitnessPolicy(tuple(keys), 0).cosigners(note) for note, keys in notes]
    assert in_browser == offline
    counted = sum(len(valid) for valid in offline)
    lines = sum(note.count("\n— ") - 1 for note, _ in notes)
    assert 0 < counted < lines  # both valid and faulty lines were tried
    assert tab.errors == []
