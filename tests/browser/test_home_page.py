from tests.browser.conftest import assert_accessible


def test_the_home_page_lists_every_screen_and_passes_an_accessibility_audit(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    for name in ("Borne", "Écran", "Console"):
        assert page.get_by_role("link", name=name).count() >= 1
    assert_accessible(page)
