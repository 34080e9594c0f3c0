"""The page cache for anonymous readers: per browser class, purged by key at once, bounded."""

import io
import logging
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image as PILImage

from articles.delivery import keys, pagecache
from articles.models import Article, Image, Video
from tests.helpers import (
    CHROME_UA,
    IE11_COMPAT_UA,
    IE11_UA,
    add_attribution,
    add_byline,
    make_article,
    make_organization,
    make_person,
    make_user,
    make_video,
)

NOTICE = "IE 11 is not supported. For an optimal experience visit our site on another browser."
FIREFOX_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CLOSED_PORT_REDIS = "redis://127.0.0.1:6390/0"

# Purges run when a transaction commits: each test commits its changes as the site does.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.delivery.urls")]


@pytest.fixture(autouse=True)
def _healthy_page_cache(settings):
    """Every test starts with the page cache on and no remembered outage."""
    settings.NEWSROOM_PAGE_CACHE = True
    pagecache.health.down_until = None
    yield
    pagecache.health.down_until = None


@pytest.fixture
def article():
    article = make_article(headline="Summit ends")
    add_byline(article, make_person(name="Alastair Jamieson"))
    add_attribution(article, make_organization(name="Reuters"))
    return article


def get(client, url, user_agent=CHROME_UA, **headers):
    return client.get(url, HTTP_USER_AGENT=user_agent, **headers)


def served_from_cache(client, url, django_assert_num_queries, user_agent=CHROME_UA, **headers):
    """The response, asserting it cost no SQL at all (the mark of a cache hit)."""
    with django_assert_num_queries(0):
        return get(client, url, user_agent, **headers)


def png_file(name="still.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# Browser classes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [(IE11_UA, CHROME_UA), (CHROME_UA, IE11_UA)],
    ids=["ie-then-chrome", "chrome-then-ie"],
)
def test_each_browser_class_gets_its_own_cached_page(
    client, article, django_assert_num_queries, first, second
):
    """IE and Chrome, in either order, each get their own page, fresh and from the cache."""
    url = article.get_absolute_url()
    pages = {ua: get(client, url, ua) for ua in (first, second)}
    again = {
        ua: served_from_cache(client, url, django_assert_num_queries, ua) for ua in (first, second)
    }
    for response in (pages[IE11_UA], again[IE11_UA]):
        assert response.status_code == 200
        assert response.content.decode().count(NOTICE) == 1
    for response in (pages[CHROME_UA], again[CHROME_UA]):
        assert response.status_code == 200
        assert NOTICE not in response.content.decode()
        assert "Summit ends" in response.content.decode()
    assert again[IE11_UA]["ETag"] != again[CHROME_UA]["ETag"]


def test_pages_are_cached_by_browser_class_not_by_raw_user_agent(
    client, article, django_assert_num_queries
):
    """Firefox is served the page Chrome's request stored; IE 11 in compat mode IE 11's."""
    url = article.get_absolute_url()
    chrome = get(client, url, CHROME_UA)
    ie = get(client, url, IE11_UA)
    firefox = served_from_cache(client, url, django_assert_num_queries, FIREFOX_UA)
    compat = served_from_cache(client, url, django_assert_num_queries, IE11_COMPAT_UA)
    assert firefox.content == chrome.content
    assert compat.content == ie.content


@pytest.mark.parametrize("user_agent", [CHROME_UA, IE11_UA])
def test_headers_tell_shared_caches_what_varies_and_for_how_long(
    client, article, django_assert_num_queries, user_agent
):
    """Fresh and cached answers carry the same Vary, Cache-Control and ETag; hits add Age."""
    url = article.get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fresh = get(client, url, user_agent)
        traveller.shift(timedelta(seconds=42))
        cached = served_from_cache(client, url, django_assert_num_queries, user_agent)
    for response in (fresh, cached):
        # The notice depends on the browser; the private page for editors on the session.
        assert response["Vary"] == "User-Agent, Cookie"
        assert response["Cache-Control"] == (
            "public, max-age=300, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"
        )
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
        assert "Set-Cookie" not in response
        assert not response.cookies
    assert cached["ETag"] == fresh["ETag"]
    assert cached.content == fresh.content
    assert "Age" not in fresh
    assert cached["Age"] == "42"
    assert cached["Content-Length"] == str(len(cached.content))
    assert cached["Content-Security-Policy"] == fresh["Content-Security-Policy"]


