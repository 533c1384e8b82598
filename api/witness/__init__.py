"""``gongkai witness``: a witness (c2sp.org/tlog-witness) run by another body, and the
log's side of asking witnesses to cosign its checkpoints.

- ``config``  the witness's directory: its key, its name, the logs it witnesses
- ``state``   the latest cosigned checkpoint per log, durable before any answer
- ``witness`` the ``add-checkpoint`` rules: signature, sizes, consistency, cosignature
- ``app``     the witness's HTTP interface
- ``client``  the log submitting each new checkpoint to its witnesses
"""
