"""Public screens take their site from /s/<site>/ (or their pairing), never from ?site=."""

from __future__ import annotations

from typing import Any

import pytest

from server.extensions import db
from server.services.seed import ensure_site

HOME = "mde-castelsarrasin"
OTHER = "fs-moissac"


@pytest.fixture
def two_sites(app: Any) -> Any:
    with app.app_context():
        ensure_site(db.session, code=OTHER, name="France Services Moissac")
    return app


def waiting(client: Any, prefix: str = "") -> int:
    response = client.get(f"{prefix}/api/v1/queue")
    assert response.status_code == 200, response.json
    return int(response.json["waiting_count"])


def test_a_ticket_taken_under_a_site_path_joins_that_sites_line(two_sites: Any, client: Any):
    response = client.post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    assert response.status_code == 201, response.json
    assert waiting(client, f"/s/{OTHER}") == 1
    assert waiting(client) == 0  # the home site's line is untouched


def test_site_in_the_query_selects_nothing_any_more(two_sites: Any, client: Any):
    assert (
        client.post(f"/api/v1/tickets?site={OTHER}", json={"service": "caf-rsa"}).status_code == 201
    )
    assert waiting(client, f"/s/{OTHER}") == 0
    assert waiting(client) == 1
    other_ticket = client.post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    assert other_ticket.status_code == 201
    assert client.get(f"/api/v1/queue?site={OTHER}").json["waiting_count"] == 1  # home's own
    page = client.get(f"/s/{OTHER}/queue?site={HOME}")
    assert "Moissac" in page.get_data(as_text=True)


def test_site_pages_and_their_links_stay_under_the_site(two_sites: Any, client: Any):
    kiosk = client.get(f"/s/{OTHER}/kiosk")
    assert kiosk.status_code == 200
    html = kiosk.get_data(as_text=True)
    assert "France Services Moissac" in html
    assert f'<meta name="accueil-root" content="/s/{OTHER}">' in html  # the JS's API root
    display = client.get(f"/s/{OTHER}/display").get_data(as_text=True)
    assert f"/s/{OTHER}/display/queue-qr.svg" in display
    assert f"/s/{OTHER}/queue" in display  # what the QR code and the address say


def test_an_unknown_site_path_is_a_clear_404(client: Any):
    response = client.get("/s/nulle-part/kiosk")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_one_site_keeps_the_short_addresses(client: Any):
    for path in ("/kiosk", "/display", "/queue"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert '<meta name="accueil-root" content="">' in page.get_data(as_text=True)


def test_with_several_sites_a_bare_kiosk_or_display_asks_to_be_paired(two_sites: Any, client: Any):
    for path in ("/kiosk", "/display"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/appairage")
    assert client.get("/queue").status_code == 200  # phones are never paired: the home site


def test_a_screens_socket_follows_the_site_its_page_passes_not_the_query(
    two_sites: Any, client: Any, socket_client: Any
):
    client.post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"})
    by_page = socket_client("/display", auth={"site": OTHER})
    assert by_page.get_received("/display")[0]["args"][0]["waiting_count"] == 1
    by_query = socket_client("/display", query_string=f"site={OTHER}")
    assert by_query.get_received("/display")[0]["args"][0]["waiting_count"] == 0


def test_a_sites_idea_wall_link_stays_under_the_site(two_sites: Any, client: Any):
    display = client.get(f"/s/{OTHER}/display").get_data(as_text=True)
    assert f'/s/{OTHER}/idees"' in display
    kiosk = client.get(f"/s/{OTHER}/kiosk").get_data(as_text=True)
    assert f'/s/{OTHER}/idees"' in kiosk


def test_a_ticket_printed_at_another_site_links_that_sites_idea_wall(two_sites: Any, client: Any):
    """The printed 'Une idée ?' line leads to the wall of the site that printed the ticket."""
    from sqlalchemy import select

    from server.models import Site, Visit
    from server.services.printing import ticket_printout

    taken = client.post(f"/s/{OTHER}/api/v1/tickets", json={"service": "caf-rsa"}).json
    home_taken = client.post("/api/v1/tickets", json={"service": "caf-rsa"}).json
    with two_sites.app_context():
        for code, ticket, wall in (
            (OTHER, taken, f"/s/{OTHER}/idees"),
            (HOME, home_taken, "/idees"),
        ):
            site = db.session.scalar(select(Site).where(Site.code == code))
            visit = db.session.get(Visit, ticket["id"])
            printout = ticket_printout(site, visit, ticket)
            assert printout.ideas_url.endswith(wall) and "/s//" not in printout.ideas_url
            if code == HOME:
                assert "/s/" not in printout.ideas_url