def test_a_cache_hit_costs_no_sql_with_many_related_rows(client, django_assert_num_queries):
    """However many bylines, attributions and videos, a hit runs no query."""
    article = make_article()
    for n in range(8):
        add_byline(article, order=n)
        add_attribution(article, order=n)
    for _ in range(4):
        article.lead_video = make_video()
        article.save()
        article.sync_videos()
    url = article.get_absolute_url()
    assert get(client, url).status_code == 200
    served_from_cache(client, url, django_assert_num_queries)
    get(client, "/")
    served_from_cache(client, "/", django_assert_num_queries)


def test_head_is_answered_from_the_page_a_get_stored(client, article, django_assert_num_queries):
    """HEAD gets the stored headers, no body, and the body's length."""
    url = article.get_absolute_url()
    full = get(client, url)
    with django_assert_num_queries(0):
        head = client.head(url, HTTP_USER_AGENT=CHROME_UA)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))
    assert head["ETag"] == full["ETag"]


# What is never cached ---------------------------------------------------------------


def test_signed_in_users_are_never_served_or_stored(
    client, article, settings, django_assert_num_queries
):
    """An editor gets a private page of their own, never the readers' copy, and leaves none."""
    url = article.get_absolute_url()
    get(client, url)  # the readers' copy
    # A change the signals do not see: only a fresh render can show it.
    Article.objects.filter(pk=article.pk).update(headline="Changed behind the cache")
    client.force_login(make_user())
    signed_in = get(client, url)
    assert signed_in.status_code == 200
    assert "Changed behind the cache" in signed_in.content.decode()
    assert "private" in signed_in["Cache-Control"]
    assert "Age" not in signed_in
    client.logout()
    reader = served_from_cache(client, url, django_assert_num_queries)
    assert "Summit ends" in reader.content.decode()


@pytest.mark.parametrize("path", ["/odd/cookie/", "/odd/never/", "/odd/private/", "/odd/plain/"])
def test_responses_that_forbid_or_do_not_allow_caching_are_not_stored(client, path):
    """Set-Cookie, never-cache, private, or no Cache-Control at all: rendered every time."""
    first = get(client, f"{path}?n=1")
    second = get(client, f"{path}?n=1")
    assert first.status_code == second.status_code == 200
    assert "Age" not in second


def test_requests_other_than_get_and_head_are_not_cached(client, article):
    """A POST to a reader page is not answered from the cache."""
    url = article.get_absolute_url()
    get(client, url)
    response = client.post(url, HTTP_USER_AGENT=CHROME_UA)
    assert response.status_code == 405
    assert "Age" not in response


def test_the_page_cache_can_be_turned_off(client, article, settings, django_assert_num_queries):
    """With NEWSROOM_PAGE_CACHE off every request renders the page."""
    settings.NEWSROOM_PAGE_CACHE = False
    url = article.get_absolute_url()
    get(client, url)
    Article.objects.filter(pk=article.pk).update(headline="Rendered again")
    assert "Rendered again" in get(client, url).content.decode()


# Invalidation -------------------------------------------------------------------------


def rename_person(article):
    person = article.bylines.get().person
    person.name = "Renamed Reporter"
    person.save()
    return "Renamed Reporter"


def rename_organization(article):
    organization = article.attributions.get().organization
    organization.name = "The Associated Press"
    organization.save()
    return "The Associated Press contributed to this report."


