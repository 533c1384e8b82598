"""A monitor: follows a log through its static tiles and alarms on what it must not do.

Each run (numbered steps):
1. read the log's checkpoint and accept it by the checkpoint policy (the log's
   signature and, given a witness policy, a quorum of cosignatures);
2. compare it with the checkpoint seen last: fewer entries is a rollback
   (``LOG_ROLLED_BACK``), the same size with another root a split view (``SPLIT_VIEW``);
3. check that the tiles give the checkpoint's root;
4. prove from the tiles that the new tree extends the one seen last; a failed proof
   means history was rewritten or two views are shown (``HISTORY_REWRITTEN``);
5. read only the new entry bundles, a tile at a time, and check every new entry as
   ``gongkai-verify export`` does (form, key authority at its position, signature,
   stream chain), folding it into the stored compact range of the tree;
6. check that the entries themselves give the new root, then hand back the new state.

Memory stays flat: one bundle and a bounded set of tiles at a time, the compact range,
one head per stream and the key registry. Nothing is saved unless every step passed,
so a monitor that alarmed alarms again on its next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from verify._parallel import ParallelSignatures
from verify.cosignature import WitnessPolicy
from verify.errors import (
    HistoryRewritten,
    InputError,
    LogRolledBack,
    RootMismatch,
    SplitView,
    WrongLog,
)
from verify.log import LogVerifier
from verify.monitor_state import MonitorState
from verify.note import Checkpoint, Vkey, verify_checkpoint
from verify.tiled_tree import Fetch, TiledTree, verified_tree
from verify.tiles import TILE_WIDTH

CheckpointPolicy = Callable[[str], Checkpoint]  # signed note -> accepted checkpoint; raises
Progress = Callable[[int, int], None]  # entries checked, entries to check


def log_signature_policy(vkey: Vkey, witnesses: WitnessPolicy | None = None) -> CheckpointPolicy:
    """Accept a checkpoint signed by the log's key (``verify_checkpoint``) and, with
    ``witnesses``, cosigned by their quorum (``QuorumNotMet`` otherwise)."""

    def accept(note: str) -> Checkpoint:
        checkpoint = verify_checkpoint(note, vkey)
        if witnesses is not None:
            witnesses.check(note)
        return checkpoint

    return accept


@dataclass
class MonitorReport:
    source: str
    previous: int  # the size seen before this run (0 on a first run)
    state: MonitorState
    checked: int  # entries checked in this run
    tiles: int  # tiles and bundles fetched in this run
    warnings: list[str]


def run_monitor(
    fetch: Fetch,
    policy: CheckpointPolicy,
    state: MonitorState | None,
    *,
    source: str = "",
    jobs: int = 1,
    progress: Progress | None = None,
) -> MonitorReport:
    """One monitor run from ``state`` (None: a first run, from the log's first entry).

    Raises InputError (unreadable), VerificationError (an alarm: SplitView,
    HistoryRewritten, LogRolledBack, RootMismatch, EntryRejected naming the entry).
    """
    note = _text(fetch("checkpoint"))
    checkpoint = policy(note)  # step 1
    if state is not None:
        _compare(state, checkpoint, note, source)  # step 2
    tree = verified_tree(fetch, checkpoint)  # step 3
    previous = 0 if state is None else state.size
    if state is not None and previous < checkpoint.size:
        _prove_extension(tree, state, checkpoint, note, source)  # step 4
    verifier, keyring = _check_new_entries(tree, state, checkpoint, jobs, progress)  # step 5
    root = verifier.root()  # step 6
    if root != checkpoint.root_hash:
        raise RootMismatch(
            "the new entries do not give the checkpoint's root from the tree seen before",
            expected=checkpoint.root_hash,
            calculated=root,
        )
    new_state = MonitorState(
        checkpoint.origin,
        checkpoint.size,
        checkpoint.root_hash,
        note,
        verifier.frontier(),
        verifier.heads,
        keyring,
        verifier.last_at,
    )
    checked = checkpoint.size - previous
    return MonitorReport(source, previous, new_state, checked, tree.fetched, verifier.warnings)


def _prove_extension(
    tree: TiledTree, state: MonitorState, checkpoint: Checkpoint, note: str, source: str
) -> None:
    try:
        tree.consistency_proof(state.size, state.root, checkpoint.root_hash)
    except RootMismatch:
        raise HistoryRewritten(
            f"{source or 'the log'} at size {checkpoint.size} does not extend the "
            f"checkpoint seen before at size {state.size}: history was rewritten, or "
            "this is a fork shown to some and not others (split view)",
            **_evidence(state, checkpoint, note),
        ) from None


def _check_new_entries(
    tree: TiledTree,
    state: MonitorState | None,
    checkpoint: Checkpoint,
    jobs: int,
    progress: Progress | None,
) -> tuple[LogVerifier, list[bytes]]:
    verifier = state.verifier() if state is not None else LogVerifier(origin=checkpoint.origin)
    keyring = [] if state is None else list(state.keyring)
    with ParallelSignatures(jobs) as signatures:
        if jobs > 1:
            verifier.defer = signatures.defer
        try:
            _check_entries(tree, verifier, keyring, verifier.size, progress)
        except Exception:
            signatures.settle()  # a bad signature earlier in the log is reported first
            raise
        signatures.settle()
    return verifier, keyring


def _compare(state: MonitorState, checkpoint: Checkpoint, note: str, source: str) -> None:
    where = source or "the log"
    if checkpoint.origin != state.origin:
        raise WrongLog(
            f"{where} is the log {checkpoint.origin!r}, the state follows {state.origin!r}",
            expected=state.origin,
            actual=checkpoint.origin,
        )
    if checkpoint.size < state.size:
        raise LogRolledBack(
            f"{where} shows {checkpoint.size} entries, fewer than the {state.size} of the "
            "checkpoint seen before: entries were removed, or this is another fork",
            **_evidence(state, checkpoint, note),
        )
    if checkpoint.size == state.size and checkpoint.root_hash != state.root:
        raise SplitView(
            f"{where} shows a tree of size {checkpoint.size} with another root than the "
            "checkpoint seen before: two signed views of one log (a fork)",
            **_evidence(state, checkpoint, note),
        )


def _check_entries(
    tree: TiledTree,
    verifier: LogVerifier,
    keyring: list[bytes],
    start: int,
    progress: Progress | None,
) -> None:
    total = tree.size - start
    for index, raw in tree.entries(start, tree.size):
        entry = verifier.add(raw)
        if entry.type.startswith("Keyring."):
            keyring.append(raw)
        if progress is not None and (index + 1) % (64 * TILE_WIDTH) == 0:
            progress(index + 1 - start, total)


def _evidence(state: MonitorState, checkpoint: Checkpoint, note: str) -> dict[str, object]:
    return {
        "seen_size": state.size,
        "seen_root": state.root.hex(),
        "seen_checkpoint": state.checkpoint,
        "shown_size": checkpoint.size,
        "shown_root": checkpoint.root_hash.hex(),
        "shown_checkpoint": note,
    }


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the checkpoint is not UTF-8 text") from None
