"""The floor: a bare Flask-SocketIO server doing the same insert and emit, nothing else.

Run as `python -m bench.floor_server --port N`; the realtime benchmark compares Accueil to it.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import sqlalchemy as sa  # noqa: E402
from flask import Flask, jsonify  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

from server.serve import run  # noqa: E402


def build(database: Path) -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent")
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.exec_driver_sql(
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY, number TEXT, status TEXT, at TEXT)"
        )

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    @app.post("/tickets")
    def issue():
        with engine.begin() as connection:
            ticket_id = connection.execute(
                sa.text("INSERT INTO tickets (number, status, at) VALUES ('', 'waiting', :at)"),
                {"at": datetime.now(UTC).isoformat()},
            ).lastrowid
            number = f"C{ticket_id:03d}"
            connection.execute(
                sa.text("UPDATE tickets SET number = :n WHERE id = :id"),
                {"n": number, "id": ticket_id},
            )
        socketio.emit("queue_changed", {"number": number}, namespace="/display")
        return jsonify(id=ticket_id, number=number), 201

    @app.post("/clear")
    def clear():
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE tickets SET status = 'cancelled' WHERE status = 'waiting'")
            )
        return "", 204

    @app.post("/call")
    def call():
        with engine.begin() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT id, number FROM tickets WHERE status = 'waiting' ORDER BY id LIMIT 1"
                )
            ).first()
            if row is None:
                return "", 204
            connection.execute(
                sa.text("UPDATE tickets SET status = 'called' WHERE id = :id"), {"id": row.id}
            )
        socketio.emit(
            "ticket_called",
            {"number": row.number, "called_at": datetime.now(UTC).isoformat()},
            namespace="/display",
        )
        return jsonify(number=row.number)

    @socketio.on("connect", namespace="/display")
    def connect(auth=None):
        return True

    return app, socketio


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5099)
    args = parser.parse_args(argv)
    app, socketio = build(Path(tempfile.mkdtemp()) / "floor.db")
    run(app, "127.0.0.1", args.port, socketio=socketio)


if __name__ == "__main__":
    main(sys.argv[1:])
