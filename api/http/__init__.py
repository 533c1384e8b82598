"""The HTTP API: one FastAPI app over the application services.

- ``app``          ``create_app(services)`` and the ``app_from_env`` factory for servers
- ``routes/``      one router per resource (ledger, catalogue, items, requests, inspection,
                   reports)
- ``schemas/``     public output models and the vocabularies written into OpenAPI
- ``problems``     RFC 9457 problem details: every error code mapped to its status in one table
- ``deps``         dependencies declared once as ``Annotated`` aliases (services, officer)
- ``middleware/``  the edges of every request: limits, logs, metrics, OpenAPI truth
- ``role_matrix``  who may call which route

Usage::

    from api.http.app import create_app
    app = create_app(Services.open(Path("var")))
"""

__all__ = ["app", "deps", "middleware", "problems", "role_matrix", "routes", "schemas"]
