"""Many agencies on one platform (集约化平台): a registry of agencies, each a whole
ledger of its own (own schema or database file, own keys, content and tokens), served
together under ``/a/<slug>/`` with the supervising office's read-only console."""
