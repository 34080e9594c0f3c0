"""A desk save is a save of the story: conflict-checked, kept as a revision, and dated."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.editorial import roles
from articles.models import Article, Attribution
from tests.helpers import (
    add_attribution,
    add_byline,
    add_inline_row,
    admin_url,
    form_data,
    make_article,
    make_organization,
    make_user,
)

pytestmark = pytest.mark.django_db


def client_for(name, group):
    client = Client()
    client.force_login(make_user(name, groups=[group]))
    return client


@pytest.fixture
def story():
    article = make_article(headline="NATO sees no withdrawal", body="The body.")
    add_byline(article)
    add_attribution(article, organization=make_organization(name="Reuters"))
    return article


def add_credit(data, organization):
    return add_inline_row(
        data,
        "attributions",
        organization=str(organization.pk),
        phrase=Attribution.Phrase.CONTRIBUTED,
        order="5",
    )


def test_an_editors_older_form_is_refused_after_a_desk_save(story):
    """The editor opened the story before the desk credited AP: the editor's save is
    refused with their text kept, and AP's credit stays."""
    editor, desk = client_for("erin", roles.EDITOR), client_for("dana", roles.DESK)
    url = admin_url("change", story.pk)
    editor_form = form_data(editor.get(url))
    desk_form = add_credit(form_data(desk.get(url)), make_organization(name="AP"))
    assert desk.post(url, desk_form).status_code == 302

    editor_form["body"] = "The editor's rewrite."
    response = editor.post(url, editor_form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "This article was changed by dana" in text
    assert "The editor&#x27;s rewrite." in text
    story.refresh_from_db()
    assert story.body == "The body."
    assert sorted(a.credited_name for a in story.attributions.all()) == ["AP", "Reuters"]


def test_a_desk_form_opened_before_an_editors_save_is_refused(story):
    """The second of two conflicting saves is refused whoever makes it: here the desk's,
    with its new row kept in the form."""
    editor, desk = client_for("erin", roles.EDITOR), client_for("dana", roles.DESK)
    url = admin_url("change", story.pk)
    desk_form = add_credit(form_data(desk.get(url)), make_organization(name="AP"))
    editor_form = form_data(editor.get(url))
    editor_form["attributions-0-DELETE"] = "on"
    assert editor.post(url, editor_form).status_code == 302

    response = desk.post(url, desk_form)
    assert response.status_code == 200
    assert "This article was changed by erin" in response.content.decode()
    assert (
        form_data(response)["attributions-1-organization"]
        == desk_form["attributions-1-organization"]
    )
    assert not story.attributions.exists()


def test_a_desk_save_is_a_revision_in_history_and_compare(story):
    """History names the desk user; compare shows the credit they added."""
    editor, desk = client_for("erin", roles.EDITOR), client_for("dana", roles.DESK)
    url = admin_url("change", story.pk)
    assert editor.post(url, form_data(editor.get(url))).status_code == 302
    desk_form = add_credit(form_data(desk.get(url)), make_organization(name="AP"))
    assert desk.post(url, desk_form).status_code == 302

    versions = Version.objects.get_for_object(story)
    assert versions.count() == 2
    newest, oldest = versions.first(), versions.last()
    assert newest.revision.user.username == "dana"
    assert "dana" in editor.get(admin_url("history", story.pk)).content.decode()
    compare = editor.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"from": oldest.pk, "to": newest.pk},
    ).content.decode()
    assert "AP contributed to this report" in compare


def test_a_desk_credit_on_a_live_story_moves_its_updated_time(story):
    """Readers see the new credit, so the story shows a new "Updated" time; nothing else
    of the story changes."""
    desk = client_for("dana", roles.DESK)
    url = admin_url("change", story.pk)
    before = Article.objects.values("headline", "body", "status", "published_at").get(pk=story.pk)
    assert (
        desk.post(url, add_credit(form_data(desk.get(url)), make_organization())).status_code == 302
    )
    story.refresh_from_db()
    assert story.updated_at is not None
    after = Article.objects.values("headline", "body", "status", "published_at").get(pk=story.pk)
    assert after == before
