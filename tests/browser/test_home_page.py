import requests

from tests.browser.conftest import assert_accessible


def test_the_home_page_lists_every_screen_and_passes_an_accessibility_audit(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    for name in ("Borne", "Écran", "Console"):
        assert page.get_by_role("link", name=name).count() >= 1
    assert_accessible(page)


def test_the_home_page_links_the_phone_queue_and_every_page_has_a_favicon(live_server, page):
    failures: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="File d'attente sur téléphone (public)")
    assert link.get_attribute("href") == "/queue"
    icon = requests.get(live_server.url + "/favicon.ico", timeout=5)
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/svg+xml")
    for path in ("/kiosk", "/display", "/queue", "/console"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert not [f for f in failures if "favicon" in f]
