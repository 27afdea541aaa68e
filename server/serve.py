"""Run the app on the configured async server, with TCP_NODELAY on every accepted socket.

Without TCP_NODELAY, Nagle's algorithm holds small replies back and every keep-alive request
stalls about 40 ms (measured, see docs/DOMAIN.md).
"""

from __future__ import annotations

import contextlib
import gc
import socket
import sys
from typing import Any

from server.access_log import MaskedStream, mask_werkzeug_log


def _no_delay(sock: Any) -> None:
    with contextlib.suppress(OSError):  # not a TCP socket (UNIX socket behind a proxy)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _warm_up() -> None:
    """Read once, before the first client, the tables the first queue snapshot would otherwise
    read while a call to the waiting-room screens waits behind it."""
    from server.services.forecast import school_holiday_dates

    school_holiday_dates()


def _settle_heap() -> None:
    """Leave what start-up made (modules, the app, the mappers) out of the garbage collector's
    full passes. Each full pass walked all of it while every socket waited: two or three fell
    in each run of the real-time benchmark with 500 displays, the longest 0.2 s on a loaded
    machine, about half of that once frozen, and about 5 ms less CPU per ticket and call."""
    gc.collect()
    gc.freeze()


def run(app: Any, host: str, port: int, *, log: bool = False, socketio: Any = None) -> None:
    """Serve until interrupted, on the async mode the app's Socket.IO was set up with."""
    if socketio is None:
        from server.extensions import socketio

    mode = socketio.async_mode
    _warm_up()
    _settle_heap()
    access_log = MaskedStream(sys.stderr)  # tracking tokens never reach the log
    if mode == "gevent":
        from gevent import pywsgi

        class NoDelayWSGIServer(pywsgi.WSGIServer):  # type: ignore[misc]
            def handle(self, sock: Any, address: Any) -> None:
                _no_delay(sock)
                super().handle(sock, address)

        NoDelayWSGIServer(
            (host, port), app, log=access_log if log else None, error_log=access_log
        ).serve_forever()
    elif mode == "eventlet":
        import eventlet
        import eventlet.wsgi

        listener = eventlet.listen((host, port))
        _no_delay(listener)  # Linux copies TCP_NODELAY onto accepted sockets
        eventlet.wsgi.server(listener, app, log=access_log, log_output=log)
    else:
        mask_werkzeug_log()
        socketio.run(
            app,
            host=host,
            port=port,
            allow_unsafe_werkzeug=True,
            log_output=log,
            use_reloader=False,
        )
