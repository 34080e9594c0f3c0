"""
Stored XSS: every payload of the corpus, placed in every editor-entered field at once,
leaves no active content on the reader pages, the editor's preview or the admin.

Adding a field or a page is one line in FIELDS or in the page lists below.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article,
    Attribution,
    Byline,
    Image,
    Organization,
    Person,
    Section,
    Video,
)
from tests.factories import make_user
from tests.test_uploads import png_bytes
from tests.xss_corpus import PAYLOADS, active_content, injected

# Every field an editor types into that reaches a page, by model.
FIELDS = {
    Section: ("name", "description"),
    Person: ("name", "job_title", "bio", "social_handle"),
    Organization: ("name", "short_name"),
    Image: ("alt_text", "caption", "credit"),
    Video: ("title", "description", "caption", "credit_text"),
    Article: ("headline", "dek", "body", "seo_title", "seo_description"),
    Attribution: ("custom_phrase",),
}
FIELD_COUNT = sum(len(names) for names in FIELDS.values())


def filled(model, text):
    """The model's editor fields, each holding ``text`` (cut to the field's limit)."""
    # Forms refuse NUL (test_robustness.py) and PostgreSQL cannot store it; a browser
    # reads it as U+FFFD, so that is what the rows hold.
    text = text.replace("\x00", "\ufffd")
    values = {}
    for name in FIELDS[model]:
        limit = model._meta.get_field(name).max_length
        values[name] = text[:limit] if limit else text
    return values


class Newsroom:
    """One published article with every related row, each field holding the same text."""

    def __init__(self, text):
        self.image = Image(**filled(Image, text))
        self.image.file = ContentFile(png_bytes(), name="picture.png")
        self.image.save()
        self.section = Section.objects.create(slug="world", **filled(Section, text))
        self.person = Person.objects.create(
            slug="reporter",
            headshot=self.image,
            website="https://example.com/",
            **filled(Person, text),
        )
        self.organization = Organization.objects.create(
            slug="agency", logo=self.image, **filled(Organization, text)
        )
        self.video = Video.objects.create(
            slug="clip",
            source_url="https://media.example.com/clip.mp4",
            poster=self.image,
            **filled(Video, text),
        )
        self.article = Article.objects.create(
            slug="story",
            section=self.section,
            lead_video=self.video,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
            **filled(Article, text),
        )
        self.article.sync_videos()
        Byline.objects.create(article=self.article, person=self.person)
        Attribution.objects.create(
            article=self.article, organization=self.organization, **filled(Attribution, text)
        )
        self.objects = (
            self.article,
            self.section,
            self.person,
            self.organization,
            self.image,
            self.video,
        )
        self.editor = make_user(superuser=True, password=None)
        for obj in self.objects:
            LogEntry.objects.log_actions(
                self.editor.pk, [obj], CHANGE, change_message="Changed text.", single_object=True
            )


def reader_pages(site):
    return ["/", site.article.get_absolute_url(), site.person.get_absolute_url()]


def admin_pages(site):
    pages = [reverse("admin:articles_article_changelist")]
    for obj in site.objects:
        info = (obj._meta.app_label, obj._meta.model_name)
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        pages.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return pages


def render(client, site):
    """Each page as (url, html), the editor's preview of the body last."""
    pages = []
    for url in reader_pages(site):
        client.logout()
        pages.append((url, client.get(url)))
    client.force_login(site.editor)
    for url in admin_pages(site):
        pages.append((url, client.get(url)))
    preview = client.post("/admin/markdownx/markdownify/", {"content": site.article.body})
    pages.append(("preview", preview))
    for url, response in pages:
        assert response.status_code == 200, (url, response.status_code)
    return [(url, response.content.decode()) for url, response in pages]


_baseline = {}


def baseline(client):
    """Active content of each page with harmless text: the admin's own scripts and forms."""
    if not _baseline:
        sid = transaction.savepoint()
        pages = render(client, Newsroom("Harmless words"))
        transaction.savepoint_rollback(sid)
        _baseline.update({i: active_content(html) for i, (_, html) in enumerate(pages)})
    return _baseline


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_field_stays_inert_everywhere(client, payload):
    """No script, handler, dangerous URL, frame, plugin, SVG, MathML, style, base or form
    that the same pages with harmless text do not already have."""
    expected = baseline(client)
    site = Newsroom(payload)
    readers = reader_pages(site)
    for index, (url, html) in enumerate(render(client, site)):
        assert not injected(html, expected[index]), (url, payload)
        if url in readers or url == "preview":
            # Readers' pages carry no script or handler at all, not even the site's own.
            assert not [
                found
                for found in active_content(html)
                if found.startswith("<script") or "[on" in found
            ], (url, payload)


def test_the_corpus_is_large_and_covers_every_field():
    """At least 150 payloads, tried in every editor-entered field."""
    assert len(PAYLOADS) >= 150
    assert FIELD_COUNT >= 21


def test_the_detector_finds_what_it_looks_for():
    """The checker is not blind: raw payloads and obfuscated URLs are caught."""
    caught = [payload for payload in PAYLOADS if active_content(f"<div>{payload}</div>")]
    assert len(caught) >= 100
    assert active_content('<a href=" java&#x09;script:alert(1)">x</a>')
    assert active_content('<img src=x onerror="alert(1)">')
    assert active_content("<svg><circle/></svg>")
    assert not active_content('<p><a href="https://example.com/">x</a></p>')


@pytest.mark.django_db
def test_preview_is_refused_to_anyone_who_cannot_write_articles(client):
    """Anonymous users and staff without article rights get 403 from the live preview."""
    url = "/admin/markdownx/markdownify/"
    assert client.post(url, {"content": "*x*"}).status_code == 403
    client.force_login(make_user(groups=["Desk"], password=None))
    assert client.post(url, {"content": "*x*"}).status_code == 403


@pytest.mark.django_db
def test_preview_shows_what_the_page_will_show(client):
    """The live preview and the published body come from the same sanitizing renderer."""
    text = PAYLOADS[0] + "\n\n*kept* [link](https://example.com) [bad](javascript:alert(1))"
    client.force_login(make_user(superuser=True, password=None))
    preview = client.post("/admin/markdownx/markdownify/", {"content": text})
    article = Newsroom("Harmless words").article
    article.body = text
    article.save()
    assert preview.content.decode() == article.body_html
    assert "<em>kept</em>" in article.body_html and "javascript" not in article.body_html
