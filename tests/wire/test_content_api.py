"""The content API: published articles as ninjs 2.x, valid against IPTC's schema, cached
like reader pages, and read back by ingest."""

import io
import json
import re
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import articles.api
from articles.models import Article, Attribution, Byline, WireItem
from tests.helpers import (
    QUERIES,
    make_article,
    make_image,
    make_organization,
    make_person,
    make_section,
    make_tag,
)

SCHEMA = json.loads(
    (Path(articles.api.__file__).parent / "schemas" / "ninjs-schema_2.2.json").read_text()
)
LIST = reverse("api:articles")


def validate(item):
    jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(item)


def full_article(**fields):
    """A published article with two bylines, an attribution, tags and a lead picture."""
    article = make_article(
        headline="Storm hits the coast",
        dek="Thousands *without* power.",
        body="First paragraph.\n\nSecond with a [link](https://example.com).",
        lead_image=make_image(alt_text="Waves on the sea wall", credit="Wire/Photographer"),
        **fields,
    )
    for order, name in enumerate(["Mara Voss", "Jon Berg"]):
        Byline.objects.create(article=article, person=make_person(name=name), order=order)
    Attribution.objects.create(article=article, organization=make_organization(name="Reuters"))
    article.tags.add(make_tag(name="Weather"), make_tag(name="Coasts"))
    return article


def tight(html):
    return re.sub(r">\s+<", "><", html).strip()


def get_item(client, article):
    return client.get(reverse("api:article", args=[article.pk]))


@pytest.mark.django_db
def test_item_is_valid_ninjs_2x_with_every_field(client):
    article = full_article()
    response = get_item(client, article)
    assert response.status_code == 200
    item = response.json()
    validate(item)
    assert item["uri"] == f"http://testserver/api/ninjs/articles/{article.pk}/"
    assert item["headlines"] == [{"role": "main", "value": "Storm hits the coast"}]
    assert item["descriptions"][0]["value"] == "Thousands without power."
    assert item["descriptions"][1] == {
        "role": "credit",
        "contenttype": "text/plain",
        "value": "Reuters contributed to this report.",
    }
    assert item["bodies"][0]["contenttype"] == "text/html"
    assert '<a href="https://example.com"' in item["bodies"][0]["value"]
    assert item["by"] == "Mara Voss and Jon Berg"
    assert [p["name"] for p in item["people"]] == ["Mara Voss", "Jon Berg"]
    assert {s["name"] for s in item["subjects"]} == {article.section.name, "Weather", "Coasts"}
    canonical = {a["role"]: a["value"] for a in item["altids"]}["canonical"]
    assert canonical == "http://testserver" + article.get_absolute_url()
    assert item["firstcreated"] and item["versioncreated"]
    picture = item["associations"][0]
    assert picture["by"] == "Wire/Photographer"
    assert picture["headlines"][0]["value"] == "Waves on the sea wall"
    assert {r["contenttype"] for r in picture["renditions"]} == {"image/jpeg", "image/webp"}
    assert all(r["href"].startswith("http://testserver/") for r in picture["renditions"])


@pytest.mark.django_db
def test_nothing_unpublished_is_served(client):
    now = timezone.now()
    live = make_article()
    hidden = [
        make_article(status=Article.Status.DRAFT),
        make_article(status=Article.Status.REVIEW),
        make_article(status=Article.Status.WITHDRAWN),
        make_article(published_at=now + timedelta(hours=1)),
    ]
    listed = [i["headlines"][0]["value"] for i in client.get(LIST).json()["items"]]
    assert listed == [live.headline]
    for article in hidden:
        assert get_item(client, article).status_code == 404


@pytest.mark.django_db
def test_list_newest_first_with_cursor_pages(client, settings):
    settings.NEWSROOM_API_PAGE_SIZE = 2
    now = timezone.now()
    made = [make_article(published_at=now - timedelta(minutes=n)) for n in range(5)]
    # Two with the same publish time are told apart by id.
    made.append(make_article(published_at=made[2].published_at))
    expected = sorted(made, key=lambda a: (a.published_at, a.pk), reverse=True)
    seen, url = [], LIST
    while url:
        page = client.get(url).json()
        assert len(page["items"]) <= 2
        for item in page["items"]:
            validate(item)
        seen += [int({a["role"]: a["value"] for a in i["altids"]}["id"]) for i in page["items"]]
        url = page["next"]
    assert seen == [a.pk for a in expected]


@pytest.mark.django_db
def test_section_and_changed_since_filters(client):
    world = make_section(slug="world")
    old = make_article(section=world)
    Article.objects.filter(pk=old.pk).update(modified_at=timezone.now() - timedelta(days=2))
    recent = make_article(section=world)
    make_article()
    items = client.get(LIST, {"section": "world"}).json()["items"]
    assert len(items) == 2
    since = (timezone.now() - timedelta(days=1)).isoformat()
    items = client.get(LIST, {"section": "world", "since": since}).json()["items"]
    assert [i["headlines"][0]["value"] for i in items] == [recent.headline]
    assert client.get(LIST, {"section": "nowhere"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "WzEsMl0"},
        {"since": "yesterday"},
        {"since": "2026-13-45T99:00:00"},
        {"section": "a\x00b"},
    ],
)
def test_bad_parameters_are_a_400(client, query):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.django_db
def test_read_only(client):
    article = make_article()
    assert client.post(LIST).status_code == 405
    assert client.delete(reverse("api:article", args=[article.pk])).status_code == 405


