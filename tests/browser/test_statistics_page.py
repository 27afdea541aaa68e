"""The admin's statistics page in a real browser: charts from the vendored Chart.js, tables, axe."""

from tests.browser.conftest import assert_accessible


def _serve_one_visitor(live_server, agents) -> None:
    admin = agents["demo1"]
    ticket = admin.post(
        f"{live_server.url}/api/v1/tickets", json={"service": "caf-rsa"}, timeout=10
    )
    ticket.raise_for_status()
    called = admin.post(
        f"{live_server.url}/api/v1/agent/call-next", json={"counter": "bureau-1"}, timeout=10
    )
    called.raise_for_status()
    ticket_id = called.json()["id"]
    for action, body in (
        ("start", {}),
        (
            "finish",
            {"outcome": {"service": "caf-rsa", "request_type": "procedure", "result": "resolved"}},
        ),
    ):
        admin.post(
            f"{live_server.url}/api/v1/tickets/{ticket_id}/{action}", json=body, timeout=10
        ).raise_for_status()


def test_the_statistics_page_draws_its_charts_and_tables_and_passes_an_audit(
    live_server, agents, page
):
    _serve_one_visitor(live_server, agents)
    page.request.post(
        f"{live_server.url}/api/v1/auth/login", data={"login": "demo1", "pin": "1234"}
    )
    page.goto(f"{live_server.url}/admin/stats?period=day")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.wait_for_function("() => window.Chart && Chart.getChart('partners-chart')")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length"
    )
    assert drawn == page.locator("canvas").count() >= 10
    partners = page.evaluate("() => Chart.getChart('partners-chart').data")
    assert partners["datasets"][0]["data"] == [1]
    assert page.locator("#partners-table tbody tr").first.inner_text().split("\t") == ["CAF", "1"]
    assert page.locator("#figure-visits").inner_text() == "1"
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator(".period-picker").is_hidden()
    assert page.locator("#load-table").is_visible()


def test_the_two_series_of_a_wait_chart_differ_by_more_than_colour(live_server, agents, page):
    """Median solid, 90th percentile hatched: told apart on a grey printout too."""
    _serve_one_visitor(live_server, agents)
    page.request.post(
        f"{live_server.url}/api/v1/auth/login", data={"login": "demo1", "pin": "1234"}
    )
    page.goto(f"{live_server.url}/admin/stats?period=day")
    page.wait_for_function("() => window.Chart && Chart.getChart('waits-chart')")
    fills = page.evaluate(
        "() => Chart.getChart('waits-chart').data.datasets.map("
        "d => d.backgroundColor instanceof CanvasPattern ? 'pattern' : d.backgroundColor)"
    )
    assert fills == ["#000091", "pattern"]
