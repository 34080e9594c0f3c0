"""The article form at work: counters, who else is here, phone width, axe-clean."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.pages import PASSWORD, change_url, log_in
from tests.helpers import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def blocking_violations(page):
    violations = Axe().run(page).response["violations"]
    return [
        {"id": item["id"], "targets": [node["target"] for node in item["nodes"]]}
        for item in violations
        if item["impact"] in {"serious", "critical"}
    ]


def test_counters_show_the_length_against_the_limit(page, seed, editor):
    log_in(page, editor)
    page.goto(change_url(seed))
    headline = page.get_by_label("Headline")
    headline.fill("x" * 75)
    expect(page.locator("#id_headline-count")).to_have_text(
        "75 of 70 characters: 5 past what is shown in full"
    )
    headline.fill("NATO summit")
    expect(page.locator("#id_headline-count")).to_have_text("11 of 70 characters")
    field_width = headline.bounding_box()["width"]
    form_width = page.locator("#article_form fieldset").first.bounding_box()["width"]
    assert field_width > form_width * 0.6  # the headline uses the form's width


def test_the_form_at_phone_width_fits_and_is_axe_clean(open_page, seed, editor, axe_dir):
    page = open_page(**PHONE)
    log_in(page, editor)
    page.goto(change_url(seed))
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.get_by_label("Headline").fill("Filed from the field")
    expect(page.get_by_label("Headline")).to_be_in_viewport()
    blocking = blocking_violations(page)
    (axe_dir / "admin-article-change-phone.json").write_text(json.dumps(blocking, indent=2))
    assert blocking == []


def test_who_else_is_here_appears_and_goes(open_page, seed, editor):
    bea = make_user("bea-editor", groups=["Editor"], password=PASSWORD)
    bea.first_name, bea.last_name = "Bea", "Jones"
    bea.save()
    first = open_page()
    log_in(first, editor)
    first.goto(change_url(seed))
    expect(first.locator(".presence-list")).to_have_text("Nobody else has this article open.")
    second = open_page()
    log_in(second, bea)
    second.goto(change_url(seed))
    expect(first.locator(".presence-list")).to_contain_text("Bea Jones", timeout=15_000)
    assert blocking_violations(first) == []
    second.close()
    expect(first.locator(".presence-list")).to_have_text(
        "Nobody else has this article open.", timeout=15_000
    )


def test_the_kept_submission_page_is_axe_clean(page, seed, editor):
    """A save refused for its CSRF token shows the text back, accessible and CSP-clean."""
    log_in(page, editor)
    page.goto(change_url(seed))
    page.get_by_label("Headline").fill("Kept across a new sign-in")
    errors = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if "Content Security" in message.text else None,
    )
    # Signing in again elsewhere gives the browser a new CSRF secret.
    host = page.url.split("/")[2].split(":")[0]
    page.context.add_cookies(
        [{"name": "csrftoken", "value": "b" * 32, "domain": host, "path": "/"}]
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".kept-submission")).to_contain_text("Nothing was saved")
    expect(page.locator("textarea[name=headline]")).to_have_value("Kept across a new sign-in")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Send it again").click()
    expect(page.get_by_label("Headline")).to_have_value("Kept across a new sign-in")
    seed.refresh_from_db()
    assert seed.headline == "Kept across a new sign-in"
    assert errors == []