@pytest.mark.django_db
def test_etag_304_cache_headers_and_content_keys(client):
    article = full_article()
    response = get_item(client, article)
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    keys = response["Surrogate-Key"].split()
    assert f"article:{article.pk}" in keys and f"section:{article.section_id}" in keys
    assert f"person:{article.bylines.first().person_id}" in keys
    again = client.get(
        reverse("api:article", args=[article.pk]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    listing = client.get(LIST)
    assert {"feeds", "articles", f"article:{article.pk}"} <= set(listing["Surrogate-Key"].split())
    assert client.get(LIST, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize(
    "window",
    [
        {"available_from": timedelta(hours=2)},
        {"available_from": timedelta(days=-3), "expires_at": timedelta(hours=-1)},
    ],
    ids=["not yet licensed", "licence ended"],
)
def test_a_lead_picture_readers_may_not_see_is_not_sent(client, window):
    """As on the page: no picture, alt text, caption or rendition outside its window."""
    now = timezone.now()
    image = make_image(
        alt_text="Embargoed arrest photo",
        caption="Embargoed caption",
        **{field: now + delta for field, delta in window.items()},
    )
    article = make_article(lead_image=image)
    for content in (get_item(client, article).content, client.get(LIST).content):
        assert b"Embargoed" not in content and image.file.name.encode() not in content
        assert b"associations" not in content


@pytest.mark.django_db
def test_lead_picture_lifetime_ends_when_its_licence_does(client):
    image = make_image(expires_at=timezone.now() + timedelta(seconds=50))
    article = make_article(lead_image=image)
    item, listing = get_item(client, article), client.get(LIST)
    assert item.json()["associations"] and listing.json()["items"][0]["associations"]
    for response in (item, listing):
        assert int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 50


@pytest.mark.django_db
def test_body_picture_placeholders_are_left_out(client):
    """A body picture's reference names it (its slug is made from the alt text) even before
    its licence starts; a partner's copy gets neither the placeholder nor the name."""
    make_image(slug="minister-resigns-exclusive", available_from=timezone.now() + timedelta(days=1))
    article = make_article(body="Before.\n\n[[image:minister-resigns-exclusive]]\n\nAfter.")
    body = get_item(client, article).json()["bodies"][0]["value"]
    assert "minister-resigns-exclusive" not in body and "data-image" not in body
    assert "Before." in body and "After." in body


@pytest.mark.django_db
def test_list_lifetime_ends_when_the_next_story_goes_live(client):
    make_article()
    make_article(published_at=timezone.now() + timedelta(seconds=40))
    max_age = int(client.get(LIST)["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 40


@pytest.mark.django_db
@pytest.mark.parametrize(("budget", "many"), [("content api list", 5), ("content api article", 1)])
def test_fixed_number_of_queries(client, budget, many):
    """The list and an article cost their budget with one row of each kind and with many."""

    def count(url):
        client.get(url)  # the first read makes the pictures' renditions
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    article = full_article()
    url = LIST if budget == "content api list" else reverse("api:article", args=[article.pk])
    assert count(url) == QUERIES[budget]
    for _ in range(many):
        full_article()
    for _ in range(3):
        Byline.objects.create(article=article, person=make_person(), order=5)
        article.tags.add(make_tag())
    assert count(url) == QUERIES[budget]


@pytest.mark.django_db
def test_round_trip_through_ingest(client, settings, tmp_path):
    """An article served by the API, read back by ingest, is the same story."""
    article = full_article()
    item = get_item(client, article).json()
    settings.NEWSROOM_WIRE_FOLDERS = [str(tmp_path)]
    path = tmp_path / "partner.json"
    path.write_text(json.dumps(item))
    make_organization(name="Partner", slug="partner")
    target = make_section(slug="from-partner")
    out = io.StringIO()
    call_command(
        "ingest",
        "--file",
        str(path),
        "--organization",
        "partner",
        "--section",
        "from-partner",
        "--no-progress",
        stdout=out,
    )
    assert "1 new" in out.getvalue()
    copy = WireItem.objects.get(guid=item["uri"]).article
    assert copy.section == target
    assert copy.headline == article.headline
    assert copy.dek == "Thousands without power."
    assert tight(copy.body_html) == tight(article.body_html)
    assert [b.person.name for b in copy.bylines.all()] == ["Mara Voss", "Jon Berg"]
    assert set(copy.tags.values_list("name", flat=True)) == {"Weather", "Coasts"}
    assert [str(a) for a in copy.attributions.all()] == ["Partner contributed to this report"]
    # The people are the same rows: names are matched.
    assert set(copy.bylines.values_list("person_id", flat=True)) == set(
        article.bylines.values_list("person_id", flat=True)
    )
