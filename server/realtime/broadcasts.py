"""Domain events -> Socket.IO messages, emitted once, after commit, to rooms.

Rooms: `site:<code>` in /display, /agent, /kiosk and /ticket; `token:<token>` in /ticket.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from flask import current_app

from server.context import base_url, clock, current_site, fairness_rule
from server.domain.events import (
    AgentsChanged,
    Event,
    PeakChanged,
    QueueChanged,
    SessionsEnded,
    SettingChanged,
    TicketCalled,
    TicketChanged,
)
from server.extensions import db, socketio
from server.metrics import count_events
from server.realtime.agent_sockets import close_sessions
from server.services.peak import PeakThresholds, peak_view
from server.services.process_cache import writes_seen
from server.services.queue_view import (
    agents_view,
    latest_visit_for_token,
    load_line,
    public_call,
    public_snapshot,
    queue_snapshot,
    ticket_view,
)

PUBLIC_NAMESPACES = ("/display", "/agent", "/kiosk")
CALL_ACTIONS = ("call", "take", "recall")


def site_room(code: str) -> str:
    return f"site:{code}"


def token_room(token: str) -> str:
    return f"token:{token}"


def called_payload(event: TicketCalled) -> dict[str, Any]:
    return {
        "number": event.number,
        "service_label": event.service_label,
        "counter": event.counter,
        "counter_label": event.counter_label,
        "called_at": event.called_at.isoformat(),
        "recall": event.recall,
        "coming_to_you": event.coming_to_you,
    }


def _nobody_in(namespace: str, room: str) -> bool:
    """True when nobody listens in this room, so its message need not be computed.

    Only a single process knows its rooms: with a message queue, a listener may be connected to
    another process, so the message is always sent.
    """
    if current_app.config.get("MESSAGE_QUEUE"):
        return False
    return not socketio.server.manager.rooms.get(namespace, {}).get(room)


def _nobody_follows(token: str) -> bool:
    """True when no phone follows this ticket, so its view need not be computed."""
    return _nobody_in("/ticket", token_room(token))


def _ticket_update(event: TicketCalled | TicketChanged) -> None:
    """Tell the phone following this ticket; the payload is the ticket's public view."""
    if _nobody_follows(event.token):
        return
    visit = latest_visit_for_token(db.session, event.token)
    if visit is None:
        return
    view = ticket_view(db.session, visit, clock(), fairness_rule(), base_url())
    socketio.emit("ticket_updated", view, namespace="/ticket", to=token_room(event.token))


def snapshot(site_code: str) -> dict[str, Any]:
    """The agents' snapshot; public namespaces get `public_snapshot` of it."""
    site = current_site(site_code)
    return queue_snapshot(db.session, site, clock(), fairness_rule(site))


# The snapshot a screen gets when it connects, kept per site until the next write in this
# process (or the next second: waits move with time). After a restart every screen of every
# site reconnects at once: one snapshot per site instead of one per screen. Only with a single
# process: another process's writes would not be seen.
_connect_snapshots: dict[tuple[int, str], tuple[Any, dict[str, Any]]] = {}
_connect_lock = threading.Lock()


def snapshot_for(namespace: str, site_code: str) -> dict[str, Any]:
    """The snapshot a connecting screen starts from (agents get the whole one)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("MESSAGE_QUEUE"):
        data = snapshot(site_code)
    else:
        site = current_site(site_code)
        rule = fairness_rule(site)
        key = (writes_seen(), rule, clock().now().replace(microsecond=0))
        slot = (id(app), site_code)
        with _connect_lock:
            known = _connect_snapshots.get(slot)
        if known is not None and known[0] == key:
            data = known[1]
        else:
            data = queue_snapshot(db.session, site, clock(), rule)
            with _connect_lock:
                _connect_snapshots[slot] = (key, data)
    return data if namespace == "/agent" else public_snapshot(data)


def publish(events: Iterable[Event]) -> None:
    """Emit the messages for committed events; several queue changes make one snapshot."""
    events = list(events)
    count_events(events)
    changed_sites: list[str] = []
    agents_sites: list[str] = []
    ticket_sites: list[str] = []
    for event in events:
        room = site_room(event.site)
        if isinstance(event, TicketCalled | TicketChanged) and event.site not in ticket_sites:
            ticket_sites.append(event.site)  # the colleagues' panel shows who serves whom
        if isinstance(event, TicketCalled):
            payload = called_payload(event)
            socketio.emit("ticket_called", public_call(payload), namespace="/display", to=room)
            socketio.emit("ticket_called", payload, namespace="/agent", to=room)
            socketio.sleep(0)  # let the sockets send the call now, before the slower updates
            _ticket_update(event)
        elif isinstance(event, TicketChanged):
            socketio.emit(
                "ticket_changed",
                {
                    "id": event.ticket_id,
                    "number": event.number,
                    "status": event.status,
                    "action": event.action,
                    **event.extra,
                },
                namespace="/agent",
                to=room,
            )
            if event.action not in CALL_ACTIONS:  # the TicketCalled event already told the phone
                _ticket_update(event)
        elif isinstance(event, QueueChanged) and event.site not in changed_sites:
            changed_sites.append(event.site)
        elif isinstance(event, AgentsChanged) and event.site not in agents_sites:
            agents_sites.append(event.site)
            if event.site not in changed_sites:  # a pause or a sign-out moves every wait
                changed_sites.append(event.site)
        elif isinstance(event, PeakChanged):
            publish_peak(
                event.site,
                {"on": event.on, "suggested": event.suggested, "reason": event.reason},
            )
        elif isinstance(event, SessionsEnded):
            close_sessions(event.session_ids)
        elif isinstance(event, SettingChanged):
            for namespace in ("/agent", "/kiosk", "/display"):
                socketio.emit(
                    "setting_changed",
                    {"key": event.key, "value": event.value},
                    namespace=namespace,
                    to=room,
                )
    for code in changed_sites:
        schedule_queue_changed(code)
    for code in agents_sites + [c for c in ticket_sites if c not in agents_sites]:
        publish_agents(code)


def emit_queue_changed(site_code: str, data: dict[str, Any] | None = None) -> None:
    """One fresh snapshot (`data`, else built now) to every screen of the site."""
    if data is None:
        data = snapshot(site_code)
    public = public_snapshot(data)
    for namespace in PUBLIC_NAMESPACES:
        payload = data if namespace == "/agent" else public
        socketio.emit("queue_changed", payload, namespace=namespace, to=site_room(site_code))
    socketio.emit(
        "queue_changed",
        {"waiting_count": data["waiting_count"]},
        namespace="/ticket",
        to=site_room(site_code),
    )
    publish_peak_suggestion(site_code)


_pending: set[tuple[int, str]] = set()
_dropped: set[tuple[int, str]] = set()  # their last snapshot went stale: the next one won't wait
_pending_lock = threading.Lock()


def schedule_queue_changed(site_code: str) -> None:
    """Coalesce a rush of changes into one snapshot per QUEUE_CHANGED_DELAY_SECONDS.

    Ten tickets in a second make one snapshot, not ten; calls are still sent at once
    (ticket_called is not delayed), only the list refresh waits a few milliseconds.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    delay = float(app.config.get("QUEUE_CHANGED_DELAY_SECONDS", 0))
    if delay <= 0:
        emit_queue_changed(site_code)
        return
    key = (id(app), site_code)
    with _pending_lock:
        if key in _pending:
            return
        _pending.add(key)
    socketio.start_background_task(_emit_later, app, key, delay)


