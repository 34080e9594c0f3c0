"""An editor's day in a real browser: the seed story written from nothing in the admin."""

import re
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models.videos import EXPIRED_MESSAGE
from tests.browser.pages import (
    add_inline_row,
    assert_in_order,
    choose,
    fill_datetime,
    log_in,
    reference_lines,
    save,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
SEED = tomllib.loads((ROOT / "articles/seed/nato-russia-troops.toml").read_text(encoding="utf-8"))


def add_video(page, video):
    page.goto("/admin/articles/video/add/")
    page.get_by_label("Title").press_sequentially(video["title"])
    page.keyboard.press("Tab")  # the slug is filled in from the title; the editor replaces it
    page.get_by_label("Slug").fill(video["slug"])
    page.get_by_label("Description").fill(video["description"])
    page.get_by_label("Source url").fill(video["source_url"])
    page.get_by_label("Caption").fill(video["caption"])
    minutes, seconds = divmod(video["duration"], 60)
    page.get_by_label("Duration").fill(f"00:{minutes:02}:{seconds:02}")
    for field in ("available_from", "expires_at"):
        instant = video[field]
        fill_datetime(page, field, f"{instant:%Y-%m-%d}", f"{instant:%H:%M:%S}")
    save(page)


def test_an_editor_writes_and_publishes_the_seed_story_from_nothing(page, editor):
    log_in(page, editor)

    page.goto("/admin/articles/section/add/")
    page.get_by_label("Name").press_sequentially(SEED["section"]["name"])
    expect(page.get_by_label("Slug")).to_have_value(SEED["section"]["slug"])
    page.get_by_label("Description").fill(SEED["section"]["description"])
    save(page)

    page.goto("/admin/articles/person/add/")
    page.get_by_label("Name").press_sequentially(SEED["person"]["name"])
    expect(page.get_by_label("Slug")).to_have_value(SEED["person"]["slug"])
    page.get_by_label("Job title").fill(SEED["person"]["job_title"])
    save(page)

    page.goto("/admin/articles/organization/add/")
    page.locator("#id_name").press_sequentially(SEED["organization"]["name"])
    page.get_by_label("Short name").fill(SEED["organization"]["short_name"])
    expect(page.get_by_label("Slug")).to_have_value(SEED["organization"]["slug"])
    page.get_by_label("Homepage").fill(SEED["organization"]["homepage"])
    save(page)

    lead, middle = SEED["videos"]
    add_video(page, lead)
    add_video(page, middle)
    expect(page.locator("#result_list")).to_contain_text("Expired")

    story = SEED["article"]
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").press_sequentially(story["headline"])
    expect(page.get_by_label("Slug")).to_have_value(story["slug"])
    page.get_by_label("Dek").fill(story["dek"])
    choose(page, page.locator("#id_section"), SEED["section"]["name"])
    choose(page, page.locator("#id_lead_video"), lead["title"])
    # Screen readers hear each autocomplete box's field name, then its choice.
    expect(page.get_by_role("combobox", name="Section World", exact=True)).to_be_visible()
    body = page.locator("textarea[name=body]")
    body.fill(story["body"].strip())

    # The live preview renders the body as the page will: the slate, never the raw reference.
    preview = page.locator(".markdownx-preview")
    expect(preview.locator(".video-slate")).to_have_text(EXPIRED_MESSAGE)
    expect(preview).to_contain_text("However, Rasmussen said NATO had not seen evidence")
    expect(preview).not_to_contain_text("[[video:")

    byline = add_inline_row(page, "bylines")
    choose(page, byline.locator("select[name$=-person]"), SEED["person"]["name"])
    attribution = add_inline_row(page, "attributions")
    choose(page, attribution.locator("select[name$=-organization]"), SEED["organization"]["name"])
    expect(attribution.locator("select[name$=-phrase]")).to_have_value("contributed to this report")

    page.get_by_label("Status").select_option(label="Published")
    page.get_by_label("Byline style").select_option(value=story["byline_style"])
    save(page, keep_editing=True)

    page.get_by_role("link", name="View on site").click()
    expect(page.locator("h1")).to_have_text(story["headline"])
    main = page.locator("main")
    expect(main.locator(".video-slate")).to_have_count(2)
    expect(page.locator(".browser-notice")).to_have_count(0)
    assert_in_order(main.inner_text(), reference_lines())
    expect(main.get_by_role("link", name=SEED["person"]["name"])).to_have_attribute(
        "href", re.compile(f"/authors/{SEED['person']['slug']}/$")
    )
