"""``gongkai serve --workers N``: N server processes, each with its own listening socket.

uvicorn's own supervisor hands one shared socket to every worker, and asyncio accepts
greedily (everything pending at each wake-up), so a burst of new connections lands on
whichever process wakes first while the others idle: with keep-alive clients, one
worker did 70–100 % of the work. Here each worker binds its own socket to the same
address with SO_REUSEPORT, and the kernel spreads new connections across the sockets
by a hash of the client's address and port.

A worker that dies is started again; its socket dies with it, so meanwhile the kernel
sends new connections to the others. A worker that fails before it serves (the app
cannot open its data, the address cannot be bound) exits with ``STARTUP_FAILURE``, and
that stops the server instead of restarting in a loop.
"""

from __future__ import annotations

import logging
import logging.config
import multiprocessing
import signal
import socket
import sys
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

log = logging.getLogger("gongkai.serve")
STARTUP_FAILURE = 3  # a worker's exit code when it never started serving
BACKLOG = 2048


class PortTaken(Exception):
    """The address is already in use by another server."""


def listening_socket(host: str, port: int, *, reuse_port: bool = True) -> socket.socket:
    """A TCP socket bound to (host, port), listening, with TCP_NODELAY.

    uvicorn binds with protocol 0, so asyncio does not set TCP_NODELAY on accepted
    connections; h11 writes headers and body separately, and Nagle's algorithm then
    meets the client's delayed ACK: ~40 ms added to every response. Accepted sockets
    inherit the option from the listening one (Linux)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except BaseException:
        sock.close()
        raise
    return sock


def check_port_free(host: str, port: int) -> None:
    """Raise PortTaken if anything listens on (host, port), SO_REUSEPORT or not: the
    workers' sockets would otherwise share the port with a server already there."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortTaken(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _worker(options: dict[str, Any]) -> None:  # pragma: no cover - runs in a child
    import uvicorn

    server: uvicorn.Server | None = None
    try:
        config = uvicorn.Config("api.http.app:app_from_env", factory=True, **options)
        sock = listening_socket(config.host, config.port)
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
    finally:
        if server is None or not server.started:
            sys.exit(STARTUP_FAILURE)


class Supervisor:
    """Start ``count`` workers, restart any that dies, stop them all on SIGINT/SIGTERM."""

    def __init__(self, count: int, options: dict[str, Any]) -> None:
        self.count = count
        self.options = options
        self.context = multiprocessing.get_context("spawn")
        self.stopping = threading.Event()
        self.failure: str | None = None

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM; 0 after a clean stop, 1 after a broken start."""
        check_port_free(self.options["host"], self.options["port"])
        if self.options.get("log_config"):
            logging.config.dictConfig(self.options["log_config"])
        stop_signals = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, lambda *_: self.stopping.set()) for sig in stop_signals}
        try:
            self._supervise([self._start() for _ in range(self.count)])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self.failure:
            log.error("%s; stopping", self.failure)
            return 1
        return 0

    def _supervise(self, workers: list[BaseProcess]) -> None:
        while not self.stopping.wait(0.5):
            for n, process in enumerate(workers):
                if process.is_alive():
                    continue
                if process.exitcode == STARTUP_FAILURE:
                    self.failure = f"worker {process.pid} could not start"
                    self.stopping.set()
                    break
                log.warning(
                    "worker %s died (code %s); starting another", process.pid, process.exitcode
                )
                workers[n] = self._start()
        self._stop(workers)

    def _start(self) -> BaseProcess:
        process = self.context.Process(target=_worker, args=(self.options,), daemon=False)
        process.start()
        return process

    @staticmethod
    def _stop(processes: list[BaseProcess], timeout: float = 15.0) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes open requests, then exits
        deadline = time.monotonic() + timeout
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
