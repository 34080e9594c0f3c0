"""A reader's day in a real browser: unsupported browsers, phone widths, no JavaScript."""

import pytest
from playwright.sync_api import expect

from articles.models.videos import EXPIRED_MESSAGE
from tests.browser.pages import assert_in_order, reference_lines
from tests.helpers import CHROME_UA, IE11_UA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTICE = "IE 11 is not supported. For an optimal experience visit our site on another browser."
BROWSERS = {"chrome": CHROME_UA, "ie11": IE11_UA}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}


def test_ie11_readers_see_the_notice_at_the_top_and_chrome_readers_do_not(open_page, seed):
    ie11 = open_page(IE11_UA)
    ie11.goto(seed.get_absolute_url())
    notice = ie11.locator(".browser-notice")
    expect(notice).to_have_text(NOTICE)
    expect(notice).to_be_in_viewport()
    assert ie11.evaluate("document.body.firstElementChild.className") == "browser-notice"
    assert notice.bounding_box()["y"] == 0

    chrome = open_page(CHROME_UA)
    chrome.goto(seed.get_absolute_url())
    expect(chrome.locator("h1")).to_have_text(seed.headline)
    expect(chrome.get_by_text("IE 11 is not supported")).to_have_count(0)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("browser_name", BROWSERS)
def test_the_seed_page_fits_the_screen_and_is_saved_as_a_screenshot(
    open_page, seed, screenshots_dir, browser_name, viewport
):
    page = open_page(BROWSERS[browser_name], viewport=VIEWPORTS[viewport])
    page.goto(seed.get_absolute_url())
    expect(page.locator(".video-slate")).to_have_count(2)
    expect(page.locator(".browser-notice")).to_have_count(1 if browser_name == "ie11" else 0)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]

    path = screenshots_dir / f"seed-{browser_name}-{viewport}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 10_000


def test_without_javascript_the_article_page_shows_everything_a_reader_needs(open_page, seed):
    page = open_page(java_script_enabled=False)
    response = page.goto(seed.get_absolute_url())
    assert response.status == 200
    main = page.locator("main")
    assert_in_order(main.inner_text(), reference_lines())
    expect(main.get_by_text(EXPIRED_MESSAGE)).to_have_count(2)
    expect(main.locator("time").first).to_have_text("April 1, 2014, 11:21 a.m. UTC")
    expect(main.get_by_role("link", name="Alastair Jamieson")).to_be_visible()
    expect(page.get_by_role("link", name="Newsroom")).to_be_visible()

    with_script = open_page()
    with_script.goto(seed.get_absolute_url())
    assert with_script.locator("main").inner_text() == main.inner_text()
