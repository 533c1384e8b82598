"""Every benchmark behind ``gongkai bench ledger|projections|api`` (figures and ratios,
never timed unit tests).

- ``ledger``       appends vs plain eventsourcing, integration, proofs, full verification
                   (with ``verify`` for the verifier's share and ``office`` for a
                   realistic event mix)
- ``bundle``       evidence-bundle writing and checking
- ``projections``  read-model rebuild rates against a raw read of the log
- ``api``          the running server under concurrent clients (``load`` drives them)

Usage::

    gongkai bench ledger --quick
"""

__all__ = ["api", "bundle", "ledger", "load", "office", "projections", "verify"]
