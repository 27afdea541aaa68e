"""How bytes reach a printer: raw TCP, a device file, python-escpos USB/serial, or memory."""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import parse_qs, urlsplit

from printers.model import PrinterState
from printers.status import STATUS_REQUESTS, parse_status


class PrinterUnavailable(Exception):
    """The job could not be handed to the printer; `state` says what we learned doing so."""

    def __init__(self, message: str, state: PrinterState = PrinterState.absent) -> None:
        super().__init__(message)
        self.state = state


class Transport(Protocol):
    """A printer connection: send one whole job, or ask how the printer is."""

    def send(self, data: bytes) -> None:
        """Deliver one complete job or raise PrinterUnavailable."""
        ...

    def status(self) -> PrinterState:
        """Ask the printer for its state; never raises."""
        ...


class TcpTransport:
    """A network printer on raw port 9100: one short connection per job or status query."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 3.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"TcpTransport({self.host!r}, {self.port})"

    def _connect(self) -> socket.socket:
        """Open a connection or raise PrinterUnavailable saying the printer is absent."""
        try:
            connection = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            # Refused, unreachable, unknown name or no answer at all: nobody is there to print.
            raise PrinterUnavailable(f"{self!r}: {error}", PrinterState.absent) from error
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def send(self, data: bytes) -> None:
        """Connect, send the whole job, and close cleanly so no byte is lost in flight."""
        with self._connect() as connection:
            try:
                connection.sendall(data)
                connection.shutdown(socket.SHUT_WR)
                self._drain(connection)
            except OSError as error:
                raise PrinterUnavailable(f"{self!r}: {error}", PrinterState.offline) from error

    def _drain(self, connection: socket.socket) -> None:
        """Read what the printer sent back before closing.

        Closing with unread bytes makes the kernel reset the connection, which can discard the
        tail of the job; the printer normally closes as soon as it has read our end-of-data.
        A reset from the printer instead means it lost the job, so that one propagates.
        """
        deadline = time.monotonic() + min(self.timeout, 0.5)
        while (remaining := deadline - time.monotonic()) > 0:
            connection.settimeout(remaining)
            try:
                if not connection.recv(256):
                    return
            except TimeoutError:
                return  # some printers keep the connection open; they have the data anyway

    def status(self) -> PrinterState:
        """Ask DLE EOT 1..4 one at a time; stop at the first silence (unknown)."""
        try:
            connection = self._connect()
        except PrinterUnavailable as unavailable:
            return unavailable.state
        replies: dict[int, bytes] = {}
        with connection:
            try:
                for n, request in STATUS_REQUESTS.items():
                    connection.sendall(request)
                    reply = connection.recv(1)
                    if not reply:
                        return PrinterState.unknown
                    replies[n] = reply
            except OSError:
                return PrinterState.unknown
        return parse_status(replies)


class FileTransport:
    """A printer exposed as a device file (e.g. /dev/usb/lp0) by the operating system."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"FileTransport({str(self.path)!r})"

    def send(self, data: bytes) -> None:
        """Write the whole job to the device file."""
        try:
            with self.path.open("wb") as device:
                device.write(data)
        except OSError as error:
            raise PrinterUnavailable(f"{self!r}: {error}", PrinterState.absent) from error

    def status(self) -> PrinterState:
        """The file can only tell us whether the device is plugged in."""
        return PrinterState.unknown if self.path.exists() else PrinterState.absent


def _escpos_cache_dir() -> str:
    """A stable, existing directory for python-escpos's capabilities pickle."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidate = Path(base) / "accueil" / "escpos"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
    except OSError:
        candidate = Path(tempfile.gettempdir()) / "accueil-escpos"
        candidate.mkdir(parents=True, exist_ok=True)
    return str(candidate)


def _before_escpos_loads() -> None:
    """Without ESCPOS_CAPABILITIES_PICKLE_DIR, every `import escpos` leaves a fresh mkdtemp()
    directory in /tmp: point it at one cache folder, at the first USB or serial printer opened
    (not when this package is imported)."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _escpos_cache_dir()


