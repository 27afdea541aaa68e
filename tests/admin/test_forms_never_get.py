"""No form can put what it holds in an address.

A form sent by the browser itself — a tap on « Se connecter » or Enter before the page's script is
ready — is a GET unless it says otherwise: the login and the PIN would land in the address bar,
the browser's history and the server's log. Every form a script sends says method="post"; the
two that are meant to be addresses (the site switch, the statistics' period) hold no secret.
The back-office's buttons wait for forms.js, which enables them: pressed before it, they reloaded
the page and lost what was typed.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import update

from server.extensions import db
from server.models import Agent
from tests.admin_pages import BACK_OFFICE_PAGES

PAGES = [
    *BACK_OFFICE_PAGES,
    "/admin/sites",
    "/admin/stats",
    "/console",
    "/console/agenda",
    "/console/permanences",
    "/console/itinerance",
    "/console/minibus",
    "/console/listes",
    "/idees",
]
ADDRESS_FORMS = {"site-switch", "period-picker"}  # their fields are meant to be in the address


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.open = {"attrs": found, "secret": False, "buttons": []}
            self.forms.append(self.open)
        elif tag == "button" and self.open is not None and found.get("type", "submit") == "submit":
            self.open["buttons"].append(found)
        elif tag == "input" and self.open is not None and found.get("type") == "password":
            self.open["secret"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = None


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


@pytest.fixture
def department_admin(app: Any, login: Any) -> Any:
    """demo1 as the department's administrator: every page, the sites' too, is theirs."""
    with app.app_context():
        db.session.execute(
            update(Agent).where(Agent.login == "demo1").values(role="department_admin")
        )
        db.session.commit()
        db.session.remove()
    return login()


@pytest.mark.parametrize("path", PAGES)
def test_every_form_a_script_sends_is_a_post(department_admin: Any, path: str) -> None:
    admin = department_admin
    page = admin.get(path)
    assert page.status_code == 200, path
    forms = forms_of(page.get_data(as_text=True))
    for form in forms:
        attrs = form["attrs"]
        classes = set((attrs.get("class") or "").split())
        if classes & ADDRESS_FORMS:
            assert (attrs.get("method") or "get").lower() == "get"
            assert not form["secret"], (path, attrs)
            continue
        assert (attrs.get("method") or "").lower() == "post", (path, attrs)
        if "data-api" in attrs:  # sent by forms.js only: its buttons wait for it (it enables them)
            for button in form["buttons"]:
                assert "disabled" in button and "data-until-ready" in button, (path, button)


def test_the_pages_with_a_pin_were_looked_at(login: Any) -> None:
    """The check above reads real forms: the sign-in and the new agent's PIN are among them."""
    admin = login()
    with_pin = [
        path
        for path in ("/admin/agents", "/console")
        if any(form["secret"] for form in forms_of(admin.get(path).get_data(as_text=True)))
    ]
    assert with_pin == ["/admin/agents", "/console"]
    signed_out = forms_of(admin.application.test_client().get("/admin").get_data(as_text=True))
    assert [form["attrs"].get("method") for form in signed_out if form["secret"]] == ["post"]
