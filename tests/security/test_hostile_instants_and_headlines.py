"""Instants no database can keep, from a wire item, a picture's metadata, the API or an
admin filter, are refused, never stored or answered with a 500; a reporter does not read
the headline of a story they may not open in a line-up, a banner or a related list."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.editorial import roles
from articles.instants import storable
from articles.media.metadata import _xmp_date
from articles.models import Article, BreakingNews, Front, LineUp, Placement, RelatedArticle, Slot
from articles.wire.items import when
from tests.helpers import make_article, make_user

HOSTILE = [
    "0001-01-01T00:00:00+14:00",  # year 0 in UTC
    "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    "2026-01-01T00:00:00+16:00",  # an offset PostgreSQL refuses
    "2026-01-01T00:00:00+23:59",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_wire_time_no_database_keeps_is_no_time(text):
    assert when(text) is None


@pytest.mark.parametrize("text", HOSTILE)
def test_a_picture_date_no_database_keeps_is_no_date(text):
    assert _xmp_date(text) is None


def test_ordinary_times_pass():
    assert when("2026-11-30T09:00:00+14:00") == datetime(2026, 11, 29, 19, tzinfo=UTC)
    assert _xmp_date("2026-11-30T09:00:00-05:00").utcoffset() == timedelta(hours=-5)
    assert storable(datetime(1, 1, 1, tzinfo=UTC)) is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text", HOSTILE)
def test_the_api_answers_400_to_a_time_no_database_keeps(client, text):
    response = client.get("/api/ninjs/articles/", {"since": text})
    assert response.status_code == 400
    cursor = base64.urlsafe_b64encode(json.dumps([text, 1]).encode()).decode().rstrip("=")
    assert client.get("/api/ninjs/articles/", {"cursor": cursor}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_an_admin_filter_with_an_offset_the_database_refuses_is_not_a_500(client):
    client.force_login(make_user(superuser=True))
    url = reverse("admin:articles_article_changelist")
    response = client.get(url, {"published_at__gte": "2026-01-01T00:00:00+23:00"})
    assert response.status_code in (200, 302)  # the admin drops a bad lookup and says so


@pytest.mark.django_db
def test_deeply_nested_autosave_json_is_a_bad_request(client):
    client.force_login(make_user(superuser=True))
    story = make_article()
    url = reverse("admin:articles_article_autosave", args=[story.pk])
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400


@pytest.fixture
def scheduled_story():
    return make_article(
        headline="Embargoed summit deal", published_at=timezone.now() + timedelta(hours=3)
    )


@pytest.mark.django_db
def test_a_reporter_does_not_read_a_scheduled_headline_in_a_line_up(client, scheduled_story):
    front = Front.objects.create()
    lead = Slot.objects.create(front=front, title="Lead", size=1, order=0)
    lineup = LineUp.objects.create(front=front, note="Evening")
    Placement.objects.create(lineup=lineup, slot=lead, article=scheduled_story)
    url = reverse("admin:articles_lineup_change", args=[lineup.pk])
    client.force_login(make_user(groups=[roles.REPORTER]))
    reporter_page = client.get(url)
    assert reporter_page.status_code == 200
    assert "Embargoed summit deal" not in reporter_page.content.decode()
    client.force_login(make_user(groups=[roles.EDITOR]))
    assert "Embargoed summit deal" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_reporter_does_not_read_a_scheduled_story_s_banner(client, scheduled_story):
    BreakingNews.objects.create(text="Deal reached", article=scheduled_story)
    url = reverse("admin:articles_breakingnews_changelist")
    client.force_login(make_user(groups=[roles.REPORTER]))
    assert "Deal reached" not in client.get(url).content.decode()
    client.force_login(make_user(groups=[roles.EDITOR]))
    assert "Deal reached" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_reporter_can_neither_see_nor_choose_a_hidden_related_story(client, scheduled_story):
    reporter = make_user(groups=[roles.REPORTER])
    own = make_article(headline="My draft", status=Article.Status.DRAFT, created_by=reporter)
    published = make_article(headline="Out now")
    RelatedArticle.objects.create(article=published, related=scheduled_story)
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[published.pk]))
    assert page.status_code == 200
    assert "Embargoed summit deal" not in page.content.decode()
    inline = page.context["inline_admin_formsets"]
    related = next(f for f in inline if f.formset.prefix == "related_links").formset
    field = related.empty_form.fields["related"]
    assert not field.queryset.filter(pk=scheduled_story.pk).exists()
    assert field.queryset.filter(pk=published.pk).exists()
    assert own.pk not in set(field.queryset.values_list("pk", flat=True))  # a draft: not yet