class EscposTransport:
    """A USB or serial printer driven by python-escpos, opened only when first needed."""

    def __init__(self, kind: Literal["usb", "serial"], **settings: Any) -> None:
        self.kind = kind
        self.settings = settings

    def __repr__(self) -> str:
        return f"EscposTransport({self.kind!r}, {self.settings!r})"

    def _open(self) -> Any:
        """Build and open the python-escpos printer (imports escpos only now)."""
        _before_escpos_loads()
        try:
            if self.kind == "usb":
                from escpos.printer import Usb

                printer: Any = Usb(**self.settings)
            else:
                from escpos.printer import Serial

                printer = Serial(**self.settings)
            printer.open()
        except Exception as error:  # python-escpos raises many kinds, incl. missing drivers
            raise PrinterUnavailable(f"{self!r}: {error}", PrinterState.absent) from error
        return printer

    def send(self, data: bytes) -> None:
        """Open, write the job raw, close, so another process can use the device in between."""
        printer = self._open()
        try:
            printer._raw(data)
        except Exception as error:
            raise PrinterUnavailable(f"{self!r}: {error}", PrinterState.offline) from error
        finally:
            _close_quietly(printer)

    def status(self) -> PrinterState:
        """Query DLE EOT 1..4 through python-escpos; unknown if the device cannot answer."""
        try:
            printer = self._open()
        except PrinterUnavailable as unavailable:
            return unavailable.state
        try:
            replies = {
                n: bytes(printer.query_status(request)) for n, request in STATUS_REQUESTS.items()
            }
        except Exception:
            return PrinterState.unknown
        finally:
            _close_quietly(printer)
        return parse_status(replies)


def _close_quietly(printer: Any) -> None:
    """Closing a device that already went away must not hide the real outcome."""
    try:
        printer.close()
    except Exception:
        return


class MemoryTransport:
    """The fake printer: records jobs, reports a settable state, can be told to fail."""

    def __init__(self, name: str = "memory", state: PrinterState = PrinterState.ready) -> None:
        self.name = name
        self.state = state
        self.jobs: list[bytes] = []
        self.failures_left = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryTransport({self.name!r})"

    def fail_next(self, count: int = 1) -> None:
        """Make the next `count` sends raise PrinterUnavailable."""
        with self._lock:
            self.failures_left = count

    def send(self, data: bytes) -> None:
        """Record the job, unless told to fail or in a state that cannot take it."""
        with self._lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                raise PrinterUnavailable(f"{self!r}: simulated failure", PrinterState.offline)
            if self.state is PrinterState.absent:
                raise PrinterUnavailable(f"{self!r}: absent", PrinterState.absent)
            self.jobs.append(data)

    def status(self) -> PrinterState:
        """The state the test set."""
        return self.state


