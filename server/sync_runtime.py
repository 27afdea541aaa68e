"""The itinerant laptop's synchronisation with the central server, over HTTP: in the background
while the server runs (every SYNC_INTERVAL_SECONDS, when a central is configured), on demand
from the console ("Synchroniser maintenant") and from `accueil sync`.

Nothing here is needed during a session: when the central cannot be reached, the attempt is
recorded with its reason, nothing is marked as sent, and the next attempt tries again.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from server.extensions import db, socketio
from server.services.sync_laptop import PushReport, SyncFailed, Transport, push, record_attempt

EXTENSION = "accueil.sync"
log = logging.getLogger("accueil.sync")


class HttpTransport:
    """The central's /api/v1/sync endpoints, with the laptop's bearer token."""

    def __init__(self, central_url: str, token: str, timeout: float = 20.0) -> None:
        self.central_url = central_url
        self.base = central_url.rstrip("/") + "/api/v1/sync"
        self.token = token
        self.timeout = timeout

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", "/push", body)

    def pull(self, site_code: str) -> dict[str, Any]:
        return self._call("GET", f"/pull?site={site_code}", None)

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        try:
            request = urllib.request.Request(
                self.base + path,
                data=data,
                method=method,
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
        except ValueError:  # not a URL at all (a mistyped ACCUEIL_CENTRAL_URL)
            raise SyncFailed(
                f"adresse du serveur central invalide : « {self.central_url} » "
                "(attendu http://… ou https://…)"
            ) from None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SyncFailed(_refusal(error), error.code) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise SyncFailed(f"serveur central injoignable ({reason})") from None
        except ValueError:
            raise SyncFailed("réponse illisible du serveur central") from None
        if not isinstance(answer, dict):
            raise SyncFailed("réponse illisible du serveur central")
        return answer


def _refusal(error: urllib.error.HTTPError) -> str:
    try:
        message = json.loads(error.read() or b"{}").get("error", {}).get("message")
    except (ValueError, AttributeError):
        message = None
    if error.code == 401:
        return f"jeton de synchronisation refusé par le serveur central ({message or '401'})"
    if error.code == 403:
        return f"le serveur central refuse ce site ({message or '403'})"
    if error.code >= 500:
        return f"erreur du serveur central ({error.code}), réessayez plus tard"
    return f"le serveur central a refusé l'envoi ({error.code}) : {message or error.reason}"


@dataclass(frozen=True)
class Settings:
    site_code: str
    central_url: str
    token: str


class SyncRuntime:
    def __init__(self, app: Any) -> None:
        self.app = app
        self._lock = threading.Lock()  # one run at a time in this process
        self._starting = threading.Lock()
        self._requested = threading.Event()
        self._task: Any = None
        self._stopping = threading.Event()

    def settings(self) -> Settings | None:
        """The central and the token: ACCUEIL_CENTRAL_URL / ACCUEIL_SYNC_TOKEN, else what
        `accueil init` saved. None when this server is not a laptop of a central."""
        from server.context import home_site
        from server.services.lookup import site_by_code
        from server.services.sync_laptop import sync_state
        from server.services.transaction import reading

        with self.app.app_context():
            try:
                with reading(db.session):
                    code = home_site()
                    state = sync_state(db.session, site_by_code(db.session, code))
                    url = self.app.config.get("CENTRAL_URL") or (state.central_url if state else "")
                    token = self.app.config.get("SYNC_TOKEN") or (state.token if state else "")
            except Exception:  # no site yet, no table yet: not configured
                return None
            finally:
                db.session.remove()
        return Settings(code, url, token) if url else None

    def transport(self, settings: Settings) -> Transport:
        factory = self.app.extensions.get("accueil.sync_transport")
        if factory is not None:  # tests: the central app in the same process
            return factory(settings)  # type: ignore[no-any-return]
        return HttpTransport(settings.central_url, settings.token)

    def run_once(self, resend: bool = False) -> PushReport:
        """Push what is pending (everything with `resend`), then pull the catalogue; raise
        SyncFailed with the reason."""
        settings = self.settings()
        if settings is None:
            raise SyncFailed(
                "synchronisation non configurée : donnez l'adresse du serveur central "
                "(ACCUEIL_CENTRAL_URL ou `accueil init --central-url`)"
            )
        if not settings.token:
            raise SyncFailed(
                "jeton de synchronisation manquant (`accueil init --sync-token` ou "
                "ACCUEIL_SYNC_TOKEN ; le créer sur le serveur central : `accueil sync token SITE`)"
            )
        clock = self.app.extensions["accueil.clock"]
        transport = self.transport(settings)
        if not self._lock.acquire(blocking=False):
            raise SyncFailed("une synchronisation est déjà en cours, réessayez dans un instant")
        try:
            return self._push_and_pull(settings, transport, clock, resend)
        finally:
            self._lock.release()

    def _push_and_pull(
        self, settings: Settings, transport: Transport, clock: Any, resend: bool = False
    ) -> PushReport:
        from server.services.lookup import site_by_code

        with self.app.app_context():
            try:
                site = site_by_code(db.session, settings.site_code)
                if resend:
                    from server.services.sync_laptop import forget_everything_sent

                    forget_everything_sent(db.session)
                report = PushReport()
                try:
                    push(db.session, site, transport, clock, report)
                except SyncFailed as failure:
                    # A refusal (a request the central lacks) still lets the catalogue come
                    # down, which may be what unblocks the next push; an unreachable central
                    # is not asked twice.
                    pulled = failure.status not in (None, 401, 403) and self._pull_quietly(
                        site, transport
                    )
                    record_attempt(
                        db.session,
                        site,
                        clock,
                        error=failure.message,
                        pushed=report.total,
                        pulled=pulled,
                    )
                    raise
                try:
                    self._after_push(site, transport)
                except SyncFailed as failure:
                    record_attempt(
                        db.session, site, clock, error=failure.message, pushed=report.total
                    )
                    raise
                record_attempt(db.session, site, clock, pushed=report.total, pulled=True)
                return report
            finally:
                db.session.remove()

    def _pull_quietly(self, site: Any, transport: Transport) -> bool:
        try:
            self._after_push(site, transport)
        except SyncFailed:
            return False
        return True

    def _after_push(self, site: Any, transport: Transport) -> None:
        """Take the central's catalogue, agents and highlights; tell the screens."""
        from server.realtime.broadcasts import publish
        from server.services.errors import ServiceError
        from server.services.sync_pull import apply_pull

        payload = transport.pull(site.code)
        try:
            events = apply_pull(db.session, site, payload)
        except ServiceError as error:
            raise SyncFailed(f"réponse du serveur central refusée : {error.message}") from None
        publish(events)

    @property
    def running(self) -> bool:
        return self._lock.locked() or self._requested.is_set()

    def start_now(self) -> bool:
        """ "Synchroniser maintenant": a run in the background; False if one is under way."""
        if self.running:
            return False
        self._requested.set()  # running from now on, before the task is even scheduled
        socketio.start_background_task(self._run_quietly, requested=True)
        return True

    def _run_quietly(self, requested: bool = False) -> None:
        try:
            self.run_once()
        except SyncFailed as failure:  # recorded in the status the console reads
            log.info("sync failed: %s", failure.message)
        except Exception:
            log.exception("sync failed")
        finally:
            if requested:
                self._requested.clear()

    def autostart(self) -> None:
        """before_request hook: the background sync starts with the server's first request."""
        if self._task is None and self.app.config.get("SYNC_AUTOSTART"):
            with self._starting:
                if self._task is None:
                    self._stopping.clear()
                    self._task = socketio.start_background_task(self._loop)

    def _loop(self) -> None:
        interval = float(self.app.config["SYNC_INTERVAL_SECONDS"])
        while not self._stopping.is_set():
            if self.settings() is not None:
                self._run_quietly()  # a failure is logged and tried again next time
            socketio.sleep(interval)

    def stop(self) -> None:
        self._stopping.set()


def install(app: Any) -> None:
    runtime = SyncRuntime(app)
    app.extensions[EXTENSION] = runtime
    app.before_request(runtime.autostart)
