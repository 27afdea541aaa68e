"""The OpenAPI document says every status a route can answer, with the one error body.

apiflask documents the success and the validation error of each operation; this processor adds
the others from what the view really does: 401 where it needs a signed-in agent, 403 where it
needs an administrator (or may refuse an agent), 404 (an unknown site, ticket or item), 409
where it writes, 413 where it takes a body, 429 where it is rate limited, 423 and 429 at the
sign-in, 503 when the database is out of reach. Schemathesis checks the answers against it
(tests/contract).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}

DESCRIPTIONS = {
    400: "invalid input (the message says what, in French)",
    401: "sign in as an agent first",
    403: "not allowed for this agent (administrators only, a colleague's counter, a site "
    "that is not theirs, or pin_change_required: a temporary PIN to replace first)",
    404: "unknown site, ticket or item",
    409: "conflict with the current state (the body says which)",
    413: "request body too large",
    423: "locked after repeated wrong PINs",
    429: "too many requests",
    503: "database out of reach, try again",
}
SIGNED_IN = {"require_agent", "current_agent", "require_admin", "admin_only", "signed_in_agent"}
ADMIN = {"require_admin", "admin_only", "Forbidden"}
EXTRA: dict[tuple[str, str], set[int]] = {
    ("post", "/api/v1/auth/login"): {401, 403, 423, 429},  # 403: a site not the agent's
    ("post", "/api/v1/auth/pin"): {401, 423, 429},
}
WRITES = {"post", "put", "patch", "delete"}


def _chain(view: Callable[..., Any]) -> Iterator[Any]:
    """The view and every function it wraps (decorators keep `__wrapped__`)."""
    seen: Any = view
    while seen is not None:
        yield seen
        seen = getattr(seen, "__wrapped__", None)


def _names(view: Callable[..., Any]) -> set[str]:
    """The global names the view's code refers to, and the decorators around it."""
    names: set[str] = set()
    for function in _chain(view):
        code = getattr(function, "__code__", None)
        if code is not None:
            names.update(code.co_names)
            if "Authorization" in code.co_consts:  # a bearer token instead of a session
                names.add("signed_in_agent")
        qualname = getattr(function, "__qualname__", "")
        if qualname.startswith("admin_only."):
            names.add("admin_only")
        if code is not None and "flask_limiter" in code.co_filename:
            names.add("rate_limited")
    return names


SUCCESSES = {200: "Successful response", 201: "created", 204: "done, nothing to return"}


def successes(view: Callable[..., Any]) -> set[int]:
    """The success statuses a view returns by hand (`return body, 201`), seen in its code."""
    found: set[int] = set()
    for function in _chain(view):
        code = getattr(function, "__code__", None)
        if code is not None and "flask_limiter" not in code.co_filename:
            found |= {value for value in code.co_consts if value in (201, 204)}
    return found


def statuses(method: str, path: str, view: Callable[..., Any]) -> set[int]:
    """The error statuses this operation can answer."""
    names = _names(view)
    answers = {400, 404, 503}
    if method in WRITES:
        answers |= {409, 413}
    if names & SIGNED_IN:
        answers.add(401)
    if names & ADMIN or names & SIGNED_IN:
        answers.add(403)
    if "rate_limited" in names:
        answers.add(429)
    return answers | EXTRA.get((method, path), set())


def install(app: Any) -> None:
    """Register the processor on the app (the document is built on first request of it)."""
    app.config["HTTP_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = ERROR_SCHEMA

    @app.spec_processor
    def document_errors(spec: dict[str, Any]) -> dict[str, Any]:
        views: dict[tuple[str, str], Callable[..., Any]] = {}
        for rule in app.url_map.iter_rules():
            path = rule.rule
            for argument in rule.arguments:
                path = path.replace(f"<int:{argument}>", f"{{{argument}}}")
                path = path.replace(f"<{argument}>", f"{{{argument}}}")
            for method in rule.methods or ():
                views[(method.lower(), path)] = app.view_functions[rule.endpoint]
        reference = {"$ref": "#/components/schemas/HTTPError"}
        for path, operations in spec.get("paths", {}).items():
            for method, operation in operations.items():
                view = views.get((method, path))
                if view is None or not isinstance(operation, dict):
                    continue
                responses = operation.setdefault("responses", {})
                for status in sorted(successes(view)):
                    responses.setdefault(str(status), {"description": SUCCESSES[status]})
                if not any(code.startswith("2") for code in responses):
                    responses["200"] = {"description": SUCCESSES[200]}
                for status in sorted(statuses(method, path, view)):
                    responses.setdefault(
                        str(status),
                        {
                            "description": DESCRIPTIONS[status],
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
                for parameter in operation.get("parameters", []):
                    schema = parameter.get("schema", {})
                    if parameter.get("in") == "path" and schema.get("type") == "integer":
                        schema.setdefault("minimum", 0)
                        schema.setdefault("maximum", 2**31 - 1)
        return spec
