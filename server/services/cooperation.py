"""Long reads hand the event loop over now and then.

The server runs on gevent: a request runs until it waits on the network, and SQLite and pure
Python never do. A month of statistics is a few hundred milliseconds of CPU, and a call to the
waiting room arriving meanwhile waited for all of it (the department benchmark's worst calls).
`pause()` between slices lets the requests and sockets that are ready run first; outside
gevent it only offers the GIL to another thread.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")

ROWS_PER_SLICE = 1000  # about 10 ms of work per slice on the reference machine


# Not 0: gevent's sleep(0) runs the greenlets already runnable but may come back before the
# loop polls the sockets; any positive delay waits for the next loop iteration, after the poll.
PAUSE_SECONDS = 0.0005


def pause() -> None:
    time.sleep(PAUSE_SECONDS)


def off_loop(work: Callable[..., T], *args: Any) -> T:
    """Run `work(*args)` in one of gevent's native threads when the server runs on gevent, and
    wait for it without holding the loop: for C work that releases the GIL, such as the scrypt
    hash of a PIN (about 0.1 s each, deliberately), which otherwise stopped every call and
    screen of the building while an agent signed in. Elsewhere, `work(*args)` as it is."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return work(*args)
    from gevent import get_hub

    return cast(T, get_hub().threadpool.apply(work, args))
