"""The desk and the reporter in a real browser, each with what their role allows."""

import re

import pytest
from playwright.sync_api import expect

from articles.editorial import roles
from articles.models import Article, Organization, Person, Section
from tests.browser.pages import add_inline_row, change_url, choose, log_in, save

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AP = "The Associated Press"


@pytest.fixture
def desk_page(page, seed, staff_user):
    Organization.objects.create(name=AP, short_name="AP", slug="associated-press")
    log_in(page, staff_user(roles.DESK))
    page.goto(change_url(seed))
    return page


def editable(page, name):
    return page.locator(f"[name={name}]:not([readonly]):not([disabled])")


def test_the_desk_finds_the_headline_and_body_read_only(desk_page, seed):
    expect(desk_page.locator(".field-headline")).to_contain_text(seed.headline)
    expect(desk_page.locator(".field-body")).to_contain_text("NATO said Tuesday as foreign")
    expect(editable(desk_page, "headline")).to_have_count(0)
    expect(editable(desk_page, "body")).to_have_count(0)


def test_the_desk_adds_the_associated_press_to_the_credits(desk_page, open_page, seed):
    expect(desk_page.get_by_role("button", name="Save", exact=True)).to_be_visible()
    row = add_inline_row(desk_page, "attributions")
    choose(desk_page, row.locator("select[name$=-organization]"), AP)
    save(desk_page)

    reader = open_page()
    reader.goto(seed.get_absolute_url())
    expect(reader.locator(".credit-line")).to_have_text(
        "Reuters and The Associated Press contributed to this report."
    )


def test_a_reporters_story_reaches_readers_only_when_an_editor_publishes_it(open_page, staff_user):
    Section.objects.create(name="Politics", slug="politics")
    Person.objects.create(name="Dana Whitfield", slug="dana-whitfield")
    headline = "Council approves the new tram line"

    reporter = open_page()
    log_in(reporter, staff_user(roles.REPORTER))
    reporter.goto("/admin/articles/article/add/")
    reporter.get_by_label("Headline").press_sequentially(headline)
    reporter.get_by_label("Dek").fill("The vote ends ten years of argument over the route.")
    choose(reporter, reporter.locator("#id_section"), "Politics")
    reporter.locator("textarea[name=body]").fill("The council voted 31 to 12 on Monday.")
    byline = add_inline_row(reporter, "bylines")
    choose(reporter, byline.locator("select[name$=-person]"), "Dana Whitfield")
    status = reporter.get_by_label("Status")
    expect(status.locator("option", has_text="Published")).to_have_count(0)
    status.select_option(label="In review")
    save(reporter, keep_editing=True)
    pk = int(re.search(r"/article/(\d+)/change/", reporter.url)[1])
    article = Article.objects.get(pk=pk)
    assert article.status == Article.Status.REVIEW

    reader = open_page()
    assert reader.goto(article.get_absolute_url()).status == 404
    reader.goto("/")
    expect(reader.get_by_text(headline)).to_have_count(0)

    editor = open_page()
    log_in(editor, staff_user(roles.EDITOR))
    editor.goto(change_url(article))
    editor.get_by_label("Status").select_option(label="Published")
    save(editor, keep_editing=True)
    editor.get_by_role("link", name="View on site").click()
    expect(editor.locator("h1")).to_have_text(headline)

    # Readers' browsers keep pages for a bounded time: ask as a reader arriving now.
    reader = open_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    expect(reader.locator("h1")).to_have_text(headline)
    reader.goto("/")
    expect(reader.get_by_role("link", name=headline)).to_be_visible()
