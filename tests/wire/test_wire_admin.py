"""The wire in the admin: sources, items, the wire log and incoming stories, by role."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, WireSource
from tests.helpers import login

PAGES = (
    "admin:articles_wiresource_changelist",
    "admin:articles_wiresource_add",
    "admin:articles_wireitem_changelist",
    "admin:articles_wireevent_changelist",
    "admin:articles_incomingarticle_changelist",
)


def ingest(path):
    call_command(
        "ingest",
        "--file",
        str(path),
        "--organization",
        "wire-agency",
        "--no-progress",
        stdout=io.StringIO(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_open_every_wire_page(client, role, drop, agency, world):
    ingest(drop / "ninjs-1.json")
    login(client, role)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reporter", "desk"])
def test_other_roles_cannot_manage_sources_or_read_the_log(client, role):
    login(client, role)
    for name in PAGES[:4]:
        assert client.get(reverse(name)).status_code == 403, name


@pytest.mark.django_db
def test_the_desk_sees_incoming_stories(client, drop, agency, world):
    ingest(drop / "ninjs-1.json")
    login(client, "desk")
    response = client.get(reverse("admin:articles_incomingarticle_changelist"))
    assert response.status_code == 200
    assert b"NATO leaders meet" in response.content


@pytest.mark.django_db
def test_nobody_edits_ingested_rows_by_hand(client, drop, agency, world):
    """Items, the log and the incoming list offer no add, change or delete."""
    ingest(drop / "ninjs-1.json")
    login(client, "superuser")
    item = Article.objects.get().wire_items.get()
    for url in (
        "/admin/articles/wireitem/add/",
        f"/admin/articles/wireitem/{item.pk}/delete/",
        "/admin/articles/wireevent/add/",
        "/admin/articles/incomingarticle/add/",
        f"/admin/articles/incomingarticle/{item.article_id}/change/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    page = client.get(reverse("admin:articles_wireitem_change", args=[item.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


@pytest.mark.django_db
def test_incoming_list_links_to_the_story_and_says_when_it_was_killed(client, drop, agency, world):
    ingest(drop / "newsml-item.xml")
    article = Article.objects.get()
    login(client, "editor")
    url = reverse("admin:articles_incomingarticle_changelist")
    response = client.get(url)
    assert reverse("admin:articles_article_change", args=[article.pk]).encode() in response.content
    assert b"As received" in response.content
    ingest(drop / "newsml-kill.xml")
    response = client.get(url, {"wire": "killed"})
    assert b"Killed by the agency" in response.content
    assert client.get(url, {"wire": "nonsense\x01"}).status_code == 200
    log = client.get(reverse("admin:articles_wireevent_changelist"))
    assert b"story withdrawn" in log.content


@pytest.mark.django_db
def test_published_stories_leave_the_incoming_list(client, drop, agency, world):
    ingest(drop / "ninjs-1.json")
    article = Article.objects.get()
    article.status = Article.Status.PUBLISHED
    article.save()
    login(client, "editor")
    response = client.get(reverse("admin:articles_incomingarticle_changelist"))
    assert b"NATO leaders meet" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("place", "message"),
    [
        ({"folder": "/etc"}, "not inside a drop folder"),
        ({"feed_url": "http://wire.example.com/feed"}, "https only"),
        ({"folder": "", "feed_url": ""}, "either a drop folder or a feed address"),
    ],
)
def test_source_form_refuses_bad_places(client, drop, agency, world, place, message):
    login(client, "editor")
    data = {
        "name": "Agency wire",
        "organization": agency.pk,
        "format": "ninjs",
        "credit": "attribution",
        "section": world.pk,
        "active": "on",
        "folder": "",
        "feed_url": "",
        **place,
    }
    response = client.post(reverse("admin:articles_wiresource_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WireSource.objects.exists()


@pytest.mark.django_db
def test_source_form_takes_a_drop_folder(client, drop, agency, world):
    login(client, "editor")
    data = {
        "name": "Agency wire",
        "organization": agency.pk,
        "format": "ninjs",
        "credit": "byline",
        "section": world.pk,
        "active": "on",
        "folder": str(drop),
        "feed_url": "",
    }
    response = client.post(reverse("admin:articles_wiresource_add"), data)
    assert response.status_code == 302
    assert WireSource.objects.get().folder == str(drop)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("editor", True), ("desk", False)])
def test_read_now_action(client, drop, agency, world, role, allowed):
    source = WireSource.objects.create(
        name="Agency drop", organization=agency, format="ninjs", folder=str(drop), section=world
    )
    login(client, role)
    response = client.post(
        reverse("admin:articles_wiresource_changelist"),
        {"action": "read_now", "_selected_action": [source.pk]},
        follow=True,
    )
    if allowed:
        assert "Agency drop: 2 new" in response.content.decode()
        assert Article.objects.count() == 2
    else:
        assert response.status_code == 403
        assert not Article.objects.exists()
