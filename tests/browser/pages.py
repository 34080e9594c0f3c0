"""What a person does in the admin, as steps for the browser tests."""

import re
from pathlib import Path

from playwright.sync_api import expect

PASSWORD = "pw-Browser-Newsroom-42"
REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "seed_article.txt"
IE_NOTICE = "IE 11 is not supported."


def log_in(page, user, password=PASSWORD):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def choose(page, select, text):
    """Pick ``text`` in an autocomplete (select2) field: open it, type, click the match."""
    select.locator("xpath=following-sibling::span[contains(@class, 'select2')][1]").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option:not(.loading-results)", has_text=text).first.click()
    expect(select.locator("option:checked")).to_have_text(re.compile(re.escape(text)))


def add_inline_row(page, prefix):
    """Click the inline's "Add another …" link and return the new row."""
    group = page.locator(f"#{prefix}-group")
    rows = group.locator(f".dynamic-{prefix}")
    before = rows.count()
    group.get_by_role("button", name=re.compile("^Add another")).click()
    expect(rows).to_have_count(before + 1)
    return rows.last


def fill_datetime(page, field, date, time):
    page.locator(f"#id_{field}_0").fill(date)
    page.locator(f"#id_{field}_1").fill(time)


def save(page, *, keep_editing=False):
    """Save the form and expect the admin's success message."""
    name = "Save and continue editing" if keep_editing else "Save"
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messagelist .success").first).to_be_visible()


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def reference_lines():
    """The reference page's lines as Chrome shows them (the IE 11 notice aside)."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(IE_NOTICE)]


def assert_in_order(text, lines):
    position = 0
    for line in lines:
        found = text.find(line, position)
        assert found >= 0, f"missing, or out of order: {line!r}"
        position = found + len(line)
