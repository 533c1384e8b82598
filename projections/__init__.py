"""Read models following the ledger's log (catalogue, request register, accountability,
annual report inputs, content references), each rebuildable from zero, their positions
kept durably.

Usage::

    from projections import ProjectionRunner, all_projections

    runner = ProjectionRunner(ledger, all_projections())
    runner.catch_up()                 # apply entries logged since each position
    runner.rebuild("catalogue")       # or start one over from the first entry
"""

from projections.registry import all_projections
from projections.runner import Projection, ProjectionRunner

__all__ = ["Projection", "ProjectionRunner", "all_projections"]
