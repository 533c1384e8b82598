"""``gongkai serve --workers N``: gunicorn's arbiter over N uvicorn workers.

uvicorn's own supervisor hands one shared socket to every worker, and asyncio accepts
greedily (everything pending at each wake-up), so a burst of new connections lands on
whichever process wakes first while the others idle: with keep-alive clients, one
worker did 70–100 % of the work. With ``reuse_port`` gunicorn (≥ 24) has each worker
bind its own socket to the same address with SO_REUSEPORT, and the kernel spreads new
connections across the sockets by a hash of the client's address and port.

gunicorn replaces a worker that dies; its socket dies with it, so meanwhile the kernel
sends new connections to the others. A worker that fails before it serves (the app
cannot open its data) exits with gunicorn's ``WORKER_BOOT_ERROR``, and the arbiter then
stops the server instead of restarting in a loop. SIGTERM and SIGINT both stop it
gracefully: the workers finish their open requests.
"""

from __future__ import annotations

import copy
import os
import signal
import socket
import sys
from typing import Any, ClassVar

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.errors import HaltServer
from uvicorn_worker import UvicornWorker

from api.server.protocol import BoundedHttpTools


class PortTaken(Exception):
    """The address is already in use by another server."""


def check_port_free(host: str, port: int) -> None:
    """Raise PortTaken if anything listens on (host, port), SO_REUSEPORT or not: the
    workers' sockets would otherwise share the port with a server already there (and a
    worker that cannot bind would be restarted in a loop)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortTaken(f"cannot listen on {host}:{port}: {exc.strerror}") from None


class Worker(UvicornWorker):  # type: ignore[misc]  # untyped
    """uvicorn in a gunicorn worker, without uvicorn's access log: it would print query
    strings (which may name a person); api/http/middleware/observe.py writes one JSON
    line per request instead."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        **UvicornWorker.CONFIG_KWARGS,
        "access_log": False,
        "http": BoundedHttpTools,
    }


class _Arbiter(Arbiter):  # type: ignore[misc]  # untyped
    def handle_int(self) -> None:
        """SIGINT stops the server as SIGTERM does (gunicorn's default kills the workers
        after a short wait)."""
        self.handle_term()


class Workers(BaseApplication):  # type: ignore[misc]  # untyped
    """``count`` workers of ``api.http.app:app_from_env`` (which reads GONGKAI_DATA and
    GONGKAI_DATABASE_URL) on (host, port); each opens its own services and runs its own
    background integrator."""

    def __init__(self, count: int, host: str, port: int, log_config: dict[str, Any]) -> None:
        self.count, self.host, self.port, self.log_config = count, host, port, log_config
        super().__init__()

    def load_config(self) -> None:
        bind = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        settings: dict[str, Any] = {
            "bind": [bind],
            "workers": self.count,
            "worker_class": Worker,
            "reuse_port": True,
            "proc_name": "gongkai",
            "logconfig_dict": _with_gunicorn_loggers(self.log_config),
            # as plain uvicorn: keep-alive 5 s, proxy headers trusted from loopback only,
            # no heartbeat timeout (a worker may take long to open a large ledger)
            "keepalive": 5,
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "timeout": 0,
            "graceful_timeout": 15,
        }
        if "control_socket_disable" in self.cfg.settings:  # gunicorn ≥ 25: no gunicornc
            settings["control_socket_disable"] = True
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from api.http.app import app_from_env

        return app_from_env()

    def serve(self) -> int:
        """Serve until SIGINT or SIGTERM; 0 after a clean stop, 1 after a broken start.
        Raises PortTaken before any worker starts."""
        check_port_free(self.host, self.port)
        master = os.getpid()
        handlers = {sig: signal.getsignal(sig) for sig in [*Arbiter.SIGNALS, signal.SIGCHLD]}
        try:
            _Arbiter(self).run()
        except SystemExit as exc:
            if os.getpid() != master:  # a worker leaving: never back into the caller
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(exc.code if isinstance(exc.code, int) else 1)
            return 0 if exc.code in (0, None) else 1
        except HaltServer as exc:  # a second worker failing to boot while the first halts
            return 0 if exc.exit_status == 0 else 1
        finally:
            if os.getpid() == master:
                for sig, handler in handlers.items():
                    signal.signal(sig, handler)
        return 0


def _with_gunicorn_loggers(log_config: dict[str, Any]) -> dict[str, Any]:
    """The server's logging, with gunicorn's messages formatted as uvicorn's and the
    root logger left as Python has it (gunicorn's defaults would give it a handler)."""
    config = copy.deepcopy(log_config)
    config["root"] = {"level": "WARNING", "handlers": []}
    config["loggers"]["gunicorn.error"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    config["loggers"]["gunicorn.access"] = {"handlers": [], "level": "INFO", "propagate": False}
    return config
