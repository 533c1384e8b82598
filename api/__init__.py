"""The adapters around the domain: HTTP API and pages, the ``gongkai`` CLI, and the
programs that run them.

Rooms (each a subpackage, each importing inward only: ``domain``, ``projections``,
``ledger``, ``verify``):

- ``api.services``  everything a server process or a CLI command opens once (``Services``)
- ``api.http``      the FastAPI app: routes per resource, schemas, problems, middleware
- ``api.pages``     the public pages (templates and static files beside them)
- ``api.views``     read-side queries shared by HTTP, CLI and pages (inspection, requests)
- ``api.cli``       the ``gongkai`` command line, one module per verb group
- ``api.demo``      the demo office behind ``gongkai demo``
- ``api.bench``     every benchmark behind ``gongkai bench``
- ``api.server``    process start-up for ``gongkai serve``
- ``api.tokens``    officers' bearer tokens

Usage::

    services = Services.open(Path("var"))
    app = api.http.app.create_app(services)
"""

__all__ = ["bench", "cli", "demo", "http", "pages", "server", "services", "tokens", "views"]
