"""Slow C work (a PIN's scrypt hash) runs off the server's event loop: while one agent signs
in, the calls and screens of everyone else keep going."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from server.services import cooperation

# In a process of its own: gevent's monkey-patching would change the test process for good.
UNDER_GEVENT = """
from gevent import monkey
monkey.patch_all()
import gevent
from werkzeug.security import check_password_hash, generate_password_hash
from server.services.cooperation import off_loop

pin_hash = generate_password_hash("1234", method="scrypt")
ticks = []

def screens():
    while True:
        ticks.append(1)
        gevent.sleep(0.005)

beat = gevent.spawn(screens)
gevent.sleep(0.02)
before = len(ticks)
checks = [off_loop(check_password_hash, pin_hash, "1234") for _ in range(__CHECKS__)]
print(all(checks), len(ticks) - before)
"""


def beats_during_sign_ins(offload: bool) -> int:
    script = UNDER_GEVENT.replace("__CHECKS__", "3")
    if not offload:
        script = script.replace("off_loop(check_password_hash, ", "check_password_hash(")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    matched, beats = result.stdout.split()
    assert matched == "True"
    return int(beats)


def test_other_greenlets_run_while_pins_are_checked() -> None:
    """Three sign-ins (about 0.3 s of scrypt): a greenlet beating every 5 ms keeps beating
    when the hash runs off the loop, and stops dead when it runs on it."""
    assert beats_during_sign_ins(offload=True) >= 10
    assert beats_during_sign_ins(offload=False) <= 1


def test_signing_in_checks_the_pin_off_the_loop(
    login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def recording(work: Any, *args: Any) -> Any:
        ran.append(work.__name__)
        return work(*args)

    monkeypatch.setattr(cooperation, "off_loop", recording)
    login("demo1")
    assert "check_password_hash" in ran
