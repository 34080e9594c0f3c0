"""The WSGI application answers stored pages before Django handles the request, with the
same rules as the page cache middleware."""

import io

import pytest
from django.core.signals import request_started
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.delivery import pagecache
from newsroom.wsgi import application
from tests.helpers import CHROME_UA, IE11_UA, make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.ALLOWED_HOSTS = ["news.example.com"]
    pagecache.health.down_until = None


def call(path, method="GET", host="news.example.com", user_agent=CHROME_UA, **headers):
    """The status, headers and body ``application`` answers, and the queries it ran."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": user_agent,
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **headers,
    }
    answered = {}

    def start_response(status, response_headers, exc_info=None):
        answered["status"], answered["headers"] = status, dict(response_headers)

    with CaptureQueriesContext(connection) as queries:
        body = b"".join(application(environ, start_response))
    return answered["status"], answered["headers"], body, len(queries)


@pytest.fixture
def story():
    return make_article(headline="Summit ends")


def test_a_stored_page_is_answered_before_django_handles_the_request(story):
    url = story.get_absolute_url()
    status, headers, body, _ = call(url)
    assert status == "200 OK" and "Age" not in headers
    handled = []
    request_started.connect(handled.append)
    try:
        status, headers, again, queries = call(url)
    finally:
        request_started.disconnect(handled.append)
    assert handled == []
    assert status == "200 OK"
    assert again == body and b"Summit ends" in again
    assert "Age" in headers and headers["Surrogate-Key"]
    assert queries == 0


def test_each_browser_class_has_its_own_copy(story):
    url = story.get_absolute_url()
    call(url)
    status, headers, body, _ = call(url, user_agent=IE11_UA)
    assert "Age" not in headers and b"IE 11 is not supported" in body
    _, headers, body, _ = call(url, user_agent=IE11_UA)
    assert "Age" in headers and b"IE 11 is not supported" in body
    _, headers, body, _ = call(url)
    assert "Age" in headers and b"IE 11 is not supported" not in body


def test_a_current_copy_gets_304_and_head_no_body(story):
    url = story.get_absolute_url()
    _, headers, _, _ = call(url)
    status, headers304, body, queries = call(url, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status == "304 Not Modified" and body == b"" and queries == 0
    assert "Age" in headers304
    status, _, body, _ = call(url, method="HEAD")
    assert status == "200 OK" and body == b""


def test_a_purge_is_seen_at_the_next_request(story):
    url = story.get_absolute_url()
    call(url)
    story.headline = "Summit ends in agreement"
    story.save()
    _, headers, body, _ = call(url)
    assert "Age" not in headers and b"Summit ends in agreement" in body


def test_a_session_cookie_goes_to_django(story):
    url = story.get_absolute_url()
    call(url)
    _, headers, _, queries = call(url, HTTP_COOKIE="sessionid=whatever")
    assert "Age" not in headers and queries > 0


def test_a_host_the_site_does_not_answer_to_gets_400(story):
    url = story.get_absolute_url()
    call(url)
    status, _, _, _ = call(url, host="evil.example.net")
    assert status.startswith("400")


def test_signed_in_staff_are_never_served_a_stored_page(client, story):
    url = story.get_absolute_url()
    call(url)
    client.force_login(make_user(superuser=True))
    session = client.cookies["sessionid"].value
    status, headers, _, _ = call(url, HTTP_COOKIE=f"sessionid={session}")
    assert status == "200 OK" and "Age" not in headers


def test_a_miss_looks_the_page_up_once(story, monkeypatch):
    """The WSGI door hands the key it missed to Django: one lookup, and the page rendered
    is stored under that key."""
    lookups = []
    lookup = pagecache.pages.lookup
    monkeypatch.setattr(
        pagecache.pages, "lookup", lambda cache, key: lookups.append(key) or lookup(cache, key)
    )
    url = story.get_absolute_url()
    status, headers, _, _ = call(url)
    assert status == "200 OK" and "Age" not in headers
    assert len(lookups) == 1
    status, headers, _, queries = call(url)
    assert status == "200 OK" and "Age" in headers and queries == 0
    assert lookups == [lookups[0], lookups[0]]


@pytest.mark.parametrize(
    "path", ["/\xe2\x82\xac/", "/api/ninjs/articles/\xe2\x82\xac/", "/caf\xc3\xa9/"]
)
def test_a_path_beyond_latin_1_is_a_not_found_page(path):
    """The WSGI server hands PATH_INFO over as Latin-1 text; the door must leave it so."""
    status, _, _, _ = call(path)
    assert status.startswith("404")
