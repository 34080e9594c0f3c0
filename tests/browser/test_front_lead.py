"""A front in a real browser: an editor moves a story to the lead, and a reader sees it lead."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Front, LineUp, Placement, Slot
from tests.browser.pages import log_in, save
from tests.helpers import add_byline, make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_moves_a_story_to_the_lead_and_a_reader_sees_it_lead(
    page, open_page, editor, screenshots_dir
):
    front = Front.objects.create()
    lead = Slot.objects.create(front=front, title="Lead", size=1, order=0, fill=False)
    top = Slot.objects.create(front=front, title="Top stories", size=3, order=1, fill=False)
    summit = make_article(headline="Summit ends without a deal")
    ferry = make_article(headline="Ferry service resumes after the storm")
    for story in (summit, ferry):
        add_byline(story)
    lineup = LineUp.objects.create(front=front, starts_at=timezone.now() - timedelta(hours=1))
    Placement.objects.create(lineup=lineup, slot=lead, article=summit)
    Placement.objects.create(lineup=lineup, slot=top, article=ferry)

    reader = open_page()
    reader.goto("/")
    expect(reader.locator(".card-lead .card-headline")).to_have_text(summit.headline)

    log_in(page, editor)
    page.goto(f"/admin/articles/lineup/{lineup.pk}/change/")
    summit_row, ferry_row = page.locator(".dynamic-placements").all()[:2]
    expect(ferry_row).to_contain_text(ferry.headline)
    ferry_row.get_by_label("Slot").select_option(label=lead.title)
    summit_row.get_by_label("Slot").select_option(label=top.title)
    page.screenshot(path=str(screenshots_dir / "front-lineup-admin.png"), full_page=True)
    save(page)

    # A reader arriving now (the first one's browser may keep its copy for its max-age).
    reader = open_page()
    reader.goto("/")
    expect(reader.locator(".card-lead .card-headline")).to_have_text(ferry.headline)
    expect(reader.locator(".front-slot").nth(1)).to_contain_text(summit.headline)
    reader.screenshot(path=str(screenshots_dir / "front-home.png"), full_page=True)