def let_requests_in() -> None:
    """Let the requests already waiting on a socket run first. Under gevent, until the loop is
    idle: their sockets are read then; `sleep(0)` only runs greenlets that are ready already,
    and a database query never yields, so a call would otherwise wait for a whole snapshot."""
    if socketio.async_mode == "gevent":
        import gevent

        gevent.idle()
    else:
        socketio.sleep(0)


def _emit_later(app: Any, key: tuple[int, str], delay: float) -> None:
    socketio.sleep(delay)
    let_requests_in()  # a call that came in meanwhile reaches the displays before the snapshot
    with _pending_lock:
        _pending.discard(key)
        patient = key not in _dropped
        _dropped.discard(key)
    with app.app_context():
        try:
            data = _snapshot_letting_requests_in(key[1]) if patient else snapshot(key[1])
            if data is None:  # a write cut in: what was read is stale, the next snapshot shows it
                db.session.remove()  # with the line it kept: the next one reads afresh
                with _pending_lock:
                    _dropped.add(key)
                schedule_queue_changed(key[1])
                return
            emit_queue_changed(key[1], data)
        finally:
            db.session.remove()


def _snapshot_letting_requests_in(site_code: str) -> dict[str, Any] | None:
    """The snapshot in two halves, the waiting requests let in between (a call arriving while it
    is built waits for one half, not the whole); None when a write came in meanwhile."""
    site = current_site(site_code)
    rule = fairness_rule(site)
    seen = writes_seen()
    load_line(db.session, site, clock(), rule)  # the costly half, kept in the session
    let_requests_in()
    if writes_seen() != seen:
        return None
    return queue_snapshot(db.session, site, clock(), rule)  # reads the line kept above


def publish_agents(site_code: str) -> None:
    """The colleagues' panel of every agent console of the site (none open: nothing to read)."""
    if _nobody_in("/agent", site_room(site_code)):
        return
    socketio.emit(
        "agents_changed",
        agents_view(db.session, current_site(site_code)),
        namespace="/agent",
        to=site_room(site_code),
    )


def publish_peak(site_code: str, view: dict[str, Any]) -> None:
    """Peak mode or its suggestion changed: agents and kiosks hear {on, suggested, reason}."""
    pushed = current_app.extensions.setdefault("accueil.peak_suggestions", {})
    pushed[site_code] = (view["suggested"], view["reason"])
    for namespace in ("/agent", "/kiosk"):
        socketio.emit("peak_changed", view, namespace=namespace, to=site_room(site_code))


def publish_peak_suggestion(site_code: str) -> None:
    """After a queue change: push the peak view only when the suggestion changed (cheap counts)."""
    thresholds = PeakThresholds.from_config(current_app.config)
    view = peak_view(db.session, current_site(site_code), clock(), thresholds)
    pushed = current_app.extensions.get("accueil.peak_suggestions", {})
    if pushed.get(site_code, (False, None)) != (view["suggested"], view["reason"]):
        publish_peak(site_code, view)


def publish_print_interrupted(site_code: str, ticket_id: int, number: str) -> None:
    """A ticket's printing was cut by a server restart: it may or may not be on paper. Agents
    hear {id, number, text} and reprint it from the waiting list if the visitor has none."""
    socketio.emit(
        "print_interrupted",
        {
            "id": ticket_id,
            "number": number,
            "text": f"Le ticket {number} n'a peut-être pas été imprimé (redémarrage du serveur) : "
            "demandez au visiteur et réimprimez-le au besoin.",
        },
        namespace="/agent",
        to=site_room(site_code),
    )


def publish_printer_state(site_code: str, name: str, state: str) -> None:
    """The printer monitor saw a change: agents hear {name, state}."""
    socketio.emit(
        "printer_state_changed",
        {"name": name, "state": state},
        namespace="/agent",
        to=site_room(site_code),
    )
