"""``gongkai demo``: a realistic municipal disclosure office built through the real commands.

``office.run_demo`` initialises the ledger, appoints the officers and runs the steps that
``items``, ``requests`` and ``reports`` schedule, merged by time (what is disclosed and
requested is listed in ``item_specs`` and ``request_specs``).

Usage::

    from api.demo.office import run_demo
    run_demo(Services.open(Path("var")), seed=2025)
"""

__all__ = ["office"]
