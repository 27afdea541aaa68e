"""The emulated network printer: held jobs, saved files, and its command line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from printers.emulator import PrinterEmulator, decode_escpos
from printers.model import PrinterProfile, TicketPrintout
from printers.render import render_ticket
from printers.transport import TcpTransport

StartEmulator = Callable[..., PrinterEmulator]
MakeTicket = Callable[..., TicketPrintout]
REPOSITORY = Path(__file__).resolve().parents[2]


def test_jobs_sent_while_out_of_paper_print_after_reload_in_order(
    start_emulator: StartEmulator, make_ticket: MakeTicket
) -> None:
    emulator = start_emulator("paper_out")
    transport = TcpTransport("127.0.0.1", emulator.port, timeout=1.0)
    for number in ("A-001", "A-002"):
        transport.send(render_ticket(make_ticket(number=number), PrinterProfile()))

    assert emulator.jobs == []
    assert emulator.held_jobs == 2
    emulator.mode = "ready"

    assert emulator.wait_for_jobs(2, timeout=2.0)
    assert [job.large_text for job in emulator.jobs] == [["A-001"], ["A-002"]]
    assert emulator.held_jobs == 0


def test_status_requests_inside_a_job_are_answered_and_not_printed(
    start_emulator: StartEmulator,
) -> None:
    emulator = start_emulator("paper_near_end")
    with socket.create_connection(("127.0.0.1", emulator.port), timeout=1.0) as connection:
        connection.sendall(b"\x1b@Bonjour\n\x10\x04\x04")
        reply = connection.recv(1)
        connection.sendall(b"Au revoir\n")

    assert reply == b"\x1e"
    assert emulator.wait_for_jobs(1, timeout=2.0)
    assert emulator.jobs[0].lines == ["Bonjour", "Au revoir"]


def test_each_job_is_saved_as_numbered_text_and_png(
    start_emulator: StartEmulator, make_ticket: MakeTicket, tmp_path: Path
) -> None:
    emulator = start_emulator(output_dir=tmp_path)
    transport = TcpTransport("127.0.0.1", emulator.port, timeout=1.0)
    transport.send(render_ticket(make_ticket(), PrinterProfile()))
    transport.send(render_ticket(make_ticket(number="A-043"), PrinterProfile(qr_mode="image")))

    assert emulator.wait_for_jobs(2, timeout=2.0)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "0001.png",
        "0001.txt",
        "0002.png",
        "0002.txt",
    ]
    assert "Sécurité sociale (CPAM)" in (tmp_path / "0001.txt").read_text(encoding="utf-8")
    assert (tmp_path / "0001.png").read_bytes().startswith(b"\x89PNG")


def test_a_restarted_emulator_continues_the_file_numbering(
    start_emulator: StartEmulator, tmp_path: Path
) -> None:
    (tmp_path / "0007.txt").write_text("earlier run", encoding="utf-8")
    emulator = start_emulator(output_dir=tmp_path)

    TcpTransport("127.0.0.1", emulator.port, timeout=1.0).send(b"\x1b@Suite\n")

    assert emulator.wait_for_jobs(1, timeout=2.0)
    assert (tmp_path / "0008.txt").read_text(encoding="utf-8").strip() == "Suite"


def test_decoder_skips_unknown_commands_and_truncated_data() -> None:
    decoded = decode_escpos(b"\x1b@\x1bt\x10\x1b\x99Salut\n\x1d(k\x40\x00\x31\x50")

    assert decoded.codepage_slot == 16
    assert "Salut" in decoded.lines
    assert not decoded.cut


def test_command_line_prints_jobs_changes_mode_and_stops_on_ctrl_c(
    make_ticket: MakeTicket, tmp_path: Path
) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    process = subprocess.Popen(
        [sys.executable, "-m", "printers.emulator", "--port", "0", "--output-dir", str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=REPOSITORY,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        banner = process.stdout.readline()
        port = int(banner.split(":")[1].split(",")[0])
        TcpTransport("127.0.0.1", port, timeout=1.0).send(
            render_ticket(make_ticket(), PrinterProfile())
        )
        job_line = process.stdout.readline()
        process.stdin.write("paper_out\n")
        process.stdin.flush()
        mode_line = process.stdout.readline()
    finally:
        process.send_signal(signal.SIGINT)
        try:  # a generous bound for a loaded machine; never leave the process behind
            exit_code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        finally:
            process.stdin.close()
            process.stdout.close()

    assert "mode ready" in banner
    assert job_line.startswith("0001  A-042")
    assert mode_line.strip() == "Mode : paper_out"
    assert exit_code == 0
