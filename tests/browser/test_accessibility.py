"""axe-core in Chromium on the reader pages and the admin article form."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.media import renditions
from articles.models import Article, Image
from tests.browser.pages import change_url, log_in
from tests.helpers import IE11_UA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}

# One line a page: (name, address, who opens it). Addresses may use {article} (the seed
# page), {author} (its author's page) and {article_change} (its admin form).
PAGES = [
    ("home", "/", "reader"),
    ("article", "{article}", "reader"),
    ("article-ie11", "{article}", "ie11 reader"),
    ("author", "{author}", "reader"),
    ("section", "{section}", "reader"),
    ("search", "/search/?q=NATO", "reader"),
    ("admin-article-add", "/admin/articles/article/add/", "editor"),
    ("admin-article-change", "{article_change}", "editor"),
    ("admin-wire-source-add", "/admin/articles/wiresource/add/", "editor"),
    ("admin-incoming", "/admin/articles/incomingarticle/", "editor"),
    ("admin-wire-log", "/admin/articles/wireevent/", "editor"),
    ("photo-story", "{photo_story}", "reader"),
    ("photographer", "/authors/mara-lindqvist/", "reader"),
    ("admin-image-change", "{image_change}", "editor"),
]


@pytest.mark.parametrize(("name", "address", "who"), PAGES, ids=[page[0] for page in PAGES])
def test_no_serious_or_critical_accessibility_violations(
    open_page, seed, editor, axe_dir, name, address, who
):
    page = open_page(IE11_UA) if who == "ie11 reader" else open_page()
    if who == "editor":
        log_in(page, editor)
    byline_author = seed.bylines.get().person
    for image in Image.objects.all():  # the demo's pictures, as `make run` prepares them
        renditions.prepare(image)
    url = address.format(
        photo_story=Article.objects.get(slug="harbour-lights-return").get_absolute_url(),
        image_change=f"/admin/articles/image/{Image.objects.get(slug='fishing-boats-at-dusk').pk}/change/",
        article=seed.get_absolute_url(),
        author=byline_author.get_absolute_url(),
        section=seed.section.get_absolute_url(),
        article_change=change_url(seed),
    )
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    violations = Axe().run(page).response["violations"]
    summary = [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in violations
    ]
    (axe_dir / f"{name}.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    blocking = [item for item in summary if item["impact"] in BLOCKING]
    assert blocking == [], json.dumps(blocking, indent=2)
