"""Transports: URL parsing, and raw TCP against the emulator on a real 127.0.0.1 socket."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from printers.emulator import EmulatorMode, PrinterEmulator
from printers.model import PrinterProfile, PrinterState, TicketPrintout
from printers.render import render_ticket
from printers.transport import (
    EscposTransport,
    FileTransport,
    MemoryTransport,
    PrinterUnavailable,
    TcpTransport,
    transport_from_url,
)

StartEmulator = Callable[..., PrinterEmulator]


def free_port() -> int:
    """A port nobody listens on (bound then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_tcp_url_gives_host_port_and_timeout() -> None:
    transport = transport_from_url("tcp://192.168.1.50:9101?timeout=1.5")

    assert isinstance(transport, TcpTransport)
    assert (transport.host, transport.port, transport.timeout) == ("192.168.1.50", 9101, 1.5)


def test_tcp_url_without_port_uses_9100() -> None:
    transport = transport_from_url("tcp://imprimante-accueil")

    assert isinstance(transport, TcpTransport)
    assert transport.port == 9100


def test_file_url_gives_the_device_path() -> None:
    transport = transport_from_url("file:///dev/usb/lp0")

    assert isinstance(transport, FileTransport)
    assert transport.path == Path("/dev/usb/lp0")


def test_usb_url_reads_hexadecimal_vendor_and_product() -> None:
    transport = transport_from_url("usb://04b8:0202")

    assert isinstance(transport, EscposTransport)
    assert transport.kind == "usb"
    assert transport.settings == {"idVendor": 0x04B8, "idProduct": 0x0202}


def test_serial_url_reads_device_and_baudrate() -> None:
    transport = transport_from_url("serial:///dev/ttyUSB0?baudrate=19200")

    assert isinstance(transport, EscposTransport)
    assert transport.settings == {"devfile": "/dev/ttyUSB0", "baudrate": 19200}


def test_memory_url_gives_a_named_fake() -> None:
    transport = transport_from_url("memory://accueil")

    assert isinstance(transport, MemoryTransport)
    assert transport.name == "accueil"


@pytest.mark.parametrize(
    "url",
    ["", "http://printer", "tcp://", "tcp://host:notaport", "usb://04b8", "usb://zz:01", "file://"],
)
def test_bad_urls_raise_value_error_with_an_example(url: str) -> None:
    with pytest.raises(ValueError, match=r"(ex\.|attendu|invalide)"):
        transport_from_url(url)


def test_escpos_transport_without_the_device_is_absent_not_an_exception() -> None:
    transport = EscposTransport("serial", devfile="/dev/nonexistent-printer", baudrate=9600)

    assert transport.status() is PrinterState.absent
    with pytest.raises(PrinterUnavailable):
        transport.send(b"\x1b@")


def test_file_transport_writes_the_job_and_knows_only_presence(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    transport = FileTransport(device)

    assert transport.status() is PrinterState.absent
    transport.send(b"\x1b@hello")

    assert device.read_bytes() == b"\x1b@hello"
    assert transport.status() is PrinterState.unknown


def test_file_transport_in_a_missing_directory_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(PrinterUnavailable):
        FileTransport(tmp_path / "no" / "lp0").send(b"x")


def test_memory_transport_fails_as_many_times_as_told() -> None:
    transport = MemoryTransport()
    transport.fail_next(2)

    for _ in range(2):
        with pytest.raises(PrinterUnavailable):
            transport.send(b"a")
    transport.send(b"b")

    assert transport.jobs == [b"b"]


def test_a_ticket_sent_over_tcp_is_printed_by_the_emulator(
    start_emulator: StartEmulator, make_ticket: Callable[..., TicketPrintout]
) -> None:
    emulator = start_emulator()
    ticket = make_ticket()

    TcpTransport("127.0.0.1", emulator.port, timeout=1.0).send(
        render_ticket(ticket, PrinterProfile())
    )

    assert emulator.wait_for_jobs(1, timeout=2.0)
    assert emulator.jobs[0].qr_payloads == [ticket.tracking_url]
    assert "Sécurité sociale (CPAM)" in emulator.jobs[0].lines


@pytest.mark.parametrize(
    ("mode", "state"),
    [
        ("ready", PrinterState.ready),
        ("paper_near_end", PrinterState.paper_near_end),
        ("paper_out", PrinterState.paper_out),
        ("cover_open", PrinterState.cover_open),
        ("offline", PrinterState.offline),
    ],
)
def test_tcp_status_reads_each_emulator_mode(
    start_emulator: StartEmulator, mode: EmulatorMode, state: PrinterState
) -> None:
    emulator = start_emulator(mode)

    assert TcpTransport("127.0.0.1", emulator.port, timeout=1.0).status() is state
    assert emulator.jobs == []


def test_status_changes_when_the_mode_changes_at_run_time(start_emulator: StartEmulator) -> None:
    emulator = start_emulator()
    transport = TcpTransport("127.0.0.1", emulator.port, timeout=1.0)

    emulator.mode = "paper_out"
    assert transport.status() is PrinterState.paper_out
    emulator.mode = "ready"
    assert transport.status() is PrinterState.ready


def test_nothing_listening_is_absent(start_emulator: StartEmulator) -> None:
    transport = TcpTransport("127.0.0.1", free_port(), timeout=1.0)

    assert transport.status() is PrinterState.absent
    with pytest.raises(PrinterUnavailable) as raised:
        transport.send(b"\x1b@")
    assert raised.value.state is PrinterState.absent


def test_a_silent_printer_is_unknown_not_absent_nor_an_error(start_emulator: StartEmulator) -> None:
    # A printer that takes the connection but never answers a status query prints all the
    # same: it is "unknown" (still sent tickets), never "absent". The query gives up after
    # the transport's timeout (its cost is measured by bench/printing.py).
    emulator = start_emulator("silent")

    state = TcpTransport("127.0.0.1", emulator.port, timeout=0.2).status()

    assert state is PrinterState.unknown


def test_a_silent_printer_still_prints(start_emulator: StartEmulator) -> None:
    emulator = start_emulator("silent")

    TcpTransport("127.0.0.1", emulator.port, timeout=0.2).send(b"\x1b@\x1bt\x10Bonjour\n")

    assert emulator.wait_for_jobs(1, timeout=2.0)
    assert emulator.jobs[0].lines == ["Bonjour"]
