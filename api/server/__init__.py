"""Process start-up for ``gongkai serve``: ``workers`` runs several server processes,
``process`` starts ``gongkai serve`` as a child (load bench, end-to-end tests).

Usage::

    from api.server.process import start_server
    server = start_server(data_dir, os.environ, workers=2)
    httpx.get(server.url + "/healthz")
"""

__all__ = ["process", "workers"]
