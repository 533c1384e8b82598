"""The HTTP edges of the API, one concern per module: ``guards`` refuses or shortens
requests before they reach a route (``BodyLimit``: bodies over their path's limit,
413; ``RejectNul``: a NUL in an API path or query, 422; ``ConditionalGet``: ETags and
304 Not Modified); ``observe`` times every request and writes its access-log line
(``Observe``), handing the latency to ``metrics``; ``metrics`` defines, feeds and
serves every Prometheus series at ``GET /metrics`` (``Metrics``, ``expose``); and
``install`` only wires them onto the app, in their order, with the OpenAPI
post-processing.

Usage::

    from api.http.middleware import install

    install.install(app, services)
"""

__all__ = ["guards", "install", "metrics", "observe"]
