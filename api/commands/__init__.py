"""Officer commands, each declared once: one input model and one call into the service.

An HTTP route and a CLI verb reach the same command. The route lets FastAPI parse the
body into the model and calls the command; the verb builds the same model from its
options (``api.cli.command_input``: an invalid option is one line, never a traceback)
and calls the same command. Neither repeats the command's fields or its call.

Adding a command touches four places: the application service method (``domain/``),
one input model and one function here, and two thin adapters::

    class ExtendIn(_Command):                      # api/commands/requests.py
        days: int
        reason: str
    def extend(requests, ref, body, actor, at):   # ...its one call into the service
        return requests.extend(ref, actor, at, on=body.on, days=body.days, ...)
    # route: commands.extend(services.requests, ref, body, actor.officer_id, now())
    # verb:  commands.extend(r, ref, command_input(lambda: ExtendIn(...)), as_officer, now())

Files the CLI reads (a document, a redacted text) travel beside the model as bytes,
which the service stores; over HTTP they are uploaded first and named by their hash.
Output models stay with their views (``api.http.schemas``).
"""

from __future__ import annotations

from api.commands import items

__all__ = ["items"]
