"""The log's side: submit each new checkpoint to the witnesses it is configured with,
and keep the cosignatures they return (verified first) beside the checkpoint.

The witnesses are listed in the TOML file named by ``GONGKAI_WITNESSES``:

    [[witness]]
    url = "https://jiwei.example.gov.cn/witness"    # its submission prefix
    vkey = "jiwei.example.gov.cn/witness+1a2b3c4d+BD…"

One thread per witness, so a witness that is down or slow delays nothing else: it
retries with exponential backoff (0.5 s doubling to 30 s). A ``409`` tells the size the
witness last cosigned; the next request proves consistency from there. A witness that
claims a larger tree than this log has is logged as an error: a split view, or this
log lost entries.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx

from api.witness.witness import Answer
from ledger import cosignatures
from ledger.ledger import Ledger
from verify.cosignature import WitnessKey
from verify.errors import InputError
from verify.note import SignedNote, parse_signature_line

WITNESSES_ENV: Final = "GONGKAI_WITNESSES"
POLL_SECONDS: Final = 0.5
MAX_BACKOFF: Final = 30.0
log = logging.getLogger("gongkai.witness")


@dataclass(frozen=True, slots=True)
class WitnessEndpoint:
    url: str
    key: WitnessKey


class WitnessListError(ValueError):
    """The witness list cannot be read; the message names the file and the entry."""


def load_witnesses(path: Path) -> list[WitnessEndpoint]:
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WitnessListError(f"{path}: {exc}") from None
    endpoints = []
    for number, entry in enumerate(config.get("witness", []), start=1):
        if not isinstance(entry, dict) or not {"url", "vkey"} <= entry.keys():
            raise WitnessListError(f"{path}: witness #{number} needs url and vkey")
        try:
            key = WitnessKey.from_text(str(entry["vkey"]))
        except InputError as exc:
            raise WitnessListError(f"{path}: witness #{number}: {exc.message}") from None
        endpoints.append(WitnessEndpoint(str(entry["url"]).rstrip("/"), key))
    return endpoints


Send = Callable[[bytes], Answer]  # an add-checkpoint request body -> the witness's answer


class Submitter:
    """Brings one witness up to the log's latest checkpoint: over HTTP to the
    endpoint's URL, or through ``send`` (a witness in this process)."""

    def __init__(
        self,
        ledger: Ledger,
        endpoint: WitnessEndpoint,
        timeout: float = 10,
        send: Send | None = None,
    ) -> None:
        self.ledger = ledger
        self.endpoint = endpoint
        self.client = httpx.Client(timeout=timeout)
        self.send: Send = send or self._post
        # the largest size this log holds a cosignature of, and the size the witness
        # last cosigned (the same until a 409 says otherwise)
        self.cosigned = cosignatures.cosigned_sizes(ledger.backend, endpoint.key.name)
        self.old = self.cosigned

    def up_to_date(self) -> bool:
        """Submit the latest checkpoint if this witness has not cosigned it; whether it
        now has. Raises httpx.HTTPError (unreachable) or WitnessRefused."""
        size = self.ledger.checkpoint_size()
        if size == 0 or self.cosigned == size:
            return True
        if self.old > size:
            raise WitnessRefused(
                f"{self.endpoint.key.name} has cosigned size {self.old}, larger than this "
                f"log's {size}: a split view, or this log lost entries"
            )
        note = self.ledger.checkpoint_note(size)
        proof = self.ledger.consistency_proof(self.old, size).hashes if self.old else ()
        lines = [f"old {self.old}", *(_b64(h) for h in proof)]
        body = "\n".join(lines) + "\n\n" + note
        answer = self.send(body.encode())
        if answer.status == 409 and answer.body.strip().isdigit():
            self.old = int(answer.body.strip())  # the next round proves from there
            return False
        if answer.status != 200:
            said = answer.body.strip()[:200]
            raise WitnessRefused(f"{self.endpoint.key.name} answered {answer.status}: {said}")
        self._keep(size, note, answer.body)
        self.old = self.cosigned = size
        return True

    def _post(self, body: bytes) -> Answer:
        """The witness's answer over HTTP. Raises httpx.HTTPError (unreachable)."""
        response = self.client.post(f"{self.endpoint.url}/add-checkpoint", content=body)
        kind = response.headers.get("content-type", "")
        return Answer(response.status_code, response.text, kind)

    def _keep(self, size: int, note: str, text: str) -> None:
        body = SignedNote.from_text(note).body
        for line in text.splitlines(keepends=True):
            try:
                signature = parse_signature_line(line.rstrip("\n"))
                if self.endpoint.key.matches(signature):
                    self.endpoint.key.verify(body, signature)
                    cosignatures.store(self.ledger.backend, size, self.endpoint.key.name, line)
                    return
            except InputError as exc:
                raise WitnessRefused(
                    f"{self.endpoint.key.name} returned a bad cosignature: {exc.message}"
                ) from None
        raise WitnessRefused(f"{self.endpoint.key.name} returned no cosignature by its key")

    def run(self, stop: threading.Event) -> None:
        backoff = POLL_SECONDS
        while not stop.is_set():
            try:
                wait = POLL_SECONDS if self.up_to_date() else 0.0
                backoff = POLL_SECONDS
            except (httpx.HTTPError, WitnessRefused) as exc:
                log.warning("witness %s: %s (retry in %.1f s)", self.endpoint.url, exc, backoff)
                wait, backoff = backoff, min(backoff * 2, MAX_BACKOFF)
            stop.wait(wait)
        self.client.close()


class WitnessRefused(Exception):
    """A witness refused the checkpoint or answered something unusable."""


def start_submitters(ledger: Ledger, stop: threading.Event) -> list[threading.Thread]:
    """One daemon thread per witness in ``GONGKAI_WITNESSES`` (none if unset)."""
    where = os.environ.get(WITNESSES_ENV)
    if not where:
        return []
    return [start_submitter(Submitter(ledger, e), stop) for e in load_witnesses(Path(where))]


def start_submitter(submitter: Submitter, stop: threading.Event) -> threading.Thread:
    """Run ``submitter`` in a daemon thread until ``stop`` is set."""
    name = f"witness-{submitter.endpoint.key.name}"
    thread = threading.Thread(target=submitter.run, args=(stop,), name=name, daemon=True)
    thread.start()
    return thread


def _b64(hex_hash: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_hash)).decode("ascii")
