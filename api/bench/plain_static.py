"""The static server the tiles benchmark falls back on without nginx: the standard
library's file server, threaded, HTTP/1.1 keep-alive and a listen backlog of 1,024
(``python -m http.server`` speaks HTTP/1.0 and keeps five pending connections: a
load generator's clients were refused and counted as errors).

    python -m api.bench.plain_static PORT DIRECTORY
"""

from __future__ import annotations

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True


class _Files(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a benchmark's requests are counted, not logged."""


def main(argv: list[str]) -> None:
    port, directory = int(argv[0]), argv[1]
    handler = partial(_Files, directory=directory)
    with _Server(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
