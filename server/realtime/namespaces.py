"""Socket.IO namespaces. Each connection joins its site's room and first gets a full snapshot."""

from __future__ import annotations

from typing import Any

from flask import current_app, request, session
from flask_socketio import Namespace, emit, join_room

from server.context import (
    SESSION_TOKEN,
    agent_idle,
    base_url,
    clock,
    current_site,
    fairness_rule,
    home_site,
    signed_in_site,
)
from server.extensions import db, socketio
from server.metrics import screen_connected
from server.realtime.agent_sockets import forget, register, session_room, start_sweep
from server.realtime.broadcasts import publish, site_room, snapshot_for, token_room
from server.realtime.throttle import Throttle
from server.services.errors import Forbidden, ServiceError
from server.services.queue_view import agents_view, latest_visit_for_token, ticket_view
from server.services.sessions import agent_of, session_id

THROTTLE = "accueil.socket_throttle"


def _site_code(auth: Any = None) -> str:
    """A public screen's site: its pairing, else the site of the page's own /s/<site>/ path,
    which the page passes in the connection's `auth`, else the home site."""
    from server.screens import bound_site

    asked = auth.get("site") if isinstance(auth, dict) else None
    return bound_site() or (asked if isinstance(asked, str) and asked else None) or home_site()


def _connection_key() -> str:
    """The Engine.IO connection this event came on (every namespace of a page shares it)."""
    sid = getattr(request, "sid", None)
    namespace = getattr(request, "namespace", None)
    try:
        eio_sid = socketio.server.manager.eio_sid_from_sid(sid, namespace)
    except (AttributeError, KeyError):
        eio_sid = None
    return str(eio_sid or sid)


def _throttle() -> Throttle:
    throttle = current_app.extensions.get(THROTTLE)
    if throttle is None:
        throttle = current_app.extensions[THROTTLE] = Throttle(
            float(current_app.config.get("SOCKET_EVENTS_BURST", 20)),
            float(current_app.config.get("SOCKET_EVENTS_PER_SECOND", 1.0)),
        )
    return throttle  # type: ignore[no-any-return]


class PublicNamespace(Namespace):
    """The waiting-room display and the kiosk: anyone on the LAN may listen."""

    def trigger_event(self, event: str, *args: Any) -> Any:
        """Every event a public client sends is charged to its connection's bucket: a refused
        connect is answered `rate_limited`, any other event over the limit is dropped."""
        handler = getattr(self, f"on_{event}", None)
        if event == "disconnect":
            return self.socketio._handle_event(self._closing, event, self.namespace, *args)
        if handler is None:  # no handler: ignored, costs nothing
            return super().trigger_event(event, *args)

        def throttled(*arguments: Any) -> Any:
            if not _throttle().allow(_connection_key()):
                if event == "connect":
                    raise ConnectionRefusedError("rate_limited")
                return None
            answer = handler(*arguments)
            if event == "connect" and answer is not False:
                self._open.add(request.sid)  # type: ignore[attr-defined]
                screen_connected(self.namespace, 1)
            return answer

        return self.socketio._handle_event(throttled, event, self.namespace, *args)

    def _closing(self, *arguments: Any) -> Any:
        """A connection ends: counted out of the connected screens, then its own handler."""
        sid = request.sid  # type: ignore[attr-defined]
        if sid in self._open:
            self._open.discard(sid)
            screen_connected(self.namespace, -1)
        handler = getattr(self, "on_disconnect", None)
        return handler(*arguments) if handler is not None else None

    @property
    def _open(self) -> set[str]:
        """The connections of this namespace counted as open (in this process)."""
        opened: set[str] = self.__dict__.setdefault("_open_sids", set())
        return opened

    def on_connect(self, auth: Any = None) -> None:
        """A screen connects: it joins its site's room and receives `queue_snapshot`."""
        code = _site_code(auth)
        try:
            data = snapshot_for(self.namespace, code)
        except ServiceError:
            raise ConnectionRefusedError("unknown site") from None
        self._join(code, data)

    def _join(self, code: str, data: Any) -> None:
        join_room(site_room(code))
        emit("queue_snapshot", data)


class AgentNamespace(PublicNamespace):
    """Signed-in agents only: a live server-side session (the cookie of /api/v1/auth/login)."""

    def on_connect(self, auth: Any = None) -> None:
        """An agent's console connects: snapshot, then the agents' states. The socket is
        tied to its session: when the session ends, the socket is closed."""
        token = session.get(SESSION_TOKEN)
        agent, events = agent_of(db.session, token, clock().now(), agent_idle())
        publish(events)
        if agent is None or not isinstance(token, str):
            raise ConnectionRefusedError("unauthorized")
        try:  # the site chosen at sign-in; another site's room is not theirs to listen to
            asked = auth.get("site") if isinstance(auth, dict) else None
            site = current_site()
            if isinstance(asked, str) and asked and asked != site.code:
                signed_in = signed_in_site()
                if signed_in is None or not signed_in[1]:  # only a department admin may
                    raise Forbidden("Vous ne travaillez pas sur ce site.")
                site = current_site(asked)
        except ServiceError:
            raise ConnectionRefusedError("forbidden") from None
        register(request.sid, session_id(token))  # type: ignore[attr-defined]
        join_room(session_room(session_id(token)))
        start_sweep(current_app._get_current_object())  # type: ignore[attr-defined]
        self._join(site.code, snapshot_for(self.namespace, site.code))
        emit("agents_changed", agents_view(db.session, site))

    def on_disconnect(self, reason: Any = None) -> None:
        """The console went away: nothing to close for it any more."""
        forget(request.sid)  # type: ignore[attr-defined]


class TicketNamespace(PublicNamespace):
    """A visitor's phone follows one ticket: the room of its tracking token."""

    def on_connect(self, auth: Any = None) -> None:
        """The phone page connects with its token and gets the snapshot then its ticket."""
        token = (auth or {}).get("token") if isinstance(auth, dict) else None
        token = token or request.args.get("token", "")
        visit = latest_visit_for_token(db.session, token)
        if visit is None:
            raise ConnectionRefusedError("unknown ticket")
        join_room(token_room(token))
        join_room(site_room(visit.site.code))
        emit("queue_snapshot", snapshot_for(self.namespace, visit.site.code))
        emit("ticket_updated", ticket_view(db.session, visit, clock(), fairness_rule(), base_url()))


def register_namespaces(socketio: Any) -> None:
    socketio.on_namespace(PublicNamespace("/display"))
    socketio.on_namespace(PublicNamespace("/kiosk"))
    socketio.on_namespace(AgentNamespace("/agent"))
    socketio.on_namespace(TicketNamespace("/ticket"))
