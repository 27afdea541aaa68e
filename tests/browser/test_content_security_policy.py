"""Every screen works under the real Content-Security-Policy: no inline script, no inline
style, nothing from elsewhere. The other browser tests bypass the policy (Playwright injects
its own scripts); this one does not, and fails on any violation the browser reports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/kiosk", "/display", "/queue", "/itinerance", "/idees", "/console", "/admin"]
SIGNED_IN = [
    "/console",
    "/console/agenda",
    "/console/itinerance",
    "/console/minibus",
    "/console/permanences",
    "/console/idees",
    "/stats/today",
    "/admin",
    "/admin/agents",
    "/admin/guichets",
    "/admin/catalogue",
    "/admin/a-la-une",
    "/admin/horaires",
    "/admin/reglages",
    "/admin/journal",
    "/admin/stats",
]
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def first_link(data: Any, marker: str) -> str | None:
    """The first string in a JSON answer that contains `marker` (a page's address)."""
    if isinstance(data, str):
        return data if marker in data else None
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    for value in values:
        found = first_link(value, marker)
        if found:
            return found
    return None


class StrictTab:
    """A tab without the policy bypass that notes every violation and page error."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
        self.context.add_init_script(LISTEN)
        self.tab = self.context.new_page()
        self.problems: list[str] = []
        self.tab.on("console", self.console)
        self.tab.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(message.text)

    def visit(self, url: str) -> list[str]:
        self.problems = []
        response = self.tab.goto(url, wait_until="networkidle")
        assert response is not None and response.status < 500, url  # 401: a sign-in page
        assert "script-src 'self'" in response.headers["content-security-policy"]
        return self.problems + self.tab.evaluate("window.__violations")


@pytest.fixture
def strict(browser: Any) -> Any:
    tab = StrictTab(browser)
    yield tab
    tab.context.close()


def test_every_screen_runs_under_the_policy_without_a_single_violation(
    strict: Any, live_server: Any
) -> None:
    base = live_server.url
    ticket = (
        live_server.login("demo2")
        .post(f"{base}/api/v1/tickets", json={"service": "caf-rsa"}, timeout=10)
        .json()
    )
    admin = live_server.login("demo1")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    booked = admin.post(
        f"{base}/api/v1/appointments",
        json={"service": "caf-rsa", "date": tomorrow, "time": "10:00"},
        timeout=10,
    ).json()
    appointment = first_link(booked, "/rdv/")
    assert appointment, booked
    pages = [base + path for path in PUBLIC] + [ticket["tracking_url"], appointment]
    found: dict[str, list[str]] = {}
    for url in pages:
        found[url] = strict.visit(url)
    signed_in = strict.tab.request.post(
        f"{base}/api/v1/auth/login", data={"login": "demo1", "pin": "1234"}
    )
    assert signed_in.ok
    for path in SIGNED_IN:
        found[base + path] = strict.visit(base + path)
    assert {url: problems for url, problems in found.items() if problems} == {}
