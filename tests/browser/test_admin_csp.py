"""In Chromium: the admin and the Markdown editor work under the strict policy, and the
browser reports no Content-Security-Policy violation on admin or reader pages."""

import pytest

from tests.helpers import make_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page(browser):
    """A page in the package's Chromium that records every policy violation it reports."""
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page, violations
    context.close()


@pytest.fixture
def article():
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
