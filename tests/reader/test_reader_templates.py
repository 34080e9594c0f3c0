"""The reader templates' own helpers (``articles/reader/jinja.py``) write what Django's
template filters and tags would, escape what they show, and forgive a missing value."""

from datetime import UTC, datetime

import pytest
from django.template import defaultfilters, engines
from django.test import RequestFactory
from django.utils import timezone, translation

from articles.reader import jinja

pytestmark = pytest.mark.django_db


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize("month", range(1, 13))
def test_a_day_is_written_as_djangos_date_filter_writes_it(settings, month):
    settings.TIME_ZONE = "America/New_York"
    instant = datetime(2026, month, 1, 3, 30, tzinfo=UTC)  # the day before, in New York
    with timezone.override("America/New_York"), translation.override("en"):
        expected = defaultfilters.date(timezone.localtime(instant), "N j, Y")
        assert jinja.day(instant) == expected
        assert jinja.iso(instant) == defaultfilters.date(timezone.localtime(instant), "c")
    assert " 1, " not in expected  # New York's day, not UTC's


def test_values_are_escaped_and_safe_html_is_not():
    from django.utils.html import format_html

    page = render(
        "{{ headline }}|{{ credit }}",
        headline='<script>alert("x")</script>',
        credit=format_html("<em>{}</em>", "Reuters"),
    )
    assert page == "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;|<em>Reuters</em>"


def test_a_missing_value_is_empty_as_in_djangos_templates():
    assert render("[{{ page_obj.number }}][{% if onward.related %}x{% endif %}]") == "[][]"


def test_querystring_changes_the_request_query_as_djangos_tag_does():
    request = RequestFactory().get("/search/", {"q": "nato kyiv", "page": "3", "sort": "newest"})
    assert render("{{ querystring(page=4) }}", request=request) == (
        "?q=nato+kyiv&amp;page=4&amp;sort=newest"
    )
    assert render("{{ querystring(sort=None, page=None) }}", request=request) == "?q=nato+kyiv"
    empty = RequestFactory().get("/")
    assert render("{{ querystring(page=None) }}", request=empty) == ""


def test_static_addresses_follow_the_static_url(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_URL = "/assets/"
    assert render("{{ static('css/site.css') }}") == "/assets/css/site.css"
    settings.STATIC_URL = "/static/"
    assert render("{{ static('css/site.css') }}") == "/static/css/site.css"
