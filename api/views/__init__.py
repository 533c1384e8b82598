"""Read-side queries that the HTTP API, the CLI and the pages share: decision replay,
accountability and the annual report (``inspection``), officers' and the public's views of
requests (``requests``).

Usage::

    from api.views.requests import request_view
    request_view(services, "2026-0001")
"""

__all__ = ["inspection", "requests"]
