"""
Every URL pattern, requested with hostile ids, slugs, page numbers and query strings,
answers with something other than a server error, for readers and for an editor.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.factories import add_byline, make_article, make_user

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
]
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


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
    return GROUP.sub(lambda m: f"<{m['name']}>", text)


def concrete(route, value):
    return "/" + PARAMETER.sub(lambda _: quote(value, safe="%"), route)


def probes(route, known):
    """The route with known good values, with each hostile value, and with hostile queries."""
    urls = {concrete(route, value) for value in [*known, *HOSTILE_SEGMENTS]}
    base = concrete(route, known[0])
    urls.update(f"{base}?{query}" for query in HOSTILE_QUERIES)
    return sorted(urls)


@pytest.fixture
def site(db):
    article = make_article()
    add_byline(article)
    return article


def all_probes(site):
    known = [str(site.pk), site.slug, site.section.slug]
    return [url for route in walk(get_resolver().url_patterns) for url in probes(route, known)]


def test_every_url_pattern_survives_hostile_parameters(client, site):
    """No 500 from any pattern, for an anonymous reader and for a signed-in superuser."""
    urls = all_probes(site)
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) >= 40  # reader pages, markdownx endpoints and the whole admin
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
