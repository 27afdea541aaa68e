"""ESC/POS ticket printers: rendering, status, transports, spooler and emulator (no Flask)."""

import os
import tempfile
from pathlib import Path


def _escpos_cache_dir() -> str:
    """Return a stable, existing directory for python-escpos's capabilities pickle."""
    # Without this variable, every `import escpos` leaves a fresh mkdtemp() directory in /tmp.
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidate = Path(base) / "accueil" / "escpos"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
    except OSError:
        candidate = Path(tempfile.gettempdir()) / "accueil-escpos"
        candidate.mkdir(parents=True, exist_ok=True)
    return str(candidate)


if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _escpos_cache_dir()

from printers.model import (  # noqa: E402  (the environment must be set before escpos loads)
    ChecklistPrintout,
    PrinterProfile,
    PrinterState,
    TicketPrintout,
    can_print,
)
from printers.render import render_checklist, render_ticket  # noqa: E402
from printers.spooler import (  # noqa: E402
    JobStore,
    MemoryJobStore,
    PrintJob,
    PrintResult,
    RetryPolicy,
    Spooler,
)
from printers.status import STATUS_REQUESTS, parse_status  # noqa: E402
from printers.transport import (  # noqa: E402
    EscposTransport,
    FileTransport,
    MemoryTransport,
    PrinterUnavailable,
    TcpTransport,
    Transport,
    transport_from_url,
)

__all__ = [
    "STATUS_REQUESTS",
    "ChecklistPrintout",
    "EscposTransport",
    "FileTransport",
    "JobStore",
    "MemoryJobStore",
    "MemoryTransport",
    "PrintJob",
    "PrintResult",
    "PrinterProfile",
    "PrinterState",
    "PrinterUnavailable",
    "RetryPolicy",
    "Spooler",
    "TcpTransport",
    "TicketPrintout",
    "Transport",
    "can_print",
    "parse_status",
    "render_checklist",
    "render_ticket",
    "transport_from_url",
]
