"""Autosave in a real browser: an editor types, closes the tab unsaved, reopens, restores."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Autosave
from tests.browser.pages import add_inline_row, change_url, choose, log_in, save
from tests.helpers import add_byline, make_article, make_organization, make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_closes_the_tab_unsaved_and_restores_the_text(open_page, editor):
    story = make_article(status=Article.Status.DRAFT, headline="Draft headline", body="Old.")
    add_byline(story, make_person(name="Alastair Jamieson"))
    make_person(name="Keiko Tanaka")
    make_organization(name="Reuters")

    page = open_page()
    log_in(page, editor)
    page.goto(change_url(story))
    page.get_by_label("Headline").fill("NATO: no sign of withdrawal")
    page.locator("#id_body").fill("Typed for an hour.\n\nNever saved.")
    byline = add_inline_row(page, "bylines")
    choose(page, byline.locator("select[name$='-person']"), "Keiko Tanaka")
    attribution = add_inline_row(page, "attributions")
    choose(page, attribution.locator("select[name$='-organization']"), "Reuters")
    expect(page.locator(".autosave-status")).to_contain_text("kept", timeout=15_000)
    page.context.close()  # the tab (and the browser window) closed without saving

    story.refresh_from_db()
    assert story.headline == "Draft headline"
    assert Autosave.objects.filter(user=editor, article=story).exists()

    page = open_page()
    log_in(page, editor)
    page.goto(change_url(story))
    offer = page.locator(".autosave-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Headline")
    expect(offer).to_contain_text("Body")
    page.get_by_role("button", name="Restore them").click()
    expect(page.get_by_label("Headline")).to_have_value("NATO: no sign of withdrawal")
    expect(page.locator("#id_body")).to_have_value(re.compile("Never saved"))
    expect(page.locator("select[name='bylines-1-person'] option:checked")).to_have_text(
        "Keiko Tanaka"
    )
    save(page)

    story.refresh_from_db()
    assert story.headline == "NATO: no sign of withdrawal"
    assert sorted(story.bylines.values_list("person__name", flat=True)) == [
        "Alastair Jamieson",
        "Keiko Tanaka",
    ]
    assert story.attributions.get().organization.name == "Reuters"
    assert not Autosave.objects.exists()