def edit_article(article):
    article.headline = "Summit ends without a deal"
    article.save()
    return "Summit ends without a deal"


def unpublish_article(article):
    article.status = Article.Status.WITHDRAWN
    article.save()
    return None


def add_a_byline(article):
    add_byline(article, make_person(name="Second Reporter"))
    return "Second Reporter"


def delete_byline(article):
    article.bylines.get().delete()
    return None


def add_an_attribution(article):
    add_attribution(article, make_organization(name="Agence France-Presse"), order=5)
    return "Reuters and Agence France-Presse contributed to this report."


def change_attribution(article):
    attribution = article.attributions.get()
    attribution.custom_phrase = "provided the photographs"
    attribution.save()
    return "Reuters provided the photographs."


def add_lead_video(article):
    article.lead_video = make_video(caption="Leaders arrive in Brussels")
    article.save()
    article.sync_videos()
    return "Leaders arrive in Brussels"


def rename_section(article):
    section = article.section
    section.name = "Europe"
    section.save()
    return None


def change_lead_image(article):
    article.lead_image = Image.objects.create(file=png_file(), alt_text="Leaders")
    article.save()
    image = article.lead_image
    image.caption = "Leaders at the summit"
    image.save()
    return "Leaders at the summit"


CHANGES = [
    edit_article,
    unpublish_article,
    add_a_byline,
    delete_byline,
    rename_person,
    add_an_attribution,
    change_attribution,
    rename_organization,
    add_lead_video,
    rename_section,
    change_lead_image,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_any_change_to_what_pages_show_invalidates_the_cache_at_once(
    client, article, django_assert_num_queries, change
):
    """After the change, the next reader gets a freshly rendered page, not the stored one."""
    url = article.get_absolute_url()
    get(client, url)
    get(client, url, IE11_UA)
    served_from_cache(client, url, django_assert_num_queries)
    expected = change(article)
    for user_agent in (CHROME_UA, IE11_UA):
        response = get(client, url, user_agent)
        assert "Age" not in response
        if change is unpublish_article:
            assert response.status_code == 404
        else:
            assert response.status_code == 200
        if expected:
            assert expected in response.content.decode()


def test_video_rights_changes_invalidate_pages_showing_the_video(client):
    """Taking a video down shows the slate at the next request."""
    video = make_video(caption="Leaders arrive")
    article = make_article(lead_video=video)
    url = article.get_absolute_url()
    assert "Leaders arrive" in get(client, url).content.decode()
    video.removal_reason = Video.RemovalReason.LICENCE
    video.save()
    page = get(client, url).content.decode()
    assert "Leaders arrive" not in page
    assert "We apologize, this video has expired." in page


def test_a_change_to_the_article_videos_alone_invalidates(client, article):
    """Adding a video to the article's videos (m2m only, no row saved) re-renders the page."""
    video = make_video(caption="Leaders arrive in Brussels")
    url = article.get_absolute_url()
    get(client, url)
    Article.objects.filter(pk=article.pk).update(lead_video=video)  # no signal
    assert "Age" in get(client, url)
    article.videos.add(video)
    response = get(client, url)
    assert "Age" not in response
    assert "Leaders arrive in Brussels" in response.content.decode()


def test_a_purge_moves_the_shared_sequence_and_the_purged_keys(article):
    """A change moves the sequence every app server reads, and stamps its keys with it."""
    cache = caches["pages"]
    pagecache.purge({keys.SITE})
    before = cache.get(pagecache.SEQUENCE_KEY)
    edit_article(article)
    after = cache.get(pagecache.SEQUENCE_KEY)
    assert after > before
    assert cache.get(pagecache.VERSION_PREFIX + f"article:{article.pk}") == after
    assert cache.get(pagecache.VERSION_PREFIX + keys.SITE) == before


def test_a_new_sequence_starts_above_the_old_one_when_it_is_missing(client, article):
    """An evicted sequence starts again at a value no stored page can hold."""
    url = article.get_absolute_url()
    get(client, url)
    cache = caches["pages"]
    old = cache.get(pagecache.SEQUENCE_KEY)
    cache.delete(pagecache.SEQUENCE_KEY)
    pagecache.purge({f"article:{article.pk}"})
    assert cache.get(pagecache.SEQUENCE_KEY) > old + 1
    assert "Age" not in get(client, url)


def test_a_page_whose_key_version_was_evicted_is_rendered_again(client, article):
    """Without a key's version nobody knows when it was last purged: the page is not served."""
    url = article.get_absolute_url()
    get(client, url)
    assert "Age" in get(client, url)
    caches["pages"].delete(pagecache.VERSION_PREFIX + f"article:{article.pk}")
    assert "Age" not in get(client, url)
    assert "Age" in get(client, url)


# Lifetime bounded by what changes by itself -----------------------------------------


def test_lifetime_is_bounded_by_a_video_expiry(client, django_assert_num_queries):
    """A page with a video expiring in 60 s is kept 60 s, then shows the slate."""
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        video = make_video(caption="Leaders arrive", expires_at=start + timedelta(seconds=60))
        article = make_article(lead_video=video)
        url = article.get_absolute_url()
        first = get(client, url)
        assert first["Cache-Control"] == (
            "public, max-age=60, s-maxage=60, stale-while-revalidate=0, stale-if-error=0"
        )
        traveller.shift(timedelta(seconds=59))
        before = served_from_cache(client, url, django_assert_num_queries)
        assert "Leaders arrive" in before.content.decode()
        assert before["Age"] == "59"
        traveller.shift(timedelta(seconds=2))
        after = get(client, url)
    assert "Age" not in after
    assert "Leaders arrive" not in after.content.decode()
    assert "We apologize, this video has expired." in after.content.decode()


def test_lifetime_is_bounded_by_a_scheduled_publish(client, django_assert_num_queries):
    """The home page is kept until the next scheduled story goes live, then lists it."""
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        make_article(headline="Already out")
        make_article(headline="Embargoed story", published_at=start + timedelta(seconds=120))
        first = get(client, "/")
        assert "Already out" in first.content.decode()
        assert first["Cache-Control"] == (
            "public, max-age=120, s-maxage=120, stale-while-revalidate=0, stale-if-error=0"
        )
        traveller.shift(timedelta(seconds=119))
        before = served_from_cache(client, "/", django_assert_num_queries)
        traveller.shift(timedelta(seconds=2))
        after = get(client, "/")
    assert "Embargoed story" not in before.content.decode()
    assert "Embargoed story" in after.content.decode()
    assert "Already out" in after.content.decode()


# Conditional GET ----------------------------------------------------------------------


def test_conditional_get_with_a_matching_etag_gets_304(client, article, django_assert_num_queries):
    """A reader revalidating an unchanged page gets 304 with no body and no SQL."""
    url = article.get_absolute_url()
    etag = get(client, url)["ETag"]
    not_modified = served_from_cache(
        client, url, django_assert_num_queries, HTTP_IF_NONE_MATCH=etag
    )
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert "public" in not_modified["Cache-Control"]
    assert "Age" in not_modified


def test_conditional_get_on_a_fresh_render_gets_304(client, article):
    """The first request after a change already answers 304 when the page came out the same."""
    url = article.get_absolute_url()
    etag = get(client, url)["ETag"]
    pagecache.purge({keys.SITE})
    assert get(client, url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("path", ["article", "/", "/feed/", "/sitemap.xml"])
def test_conditional_get_works_without_the_page_cache(client, article, settings, path):
    """Every cacheable reader page answers 304 to a current ETag, page cache or not."""
    settings.NEWSROOM_PAGE_CACHE = False
    url = article.get_absolute_url() if path == "article" else path
    etag = get(client, url)["ETag"]
    not_modified = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_conditional_get_after_a_change_gets_the_new_page(client, article):
    """A stale ETag gets the full, changed page."""
    url = article.get_absolute_url()
    etag = get(client, url)["ETag"]
    edit_article(article)
    response = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Summit ends without a deal" in response.content.decode()


def test_etag_differs_between_browser_classes(client, article):
    """IE's ETag does not revalidate Chrome's page (the bodies differ)."""
    url = article.get_absolute_url()
    ie_etag = get(client, url, IE11_UA)["ETag"]
    response = get(client, url, CHROME_UA, HTTP_IF_NONE_MATCH=ie_etag)
    assert response.status_code == 200
    assert response["ETag"] != ie_etag
    assert article.headline in response.content.decode()


# When the cache fails ----------------------------------------------------------------


def redis_pages_cache(url):
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }


def test_with_redis_down_pages_are_served_uncached_and_a_warning_is_logged(client, article, caplog):
    """Redis unreachable: no 500, the page rendered each time, one warning in the log."""
    url = article.get_absolute_url()
    with override_settings(CACHES=redis_pages_cache(CLOSED_PORT_REDIS)):
        with caplog.at_level(logging.WARNING, logger="articles.delivery.pagecache"):
            responses = [get(client, url), get(client, url, IE11_UA), get(client, url)]
            edit_article(article)  # invalidation fails too, without an error
            after_edit = get(client, url)
    for response in responses:
        assert response.status_code == 200
        assert "Age" not in response
    assert NOTICE in responses[1].content.decode()
    assert "Summit ends without a deal" in after_edit.content.decode()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Page cache unavailable" in r.getMessage() for r in warnings)
    assert sum("Page cache unavailable" in r.getMessage() for r in warnings) == 1


def test_caching_resumes_when_the_cache_returns(client, article, settings, caplog):
    """After the retry delay the cache is tried again and pages are stored once more."""
    settings.NEWSROOM_PAGE_CACHE_RETRY_SECONDS = 5
    url = article.get_absolute_url()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        with override_settings(CACHES=redis_pages_cache(CLOSED_PORT_REDIS)):
            assert get(client, url).status_code == 200
        assert not pagecache.health.usable()
        # Within the retry delay the returned cache is not even asked.
        get(client, url)
        assert "Age" not in get(client, url)
        traveller.shift(timedelta(seconds=6))
        with caplog.at_level(logging.WARNING, logger="articles.delivery.pagecache"):
            get(client, url)
            assert get(client, url)["Age"] == "0"
    assert pagecache.health.usable()
    assert any("caching resumes" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis://"),
    reason="needs a Redis server (CACHE_URL)",
)
def test_pages_are_cached_in_redis_and_survive_an_outage(client, article, settings):
    """With the real Redis: stored, served, lost during an outage, stored again after."""
    redis_url = os.environ["CACHE_URL"]
    url = article.get_absolute_url()
    settings.NEWSROOM_PAGE_CACHE_RETRY_SECONDS = 0
    with override_settings(CACHES=redis_pages_cache(redis_url)):
        caches["pages"].clear()
        get(client, url)
        assert "Age" in get(client, url)
        # Another app server has its own connection to the same Redis and sees each purge.
        other_server = caches.create_connection("pages")
        before = other_server.get(pagecache.SEQUENCE_KEY)
        edit_article(article)
        after = other_server.get(pagecache.SEQUENCE_KEY)
        assert after > before
        # The purged key carries exactly the new number (no rounding on the way).
        assert other_server.get(f"{pagecache.VERSION_PREFIX}article:{article.pk}") == after
        assert "Age" not in get(client, url)
        assert "Age" in get(client, url)
        with override_settings(CACHES=redis_pages_cache(CLOSED_PORT_REDIS)):
            assert get(client, url).status_code == 200
        get(client, url)
        assert "Age" in get(client, url)
        caches["pages"].clear()
