"""The reader's pages in headless Chromium: no sideways scrolling, visible focus, print layout."""

import pytest

from tests.helpers import jpeg_bytes, make_article, make_image, make_tag

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(transactional_db, live_server, seed_article):
    seed_article.lead_image = make_image(jpeg_bytes((1600, 900)), caption="Ministers.")
    seed_article.save()
    seed_article.tags.add(make_tag(name="NATO", slug="nato"))
    for n in range(3):
        make_article(
            section=seed_article.section,
            headline=f"A long headline for the second story, number {n}, that must wrap",
            lead_image=make_image(jpeg_bytes((400, 225))),
        )
    return {
        "home": live_server.url + "/",
        "article": live_server.url + seed_article.get_absolute_url(),
        "section": live_server.url + seed_article.section.get_absolute_url(),
        "search": live_server.url + "/search/?q=troops",
    }


@pytest.mark.parametrize("width", [320, 768, 1440])
def test_pages_fit_the_screen_without_sideways_scrolling(pages, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name, url in pages.items():
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow}px wide at {width}px"
    page.close()


def test_keyboard_focus_is_visible(pages, browser):
    page = browser.new_page()
    page.goto(pages["article"])
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.className, s.outlineStyle, s.outlineWidth,"
        " e.getBoundingClientRect().left]; })()"
    )
    assert focused[0] == "skip-link"
    assert focused[1] == "solid" and focused[2] == "3px"
    assert focused[3] >= 0  # on screen once focused
    page.close()


def test_print_layout_drops_navigation_and_keeps_the_story(pages, browser):
    page = browser.new_page()
    page.goto(pages["article"])
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-nav', '.site-search', '.site-footer', '.video-slate']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none"] * 4
    assert page.locator("h1.headline").is_visible()
    assert page.locator(".article-body").is_visible()
    page.close()
