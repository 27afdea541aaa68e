"""Public Socket.IO clients are throttled per connection: a burst is served, a loop is not."""

from __future__ import annotations

from server.realtime.throttle import Throttle, TokenBucket


def test_a_bucket_serves_its_burst_then_refills_with_time():
    now = [100.0]
    throttle = Throttle(capacity=3, rate=0.5, now=lambda: now[0])
    assert [throttle.allow("a") for _ in range(4)] == [True, True, True, False]
    assert throttle.allow("b")  # another connection has its own bucket
    now[0] += 2.0  # one token back
    assert throttle.allow("a") and not throttle.allow("a")
    now[0] += 60.0  # never more than the burst
    assert sum(throttle.allow("a") for _ in range(10)) == 3


def test_a_bucket_starts_full():
    assert TokenBucket(capacity=2, rate=1).take(0.0)


def test_a_display_reconnecting_in_a_loop_on_one_connection_is_cut_off(make_app):
    from server.extensions import socketio

    app = make_app(SOCKET_EVENTS_BURST=5, SOCKET_EVENTS_PER_SECOND=0.0001)
    screen = socketio.test_client(app, namespace="/display")
    snapshots = 0
    for _ in range(20):
        if screen.is_connected("/display"):
            screen.disconnect(namespace="/display")
        screen.connect(namespace="/display")
        if screen.is_connected("/display"):
            snapshots += sum(
                1
                for packet in screen.get_received("/display")
                if packet["name"] == "queue_snapshot"
            )
    assert snapshots == 5  # the burst, then every reconnection of the loop is refused
    assert not screen.is_connected("/display")
    other = socketio.test_client(app, namespace="/display")  # another screen is served
    assert other.is_connected("/display")


def test_events_over_the_limit_are_dropped_not_handled(make_app, monkeypatch):
    from server.extensions import socketio
    from server.realtime.namespaces import PublicNamespace

    handled: list[str] = []
    monkeypatch.setattr(
        PublicNamespace, "on_resync", lambda self: handled.append("resync"), raising=False
    )
    app = make_app(SOCKET_EVENTS_BURST=4, SOCKET_EVENTS_PER_SECOND=0.0001)
    screen = socketio.test_client(app, namespace="/display")  # the connect takes one token
    for _ in range(50):
        screen.emit("resync", namespace="/display")
    assert handled == ["resync"] * 3
