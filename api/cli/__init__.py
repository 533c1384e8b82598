"""The ``gongkai`` command line (typer): one module per verb group.

``main`` is the root (``init``, ``vkey``, ``checkpoint``, ``proof``, ``export``, ``verify``,
``bench``, ``demo``) and registers the groups in the order ``--help`` lists them;
``items``/``requests`` gather their verbs from ``items_review``/``items_published`` and
``requests_intake``/``requests_dates``/``requests_show``; ``officers``, ``calendar``,
``bundle``, ``inspection`` (history, accountability, report, projections) and ``server``
(serve, token) hold their own. ``support`` is what every command shares: the data
directory, opening the services, one-line errors.

Usage::

    gongkai --data var item draft --title … --file doc.pdf --as officer-0002
    python -c "from api.cli.main import app; app()" --help
"""

__all__ = ["main"]
