"""In Chromium: the admin and the Markdown editor work under the strict policy, and the
browser reports no Content-Security-Policy violation on admin or reader pages."""

import os
import shutil

import pytest

from tests.helpers import make_article, make_user

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("NEWSROOM_REQUIRE_BROWSER"),
        reason="needs Chromium",
    ),
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield page, violations
        browser.close()


@pytest.fixture
def article(transactional_db):
    # Rows are made before Playwright starts its event loop: the ORM refuses to run inside one.
    make_user("chief", superuser=True, password="pw-Newsroom-123")
    return make_article(body="First paragraph.")


def test_admin_and_editor_preview_run_without_policy_violations(live_server, article, browser_page):
    page, violations = browser_page
    base = live_server.url
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw-Newsroom-123")
    page.click("input[type=submit]")
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_body", "Typed **live** <img src=x onerror=alert(1)>")
    page.wait_for_selector(".markdownx-preview strong", timeout=10_000)
    preview = page.inner_html(".markdownx-preview")
    assert "<strong>live</strong>" in preview and "onerror" not in preview
    for path in (
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/articles/image/add/",
        "/admin/articles/video/add/",
        f"/admin/articles/article/{article.pk}/history/",
        "/",
        article.get_absolute_url(),
    ):
        page.goto(base + path)
        page.wait_for_load_state("load")
    assert violations == []
