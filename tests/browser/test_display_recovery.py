"""The waiting-room screen recovers by itself when the server restarts."""

from __future__ import annotations

from tests.browser.test_display import act, open_display, shown_number, take_ticket
from tests.live import LiveServer


def test_the_display_recovers_by_itself_after_a_server_restart(tmp_path, page):
    with LiveServer(tmp_path) as server:
        open_display(page, server)
        marker = page.locator("#connection")
        assert marker.is_hidden()

        server.stop()
        marker.wait_for(state="visible", timeout=15_000)
        assert marker.inner_text() == "reconnexion…"

        server.start()
        page.wait_for_function("document.body.dataset.connected === 'true'", timeout=10_000)
        ticket = take_ticket(server, "msa-sante")
        act(server.login(), server, ticket, "call", "bureau-1")
        shown_number(page, ticket["number"], timeout=10_000)
        assert marker.is_hidden()
