"""What a reader on a phone sees, in real Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SEED_URL = "/network-before-you-need-it/"


def test_seed_article_fits_a_320px_screen_without_horizontal_scrolling(browser, served_site):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(served_site.url + SEED_URL)
    assert page.locator("h1").inner_text() == "Network Before You Need It: Networking Saves Lives"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert failed == []
    page.close()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser, served_site):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(served_site.url + SEED_URL)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