def transport_from_url(url: str) -> Transport:
    """Build a transport from tcp://, file://, usb://VID:PID, serial://… or memory://name."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "tcp":
        if not parts.hostname:
            raise ValueError(f"Adresse d'imprimante sans hôte : {url!r} (ex. tcp://10.0.0.5:9100)")
        try:
            port = parts.port or 9100
        except ValueError as error:
            raise ValueError(f"Port d'imprimante invalide dans {url!r}") from error
        timeout = _float_query(parts.query, "timeout", 3.0, url)
        return TcpTransport(parts.hostname, port, timeout)
    if scheme == "file":
        if not parts.path:
            raise ValueError(f"Chemin de périphérique manquant : {url!r} (ex. file:///dev/usb/lp0)")
        return FileTransport(parts.path)
    if scheme == "usb":
        vendor_id, product_id = _usb_ids(parts.netloc or parts.path.lstrip("/"), url)
        return EscposTransport("usb", idVendor=vendor_id, idProduct=product_id)
    if scheme == "serial":
        if not parts.path:
            raise ValueError(f"Port série manquant : {url!r} (ex. serial:///dev/ttyUSB0)")
        baudrate = int(_float_query(parts.query, "baudrate", 9600, url))
        return EscposTransport("serial", devfile=parts.path, baudrate=baudrate)
    if scheme == "memory":
        return MemoryTransport(parts.netloc or parts.path or "memory")
    raise ValueError(
        f"Adresse d'imprimante non reconnue : {url!r} "
        "(attendu tcp://hôte:port, file:///dev/usb/lp0, usb://VID:PID, "
        "serial:///dev/ttyUSB0?baudrate=19200 ou memory://nom)"
    )


HOSTNAME = re.compile(
    r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
)
ALLOWED_SHAPES = (
    "attendu tcp://hôte:port (ex. tcp://10.0.0.5:9100), ou en développement "
    "file:// dans le dossier de l'instance"
)


def _refuse(url: str, why: str) -> ValueError:
    return ValueError(f"Adresse d'imprimante refusée : {why} ({ALLOWED_SHAPES}).")


def allowed_transport(url: str, file_root: Path | None) -> Transport:
    """A transport for the addresses a site may give a printer, and only those.

    `tcp://host:port` to a host name or an IP address (port 1-65535, default 9100; only the
    `timeout` option), or, for development, `file://` to a file inside `file_root` (the instance
    folder), after resolving '..' and symbolic links; re-checked before each write. Anything
    else (another file of the server, a device, a URL with a user or a path) is a ValueError.
    """
    text = url.strip()
    if any(ord(char) < 32 for char in text):
        raise _refuse(url, "caractère de contrôle")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "tcp":
        if parts.username is not None or parts.password is not None or parts.fragment:
            raise _refuse(url, "ni identifiant ni fragment")
        if parts.path not in ("", "/"):
            raise _refuse(url, "pas de chemin après l'hôte")
        host = parts.hostname or ""
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if not HOSTNAME.fullmatch(host):
                raise _refuse(url, f"hôte invalide {host!r}") from None
        try:
            port = parts.port if parts.port is not None else 9100
        except ValueError:
            raise _refuse(url, "port invalide") from None
        if not 1 <= port <= 65535:
            raise _refuse(url, "port de 1 à 65535")
        if set(parse_qs(parts.query)) - {"timeout"}:
            raise _refuse(url, "seule l'option timeout est permise")
        return transport_from_url(text)
    if scheme == "file":
        if file_root is None:
            raise _refuse(url, "file:// n'est pas permis ici")
        if parts.netloc not in ("", "localhost") or parts.query or parts.fragment:
            raise _refuse(url, "file:// sans hôte ni option")
        root = file_root.resolve()
        path = _confined(Path(parts.path), root)
        if path is None:
            raise _refuse(url, "ce fichier est hors du dossier de l'instance")
        return ConfinedFileTransport(path, root)
    raise _refuse(url, f"schéma {scheme or 'absent'} non permis")


def _confined(path: Path, root: Path) -> Path | None:
    """The path with '..' and links resolved, if it is inside root; else None."""
    if not path.is_absolute():
        return None
    resolved = path.resolve()
    return resolved if resolved.is_relative_to(root) and resolved != root else None


class ConfinedFileTransport(FileTransport):
    """A file printer for development that never writes outside its folder, even if a link is
    swapped in after the address was accepted."""

    def __init__(self, path: str | Path, root: Path) -> None:
        super().__init__(path)
        self.root = root

    def send(self, data: bytes) -> None:
        if _confined(self.path, self.root) is None:
            raise PrinterUnavailable(
                f"{self!r}: hors du dossier de l'instance", PrinterState.absent
            )
        super().send(data)


def _usb_ids(text: str, url: str) -> tuple[int, int]:
    """Parse 'VID:PID' written in hexadecimal, with or without 0x."""
    vendor, separator, product = text.partition(":")
    try:
        if not separator:
            raise ValueError(text)
        return int(vendor, 16), int(product, 16)
    except ValueError as error:
        raise ValueError(
            f"Identifiants USB invalides dans {url!r} (ex. usb://04b8:0202)"
        ) from error


def _float_query(query: str, key: str, default: float, url: str) -> float:
    """One numeric query parameter, with a clear message when it is not a number."""
    values = parse_qs(query).get(key)
    if not values:
        return default
    try:
        return float(values[0])
    except ValueError as error:
        raise ValueError(f"Paramètre {key} invalide dans {url!r}") from error
