"""
Every URL pattern, requested with hostile ids, slugs, page numbers and query strings,
answers with something other than a server error, for readers and for an editor.
"""

import re
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from reversion.models import Version

from articles.models import Article, PreviewLink, Tag
from tests.helpers import add_byline, make_article, make_user

HOSTILE_SEGMENTS = [
    "0",
    "-1",
    "99999999999999999999",
    "1e9",
    "abc",
    "1'",
    '1" OR "1"="1',
    "%00",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..",
    "<script>alert(1)</script>",
    "x" * 600,
    "ü-ñ-中文",
    "%ff%fe",
    "1;DROP TABLE articles_article",
]
HOSTILE_QUERIES = [
    "page=0",
    "page=-1",
    "page=abc",
    "page=99999999999999999999",
    "page=1e3",
    "page=last",
    "page=%00",
    "page=1&page=2",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=" + "a" * 5000,
    "o=999",
    "o=-abc",
    "p=-1",
    "e=1",
    "_popup=1&_to_field=password",
    "_to_field=password",
    "status__exact=%27",
    "published_at__gte=not-a-date",
    "section__id__exact=abc",
    "published_at__year=99999999999999999999",
    "published_at__year=9999",
    "published_at__year=9999&published_at__month=12&published_at__day=31",
    "created_at__year=0",
    "id__in=1,abc",
    "%ff=%fe",
    "next=javascript:alert(1)",
    "_changelist_filters=%25%25%25",
    "from=abc&to=-1",
    "from=99999999999999999999&to=%00",
]
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")
# Unnamed groups (django-reversion's routes), once backslashes are gone: digits are a
# version's id, anything else an object's.
UNNAMED = re.compile(r"\((?!\?)(?P<pattern>[^()]*)\)")


def walk(patterns, prefix=""):
    """Every concrete route of the resolver, as text with its parameters left in place."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + _text(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _text(entry.pattern)


def _text(pattern):
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    assert isinstance(pattern, RegexPattern)
    text = pattern._regex.lstrip("^").rstrip("$").replace("\\", "")
    text = GROUP.sub(lambda m: f"<{m['name']}>", text)
    return UNNAMED.sub(lambda m: "<version_id>" if m["pattern"] == "d+" else "<object_id>", text)


ADMIN_MODEL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def good_value(route, name, site):
    """A value of parameter ``name`` that names a real row, so the view gets past lookup."""
    if name == "object_id" and (match := ADMIN_MODEL.match(route)):
        row = apps.get_model(match["app"], match["model"]).objects.order_by("pk").first()
        return str(row.pk) if row else "1"
    if name == "slug" and route.startswith("tags/"):
        return site.tag.slug
    if name == "slug" and route.startswith("authors/"):
        return site.person.slug
    values = {
        "slug": site.article.slug,
        "section": "articles" if route.startswith("sitemap-") else site.section.slug,
        "token": site.share.token,
        "content_type_id": str(ContentType.objects.get_for_model(Article).pk),
        "version_id": str(site.version.pk),
    }
    return values.get(name, str(site.article.pk))


def probes(route, site):
    """The route with good values, with each hostile value in each parameter in turn (the
    others good), and with hostile queries."""
    names = [match["name"] for match in PARAMETER.finditer(route)]
    good = [good_value(route, name, site) for name in names]

    def concrete(values):
        values = iter(values)
        return "/" + PARAMETER.sub(lambda _: quote(next(values), safe="%"), route)

    base = concrete(good)
    urls = {base, *(f"{base}?{query}" for query in HOSTILE_QUERIES)}
    for position in range(len(names)):
        for value in HOSTILE_SEGMENTS:
            urls.add(concrete([*good[:position], value, *good[position + 1 :]]))
    return sorted(urls)


@pytest.fixture
def site(db):
    """A published story with a row of every kind the routes name, a revision and a
    share link."""
    article = make_article()
    byline = add_byline(article)
    article.tags.add(Tag.objects.create(name="Topic", slug="topic"))
    with reversion.create_revision():
        article.save()
    return SimpleNamespace(
        article=article,
        section=article.section,
        person=byline.person,
        tag=article.tags.get(),
        share=PreviewLink.objects.create(article=article),
        version=Version.objects.get_for_object(article).get(),
    )


def all_probes(site):
    return [url for route in walk(get_resolver().url_patterns) for url in probes(route, site)]


def test_every_url_pattern_survives_hostile_parameters(client, site):
    """No 500 from any pattern, for an anonymous reader and for a signed-in superuser."""
    urls = all_probes(site)
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) >= 100  # reader pages, feeds, sitemaps, markdownx endpoints, the admin
    assert len(urls) >= 4000
    editor = make_user(superuser=True, password=None)
    client.raise_request_exception = False  # report every failing URL, not the first traceback
    failures = []
    for signed_in in (False, True):
        if signed_in:
            client.force_login(editor)
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((signed_in, url, response.status_code))
    assert not failures, "\n".join(map(str, failures))


def test_good_values_reach_the_views(client, site):
    """The probes are not all 404s: with good values the reader pages, the feeds, the share
    link, the staff preview and the revision pages answer 200."""
    client.force_login(make_user(superuser=True, password=None))
    pk, version = site.article.pk, site.version.pk
    for url in (
        f"/{site.section.slug}/{site.article.slug}-n{pk}/",
        f"/authors/{site.person.slug}/feed/",
        f"/tags/{site.tag.slug}/",
        f"/preview/{site.share.token}/",
        "/sitemap-articles.xml",
        f"/admin/articles/article/{pk}/preview/",
        f"/admin/articles/article/{pk}/history/{version}/",
        f"/admin/articles/article/{pk}/history/compare/?from={version}&to={version}",
    ):
        assert url in all_probes(site) or "?" in url
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "data",
    [{}, {"content": "x" * 100_000}, {"content": "\x00\ufffe\u202e"}, {"image": "not a file"}],
    ids=["empty", "long", "bad-unicode", "text-as-file"],
)
def test_editor_endpoints_survive_hostile_posts(client, site, data):
    """The preview and upload endpoints answer 200/400/403, never 500, whatever is posted."""
    for user in (None, make_user(superuser=True, password=None)):
        if user:
            client.force_login(user)
        for url in ("/admin/markdownx/markdownify/", "/admin/markdownx/upload/"):
            assert client.post(url, data).status_code in (200, 400, 403), url
