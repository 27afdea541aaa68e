"""`make test` runs the suite on two pytest-xdist workers (gw0, gw1). Each worker gets its own
PostgreSQL database and Redis database, so tests that reset or fill them never meet the other
worker's. SQLite files, instance directories and ports are already per test (tmp_path,
free_port). Without xdist nothing changes.
"""

from __future__ import annotations

import os
import time

REDIS_DATABASES = 16  # Redis' default


def worker_index() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"...
    return int(worker[2:]) if worker.startswith("gw") else None


def worker_database_url(url: str, index: int) -> str:
    """postgresql+psycopg://postgres@host/test -> .../test_gw<index>, created when missing
    (from the server's `postgres` database, with the same credentials)."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_gw{index}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(10):
            with admin.connect() as connection:
                exists = connection.scalar(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                )
                if exists:
                    break
                try:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
                    break
                except sa.exc.OperationalError:  # template1 busy with another CREATE DATABASE
                    if attempt == 9:
                        raise
                    time.sleep(0.2)
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def worker_redis_url(url: str, index: int, workers: int) -> str:
    """redis://host:6379/N -> the database N + index * 16 / workers (mod 16): with two workers
    N and N + 8, so the workers of one run never share one, nor do two runs whose own numbers
    are under 8 apart."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    shifted = (number + index * (REDIS_DATABASES // max(workers, 1))) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{shifted}"))


def isolate_worker() -> None:
    """Point this worker's tests (and the servers they start) at its own databases."""
    index = worker_index()
    if index is None:
        return
    database = os.environ.get("ACCUEIL_TEST_DATABASE_URL")
    if database:
        os.environ["ACCUEIL_TEST_DATABASE_URL"] = worker_database_url(database, index)
    redis_url = os.environ.get("ACCUEIL_TEST_REDIS_URL")
    if redis_url:
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "2"))
        os.environ["ACCUEIL_TEST_REDIS_URL"] = worker_redis_url(redis_url, index, workers)
