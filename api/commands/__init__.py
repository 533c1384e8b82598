"""Officer commands, each declared once: one input model and one call into the service.

An HTTP route and a CLI verb reach the same command. The route lets FastAPI parse its
body into the model and calls the command; the verb builds the same model from its
options (``api.cli.command_input``: a refused option is one line, never a traceback) and
calls the same command. Neither repeats the command's fields nor its call.

Adding a command touches the service method (``domain/``), one model and one function
here, and two thin adapters. For example, in ``api/commands/requests.py``::

    class ExtendIn(_Command):                               # the one input schema
        days: int = Field(description="At most 20 working days (Art. 33).")
        reason: str
    def extend(requests, ref, body: ExtendIn, actor, at):   # the one service call
        return requests.extend(ref, actor, at, on=body.on, days=body.days, ...)

The route ``POST /v1/requests/{ref}/extend`` then calls ``commands.extend(services.requests,
ref, body, actor.officer_id, now())``; the verb ``gongkai request extend`` builds
``command_input(lambda: ExtendIn(on=day, days=days, ...))`` from its options and calls
the same ``commands.extend`` inside its ``write``.

Files the CLI reads (a document, a redacted text) travel beside the model as bytes, for
the service to store; over HTTP they are uploaded first and named by their hash. Output
models stay with their views (``api.http.schemas``).
"""

from __future__ import annotations

from api.commands import items, reports, requests

__all__ = ["items", "reports", "requests"]
