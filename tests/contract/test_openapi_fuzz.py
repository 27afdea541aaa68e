"""Schemathesis against our own OpenAPI document: no input gives a 5xx, and every answer is one
the document announces, with the documented body.

Bounded and reproducible: a few examples per operation (derandomized, no example database),
for an anonymous visitor, an agent and an administrator.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 3  # valid and invalid input mixed
ROLES = {"anonymous": None, "agent": "demo2", "admin": "demo1"}
# Signing out would end the very session the rest of the run uses.
KEEP_SESSION = {("POST", "/api/v1/auth/logout")}


@pytest.mark.parametrize("role", list(ROLES))
def test_every_operation_answers_as_documented_and_never_5xx(app, login, role):
    cookies: dict[str, str] = {}
    if ROLES[role]:
        signed_in = login(ROLES[role])
        cookie = signed_in.get_cookie(app.config["SESSION_COOKIE_NAME"])
        cookies[cookie.key] = cookie.value
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if ROLES[role] and (operation.method.upper(), operation.path) in KEEP_SESSION:
            continue
        operations += 1

        @given(
            case=operation.as_strategy(GenerationMode.POSITIVE)
            | operation.as_strategy(GenerationMode.NEGATIVE)
        )
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(cookies=cookies)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as failure:  # collect them all, report at the end
                if not isinstance(failure, AssertionError | BaseExceptionGroup):
                    raise
                failures.append(f"{case.method} {case.formatted_path}: {failure}"[:600])

        run()
    cases = sum(statuses.values())
    print(
        f"{role}: {operations} operations, {cases} cases, statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, "\n\n".join(failures[:20])
    assert cases >= operations  # every operation was exercised
    assert not [status for status in statuses if status >= 500]


def test_the_document_lists_the_errors_each_route_can_answer(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    def documented(path: str, method: str) -> set[int]:
        return {int(code) for code in paths[path][method]["responses"]}

    assert {201, 400, 413, 429} <= documented("/api/v1/tickets", "post")
    assert 401 not in documented("/api/v1/tickets", "post")  # the kiosk is public
    assert {200, 401, 403} <= documented("/api/v1/admin/agents", "get")
    assert {401, 404, 409, 413} <= documented("/api/v1/tickets/{ticket_id}/{action}", "post")
    assert {401, 423, 429} <= documented("/api/v1/auth/login", "post")
    ticket_id = paths["/api/v1/tickets/{ticket_id}/reprint"]["post"]["parameters"][0]
    assert ticket_id["schema"]["maximum"] == 2**31 - 1
    error = client.get("/api/v1/openapi.json").json["components"]["schemas"]["HTTPError"]
    assert error["required"] == ["error"]
