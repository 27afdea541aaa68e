"""ESC/POS ticket printers: rendering, status, transports, spooler and emulator (no Flask)."""

from printers.model import (
    ChecklistPrintout,
    PrinterProfile,
    PrinterState,
    TicketPrintout,
    can_print,
)
from printers.render import render_checklist, render_ticket
from printers.spooler import (
    JobStore,
    MemoryJobStore,
    PrintJob,
    PrintResult,
    RetryPolicy,
    Spooler,
)
from printers.status import STATUS_REQUESTS, parse_status
from printers.transport import (
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
