"""Input that never breaks anything: size limits, JSON that can be stored, ids that fit, and
one JSON answer for every error, never a 500 page or a traceback.

Installed by create_app before any route is registered (the bounded `int` converter must be in
the URL map when the rules are compiled).
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, ValidationError

from server.access_log import mask_secrets

logger = logging.getLogger("accueil.errors")

# Every id column is a 32-bit INTEGER (PostgreSQL's `integer`): a bigger id cannot exist.
MAX_ID = 2**31 - 1
MAX_JSON_DEPTH = 32
# Bodies: 1 MB is a hundred times what any form sends. A few routes carry a file inside their
# JSON: the partner-slot import (an .ics or CSV, up to 512 KB of text), a highlight's picture
# (a data URL of up to 4 MB, base64), a laptop's synchronisation (a table's rows).
MAX_BODY_BYTES = 1024 * 1024
LARGER_BODIES = {
    "/api/v1/permanences/import": 3 * 1024 * 1024,
    "/api/v1/admin/highlights/<int:item_id>/image": 6 * 1024 * 1024,
    "/api/v1/sync/push": 16 * 1024 * 1024,
}

MESSAGES = {
    "too_large": "La requête est trop volumineuse.",
    "invalid_json": "Le corps de la requête n'est pas un JSON valide.",
    "too_deep": "Le JSON est trop imbriqué.",
    "unstorable_text": "Le texte contient un caractère interdit (caractère nul ou "
    "caractère Unicode isolé).",
    "number_out_of_range": "Un nombre est hors des limites acceptées.",
    "duplicate": "Cette valeur existe déjà : choisissez-en une autre.",
    "invalid_value": "Une valeur est invalide ou trop longue.",
    "unavailable": "Le service est momentanément indisponible, réessayez.",
    "internal_error": "Erreur interne du serveur : l'équipe technique peut consulter le journal.",
}


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that only matches ids a database row can have: a bigger one is a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> Any:
        if len(value) > 12:  # no need to build a huge int to refuse it
            raise ValidationError()
        return super().to_python(value)


class InvalidInput(Exception):
    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = field


def _refuse_constant(name: str) -> Any:
    raise InvalidInput("number_out_of_range")  # NaN, Infinity: JSON has no such numbers


def _storable(text: str) -> bool:
    """PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded in UTF-8."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_value(value: Any) -> None:
    """Walk a decoded JSON document without recursion: depth, text and numbers it may hold."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise InvalidInput("too_deep")
            if isinstance(item, dict):
                for key, child in item.items():
                    if not _storable(key):
                        raise InvalidInput(
                            "unstorable_text", key.encode("utf-8", "replace").decode()
                        )
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if not _storable(item):
                raise InvalidInput("unstorable_text")
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) > 2**53:  # beyond what a browser's number holds: never a real input
                raise InvalidInput("number_out_of_range")
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidInput("number_out_of_range")


def decode_json(data: bytes) -> Any:
    """The body as JSON, or InvalidInput; nesting is bounded before the parser recurses."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("invalid_json") from None
    depth = 0
    deepest = 0
    in_string = escaped = False
    for char in text:  # a cheap scan: the C parser would recurse a thousand levels first
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise InvalidInput("too_deep")
        elif char in "]}":
            depth -= 1
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise InvalidInput("invalid_json") from None
    check_value(value)
    return value


def _error(code: str, status: int, **details: Any) -> tuple[Response, int]:
    body = {"error": {"code": code, "message": MESSAGES[code], "details": details}}
    return jsonify(body), status


def _text_ok(values: Any) -> bool:
    return all(_storable(str(value)) for value in values)


def guard_request() -> Any:
    """before_request: refuse what cannot be stored before any route or database sees it."""
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    limit = LARGER_BODIES.get(rule, MAX_BODY_BYTES)
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        return _error("too_large", 413, limit_bytes=limit)
    if not _text_ok(request.view_args.values() if request.view_args else ()):
        return _error("unstorable_text", 404 if not request.path.startswith("/api/") else 400)
    if not _text_ok(request.args.keys()) or not _text_ok(request.args.values()):
        return _error("unstorable_text", 400)
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.is_json:
        data = request.get_data(cache=True)  # bounded by max_content_length (413 beyond)
        if data:
            try:
                decode_json(data)
            except InvalidInput as invalid:
                details = {"field": invalid.field} if invalid.field else {}
                return _error(invalid.code, 400, **details)
    return None


def install(app: Flask) -> None:
    """Bounded ids, body limits, JSON checks, and JSON for every error."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.setdefault("MAX_CONTENT_LENGTH", MAX_BODY_BYTES)
    app.before_request(guard_request)

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> Any:
        return _error("too_large", 413)

    @app.errorhandler(IntegrityError)
    def duplicate(error: IntegrityError) -> Any:
        # A unique name or code taken by a twin request or another row: the use case rolled back.
        logger.info("refused by a database constraint: %s", type(error.orig).__name__)
        return _error("duplicate", 409)

    @app.errorhandler(DataError)
    def invalid_value(error: DataError) -> Any:
        logger.info("refused by the database: %s", type(error.orig).__name__)
        return _error("invalid_value", 400)

    @app.errorhandler(OperationalError)
    def unavailable(error: OperationalError) -> Any:
        logger.error("database unavailable: %s", type(error.orig).__name__)
        return _error("unavailable", 503)

    @app.errorhandler(Exception)
    def internal(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return error
        # A database error's text holds its SQL parameters (a visitor's data): type only.
        traceback = not isinstance(error, StatementError)
        logger.error(
            "unexpected %s on %s %s",
            type(error).__name__,
            request.method,
            mask_secrets(request.path),  # a tracking token is a key: never in the log
            exc_info=traceback,
        )
        return _error("internal_error", 500)
