"""A real server (gevent) answers 413 to a huge anonymous post before reading it."""

from __future__ import annotations

import socket

import pytest
import requests

from tests.live import LiveServer

pytestmark = pytest.mark.slow


def test_a_hundred_megabytes_announced_get_413_after_a_few_hundred_kilobytes(tmp_path):
    with LiveServer(tmp_path) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=20) as connection:
            connection.sendall(
                b"POST /api/v1/tickets HTTP/1.1\r\n"
                b"Host: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\n"
                b"Content-Length: 104857600\r\n\r\n"
            )
            connection.sendall(b"x" * 256 * 1024)  # a quarter of a megabyte of the hundred
            answer = b""
            while b"}" not in answer.partition(b"\r\n\r\n")[2]:  # the JSON body, whole
                chunk = connection.recv(4096)
                if not chunk:
                    break
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 413")
        assert b'"too_large"' in answer
        # The server is still serving everyone else.
        assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200
