"""Input that never breaks anything: every poison class gets a clear 4xx JSON answer.

Each test names the guard it proves; removing the guard (server/guards.py) turns it red.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

POISONS = {
    "deeply nested": "[" * 5000 + "]" * 5000,
    "nested object": '{"a":' * 200 + "1" + "}" * 200,
    "lone surrogate": '{"service": "\\ud800", "name": "\\udfff", "label": "\\ud83d"}',
    "NUL byte": '{"service": "caf\\u0000", "name": "a\\u0000b", "label": "x\\u0000"}',
    "NUL in a key": '{"a\\u0000": 1}',
    "not JSON": '{"service": ',
    "NaN": '{"service": NaN}',
    "huge number": '{"capacity": 1' + "0" * 40 + ', "weekday": 1e999}',
    "invalid UTF-8": b'{"service": "\xff\xfe"}',
}


def api_writes(app: Any) -> list[tuple[str, str]]:
    """Every POST/PUT/PATCH route of the API, with its path arguments filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<[^>]+>", "demo", path)
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH"}):
            routes.append((method, path))
    return routes


@pytest.mark.parametrize("poison", list(POISONS))
def test_poisoned_json_on_every_write_route_is_a_clear_400(app, login, poison):
    admin = login("demo1")
    body = POISONS[poison]
    data = body if isinstance(body, bytes) else body.encode()
    for method, path in api_writes(app):
        response = admin.open(path, method=method, data=data, content_type="application/json")
        assert response.status_code == 400, (method, path, response.status_code, response.data)
        error = response.json["error"]
        assert error["message"] and not error["message"].startswith("Traceback"), (path, error)


def test_a_lone_surrogate_or_nul_is_refused_before_the_database_sees_it(client):
    for escaped in ("caf\\u0000-rsa", "\\ud800"):
        response = client.post(
            "/api/v1/tickets",
            data='{"service": "' + escaped + '"}',
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json["error"]["code"] == "unstorable_text"
        assert "caractère" in response.json["error"]["message"]


def test_nul_in_a_token_of_the_path_or_the_query_is_refused(client):
    assert client.get("/api/v1/tickets/by-token/ab%00cd").status_code == 400
    assert client.get("/t/ab%00cd").status_code == 404
    assert client.get("/api/v1/queue?site=mde%00").status_code == 400


def test_ids_beyond_the_database_integer_range_are_404_not_500(agent_client):
    for path in (
        "/api/v1/tickets/2147483648/recall",
        "/api/v1/tickets/99999999999999999999999/start",
        "/api/v1/tickets/9223372036854775808/reprint",
    ):
        response = agent_client.post(path, json={})
        assert response.status_code == 404, (path, response.data)
        assert response.json["error"]["code"] == "not_found"
    # The largest id a row can have is still a route (an unknown ticket, 404 too).
    assert agent_client.post("/api/v1/tickets/2147483647/recall", json={}).status_code == 404


class CountingStream(io.RawIOBase):
    """A request body that counts what the server reads of it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.read_bytes

    def seek(self, offset: int, whence: int = 0) -> int:
        # The test client measures the stream (end, then back): that is not reading it.
        self.read_bytes = self.size + offset if whence == 2 else offset
        return self.read_bytes

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = b"x" * count
        self.read_bytes += count
        return count


def test_a_hundred_megabytes_posted_anonymously_are_refused_unread(client):
    stream = CountingStream(100 * 1024 * 1024)
    response = client.post(
        "/api/v1/tickets",
        input_stream=stream,
        content_type="application/json",
        headers={"Content-Length": str(stream.size)},
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
    assert "volumineuse" in response.json["error"]["message"]
    assert stream.read_bytes < 2 * 1024 * 1024  # the server did not read the body


def test_a_body_without_length_is_cut_at_the_limit_too(client):
    stream = CountingStream(50 * 1024 * 1024)
    response = client.post(
        "/api/v1/tickets",
        input_stream=stream,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
    )
    assert response.status_code in (400, 413)
    assert stream.read_bytes < 2 * 1024 * 1024


def test_the_partner_slot_import_may_send_a_whole_file(login):
    admin = login("demo1")
    content = "intitule;jour;debut;fin;semaines;capacite;lieu\n" + "x" * (900 * 1024)
    response = admin.post(
        "/api/v1/permanences/import", json={"filename": "slots.csv", "content": content}
    )
    assert response.status_code == 400  # refused for its content (too long), not its size
    assert response.json["error"]["code"] != "too_large"


def test_an_unexpected_error_is_json_500_without_its_details(app, client, caplog):
    @app.get("/api/v1/test-boom")
    def boom() -> Any:
        raise RuntimeError("0612345678 leaked")

    response = client.get("/api/v1/test-boom")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_error"
    assert "0612345678" not in response.get_data(as_text=True)


def test_a_constraint_the_use_case_did_not_foresee_is_a_409_not_a_500(app, client):
    @app.post("/api/v1/test-twin")
    def twin() -> Any:
        raise IntegrityError("INSERT …", {"login": "0612345678"}, Exception("duplicate key"))

    response = client.post("/api/v1/test-twin", json={})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "duplicate"
    assert "0612345678" not in response.get_data(as_text=True)


def test_duplicate_codes_on_admin_creations_are_refused_clearly(login):
    admin = login("demo1")
    counter = {"code": "bureau-9", "label": "Bureau 9", "kind": "office"}
    assert admin.post("/api/v1/admin/counters", json=counter).status_code == 201
    again = admin.post("/api/v1/admin/counters", json=counter)
    assert again.status_code in (400, 409) and "déjà" in again.json["error"]["message"]
    agent = {"login": "demo2", "name": "Yanis bis", "role": "agent", "pin": "2468"}
    again = admin.post("/api/v1/admin/agents", json=agent)
    assert again.status_code in (400, 409) and "déjà" in again.json["error"]["message"]


def test_a_highlight_picture_of_a_few_megabytes_is_not_refused_for_its_size(login):
    admin = login("demo1")
    picture = "data:image/jpeg;base64," + "A" * (3 * 1024 * 1024)
    response = admin.put("/api/v1/admin/highlights/1/image", json={"image": picture})
    assert response.status_code != 413
    too_big = "data:image/jpeg;base64," + "A" * (7 * 1024 * 1024)
    assert admin.put("/api/v1/admin/highlights/1/image", json={"image": too_big}).status_code == 413


@pytest.mark.postgres
def test_on_postgresql_nul_and_huge_ids_are_refused_cleanly(pg_app):
    client = pg_app.test_client()
    nul = client.post(
        "/api/v1/tickets", data='{"service": "caf\\u0000"}', content_type="application/json"
    )
    assert nul.status_code == 400
    assert client.get("/api/v1/tickets/by-token/abc%00def").status_code == 400
    assert client.get("/api/v1/queue?site=mde%00").status_code == 400
    admin = pg_app.test_client()
    admin.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
    assert admin.post("/api/v1/tickets/2147483648/recall", json={}).status_code == 404
    too_long = admin.post(
        "/api/v1/admin/counters", json={"code": "x" * 500, "label": "L", "kind": "office"}
    )
    assert too_long.status_code == 400
