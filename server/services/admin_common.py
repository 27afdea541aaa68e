"""What the back-office use cases share: the unit of work on the real session, plain checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from server.services.errors import ServiceError
from server.services.transaction import writing


@contextmanager
def change(session: Session) -> Iterator[Session]:
    """A back-office change: one `writing()` unit of work (joined if one is already open)."""
    with writing(session) as inside:
        yield inside


def text(value: Any, field: str, label: str, *, maximum: int, required: bool = True) -> str:
    """A trimmed string, or a 400 that names the field and says what is expected."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ServiceError(f"{label} : du texte est attendu", field=field)
    value = value.strip()
    if required and not value:
        raise ServiceError(f"{label} : obligatoire", field=field)
    if len(value) > maximum:
        raise ServiceError(f"{label} : {maximum} caractères au plus", field=field)
    return str(value)


def flag(value: Any, field: str, label: str) -> bool:
    if not isinstance(value, bool):
        raise ServiceError(f"{label} : oui ou non (true/false)", field=field)
    return value


def codes(value: Any, field: str, label: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ServiceError(f"{label} : une liste de codes est attendue", field=field)
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))
