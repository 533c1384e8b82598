"""The officers' workbench and the inspectors' console (工作台 / 监督检查台), in the browser.

Server-rendered pages over the same application services as the CLI and the HTTP API
(``api.commands``, ``api.views``): a form is parsed into the command's one input model
and handed to the one command function, so no rule is written twice. Sign-in is by
officer account (``accounts``: Argon2id, optional TOTP, lock-out) and a server-side
session (``sessions``); every form carries the session's CSRF token.

Usage::

    from api.workbench.router import router
    app.include_router(router)
"""
