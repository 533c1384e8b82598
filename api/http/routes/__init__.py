"""One router per resource; each route is a thin adapter: parse, call the service, answer.

Usage::

    from api.http.routes import items
    app.include_router(items.router)
"""

__all__ = ["catalogue", "inspection", "items", "ledger", "reports", "requests", "tiles"]
