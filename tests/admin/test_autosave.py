"""Autosave: an article form's unsaved contents kept per user, offered back, never shared."""

import json

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article, Autosave
from tests.helpers import (
    add_byline,
    admin_url,
    credit,
    make_article,
    make_organization,
    make_person,
    make_user,
)

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return make_user("alma", groups=["Editor"])


@pytest.fixture
def story():
    article = make_article(status=Article.Status.DRAFT, headline="Kept headline", body="Saved.")
    add_byline(article)
    return article


def fields_with_credits(headline):
    person, organization = make_person(name="Keiko Tanaka"), make_organization(name="Reuters")
    return [
        ["headline", [headline], []],
        ["body", ["Typed but not saved."], []],
        ["bylines-TOTAL_FORMS", ["2"], []],
        ["bylines-1-person", [str(person.pk)], ["Keiko Tanaka"]],
        ["bylines-1-role", ["by"], ["By"]],
        ["attributions-TOTAL_FORMS", ["1"], []],
        ["attributions-0-organization", [str(organization.pk)], ["Reuters"]],
        ["csrfmiddlewaretoken", ["never kept"], []],
    ]


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_round_trip_for_an_existing_story(editor, story):
    """Keep, reopen (offered, with the time), restore data on the page, then discard."""
    client = signed_in(editor)
    url = admin_url("autosave", story.pk)
    versions = Version.objects.get_for_object(story).count()
    response = post_json(client, url, fields_with_credits("Typed headline"))
    assert response.status_code == 200
    kept = Autosave.objects.get(user=editor, article=story)
    assert kept.values()["bylines-1-person"]
    assert "csrfmiddlewaretoken" not in kept.values()
    # Nothing about the story changed, and no revision was made.
    story.refresh_from_db()
    assert story.headline == "Kept headline"
    assert Version.objects.get_for_object(story).count() == versions

    page = client.get(admin_url("change", story.pk)).content.decode()
    assert "Unsaved changes kept" in page
    assert 'id="autosave-data"' in page
    assert "Typed headline" in page  # in the JSON the restore reads
    assert "Reuters" in page

    discarded = client.post(admin_url("autosave_discard", story.pk))
    assert discarded.status_code == 302
    assert not Autosave.objects.exists()
    assert "Unsaved changes kept" not in client.get(admin_url("change", story.pk)).content.decode()


def test_round_trip_for_a_new_story(editor):
    client = signed_in(editor)
    response = post_json(client, admin_url("autosave_new"), fields_with_credits("New"))
    assert response.status_code == 200
    assert Autosave.objects.get(user=editor, article=None)
    page = client.get(admin_url("add")).content.decode()
    assert "Unsaved changes kept" in page
    client.post(admin_url("autosave_new_discard"))
    assert not Autosave.objects.exists()


def test_keeping_again_replaces_the_copy(editor, story):
    client = signed_in(editor)
    post_json(client, admin_url("autosave", story.pk), fields_with_credits("First"))
    post_json(client, admin_url("autosave", story.pk), fields_with_credits("Second"))
    assert Autosave.objects.get().values()["headline"] == ["Second"]


def test_saving_the_story_drops_the_copy(editor, story):
    from tests.helpers import form_data

    client = signed_in(editor)
    post_json(client, admin_url("autosave", story.pk), fields_with_credits("Typed"))
    data = form_data(client.get(admin_url("change", story.pk)))
    data["headline"] = "Saved for real"
    assert client.post(admin_url("change", story.pk), data).status_code == 302
    assert not Autosave.objects.exists()


def test_a_reporter_never_sees_anothers_unsaved_text(story):
    """Each user has their own copy; nobody reads or discards another's."""
    reporter = make_user("rita", groups=["Reporter"])
    credit(story, reporter)
    colleague = make_user("carl", groups=["Reporter"])
    credit(story, colleague)
    post_json(signed_in(reporter), admin_url("autosave", story.pk), fields_with_credits("Rita's"))
    other = signed_in(colleague)
    assert "Rita" not in other.get(admin_url("change", story.pk)).content.decode()
    other.post(admin_url("autosave_discard", story.pk))
    assert Autosave.objects.filter(user=reporter).exists()


@pytest.mark.parametrize("role", ["anonymous", "outsider", "desk"])
def test_autosave_refused_without_the_right_to_change(story, role):
    """No autosave of a story one may not change (the desk changes attributions only through
    the form's own save), and none at all signed out."""
    client = Client()
    if role == "outsider":
        client.force_login(make_user("otto", groups=["Reporter"]))  # not his story
    elif role == "desk":
        client.force_login(make_user("dora", groups=["Desk"]))
    response = post_json(client, admin_url("autosave", story.pk), fields_with_credits("x"))
    assert response.status_code in (302, 403, 404)
    assert not Autosave.objects.exists()


def test_bad_payloads_are_refused(editor, story):
    client = signed_in(editor)
    url = admin_url("autosave", story.pk)
    for body in ["not json", "{}", '[["a", "b"]]', '[["a\\u0000", ["x"]]]', "[[1, []]]"]:
        assert client.post(url, body, content_type="application/json").status_code == 400
    assert client.get(url).status_code == 405
    assert post_json(client, admin_url("autosave", 999999), []).status_code == 404
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '[["headline", ["\\ud800"], []]]',
        '[["\\udfff", ["x"], []]]',
        '[["headline", ["x"], ["\\ud83d"]]]',
    ],
    ids=["value", "name", "label"],
)
def test_a_lone_surrogate_is_a_400_not_a_server_error(editor, story, body):
    """JSON may escape half of a UTF-16 pair, which no database can store as text."""
    client = signed_in(editor)
    for url in (admin_url("autosave", story.pk), admin_url("autosave_new")):
        assert client.post(url, body, content_type="application/json").status_code == 400
    assert not Autosave.objects.exists()
